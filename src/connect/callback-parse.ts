import { CALLBACK_PARAMS, NOT_JSON, readResult, type CallbackResult } from '../contract/callback-result.js';
import { isState } from '../contract/state.js';
import { parseUrl } from '../contract/url.js';

export type { CallbackResult };

/** What `parseCallback()` found: a checked result, or why there is none. Never thrown. */
export type ParsedCallback =
  | { ok: true; state: string | undefined; result: CallbackResult }
  | { ok: false; state: string | undefined; error: 'CallbackInvalid'; message: string };

/** `parseCallback()`'s message for a URL that carries no result at all: a page to wait past. */
export const NO_RESULT = 'No result in callback URL';

/** Longer input is refused before any parsing: a real callback URL is well under 1 KB. */
export const MAX_CALLBACK_LENGTH = 4096;

// The result segment starts with `{`, raw or percent-encoded (URL parsing encodes a raw one);
// encoded twice it is still a result, if a broken one, so it is refused and cleaned away.
const PAYLOAD_SEGMENT = /^(\{|%7b|%257b)/i;

// The base only serves relative input; an absolute URL ignores it.
const BASE = 'http://callback.invalid/';

function payloadIndex(segments: string[]): number {
  return segments.findIndex((segment) => PAYLOAD_SEGMENT.test(segment));
}

/**
 * `url` without the result: the state and result path segments (or, with query parameters,
 * a last segment that is a state) and the `status`, `login_id`, `secret` and `state` parameters
 * removed, everything else kept. Works on any input, so the
 * callback page can clean its address even when the result cannot be parsed.
 */
export function cleanCallbackUrl(url: string): string {
  const parsed = parseUrl(url.slice(0, 65536), BASE);
  if (!parsed) return '/';
  const segments = parsed.pathname.split('/');
  const index = payloadIndex(segments);
  if (index >= 0) {
    // A raw payload's `?` or `#` moves the rest of it into the query or fragment: what follows a
    // payload that is not whole JSON may hold part of the secret.
    const whole = readResult(segments[index]!, parsed.searchParams) !== NOT_JSON;
    segments.length = index > 1 && isState(segments[index - 1]) ? index - 1 : index;
    if (!whole) return segments.join('/') || '/';
  } else if (parsed.searchParams.has('status') && isState(segments.at(-1))) segments.pop();
  for (const key of CALLBACK_PARAMS) parsed.searchParams.delete(key);
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
 * a `secret` that is not 1-256 printable ASCII characters, a `status` that is not a letter
 * followed by up to 63 letters, digits, `_` or `-`, or a `success` without a `login_id` all
 * give `{ ok: false, error: 'CallbackInvalid', message }`. It never throws.
 *
 * @param url The callback page's URL (absolute, or a path).
 */
export function parseCallback(url: string | URL): ParsedCallback {
  const fail = (message: string, state?: string): ParsedCallback => ({ ok: false, state, error: 'CallbackInvalid', message });
  const length = String(url).length;
  // Past a generous bound, do not even look for the state: nothing legitimate is that long.
  const parsed = length <= 16 * MAX_CALLBACK_LENGTH ? parseUrl(url, BASE) : undefined;
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
  // A raw `/` inside the JSON splits it over several segments: join them back.
  const result = readResult(index < 0 ? '' : segments.slice(index).join('/'), parsed.searchParams);
  return typeof result === 'string' ? fail(result, state) : { ok: true, state, result };
}
