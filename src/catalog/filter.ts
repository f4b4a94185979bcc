import type { Service } from './types.js';

/**
 * Splits an attribute value such as `'vn, MY,,'` into `['VN', 'MY']`: comma separated, trimmed,
 * empty items dropped, upper- or lower-cased, duplicates removed (first occurrence kept).
 */
export function parseFilterList(value: string | null | undefined, normalise: 'upper' | 'lower'): string[] {
  if (typeof value !== 'string') return [];
  const items = new Set<string>();
  for (const item of value.split(',')) {
    const trimmed = item.trim();
    if (trimmed !== '') items.add(normalise === 'upper' ? trimmed.toUpperCase() : trimmed.toLowerCase());
  }
  return [...items];
}

/** Which countries and types to keep; an absent or empty list keeps all. */
export interface ServiceFilter {
  countries?: readonly string[];
  types?: readonly string[];
}

/**
 * The services whose `country_code` is in `filter.countries` (compared upper-case) and whose
 * `type` is in `filter.types` (compared lower-case), in catalog order.
 */
export function filterServices(services: readonly Service[], filter: ServiceFilter): Service[] {
  const countries = normalisedSet(filter.countries, 'upper');
  const types = normalisedSet(filter.types, 'lower');
  if (countries === null && types === null) return services.slice();
  return services.filter(
    (service) =>
      (countries === null || countries.has(service.country_code.toUpperCase())) &&
      (types === null || types.has(service.type.toLowerCase())),
  );
}

function normalisedSet(values: readonly string[] | undefined, normalise: 'upper' | 'lower'): Set<string> | null {
  if (values === undefined || values.length === 0) return null;
  return new Set(values.map((value) => (normalise === 'upper' ? value.toUpperCase() : value.toLowerCase())));
}

/** The distinct country codes present, sorted: the choices for a country filter control. */
export function countriesOf(services: readonly Service[]): string[] {
  return distinctSorted(services.map((service) => service.country_code));
}

/** The distinct service types present, sorted: the choices for a type filter control. */
export function typesOf(services: readonly Service[]): string[] {
  return distinctSorted(services.map((service) => service.type));
}

function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
