/** `value` parsed as a URL (absolute, unless a `base` is given), or `undefined` when it is not one. */
export function parseUrl(value: string | URL, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** True for an `http:` or `https:` URL. */
export const isHttp = (url: URL): boolean => url.protocol === 'https:' || url.protocol === 'http:';

/**
 * `value` as an absolute `http:` or `https:` URL, or `undefined` for anything else: not a string,
 * relative, unparseable, or another scheme (`javascript:`, `data:`, `file:`, ...). Callers add
 * their own rules (credentials, query, hosts) on the URL it returns.
 */
export function httpUrl(value: unknown): URL | undefined {
  const url = typeof value === 'string' ? parseUrl(value) : undefined;
  return url && isHttp(url) ? url : undefined;
}
