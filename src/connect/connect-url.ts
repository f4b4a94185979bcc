import { parseUrl } from '../contract/url.js';

/** Longest `connect_url` accepted; Finsify's are about 80 characters. */
const MAX_URL_LENGTH = 4096;

/** Hosts where plain `http:` is accepted, for local sandboxes and tests. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * The `connect_url` from a token response, when it is safe to navigate to: an absolute
 * `https:` URL (or `http:` on `localhost`/`127.0.0.1`) without credentials, and, when the
 * partner gave an allow-list, on one of those origins. Anything else (`javascript:`, `data:`,
 * relative, unparseable) gives `undefined`, so a compromised or buggy backend cannot make the
 * widget run script or leave for an unexpected site.
 */
export function checkConnectUrl(raw: unknown, allowedOrigins: readonly string[] = []): URL | undefined {
  const url = typeof raw === 'string' && raw.length <= MAX_URL_LENGTH ? parseUrl(raw) : undefined;
  if (!url || url.username || url.password) return undefined;
  if (url.protocol !== 'https:' && (url.protocol !== 'http:' || !LOCAL_HOSTS.has(url.hostname))) return undefined;
  if (allowedOrigins.length > 0 && !allowedOrigins.some((origin) => normalizeOrigin(origin) === url.origin)) return undefined;
  return url;
}

/** `https://Example.com:443/x` -> `https://example.com`; `undefined` for anything that is not a URL. */
export function normalizeOrigin(value: string): string | undefined {
  const origin = parseUrl(value.trim())?.origin;
  return origin === 'null' ? undefined : origin;
}

/** Reads the `connect-origins` attribute: origins separated by spaces or commas. */
export function parseOriginList(value: string | null): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
