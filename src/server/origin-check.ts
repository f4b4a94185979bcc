import { isHttp, parseUrl } from '../contract/url.js';
import type { MiddlewareHandler } from 'hono';
import { ProxyError } from './errors.js';

/** Normalises configured origins (`https://Partner.example/` -> `https://partner.example`); throws on junk. */
export function normalizeOrigins(origins: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const origin of origins) {
    const url = parseUrl(origin);
    if (!url) throw new TypeError(`createFinsifyProxy: allowedOrigins entry ${JSON.stringify(origin)} is not a URL`);
    if (!isHttp(url)) {
      throw new TypeError(`createFinsifyProxy: allowedOrigins entry ${JSON.stringify(origin)} is not http(s)`);
    }
    set.add(url.origin);
  }
  return set;
}

/**
 * The rule for state-changing routes (POST/PUT), against cross-site request forgery:
 * - an `Origin` header must be one of `allowedOrigins` (`null` and others: 403);
 * - with no `Origin`, `Sec-Fetch-Site` may be `same-origin` or `none` (typed by the person, or not a
 *   browser); `same-site` or `cross-site` without a listed `Origin`: 403;
 * - with neither header the caller is not a browser (curl, a server) and is let through: it cannot
 *   ride on a person's cookies.
 */
export function checkOrigin(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (!allowed.has(origin)) throw new ProxyError(403, 'OriginForbidden', 'This origin may not call the Finsify proxy.', { origin });
    } else {
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new ProxyError(403, 'OriginForbidden', `A ${site} request may not call the Finsify proxy.`);
      }
    }
    await next();
  };
}
