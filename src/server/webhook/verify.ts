import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ProxyError } from '../errors.js';
import type { ProxyLogger } from '../types.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../contract/webhook-signature.js';

// The checks in front of POST /webhook: who may post an event at all.

/** Whether `given` is `expected`, compared in constant time (as hashes, so lengths never leak). */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Requires `expected` as the `token` query parameter (`webhookToken`), else `401 Unauthorized`. */
export function requireWebhookToken(expected: string, logger: ProxyLogger): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.query('token');
    if (given === undefined || !sameToken(given, expected)) {
      logger.warn('webhook refused: missing or wrong token');
      throw new ProxyError(401, 'Unauthorized', 'The webhook token is missing or wrong.');
    }
    await next();
  };
}

/**
 * Requires a valid `Finsify-Signature` of the raw body made with `secret` (`webhookSecret`) and a
 * timestamp within `toleranceMs`, else `401 SignatureInvalid`. Runs after the body limit.
 */
export function requireWebhookSignature(secret: string, toleranceMs: number, now: () => number, logger: ProxyLogger): MiddlewareHandler {
  return async (c, next) => {
    const check = await verifyWebhookSignature(c.req.header(SIGNATURE_HEADER) ?? null, await c.req.text(), secret, now(), toleranceMs);
    if (!check.ok) {
      logger.warn('webhook signature rejected', { reason: check.reason });
      throw new ProxyError(401, 'SignatureInvalid', `The Finsify-Signature header is ${check.reason}.`);
    }
    await next();
  };
}

/**
 * In front of `POST /webhook` when neither a token nor a signature is configured: every delivery is
 * `401 Unauthorized`, since it could come from anyone (see `allowUnauthenticatedWebhooks`).
 */
export const refuseUnconfigured: MiddlewareHandler = async () => {
  throw new ProxyError(401, 'Unauthorized', 'Webhooks are refused: this backend has no webhookToken or webhookSecret configured.');
};
