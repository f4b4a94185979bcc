import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The headers on every answer: nothing cached (tokens, account data), no sniffing, no referrer, no
 * framing, through `hono/secure-headers`. Left to the partner's own front: HSTS (a domain-wide
 * decision) and the cross-origin policies (COOP on the callback's redirect would cut the popup off
 * from the page that opened it; CORP would only repeat what CORS already decides).
 */
export function responseHeaders(): MiddlewareHandler[] {
  const secure = secureHeaders({
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
  });
  const noStore: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  };
  return [secure, noStore];
}
