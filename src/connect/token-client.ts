import { redact } from '../contract/redact.js';
import type { ErrorDetail } from '../events.js';
import { checkConnectUrl } from './connect-url.js';
import { applyPageHints, type PageHints } from './page-hints.js';
import type { TokenProvider, TokenRequest } from './types.js';

export interface TokenClientOptions {
  /** The partner backend's token endpoint; ignored when `provider` is given. */
  url?: string;
  provider?: TokenProvider;
  /** Extra request headers, e.g. a CSRF token. */
  headers?: HeadersInit;
  timeoutMs: number;
  /** Aborts the request when the flow ends first. */
  signal: AbortSignal;
  /** When not empty, the only origins `connect_url` may be on. */
  connectOrigins?: readonly string[];
  /** The partner page's language and theme, for the connect pages (never in the body). */
  pageHints?: PageHints;
}

export type TokenResult = { ok: true; connectUrl: URL; id?: string } | { ok: false; error: ErrorDetail };

/** A response bigger than this is not a token. */
const MAX_BODY = 65536;
const ERROR_NAME = /^[A-Za-z][\w.-]{0,63}$/;
const TOKEN_ID = /^[\x21-\x7e]{1,128}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const requestFailed = (message: string, httpStatus?: number): ErrorDetail => ({
  error: 'TokenRequestFailed',
  message,
  ...(httpStatus === undefined ? {} : { http_status: httpStatus }),
});

const failed = (message: string, httpStatus?: number): TokenResult => ({ ok: false, error: requestFailed(message, httpStatus) });

/**
 * Finsify's `{ error, message, extra }` when `value` has that shape, with the keys of `extra` that
 * can hold credentials left out, and what they held blanked out of the message and the rest of
 * `extra` (`LoginNotFound` echoes the login secret in both).
 */
function finsifyError(value: unknown, httpStatus?: number): ErrorDetail | undefined {
  if (!isRecord(value) || typeof value['error'] !== 'string' || !ERROR_NAME.test(value['error'])) return undefined;
  const { message, extra } = redact({ message: value['message'], extra: value['extra'] }, [], null) as Record<string, unknown>;
  const detail: ErrorDetail = { error: value['error'], message: typeof message === 'string' ? message.slice(0, 500) : value['error'] };
  if (isRecord(extra)) detail.extra = extra;
  const status = httpStatus ?? value['http_status'];
  if (Number.isInteger(status)) detail.http_status = status as number;
  return detail;
}

/** Finsify's envelope or a bare token, checked as untrusted input. */
function readToken(body: unknown, options: TokenClientOptions, httpStatus?: number): TokenResult {
  const token = isRecord(body) && isRecord(body['data']) ? body['data'] : body;
  if (!isRecord(token)) return { ok: false, error: { error: 'TokenResponseInvalid', message: 'Token response is not an object' } };
  if (!('connect_url' in token)) {
    const error = finsifyError(token, httpStatus);
    if (error) return { ok: false, error };
  }
  const connectUrl = checkConnectUrl(token['connect_url'], options.connectOrigins);
  if (!connectUrl) {
    // Never echo the URL itself: it is not ours to log.
    return { ok: false, error: { error: 'TokenResponseInvalid', message: 'No allowed connect_url in token response' } };
  }
  const id = token['id'];
  // The id is informational (`finsify-open`); an odd one is dropped rather than failing the flow.
  return typeof id === 'string' && TOKEN_ID.test(id) ? { ok: true, connectUrl, id } : { ok: true, connectUrl };
}

async function post(request: TokenRequest, url: string, options: TokenClientOptions, signal: AbortSignal): Promise<TokenResult> {
  let response: Response;
  try {
    const headers = new Headers(options.headers);
    headers.set('Content-Type', 'application/json');
    headers.set('Accept', 'application/json');
    applyPageHints(headers, options.pageHints, url);
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(request), credentials: 'same-origin', signal, cache: 'no-store' });
  } catch {
    return failed(signal.aborted ? 'Token request timed out' : 'Token endpoint unreachable');
  }
  let body: unknown;
  try {
    const text = await response.text();
    if (text.length > MAX_BODY) return failed('Token response too large', response.status);
    body = JSON.parse(text);
  } catch {
    return response.ok ? failed('Token response is not JSON', response.status) : failed(`Token endpoint answered ${response.status}`, response.status);
  }
  if (!response.ok) return { ok: false, error: finsifyError(body, response.status) ?? requestFailed(`Token endpoint answered ${response.status}`, response.status) };
  return readToken(body, options, response.status);
}

async function provide(request: TokenRequest, provider: TokenProvider, options: TokenClientOptions, signal: AbortSignal): Promise<TokenResult> {
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort);
  });
  try {
    const hints = options.pageHints;
    const context = { signal, ...(hints ? { locale: hints.locale } : {}), ...(hints?.theme ? { theme: hints.theme } : {}) };
    return readToken(await Promise.race([provider({ ...request }, context), aborted]), options);
  } catch (thrown) {
    if (signal.aborted) return failed('Token request timed out');
    return { ok: false, error: finsifyError(thrown) ?? requestFailed(thrown instanceof Error ? thrown.message.slice(0, 500) : 'Token provider failed') };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Gets a token for one flow from the partner: `POST` of the contract's JSON body to the token
 * URL (same-origin credentials, so the partner's session cookie identifies the person), or the
 * partner's `tokenProvider`. Never throws: every failure is a `finsify-error` detail, Finsify's
 * own error passed on with `http_status`, else `TokenRequestFailed` or `TokenResponseInvalid`.
 */
export async function requestToken(request: TokenRequest, options: TokenClientOptions): Promise<TokenResult> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  options.signal.addEventListener('abort', abort);
  const timer = setTimeout(abort, options.timeoutMs);
  try {
    // The element only starts a flow with one of the two.
    return await (options.provider ? provide(request, options.provider, options, controller.signal) : post(request, options.url!, options, controller.signal));
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', abort);
  }
}
