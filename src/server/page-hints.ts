/**
 * The widget's hints about the partner's page (`Accept-Language`, `Finsify-Theme`), carried on to
 * the connect pages as `connect_url` query parameters `locale` and `theme`. Finsify's spec defines
 * no such parameters: the sandbox reads them, so the proxy adds them only when told to
 * (`forwardPageHints`), and never replaces one `connect_url` already has.
 */

/** The first language of `Accept-Language` by weight, as a lower-case primary subtag (`vi-VN` -> `vi`). */
export function hintedLocale(header: string | null): string | undefined {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && entry.tag !== '*')
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const primary = ranked[0]?.tag.split('-')[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/** `light` or `dark` from the widget's `Finsify-Theme` header, else undefined (the page follows the system). */
export function hintedTheme(header: string | null): 'light' | 'dark' | undefined {
  const value = header?.trim().toLowerCase();
  return value === 'light' || value === 'dark' ? value : undefined;
}

/** `connectUrl` with the request's hints added; unchanged when it is not a URL or has nothing to add. */
export function withPageHints(connectUrl: string, request: Request): string {
  let url: URL;
  try {
    url = new URL(connectUrl);
  } catch {
    return connectUrl;
  }
  const hints: Array<[string, string | undefined]> = [
    ['locale', hintedLocale(request.headers.get('accept-language'))],
    ['theme', hintedTheme(request.headers.get('finsify-theme'))],
  ];
  let changed = false;
  for (const [name, value] of hints) {
    if (value === undefined || url.searchParams.has(name)) continue;
    url.searchParams.set(name, value);
    changed = true;
  }
  return changed ? url.href : connectUrl;
}
