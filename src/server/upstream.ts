import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProxyError } from './errors.js';
import type { FinsifyResponse } from './finsify-client.js';
import { redact } from '../contract/redact.js';

/** Finsify's `Retry-After`, passed on with a 503 the client gave up retrying. */
export function retryAfterOf(response: FinsifyResponse): Record<string, string> | undefined {
  return response.status === 503 && response.retryAfter ? { 'Retry-After': response.retryAfter } : undefined;
}

/**
 * Finsify's answer as the proxy passes it on: same status and shape. A success goes out as Finsify
 * wrote it; an error is re-serialised with its secrets scrubbed (Finsify's `LoginNotFound` echoes the
 * login secret in `extra.loginSecret`).
 */
export function sendUpstream(c: Context, response: FinsifyResponse, secrets: readonly string[]): Response {
  const status = response.status as ContentfulStatusCode;
  if (response.status >= 200 && response.status < 300) {
    return c.body(response.text, status, { 'Content-Type': 'application/json' });
  }
  return c.json(redact(response.body, secrets), status, retryAfterOf(response));
}

/** A Finsify error answer as a {@link ProxyError}, for flows that stop on it. */
export function upstreamError(response: FinsifyResponse, secrets: readonly string[]): ProxyError {
  const body = redact(response.body, secrets) as Record<string, unknown>;
  const error = typeof body?.error === 'string' ? body.error : 'InternalError';
  const message = typeof body?.message === 'string' ? body.message : `Finsify answered ${response.status}.`;
  const extra = body?.extra && typeof body.extra === 'object' ? (body.extra as Record<string, unknown>) : undefined;
  return new ProxyError(response.status, error, message, extra, retryAfterOf(response));
}
