import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ProxyError } from './errors.js';

/**
 * CORS for the listed origins only, with credentials (the partner's session cookie): their preflights
 * are answered `204` (methods `GET, POST, PUT`, the requested headers echoed, as partners may add their
 * own, a CSRF token say); a preflight from any other origin is `403 OriginForbidden`, and their
 * requests get no CORS headers. `Vary: Origin` on every answer.
 */
export function corsForOrigins(allowed: ReadonlySet<string>): MiddlewareHandler[] {
  const refuseOthers: MiddlewareHandler = async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS' && (origin === undefined || !allowed.has(origin))) {
      c.header('Vary', 'Origin');
      throw new ProxyError(403, 'OriginForbidden', 'This origin may not call the Finsify proxy.');
    }
    await next();
  };
  const listed = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT'],
    credentials: true,
    maxAge: 600,
    // A page's script may read when to try again after a 429 or a 503.
    exposeHeaders: ['Retry-After'],
  });
  return [refuseOthers, listed];
}
