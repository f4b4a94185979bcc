import type { Translate } from '../i18n/localize.js';
import type { PickerMessageKey } from './messages.js';

// One formatter per locale: creating Intl.DisplayNames for each row would dominate rendering.
const regionNames = new Map<string, Intl.DisplayNames>();

/**
 * The country's name in `locale` ("Vietnam", "Việt Nam"), or its code where the browser has none.
 * `code` is two letters (the catalog layer checks it), so `of` cannot throw.
 */
export function countryName(code: string, locale: string): string {
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames(locale, { type: 'region' })));
  return names.of(code) ?? code;
}

const typeKeys: Partial<Record<string, PickerMessageKey>> = { bank: 'typeBank', statement: 'typeStatement', other: 'typeOther' };

/** The localised name of a service type; types newer than the spec are shown by their token. */
export function typeLabel(type: string, translate: Translate<PickerMessageKey>): string {
  const key = Object.hasOwn(typeKeys, type) ? typeKeys[type] : undefined;
  return key ? translate(key) : type;
}
