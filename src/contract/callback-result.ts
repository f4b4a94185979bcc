import { positiveId } from './ids.js';
import { LOGIN_SECRET_PATTERN } from './secret.js';

/** A connect result as Finsify reports it, every field checked. */
export interface CallbackResult {
  /** `success`, `cancelled`, or another status word from Finsify (see {@link STATUS_PATTERN}). */
  status: string;
  /** Positive safe integer; always present when `status` is `success`. */
  login_id?: number;
  /** Absent when the partner's backend keeps the secret. */
  secret?: string;
}

/**
 * The one status rule, for the widget and the backend alike: a letter, then up to 63 letters,
 * digits, `_` or `-` (64 at most). The spec's words are snake_case identifiers (`success`,
 * `login_wrong_credentials`); anything else (markup, spaces, a leading digit) is malformed.
 */
export const STATUS_PATTERN = /^[A-Za-z][\w-]{0,63}$/;

/** Longest result segment a backend reads, raw or percent-encoded; Finsify's is under 200 characters. (The widget bounds the whole callback URL.) */
export const MAX_RESULT_LENGTH = 4096;

/**
 * A callback URL's query parameters: the result's fields, when it is not a JSON path segment (a
 * backend-kept done page), and the flow's `state`.
 */
export const CALLBACK_PARAMS = ['status', 'login_id', 'secret', 'state'];

/** {@link readResult}'s answer when the segment does not even parse as JSON. */
export const NOT_JSON = 'Callback result is not JSON';

const own = (record: object, key: string): unknown => (Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined);

/**
 * Checks an untrusted result object (from a URL, a message or storage) and copies only the known
 * fields, so keys like `__proto__` are never carried along. A `login_id` or `secret` that is there
 * (not null) must be valid whatever the status; a success must have a `login_id`. Returns the
 * problem as a string when it is not a valid result.
 */
export function validateResult(value: unknown): CallbackResult | string {
  if (typeof value !== 'object' || !value || Array.isArray(value)) return 'Result is not an object';
  const status = own(value, 'status');
  if (typeof status !== 'string' || !STATUS_PATTERN.test(status)) return 'Invalid status';
  const result: CallbackResult = { status };
  const id = own(value, 'login_id');
  if (id != null && !(result.login_id = positiveId(id))) return 'Invalid login_id';
  const secret = own(value, 'secret');
  if (secret != null) {
    if (typeof secret !== 'string' || !LOGIN_SECRET_PATTERN.test(secret)) return 'Invalid secret';
    result.secret = secret;
  }
  return status.toLowerCase() === 'success' && !result.login_id ? 'Success without login_id' : result;
}

/**
 * The result Finsify appended to a callback URL: `segment`, the JSON path segment (everything after
 * the state, percent-encoded or raw), else the {@link CALLBACK_PARAMS} of `query`; checked by
 * {@link validateResult}. Returns the problem as a string when there is no valid result.
 */
export function readResult(segment: string, query: URLSearchParams): CallbackResult | string {
  let raw: unknown;
  try {
    raw = segment
      ? JSON.parse(decodeURIComponent(segment))
      : Object.fromEntries(CALLBACK_PARAMS.flatMap((key) => (query.has(key) ? [[key, query.get(key)]] : [])));
  } catch {
    return NOT_JSON;
  }
  return validateResult(raw);
}

/**
 * The result as a backend that keeps the secret takes it (the reference proxy's `GET /callback`):
 * {@link readResult} of a segment of at most {@link MAX_RESULT_LENGTH} characters, where a success
 * must also carry its secret. `undefined` when there is none.
 */
export function keptResult(segment: string, query: URLSearchParams): CallbackResult | undefined {
  const result = segment.length > MAX_RESULT_LENGTH ? '' : readResult(segment, query);
  return typeof result === 'string' || (result.status.toLowerCase() === 'success' && !result.secret) ? undefined : result;
}
