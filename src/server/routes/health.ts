import type { Hono } from 'hono';
import type { ProxyEnv } from '../context.js';
import type { ProxyStore } from '../store/types.js';
import type { ProxyLogger } from '../types.js';

/** How long a health check waits for the store before it answers 503. */
const HEALTH_TIMEOUT_MS = 2000;

/**
 * `GET /health` for load balancers: `200 {"status":"ok"}` when the store answers (`ping()`, else `ready()`),
 * `503 {"status":"unavailable"}` when it fails or takes over 2 s. No sign-in and no rate limit (a load
 * balancer has neither a session nor a budget), and nothing about the data or the error in the answer.
 */
export function registerHealthRoute(app: Hono<ProxyEnv>, store: ProxyStore, logger: ProxyLogger): void {
  app.get('/health', async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the store did not answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.resolve(store.ping ? store.ping() : store.ready?.()), timeout]);
      return c.json({ status: 'ok' });
    } catch (error) {
      logger.error('health check failed: the store did not answer', { error: error instanceof Error ? error.message : String(error) });
      return c.json({ status: 'unavailable' }, 503);
    } finally {
      clearTimeout(timer);
    }
  });
}
