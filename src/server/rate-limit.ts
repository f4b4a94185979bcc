import type { MiddlewareHandler } from 'hono';
import type { ProxyEnv } from './context.js';
import { ProxyError } from './errors.js';
import type { RequestCount } from './store/types.js';
import type { Awaitable, RateLimitOptions } from './types.js';

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 60_000, maxPerUser: 120, maxPerAddress: 600 };

export interface RateLimiter {
  /** Counts one request for the key; throws `429 TooManyRequests` with `Retry-After` when over `max`. */
  hit(key: string, max: number): void | Promise<void>;
}

/** A store's shared count (`ProxyStore.countRequest`). */
export type RequestCounter = (key: string, windowMs: number, now: number) => Awaitable<RequestCount>;

function tooMany(resetAt: number, at: number): ProxyError {
  const seconds = Math.max(1, Math.ceil((resetAt - at) / 1000));
  return new ProxyError(429, 'TooManyRequests', `Too many requests; try again in ${seconds} s.`, undefined, { 'Retry-After': String(seconds) });
}

/**
 * Counts in the store, shared by every process on it (fixed windows aligned to multiples of
 * `windowMs`), so several instances do not multiply a limit.
 */
export function createSharedRateLimiter(options: RateLimitOptions, now: () => number, count: RequestCounter): RateLimiter {
  return {
    async hit(key, max) {
      const at = now();
      const window = await count(key, options.windowMs, at);
      if (window.count > max) throw tooMany(window.resetAt, at);
    },
  };
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
      if (window.count > max) throw tooMany(window.resetAt, at);
    },
  };
}

/** The two budgets as middleware: per client address (before anything else), per signed-in user (after `identify`). */
export interface RateLimits {
  perAddress: MiddlewareHandler<ProxyEnv>;
  perUser: MiddlewareHandler<ProxyEnv>;
}

/**
 * The rate-limit middleware. The address is `clientAddress(request)` when configured and it names one,
 * else the socket address the host passed (`startProxy`); a request with neither is counted per user only.
 * With `shared` (a persistent store's `countRequest`), requests are counted in the store, across processes.
 */
export function rateLimits(
  options: RateLimitOptions,
  now: () => number,
  clientAddress: ((request: Request) => string | undefined) | undefined,
  shared?: RequestCounter,
): RateLimits {
  const limiter = shared ? createSharedRateLimiter(options, now, shared) : createRateLimiter(options, now);
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
