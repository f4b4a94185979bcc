import type { MiddlewareHandler } from 'hono';
import type { ProxyEnv } from './context.js';
import { ProxyError } from './errors.js';
import type { ProxyStore } from './store/types.js';
import type { RateLimitOptions } from './types.js';

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, maxPerUser: 120, maxPerAddress: 600 };

export interface RateLimiter {
  /** Counts one request for the key; throws (or rejects with) `429 TooManyRequests` with `Retry-After` when over `max`. */
  hit(key: string, max: number): void | Promise<void>;
}

/** `429 TooManyRequests`, with `Retry-After` in whole seconds (1 at least) until the window ends. */
function tooManyRequests(msLeft: number): ProxyError {
  const seconds = Math.max(1, Math.ceil(msLeft / 1000));
  return new ProxyError(429, 'TooManyRequests', `Too many requests; try again in ${seconds} s.`, undefined, {
    'Retry-After': String(seconds),
  });
}

/**
 * Fixed-window counters in process memory: O(1) per request, so the limiter is never what a
 * benchmark measures. Keys live in two generations swapped once a window, so memory is bounded by
 * the keys of two windows and never scanned. One process only; several processes each count their own share.
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  let current = new Map<string, { count: number; resetAt: number }>();
  let previous = new Map<string, { count: number; resetAt: number }>();
  let swapAt = now() + options.windowMs;

  return {
    hit(key, max) {
      const at = now();
      if (at >= swapAt) {
        // Everything in `previous` has ended by now; `current` may still hold running windows.
        previous = current;
        current = new Map();
        swapAt = at + options.windowMs;
      }
      let window = current.get(key) ?? previous.get(key);
      if (!window || window.resetAt <= at) window = { count: 0, resetAt: at + options.windowMs };
      current.set(key, window);
      window.count += 1;
      if (window.count > max) throw tooManyRequests(window.resetAt - at);
    },
  };
}

/**
 * Counters kept by the store (`ProxyStore.countRequest`: one atomic step in the shared database), so
 * several instances on one store share each budget rather than each granting it in full. Fixed windows
 * of `windowMs` aligned to multiples of it, as the store counts them. A store that fails to count fails
 * the request (it needs the store anyway).
 */
export function createStoreRateLimiter(
  options: RateLimitOptions,
  now: () => number,
  countRequest: NonNullable<ProxyStore['countRequest']>,
): RateLimiter {
  return {
    async hit(key, max) {
      const at = now();
      const { count, resetAt } = await countRequest(await storedKey(key, options.windowMs), options.windowMs, at);
      if (count > max) throw tooManyRequests(resetAt - at);
    },
  };
}

/**
 * What the store keeps for a budget's key: a SHA-256 of it and the window length, so no user id or client
 * address sits in the shared database, a long user id cannot outgrow an index entry, and budgets of
 * different windows never share a count.
 */
async function storedKey(key: string, windowMs: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${windowMs}\u0000${key}`)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The two budgets as middleware: per client address (before anything else), per signed-in user (after `identify`). */
export interface RateLimits {
  perAddress: MiddlewareHandler<ProxyEnv>;
  perUser: MiddlewareHandler<ProxyEnv>;
}

/**
 * The rate-limit middleware. The address is `clientAddress(request)` when configured and it names one,
 * else the socket address the host passed (`startProxy`); a request with neither is counted per user only.
 * Counted in the store when it can (`store.countRequest`: shared by every instance on it), else in this
 * process ({@link createRateLimiter}).
 */
export function rateLimits(
  options: RateLimitOptions,
  now: () => number,
  clientAddress: ((request: Request) => string | undefined) | undefined,
  store?: Pick<ProxyStore, 'countRequest'>,
): RateLimits {
  const countRequest = store?.countRequest;
  const limiter = countRequest ? createStoreRateLimiter(options, now, countRequest.bind(store)) : createRateLimiter(options, now);
  return {
    async perAddress(c, next) {
      const address = clientAddress?.(c.req.raw) ?? c.env?.remoteAddress;
      if (address) await limiter.hit(`a:${address}`, options.maxPerAddress);
      await next();
    },
    async perUser(c, next) {
      await limiter.hit(`u:${c.get('userId')}`, options.maxPerUser);
      await next();
    },
  };
}
