import { isLoginStatus } from '../../contract/login-status.js';
import { parseJsonObject } from '../body.js';
import { sha256Hex } from '../digest.js';
import { parseId } from '../context.js';
import { ProxyError } from '../errors.js';
import type { WebhookEventType } from '../types.js';

// Reading one webhook delivery: what it says, and what it can be believed to say.

/** One delivery as read from its body, before anything is stored. */
export interface WebhookDelivery {
  payload: Record<string, unknown>;
  loginId: number;
  type: WebhookEventType;
  /** The login's new status, for `login_status` events. */
  status: string | undefined;
  referenceId: string | undefined;
  /** When the event happened, as far as it can be believed (see {@link eventTimeOf}). */
  timestamp: number;
  /** What recognises a repeated delivery: its `referenceId`, else its body when it carries a timestamp; else none. */
  key: string | undefined;
}

/**
 * Reads a delivery's raw body, received at `receivedAt`. A body that is not a JSON object, nests deeper
 * than {@link MAX_PAYLOAD_DEPTH}, or has no positive `login_id`, is `400`.
 */
export function parseWebhook(raw: string, receivedAt: number): WebhookDelivery {
  if (nestedDeeperThan(raw, MAX_PAYLOAD_DEPTH)) throw new ProxyError(400, 'BadRequest', `The body nests deeper than ${MAX_PAYLOAD_DEPTH} levels.`);
  const payload = parseJsonObject(raw);
  const loginId = parseId(payload.login_id, 'login_id');
  const type = classify(payload);
  const claimedTime = timestampOf(payload);
  const referenceId = typeof payload.referenceId === 'string' && payload.referenceId.length <= 200 ? payload.referenceId : undefined;
  const key = referenceId ? `ref:${referenceId}` : claimedTime !== undefined ? `body:${sha256Hex(raw)}` : undefined;
  return {
    payload,
    loginId,
    type,
    status: type === 'login_status' ? (payload.status as string) : undefined,
    referenceId,
    timestamp: eventTimeOf(claimedTime, receivedAt),
    key,
  };
}

/**
 * Only the spec's login statuses are applied to a login: any other status is kept as an `unknown`
 * event, so no sender can store markup or a novel as a status.
 */
function classify(payload: Record<string, unknown>): WebhookEventType {
  if (typeof payload.status === 'string') return isLoginStatus(payload.status) ? 'login_status' : 'unknown';
  if ('accounts' in payload || 'new' in payload) return 'transactions';
  return 'unknown';
}

/** How far ahead of its arrival an event's `timestamp` may be (clock skew) and still be believed. */
const WEBHOOK_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How old an event's `timestamp` may be and still be believed (Finsify's retries take hours, not weeks). */
const WEBHOOK_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Deepest nesting of objects and arrays a webhook body may have; Finsify's are 3 deep. */
const MAX_PAYLOAD_DEPTH = 32;

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, read without recursion. A deeper
 * payload would be stored, and then overflow the stack wherever it is turned back into text
 * (`GET /webhooks`, the SQLite store's write).
 */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/** Finsify's `timestamp` is in ms; a value that can only be seconds is read as seconds. */
function timestampOf(payload: Record<string, unknown>): number | undefined {
  const value = payload.timestamp;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return value < 1e11 ? value * 1000 : value;
}

/**
 * When the event happened, as far as it can be believed: its own time when that lies between
 * {@link WEBHOOK_MAX_AGE_MS} before its arrival and {@link WEBHOOK_FUTURE_SKEW_MS} after, else its
 * arrival; never later than its arrival, so no webhook moves a stored status time past now (one far
 * in the future would make every later status look older, one beyond `Date`'s range would break
 * every listing of the login).
 */
function eventTimeOf(claimed: number | undefined, receivedAt: number): number {
  if (claimed === undefined || claimed > receivedAt + WEBHOOK_FUTURE_SKEW_MS || claimed < receivedAt - WEBHOOK_MAX_AGE_MS) return receivedAt;
  return Math.min(claimed, receivedAt);
}

