import { filterServices, searchServices, type SearchHit, type SearchIndex, type Service } from '../catalog/index.js';

/** The partner's fixed filters (attributes) and the person's own choices (the selects). */
export interface MatchFilters {
  fixedCountries: readonly string[];
  fixedTypes: readonly string[];
  /** `''` for all. */
  country: string;
  /** `''` for all. */
  type: string;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, position) => item === b[position]);

/**
 * Memoised steps from a loaded catalog to the rendered list. Each step is recomputed only when
 * its own inputs change (by identity for the catalog), so a render caused by scrolling or by
 * moving the active option costs no searching or filtering, and the returned arrays keep their
 * identity (the element resets the active option when the list really changes).
 */
export class MatchList {
  private baseKey: { services: readonly Service[]; countries: readonly string[]; types: readonly string[] } | undefined;
  private baseValue: readonly Service[] = [];
  private allowedKey: { base: readonly Service[]; country: string; type: string } | undefined;
  private allowedValue: ReadonlySet<Service> | null = null;
  private searchKey: { index: SearchIndex; query: string } | undefined;
  private searchValue: SearchHit[] = [];
  private matchesKey: { hits: SearchHit[]; base: readonly Service[]; allowed: ReadonlySet<Service> | null; all: boolean } | undefined;
  private matchesValue: readonly SearchHit[] = [];

  /** The catalog narrowed by the partner's fixed filters: what the picker offers at all. */
  base(services: readonly Service[], filters: MatchFilters): readonly Service[] {
    const key = this.baseKey;
    if (!key || key.services !== services || !sameList(key.countries, filters.fixedCountries) || !sameList(key.types, filters.fixedTypes)) {
      this.baseKey = { services, countries: filters.fixedCountries, types: filters.fixedTypes };
      this.baseValue =
        filters.fixedCountries.length === 0 && filters.fixedTypes.length === 0
          ? services
          : filterServices(services, { countries: filters.fixedCountries, types: filters.fixedTypes });
    }
    return this.baseValue;
  }

  /** The hits for `query` among `base` and the person's country/type choices, in search rank order. */
  matches(services: readonly Service[], index: SearchIndex, query: string, filters: MatchFilters): readonly SearchHit[] {
    const base = this.base(services, filters);
    const allowed = this.allowed(base, filters.country, filters.type);
    const hits = this.search(index, query);
    const all = base === services;
    const key = this.matchesKey;
    if (!key || key.hits !== hits || key.base !== base || key.allowed !== allowed || key.all !== all) {
      this.matchesKey = { hits, base, allowed, all };
      const keep = allowed ?? (all ? null : new Set(base));
      this.matchesValue = keep === null ? hits : hits.filter((hit) => keep.has(hit.service));
    }
    return this.matchesValue;
  }

  private allowed(base: readonly Service[], country: string, type: string): ReadonlySet<Service> | null {
    const key = this.allowedKey;
    if (!key || key.base !== base || key.country !== country || key.type !== type) {
      this.allowedKey = { base, country, type };
      this.allowedValue =
        country === '' && type === ''
          ? null
          : new Set(filterServices(base, { countries: country ? [country] : [], types: type ? [type] : [] }));
    }
    return this.allowedValue;
  }

  private search(index: SearchIndex, query: string): SearchHit[] {
    const key = this.searchKey;
    if (!key || key.index !== index || key.query !== query) {
      this.searchKey = { index, query };
      this.searchValue = searchServices(index, query);
    }
    return this.searchValue;
  }
}
