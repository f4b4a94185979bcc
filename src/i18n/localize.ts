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
 * tag first and by language subtag next; `en` when nothing matches.
 */
export function resolveLocale(host: Element, explicit: string | null | undefined, available: readonly string[]): string {
  const wanted: string[] = [];
  if (explicit) wanted.push(explicit);
  const lang = closestLang(host);
  if (lang) wanted.push(lang);
  if (typeof navigator !== 'undefined') wanted.push(...(navigator.languages ?? [navigator.language]));
  for (const tag of wanted) {
    const match = matchLocale(tag, available);
    if (match) return match;
  }
  return 'en';
}

function matchLocale(tag: string, available: readonly string[]): string | undefined {
  const lower = tag.toLowerCase();
  const exact = available.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  return available.find((locale) => locale.toLowerCase().split('-')[0] === language);
}

function closestLang(start: Element): string | null {
  let node: Node | null = start;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang');
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return null;
}

/** Fills `{name}` placeholders; unknown placeholders stay as written so mistakes are visible. */
export function formatMessage(message: Message, locale: string, params: Record<string, string | number> = {}): string {
  let text: string;
  if (typeof message === 'string') {
    text = message;
  } else {
    const count = Number(params['count'] ?? 0);
    const form = new Intl.PluralRules(locale).select(count);
    text = (form === 'one' ? message.one : undefined) ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A translate function for one locale: partner overrides first, then the locale's messages,
 * then English.
 */
export function createTranslator<Key extends string>(
  bundle: MessageBundle<Key>,
  locale: string,
  overrides: Partial<Messages<Key>> | undefined,
): (key: Key, params?: Record<string, string | number>) => string {
  const localeMessages: Partial<Messages<Key>> = bundle[locale] ?? {};
  return (key, params) => formatMessage(overrides?.[key] ?? localeMessages[key] ?? bundle.en[key], locale, params);
}
