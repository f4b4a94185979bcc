/**
 * How the partner's page is shown, carried to the connect pages. Finsify's spec has no such
 * setting, so this is a sandbox extension: `connect_url` may carry `?locale=en|vi&theme=light|dark`
 * (the reference backend adds them from the widget's token request). Without them the page
 * follows the browser: `Accept-Language`, and `prefers-color-scheme` in CSS.
 */

/** Languages the connect pages are written in. */
export const PAGE_LOCALES = ['en', 'vi'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

/** `system` follows `prefers-color-scheme`. */
export type PageTheme = 'light' | 'dark' | 'system';

export interface PagePreferences {
  locale: PageLocale;
  theme: PageTheme;
}

/** `vi`, `vi-VN`, `VI` -> `vi`; anything without a page language -> undefined. */
export function pageLocale(tag: string | null | undefined): PageLocale | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return PAGE_LOCALES.find((locale) => locale === primary);
}

/** The first page language of an `Accept-Language` header, by its `q` weights. */
export function localeFromAcceptLanguage(header: string | null | undefined): PageLocale | undefined {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = pageLocale(entry.tag);
    if (locale) return locale;
  }
  return undefined;
}

function explicitTheme(value: string | null): 'light' | 'dark' | undefined {
  return value === 'light' || value === 'dark' ? value : undefined;
}

/** What a connect page request asks for: its `locale`/`theme` parameters, else the browser's. */
export function pagePreferences(request: Request): PagePreferences {
  const params = new URL(request.url).searchParams;
  return {
    locale: pageLocale(params.get('locale')) ?? localeFromAcceptLanguage(request.headers.get('accept-language')) ?? 'en',
    theme: explicitTheme(params.get('theme')) ?? 'system',
  };
}

/**
 * The query (`?locale=vi&theme=dark`, or `''`) that keeps the explicit preferences of `request`
 * across the flow's own redirects, so the login form stays in the language of the terms page.
 */
export function preferenceQuery(request: Request): string {
  const params = new URL(request.url).searchParams;
  const kept = new URLSearchParams();
  const locale = pageLocale(params.get('locale'));
  const theme = explicitTheme(params.get('theme'));
  if (locale) kept.set('locale', locale);
  if (theme) kept.set('theme', theme);
  const query = kept.toString();
  return query ? `?${query}` : '';
}
