/**
 * `url` resolved as `fetch` resolves it: against the page's base URL, or, without a DOM, only
 * when absolute. Throws a TypeError for a URL that cannot be parsed.
 */
export function resolveUrl(url: string): URL {
  return new URL(url, typeof document === 'undefined' ? undefined : document.baseURI);
}

/** Longest URL accepted from the catalog: real links are far shorter, and a cap keeps hostile data cheap. */
export const MAX_URL_LENGTH = 2048;

/**
 * The raw string must begin with `http://` or `https://` itself. The URL parser silently drops
 * leading whitespace and control characters and tabs or newlines anywhere, so `'\u0001javascript:'`
 * or `'java\tscript:'` would otherwise reach it as something else than what a reviewer reads.
 */
const EXPLICIT_HTTP_START = /^https?:\/\//i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Returns `value` as a normalised absolute `http:` or `https:` URL, or `null` for anything else:
 * other schemes (`javascript:`, `data:`, `blob:`, `vbscript:`, in any case), scheme-relative
 * `//host` and relative paths (no base is ever applied), strings with control characters or
 * leading whitespace, URLs carrying credentials (`https://bank.example@evil.example` is a
 * classic disguise), and strings over {@link MAX_URL_LENGTH} characters.
 */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return null;
  if (!EXPLICIT_HTTP_START.test(value) || CONTROL_CHARACTER.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href.length > MAX_URL_LENGTH ? null : url.href;
}
