import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { ProxyEnv } from './context.js';
import { identifyUser } from './identify.js';
import { checkOrigin } from './origin-check.js';
import { rateLimits } from './rate-limit.js';
import type { ProxyStore } from './store/types.js';
import type { RateLimitOptions } from './types.js';

type Middleware = MiddlewareHandler<ProxyEnv>;

/**
 * The checks in front of each kind of user route, cheapest first: the per-address budget, the origin
 * rule for writes, who is signed in (`401`), then the per-user budget. Each sets the context's `userId`.
 */
export interface Guards {
  /** Reads of the proxy's own store (`GET /logins`, `GET /webhooks`): signed in. */
  read: Middleware;
  /** Reads that reach Finsify (`GET /accounts`, `GET /transactions`): rate-limited too. */
  limitedRead: Middleware;
  /** Writes (`POST`, `PUT`): the origin rule as well. */
  write: Middleware;
}

export function createGuards(options: {
  identify: (request: Request) => string | null | Promise<string | null>;
  allowedOrigins: ReadonlySet<string>;
  rateLimit: RateLimitOptions | undefined;
  clientAddress: ((request: Request) => string | undefined) | undefined;
  now: () => number;
  /** Counts the budgets when it has `countRequest` (shared by every instance on it); else each process counts its own. */
  store?: Pick<ProxyStore, 'countRequest'>;
}): Guards {
  const signedIn = identifyUser(options.identify);
  const origin = checkOrigin(options.allowedOrigins);
  const limits = options.rateLimit && rateLimits(options.rateLimit, options.now, options.clientAddress, options.store);
  return {
    read: signedIn,
    limitedRead: limits ? every(limits.perAddress, signedIn, limits.perUser) : signedIn,
    write: limits ? every(limits.perAddress, origin, signedIn, limits.perUser) : every(origin, signedIn),
  };
}
