import { ProxyError } from './errors.js';
import type { FinsifyResponse } from './finsify-client.js';
import { redact } from './redact.js';

/**
 * Finsify's answer as the proxy passes it on: same status and shape, with secrets scrubbed
 * (Finsify's `LoginNotFound` echoes the login secret in `extra.loginSecret`).
 */
export function passThrough(response: FinsifyResponse, secrets: readonly string[]): { status: number; body: unknown; headers: Record<string, string> } {
  const ok = response.status >= 200 && response.status < 300;
  const headers: Record<string, string> = {};
  if (response.status === 503 && response.retryAfter) headers['Retry-After'] = response.retryAfter;
  return { status: response.status, body: ok ? response.body : redact(response.body, secrets), headers };
}

/** A Finsify error answer as a {@link ProxyError}, for flows that stop on it. */
export function upstreamError(response: FinsifyResponse, secrets: readonly string[]): ProxyError {
  const body = redact(response.body, secrets) as Record<string, unknown>;
  const error = typeof body?.error === 'string' ? body.error : 'InternalError';
  const message = typeof body?.message === 'string' ? body.message : `Finsify answered ${response.status}.`;
  const extra = body?.extra && typeof body.extra === 'object' ? (body.extra as Record<string, unknown>) : undefined;
  const headers: Record<string, string> = response.retryAfter && response.status === 503 ? { 'Retry-After': response.retryAfter } : {};
  return new ProxyError(response.status, error, message, extra, headers);
}
