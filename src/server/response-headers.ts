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
  // Set before the answer is made, so it is built with it (no header change after, which on
  // @hono/node-server would turn the answer into a full web Response).
  const noStore: MiddlewareHandler = async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  };
  return [secure, noStore];
}
