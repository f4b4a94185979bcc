import type { MiddlewareHandler } from 'hono';
import type { ProxyEnv } from './context.js';
import { ProxyError } from './errors.js';

/**
 * Asks the partner's `identify` who is signed in and sets it as the context's `userId`;
 * nobody is `401 Unauthorized`.
 */
export function identifyUser(identify: (request: Request) => string | null | Promise<string | null>): MiddlewareHandler<ProxyEnv> {
  return async (c, next) => {
    const userId = await identify(c.req.raw);
    if (userId === null || userId === undefined || userId === '') throw new ProxyError(401, 'Unauthorized', 'Sign in first.');
    c.set('userId', userId);
    await next();
  };
}
