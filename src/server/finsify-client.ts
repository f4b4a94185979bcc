import { ProxyError } from './errors.js';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, type RetryPolicy } from './retry.js';
import { fetchTransport, type Transport } from './transport.js';
import type { ProxyLogger } from './types.js';

/** One answer from Finsify: its status and JSON body as they came (callers redact error bodies). */
export interface FinsifyResponse {
  status: number;
  body: unknown;
  /** The body as Finsify sent it, passed on as is when it is a success. */
  text: string;
  /** Finsify's `Retry-After`, passed on with a 503 the client gave up retrying. */
  retryAfter: string | null;
  /** A 5xx that came without a JSON body; `body` is made up in Finsify's error shape. */
  unreadable?: boolean;
}

export type LoginAction = 'refresh' | 'activate' | 'deactivate';

export interface TransactionQuery {
  account_id: number;
  from_date?: string;
  to_date?: string;
}

export interface FinsifyClientOptions {
  baseUrl: string;
  clientId: string;
  serviceSecret?: string;
  appSecret?: string;
  fetch: typeof fetch;
  /** Overrides how requests are sent; default: through `fetch`. */
  transport?: Transport;
  timeoutMs: number;
  logger: ProxyLogger;
  random: () => number;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
}

/** The Finsify API v2 calls the proxy makes, with timeouts and retries. */
export interface FinsifyClient {
  /** Not idempotent: a transport failure once the request may have reached Finsify is not retried. */
  createCustomer(identifier: string): Promise<FinsifyResponse>;
  createToken(input: { customer_id: string; service_id: number; callback_url: string }): Promise<FinsifyResponse>;
  reconnectToken(loginSecret: string, callbackUrl: string): Promise<FinsifyResponse>;
  listAccounts(loginSecret: string): Promise<FinsifyResponse>;
  listTransactions(loginSecret: string, query: TransactionQuery): Promise<FinsifyResponse>;
  loginAction(loginSecret: string, action: LoginAction): Promise<FinsifyResponse>;
  /**
   * The same calls, each finished by `deadline` (ms since the epoch, by the client's clock) retries
   * included: an attempt gets what is left of it, and no retry starts that could not finish in time.
   */
  until(deadline: number): FinsifyClient;
}

/** An attempt gets at least this long; with less left before a deadline, none is made. */
const MIN_ATTEMPT_MS = 250;

/** Statuses of an unreadable (not JSON) answer that mean Finsify could not be reached: retried like `ConnectError`. */
const GATEWAY_FAILURES = new Set([502, 503, 504]);

/**
 * A 5xx whose body is not JSON, in Finsify's error shape: `ConnectError` for a gateway's 502, 503 or 504,
 * else `InternalError`. Its status stays, so the proxy answers a 5xx and keeps what it must keep.
 */
function unreadableFailure(status: number, retryAfter: string | null): FinsifyResponse {
  const body = { error: GATEWAY_FAILURES.has(status) ? 'ConnectError' : 'InternalError', message: `Finsify answered ${status} without a JSON body.` };
  return { status, body, text: JSON.stringify(body), retryAfter, unreadable: true };
}

/** Finsify's "try again later" errors: the only answers worth retrying. */
const RETRIABLE_ERRORS = new Set(['ConnectError', 'ServerMaintenance']);

/**
 * Transport failures that happen before a connection exists, so nothing of the request reached
 * Finsify: refused, no such host, no route, a connect timeout (undici's `UND_ERR_CONNECT_TIMEOUT`),
 * the client already closed (`UND_ERR_CLOSED`). A reset or close once connected (`ECONNRESET`,
 * undici's `UND_ERR_SOCKET`) is not among them: the request may have been read.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);

/**
 * undici's failures for an answer that is not acceptable HTTP: too large a head or body, a body
 * whose length contradicts its `Content-Length` (or one sent with chunked coding as well).
 */
const MALFORMED_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);

const codeOf = (value: unknown) =>
  value && typeof value === 'object' && 'code' in value && typeof value.code === 'string' ? value.code : undefined;

/** The error and, as `fetch` wraps transport failures in a `TypeError`, its cause. */
const errorAndCause = (error: unknown): unknown[] => (error instanceof Error && error.cause !== undefined ? [error, error.cause] : [error]);

/** Whether a transport failure shows the request never left (its code, or its cause's, as fetch wraps them). */
export function neverSent(error: unknown): boolean {
  return errorAndCause(error).some((value) => NOT_SENT_CODES.has(codeOf(value) ?? ''));
}

/**
 * Whether a transport failure is Finsify's answer being malformed (undici's parser refused it, or it
 * broke a size limit), rather than the connection failing. Such an answer is not retried: the same
 * request would most likely get the same answer, and Finsify did receive it.
 */
export function malformedAnswer(error: unknown): boolean {
  return errorAndCause(error).some((value) => {
    const code = codeOf(value) ?? '';
    // undici 7 leaves an HTTPParserError's code unset; its name tells it (llhttp's codes start HPE_).
    return MALFORMED_CODES.has(code) || code.startsWith('HPE_') || (value instanceof Error && value.name === 'HTTPParserError');
  });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createFinsifyClient(options: FinsifyClientOptions): FinsifyClient {
  const base = options.baseUrl.replace(/\/+$/, '') + '/v2';
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const transport = options.transport ?? fetchTransport(options.fetch);
  const authHeaders: Record<string, string> = {
    'Client-Id': options.clientId,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  if (options.serviceSecret) authHeaders['Service-secret'] = options.serviceSecret;
  else if (options.appSecret) authHeaders['App-secret'] = options.appSecret;

  async function attempt(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    idempotent: boolean,
    timeoutMs: number,
  ): Promise<FinsifyResponse> {
    const request: Parameters<Transport>[0] = { method, url, headers, body, timeoutMs };
    if (!idempotent) request.idempotent = false;
    const answer = await transport(request);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      // A 5xx is read by its status whatever its body (a proxy's HTML error page in front of Finsify):
      // it is Finsify failing, to be retried or waited out, not an answer to refuse.
      if (answer.status >= 500 && answer.status <= 599) return unreadableFailure(answer.status, answer.retryAfter);
      throw new ProxyError(502, 'UpstreamInvalid', `Finsify answered ${answer.status} with a body that is not JSON.`);
    }
    return { status: answer.status, body: parsed, text: answer.text, retryAfter: answer.retryAfter };
  }

  /**
   * One Finsify call with its retries. `idempotent: false` (customer creation): a transport failure is
   * retried only when the request cannot have reached Finsify (connection refused, say), since a second
   * creation of a customer Finsify made (its answer lost) would be refused with `CustomerExists`.
   */
  async function call(
    method: string,
    path: string,
    init: { loginSecret?: string; body?: unknown; idempotent?: boolean },
    deadline: number | undefined,
  ): Promise<FinsifyResponse> {
    const idempotent = init.idempotent !== false;
    const left = () => (deadline === undefined ? Number.POSITIVE_INFINITY : deadline - options.now());
    const url = base + path;
    const headers = init.loginSecret ? { ...authHeaders, 'login-secret': init.loginSecret } : authHeaders;
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    // Only for log lines, which the hot path never writes.
    const endpoint = () => `${method} /v2${path.split('?')[0] ?? ''}`;
    for (let retry = 0; ; retry += 1) {
      let wait: number;
      let outcome: FinsifyResponse | undefined;
      let failure: ProxyError | undefined;
      if (left() < MIN_ATTEMPT_MS) {
        options.logger.warn('finsify call not made: no time left in the request', { endpoint: endpoint() });
        throw new ProxyError(503, 'ConnectError', 'Finsify did not answer in the time this request allows.');
      }
      // A call that is never sent twice (customer creation) gets all the time the request has left:
      // giving up on it early leaves a customer whose customer_id is lost.
      const timeoutMs = idempotent || deadline === undefined ? Math.min(options.timeoutMs, left()) : left();
      try {
        outcome = await attempt(method, url, headers, body, idempotent, timeoutMs);
      } catch (error) {
        if (error instanceof ProxyError) throw error;
        if (malformedAnswer(error)) {
          options.logger.error('finsify answered malformed HTTP', { endpoint: endpoint(), attempt: retry + 1, reason: describe(error) });
          throw new ProxyError(502, 'UpstreamInvalid', 'Finsify sent an answer that is not valid HTTP or is too large.');
        }
        const timedOut = error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
        const reason = timedOut ? 'timeout' : describe(error);
        if (!idempotent && !neverSent(error)) {
          // Finsify may have acted on it: sending it again could only be refused (or do it twice).
          options.logger.error('finsify call failed after it may have reached Finsify; not retried', { endpoint: endpoint(), attempt: retry + 1, reason });
          throw new ProxyError(
            503,
            'ConnectError',
            (timedOut ? `Finsify did not answer within ${timeoutMs} ms` : 'The connection to Finsify failed') +
              ' after the request may have reached it; it was not sent again.',
          );
        }
        failure = new ProxyError(
          503,
          'ConnectError',
          timedOut ? `Finsify did not answer within ${timeoutMs} ms.` : 'Finsify could not be reached.',
        );
        options.logger.warn('finsify call failed', { endpoint: endpoint(), attempt: retry + 1, reason });
      }
      if (outcome) {
        const name = errorName(outcome.body);
        // A gateway's unreadable 502/503/504 is Finsify unreachable; customer creation may have been done, so it is not sent again.
        const unreachable = outcome.unreadable === true && GATEWAY_FAILURES.has(outcome.status) && idempotent;
        if (!unreachable && (outcome.status !== 503 || !name || !RETRIABLE_ERRORS.has(name))) return outcome;
        options.logger.warn('finsify unavailable', { endpoint: endpoint(), attempt: retry + 1, error: name });
        const retryAfter = parseRetryAfter(outcome.retryAfter, options.now());
        // A long Retry-After is passed on to the browser rather than held open here.
        if (retry >= policy.retries || (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs)) return outcome;
        wait = retryAfter ?? backoffDelay(retry, policy, options.random);
        // No retry that could not finish before the request's deadline: the answer goes out now instead.
        if (left() < wait + MIN_ATTEMPT_MS) return outcome;
      } else {
        wait = backoffDelay(retry, policy, options.random);
        if (retry >= policy.retries || left() < wait + MIN_ATTEMPT_MS) throw failure;
      }
      await sleep(wait);
    }
  }

  function client(deadline: number | undefined): FinsifyClient {
    return {
      createCustomer: (identifier) => call('POST', '/customer', { body: { identifier }, idempotent: false }, deadline),
      createToken: (input) => call('POST', '/token', { body: input }, deadline),
      reconnectToken: (loginSecret, callbackUrl) => call('POST', '/token/reconnect', { loginSecret, body: { callback_url: callbackUrl } }, deadline),
      listAccounts: (loginSecret) => call('GET', '/account', { loginSecret }, deadline),
      listTransactions(loginSecret, query) {
        const params = new URLSearchParams({ account_id: String(query.account_id) });
        if (query.from_date) params.set('from_date', query.from_date);
        // The spec's example says to_date, its table end_date: send both so either reading works.
        if (query.to_date) {
          params.set('to_date', query.to_date);
          params.set('end_date', query.to_date);
        }
        return call('GET', `/transaction?${params}`, { loginSecret }, deadline);
      },
      loginAction: (loginSecret, action) => call('PUT', `/login/${action}`, { loginSecret }, deadline),
      until: (next) => client(deadline === undefined ? next : Math.min(deadline, next)),
    };
  }
  return client(undefined);
}

/** The `error` name of a Finsify error body, if it is one. */
export function errorName(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return body.error;
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  // Names and codes only: messages of transport errors may quote URLs or headers.
  const code = (error as Error & { code?: unknown }).code;
  const cause = error.cause as (Error & { code?: unknown }) | undefined;
  const causeCode = cause && typeof cause.code === 'string' ? cause.code : undefined;
  return [error.name, typeof code === 'string' ? code : undefined, causeCode].filter(Boolean).join(' ');
}
