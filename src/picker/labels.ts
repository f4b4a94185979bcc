import type { PickerMessageKey } from './messages.js';

type Translate = (key: PickerMessageKey, params?: Record<string, string | number>) => string;

// One formatter per locale: creating Intl.DisplayNames for each row would dominate rendering.
const regionNames = new Map<string, Intl.DisplayNames | null>();

/** The country's name in `locale` ("Vietnam", "Việt Nam"), or its code where the browser has none. */
export function countryName(code: string, locale: string): string {
  let names = regionNames.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
    regionNames.set(locale, names);
  }
  try {
    return names?.of(code) ?? code;
  } catch {
    // `of` throws for strings that are not region codes; the catalog layer should not let one
    // through, but a label is never worth an exception.
    return code;
  }
}

const typeKeys: Readonly<Record<string, PickerMessageKey>> = {
  bank: 'typeBank',
  statement: 'typeStatement',
  other: 'typeOther',
};

/** The localised name of a service type; types newer than the spec are shown by their token. */
export function typeLabel(type: string, translate: Translate): string {
  const key = Object.hasOwn(typeKeys, type) ? typeKeys[type] : undefined;
  return key ? translate(key) : type;
}
