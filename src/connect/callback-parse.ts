import { isState } from './flow-state.js';

/** A connect result as Finsify reports it, every field checked. */
export interface CallbackResult {
  /** `success`, `cancelled`, or another short status word from Finsify. */
  status: string;
  /** Positive safe integer; always present when `status` is `success`. */
  login_id?: number;
  /** Absent when the partner's backend keeps the secret. */
  secret?: string;
}

/** What `parseCallback()` found: a checked result, or why there is none. Never thrown. */
export type ParsedCallback =
  | { ok: true; state: string | undefined; result: CallbackResult }
  | { ok: false; state: string | undefined; error: 'CallbackInvalid'; message: string };

/** `parseCallback()`'s message for a URL that carries no result at all: a page to wait past. */
export const NO_RESULT = 'No result in callback URL';

/** Longer input is refused before any parsing: a real callback URL is well under 1 KB. */
export const MAX_CALLBACK_LENGTH = 4096;

const STATUS = /^[A-Za-z][\w-]{0,31}$/;
const SECRET = /^[\x21-\x7e]{1,256}$/;
const LOGIN_ID = /^\d{1,16}$/;
// The result segment starts with `{`, raw or percent-encoded (URL parsing encodes a raw one);
// encoded twice it is still a result, if a broken one, so it is refused and cleaned away.
const PAYLOAD_SEGMENT = /^(\{|%7b|%257b)/i;
const QUERY_KEYS = ['status', 'login_id', 'secret', 'state'];

const own = (record: object, key: string): unknown => (Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined);

/** A positive safe integer, given as a number or a string of digits (`"1"`); else `undefined`. */
export function positiveId(value: unknown): number | undefined {
  const id = typeof value === 'string' && LOGIN_ID.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * Checks an untrusted result object (from a URL, a message or storage) and copies only the
 * known fields, so keys like `__proto__` are never carried along. Returns the problem as a
 * string when it is not a valid result.
 */
export function validateResult(value: unknown): CallbackResult | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Result is not an object';
  const status = own(value, 'status');
  if (typeof status !== 'string' || !STATUS.test(status)) return 'Invalid status';
  const result: CallbackResult = { status };
  const id = own(value, 'login_id');
  if (id != null) {
    result.login_id = positiveId(id);
    if (result.login_id === undefined) return 'Invalid login_id';
  }
  const secret = own(value, 'secret');
  if (secret != null) {
    if (typeof secret !== 'string' || !SECRET.test(secret)) return 'Invalid secret';
    result.secret = secret;
  }
  if (status.toLowerCase() === 'success' && result.login_id === undefined) return 'Success without login_id';
  return result;
}

function toUrl(input: string | URL): URL | undefined {
  try {
    // The base only serves relative input; an absolute URL ignores it.
    return new URL(input, 'http://callback.invalid/');
  } catch {
    return undefined;
  }
}

function payloadIndex(segments: string[]): number {
  return segments.findIndex((segment) => PAYLOAD_SEGMENT.test(segment));
}

function isWholeJson(segment: string): boolean {
  try {
    JSON.parse(decodeURIComponent(segment));
    return true;
  } catch {
    return false;
  }
}

/**
 * `url` without the result: the state and result path segments (or, with query parameters,
 * a last segment that is a state) and the `status`, `login_id`, `secret` and `state` parameters
 * removed, everything else kept. Works on any input, so the
 * callback page can clean its address even when the result cannot be parsed.
 */
export function cleanCallbackUrl(url: string): string {
  const parsed = toUrl(url.slice(0, 65536));
  if (!parsed) return '/';
  const segments = parsed.pathname.split('/');
  const index = payloadIndex(segments);
  if (index >= 0) {
    // A raw payload's `?` or `#` moves the rest of it into the query or fragment: what follows a
    // payload that is not whole JSON may hold part of the secret.
    const whole = isWholeJson(segments[index]!);
    segments.length = index > 1 && isState(segments[index - 1]) ? index - 1 : index;
    if (!whole) return segments.join('/') || '/';
  } else if (parsed.searchParams.has('status') && isState(segments.at(-1))) segments.pop();
  for (const key of QUERY_KEYS) parsed.searchParams.delete(key);
  return (segments.join('/') || '/') + parsed.search + parsed.hash;
}

/**
 * Reads a connect result from a callback URL. The result is either the last path segment
 * holding JSON, raw or percent-encoded (`…/callback/<state>/{"status":"success","login_id":1}`),
 * or the query parameters `status`, `login_id`, `secret`, as a backend-kept done page gets them
 * (`…/done/<state>?status=success&login_id=1`). The `state` is the path segment before the
 * result (the last segment with query parameters), else the `state` parameter.
 *
 * Untrusted input is expected: input over 4096 characters, broken percent-encoding, JSON that
 * is not an object, a `login_id` that is not a positive safe integer (`-1`, `1e309`, `"12abc"`),
 * a `secret` that is not 1-256 printable ASCII characters, or a `success` without a
 * `login_id` all give `{ ok: false, error: 'CallbackInvalid', message }`. It never throws.
 *
 * @param url The callback page's URL (absolute, or a path).
 */
export function parseCallback(url: string | URL): ParsedCallback {
  const fail = (message: string, state?: string): ParsedCallback => ({ ok: false, state, error: 'CallbackInvalid', message });
  const length = String(url).length;
  // Past a generous bound, do not even look for the state: nothing legitimate is that long.
  const parsed = length <= 16 * MAX_CALLBACK_LENGTH ? toUrl(url) : undefined;
  if (!parsed) return fail(length > MAX_CALLBACK_LENGTH ? 'Callback URL too long' : 'Callback URL unparseable');
  const segments = parsed.pathname.split('/');
  const index = payloadIndex(segments);
  const queryState = parsed.searchParams.get('state');
  // The segment before a JSON result; with query parameters, the last segment (the reference
  // proxy's done page is `<doneUrl>/<state>?status=…&login_id=…`) or a `state` parameter.
  const segmentState = index > 0 ? segments[index - 1] : index < 0 ? segments.at(-1) : undefined;
  const state = isState(segmentState) ? segmentState : isState(queryState) ? queryState : undefined;
  // A page without a result is told apart first, however long its address: nothing to refuse.
  if (index < 0 && !parsed.searchParams.has('status')) return fail(NO_RESULT, state);
  // Refused before any decoding or JSON parsing, but with its state, so the flow can still end with an error.
  if (length > MAX_CALLBACK_LENGTH) return fail('Callback URL too long', state);
  let raw: unknown;
  if (index >= 0) {
    try {
      // A raw `/` inside the JSON splits it over several segments: join them back.
      raw = JSON.parse(decodeURIComponent(segments.slice(index).join('/')));
    } catch {
      return fail('Callback result is not JSON', state);
    }
  } else {
    raw = Object.fromEntries(QUERY_KEYS.slice(0, 3).flatMap((key) => {
      const value = parsed.searchParams.get(key);
      return value === null ? [] : [[key, value]];
    }));
  }
  const result = validateResult(raw);
  return typeof result === 'string' ? fail(result, state) : { ok: true, state, result };
}
