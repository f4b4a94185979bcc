import type { Service } from './types.js';

/**
 * Splits an attribute value such as `'vn, MY,,'` into `['VN', 'MY']`: comma separated, trimmed,
 * empty items dropped, upper- or lower-cased, duplicates removed (first occurrence kept).
 */
export function parseFilterList(value: string | null | undefined, normalise: 'upper' | 'lower'): string[] {
  if (typeof value !== 'string') return [];
  const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return [...new Set(items.map((item) => (normalise === 'upper' ? item.toUpperCase() : item.toLowerCase())))];
}

/** Which countries and types to keep; an absent or empty list keeps all. */
export interface ServiceFilter {
  countries?: readonly string[];
  types?: readonly string[];
}

/**
 * A test for services whose `country_code` is in `filter.countries` and whose `type` is in
 * `filter.types`, both compared without regard to the case of the filter's values (a validated
 * service's code is upper-case, its type lower-case).
 */
export function serviceFilter({ countries = [], types = [] }: ServiceFilter): (service: Service) => boolean {
  const countrySet = new Set(countries.map((country) => country.toUpperCase()));
  const typeSet = new Set(types.map((type) => type.toLowerCase()));
  return (service) => (!countrySet.size || countrySet.has(service.country_code)) && (!typeSet.size || typeSet.has(service.type));
}

/** The services {@link serviceFilter} keeps, in catalog order, as a new array. */
export function filterServices(services: readonly Service[], filter: ServiceFilter): Service[] {
  return services.filter(serviceFilter(filter));
}

/** The distinct country codes present, sorted: the choices for a country filter control. */
export function countriesOf(services: readonly Service[]): string[] {
  return [...new Set(services.map((service) => service.country_code))].sort();
}

/**
 * The distinct service types present: the choices for a type filter control. The documented
 * types come first in the spec's order (`other`, which holds the wallets, last of them), then
 * any newer ones, sorted.
 */
export function typesOf(services: readonly Service[]): string[] {
  const rank = (type: string) => (TYPE_ORDER.indexOf(type) + 4) % 4;
  return [...new Set(services.map((service) => service.type))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
const TYPE_ORDER = ['bank', 'statement', 'other'];
