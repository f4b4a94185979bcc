import type { Context } from 'hono';
import type { CustomerResolver } from './customers.js';
import { positiveId } from '../contract/ids.js';
import { ProxyError, dataInvalid } from './errors.js';
import type { FinsifyClient, FinsifyResponse } from './finsify-client.js';
import { checkOrigin } from './origin-check.js';
import type { RateLimiter } from './rate-limit.js';
import type { ProxyStore } from './store/types.js';
import { respond } from './respond.js';
import { passThrough } from './upstream.js';
import type { ConnectionInfo, ProxyLogger, RateLimitOptions, SecretMode, WebhookEvent } from './types.js';

/** What every route needs, resolved once from the options. */
export interface ProxyDeps {
  store: ProxyStore;
  finsify: FinsifyClient;
  customers: CustomerResolver;
  logger: ProxyLogger;
  now: () => number;
  identify: (request: Request) => string | null | Promise<string | null>;
  allowedOrigins: ReadonlySet<string>;
  /** The service or app secret, scrubbed from anything passed on. */
  secrets: readonly string[];
  limiter: RateLimiter | undefined;
  limits: RateLimitOptions | undefined;
  clientAddress: ((request: Request) => string | undefined) | undefined;
  callbackBaseUrl: string;
  publicUrl: string | undefined;
  doneUrl: string;
  secretMode: (request: Request) => SecretMode;
  stateLifetimeMs: number;
  basePath: string;
  webhookSecret: string | undefined;
  webhookToken: string | undefined;
  webhookToleranceMs: number;
  onWebhook: ((event: WebhookEvent) => void | Promise<void>) | undefined;
  /** Running `onWebhook` calls, awaited by `close()`. */
  running: Set<Promise<void>>;
}

export type ProxyEnv = { Bindings: ConnectionInfo; Variables: { secrets?: string[] } };
export type ProxyContext = Context<ProxyEnv>;

/**
 * Notes a login secret this request handles, so that an unexpected error's log line is scrubbed of
 * it: a store or client may quote what it was given in its message.
 */
export function holdSecret(c: ProxyContext, secret: string): void {
  c.set('secrets', [...(c.get('secrets') ?? []), secret]);
}

/**
 * The checks in front of a user route, cheapest first: the per-address budget, the origin rule for
 * writes, who is signed in (401), then the per-user budget. Returns the user id.
 */
export async function guard(c: ProxyContext, deps: ProxyDeps, route: { write: boolean; limited: boolean }): Promise<string> {
  const request = c.req.raw;
  if (route.limited && deps.limiter && deps.limits) {
    const address = deps.clientAddress ? deps.clientAddress(request) : c.env?.remoteAddress;
    if (address) deps.limiter.hit(`a:${address}`, deps.limits.maxPerAddress);
  }
  if (route.write) checkOrigin(request, deps.allowedOrigins);
  const userId = await deps.identify(request);
  if (userId === null || userId === undefined || userId === '') {
    throw new ProxyError(401, 'Unauthorized', 'Sign in first.');
  }
  if (route.limited && deps.limiter && deps.limits) deps.limiter.hit(`u:${userId}`, deps.limits.maxPerUser);
  return userId;
}

/** Finsify's answer, passed on with its status and shape, secrets scrubbed. */
export function sendUpstream(c: ProxyContext, deps: ProxyDeps, response: FinsifyResponse, secrets: readonly string[]): Response {
  const { status, body, headers } = passThrough(response, secrets);
  // A success goes out as Finsify wrote it; errors are re-serialised after their secrets are scrubbed.
  const text = status >= 200 && status < 300 ? response.text : JSON.stringify(body);
  return respond(c.req.raw, deps.allowedOrigins, status, text, headers);
}

/** A JSON answer of the proxy's own. */
export function sendJson(c: ProxyContext, deps: ProxyDeps, status: number, body: unknown, headers?: Record<string, string>): Response {
  return respond(c.req.raw, deps.allowedOrigins, status, JSON.stringify(body), headers);
}

/** A positive safe integer id from JSON or a query string (`23456` or `"23456"`). */
export function parseId(value: unknown, field: string): number {
  const id = positiveId(value);
  if (id !== undefined) return id;
  throw dataInvalid(field, `${field} must be a positive integer.`);
}
