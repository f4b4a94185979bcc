/**
 * A message is plain text with `{placeholders}`, or plural forms chosen by `Intl.PluralRules`
 * from the `count` parameter.
 */
export type Message = string | { one?: string; other: string };

/** Messages of one component for one locale. */
export type Messages<Key extends string> = Record<Key, Message>;

/** Every locale a component ships, `en` complete, others falling back to it key by key. */
export type MessageBundle<Key extends string> = { en: Messages<Key> } & Record<string, Partial<Messages<Key>>>;

/**
 * The locale to use for `host`: its own `locale` setting, else the nearest `lang` attribute
 * (crossing shadow roots), else the browser's languages, matched against `available` by full
 * tag first and by language subtag next; `en` when nothing matches. A page (`locale` or `lang`)
 * asking for a shipped locale pack that is not loaded gets English, and one console warning.
 */
export function resolveLocale(host: Element, explicit: string | null | undefined, available: readonly string[]): string {
  const asked = [explicit, closestLang(host)];
  const wanted = [...asked, ...(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language])];
  const language = (tag: string) => tag.toLowerCase().split('-')[0]!;
  for (const tag of wanted) {
    if (!tag) continue;
    const match =
      available.find((locale) => locale.toLowerCase() === tag.toLowerCase()) ??
      available.find((locale) => language(locale) === language(tag));
    if (match) return match;
    // The page asked for a language of a pack it has not loaded: English, and say which pack.
    const code = language(tag);
    if (PACKS.includes(code) && asked.includes(tag)) {
      if (!warned.has(code)) {
        warned.add(code);
        console.warn(`finsify-connect: English shown; load the locale pack finsify-connect/locales/${code} (or dist/locales/${code}.js)`);
      }
      return 'en';
    }
  }
  return 'en';
}

/** The locale packs this package ships (`finsify-connect/locales/<code>`); `en` and `vi` are built in. */
const PACKS = ['ms', 'id', 'th'];
const warned = new Set<string>();

function closestLang(start: Element): string | null {
  for (let element: Element | null | undefined = start; element; element = (element.getRootNode() as Partial<ShadowRoot>).host) {
    const found = element.closest('[lang]');
    if (found) return found.getAttribute('lang');
  }
  return null;
}

/** Fills `{name}` placeholders; unknown placeholders stay as written so mistakes are visible. */
export function formatMessage(message: Message, locale: string, params: Record<string, string | number> = {}): string {
  const text =
    typeof message === 'string'
      ? message
      : (new Intl.PluralRules(locale).select(Number(params['count'] ?? 0)) === 'one' && message.one) || message.other;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Gives the text of a message, its placeholders filled from `params`. */
export type Translate<Key extends string> = (key: Key, params?: Record<string, string | number>) => string;

/**
 * A translate function for one locale: partner overrides first, then the locale's messages,
 * then English.
 */
export function createTranslator<Key extends string>(
  bundle: MessageBundle<Key>,
  locale: string,
  overrides: Partial<Messages<Key>> | undefined,
): Translate<Key> {
  const localeMessages: Partial<Messages<Key>> = bundle[locale] ?? {};
  return (key, params) => formatMessage(overrides?.[key] ?? localeMessages[key] ?? bundle.en[key], locale, params);
}
