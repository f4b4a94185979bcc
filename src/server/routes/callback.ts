import type { Hono } from 'hono';
import type { ProxyContext, ProxyDeps, ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';
import { errorMessage } from '../redact.js';
import { isValidState, joinUrl } from '../state.js';

/** Where the callback sends the popup, and who may complete a flow. */
export interface CallbackSettings {
  identify: (request: Request) => string | null | Promise<string | null>;
  doneUrl: string;
  basePath: string;
}

/** Longest result segment read; Finsify's is under 200 characters. */
const MAX_RESULT_LENGTH = 4096;
const STATUS_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SECRET_PATTERN = /^[\x21-\x7e]{1,256}$/;

export interface CallbackResult {
  status: string;
  loginId?: number;
  secret?: string;
}

/**
 * Reads Finsify's result: the JSON path segment after the state (percent-encoded or raw), or the same
 * fields as query parameters. `undefined` when it is missing, too long or malformed.
 */
export function parseCallbackResult(segment: string, query: URLSearchParams): CallbackResult | undefined {
  let fields: Record<string, unknown>;
  if (segment) {
    if (segment.length > MAX_RESULT_LENGTH) return undefined;
    let text = segment;
    try {
      text = decodeURIComponent(segment);
    } catch {
      // Not percent-encoded after all: read it raw.
    }
    try {
      const value: unknown = JSON.parse(text);
      if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
      fields = value as Record<string, unknown>;
    } catch {
      return undefined;
    }
  } else if (query.has('status')) {
    fields = { status: query.get('status'), login_id: query.get('login_id') ?? undefined, secret: query.get('secret') ?? undefined };
  } else {
    return undefined;
  }
  const { status, login_id: rawLoginId, secret } = fields;
  if (typeof status !== 'string' || !STATUS_PATTERN.test(status)) return undefined;
  if (status !== 'success') return { status };
  const loginId = typeof rawLoginId === 'string' && /^\d{1,16}$/.test(rawLoginId) ? Number(rawLoginId) : rawLoginId;
  if (typeof loginId !== 'number' || !Number.isSafeInteger(loginId) || loginId <= 0) return undefined;
  if (typeof secret !== 'string' || !SECRET_PATTERN.test(secret)) return undefined;
  return { status, loginId, secret };
}

/**
 * `GET /callback/:state/<result>`: Finsify's redirect in server mode. Binds the result to the user and
 * flow that asked for this state (once; an attempt uses the state up), keeps the secret (with the checks
 * of `POST /logins`: see `LoginClaims.claim`), and sends the popup on to `doneUrl/<state>?status=…&login_id=…`
 * with nothing secret in the URL. Whatever goes wrong (unknown, used or expired state, another user, a
 * malformed result, a reconnect ending with another login than the flow's, a login Finsify refuses
 * or another user holds) ends in `status=error` there; the reason goes to the logger. A login Finsify
 * cannot be asked about now (unavailable: `503`) is kept unconfirmed (see `LoginClaims.park`) and ends
 * in `status=success`, since Finsify hands its secret out only once. An unexpected failure (the store
 * throws: locked, closed) ends in `status=error` too, logged without the path or the secret.
 */
export function registerCallbackRoute(app: Hono<ProxyEnv>, deps: ProxyDeps, settings: CallbackSettings): void {
  app.get('/callback/*', async (c) => {
    const url = new URL(c.req.url);
    const start = url.pathname.indexOf('/callback/', settings.basePath.length) + '/callback/'.length;
    const rest = url.pathname.slice(start);
    const slash = rest.indexOf('/');
    const state = slash < 0 ? rest : rest.slice(0, slash);
    const segment = slash < 0 ? '' : rest.slice(slash + 1);
    if (!isValidState(state)) {
      deps.logger.warn('callback with an invalid state');
      throw new ProxyError(400, 'CallbackInvalid', 'The callback state is not valid.');
    }
    try {
      return await complete(c, deps, settings, url, state, segment);
    } catch (error) {
      if (error instanceof ProxyError) throw error;
      // The store (or anything else) failed: the popup still ends on the done page. The log gets the
      // message only, scrubbed of the secret (the proxy's onError would log no more than the route).
      const secret = parseCallbackResult(segment, url.searchParams)?.secret;
      deps.logger.error('callback failed: unexpected error', { error: errorMessage(error, [segment, ...(secret ? [secret] : [])]) });
      return done(c, settings, state, { status: 'error' });
    }
  });
}

/** The callback after its state was read: see {@link registerCallbackRoute}. */
async function complete(c: ProxyContext, deps: ProxyDeps, settings: CallbackSettings, url: URL, state: string, segment: string): Promise<Response> {
  const now = deps.now();
  const pending = await deps.store.takePendingState(state, now);
  if (!pending || pending.expiresAt <= now) {
    deps.logger.warn('callback for an unknown, used or expired state');
    return done(c, settings, state, { status: 'error' });
  }
  const userId = await settings.identify(c.req.raw);
  if (userId !== pending.userId) {
    deps.logger.warn('callback from another user than the one who started the flow', { userId, expected: pending.userId });
    return done(c, settings, state, { status: 'error' });
  }
  const result = parseCallbackResult(segment, url.searchParams);
  if (!result) {
    deps.logger.warn('callback with a malformed result', { userId });
    return done(c, settings, state, { status: 'error' });
  }
  if (result.status !== 'success' || result.loginId === undefined || result.secret === undefined) {
    deps.logger.info('connect ended without success', { userId, status: result.status });
    return done(c, settings, state, { status: result.status });
  }
  if (pending.flow === 'reconnect' && result.loginId !== pending.loginId) {
    deps.logger.warn('reconnect callback for another login than the flow was for', { userId, loginId: result.loginId, expected: pending.loginId });
    return done(c, settings, state, { status: 'error' });
  }
  const record = { userId, loginId: result.loginId, secret: result.secret, serviceId: pending.serviceId, createdAt: now, updatedAt: now };
  let confirmed = false;
  try {
    try {
      confirmed = await deps.claims.claim(record);
    } catch (error) {
      if (!(error instanceof ProxyError) || error.status !== 503) throw error;
      // Finsify cannot confirm it now, and hands the secret out only this once (the state is used
      // up): keep it unconfirmed rather than lose it; it is confirmed once Finsify lists its accounts.
      deps.logger.warn('callback login kept unconfirmed: Finsify could not confirm it', { userId, loginId: result.loginId });
      await deps.claims.park(record);
    }
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    // The result came through the browser, which could have written it: kept only as POST /logins would keep it.
    deps.logger.warn('callback login not stored', { userId, loginId: result.loginId, error: error.error, status: error.status });
    return done(c, settings, state, { status: 'error' });
  }
  deps.logger.info('login stored from callback', { userId, loginId: result.loginId, flow: pending.flow, confirmed });
  return done(c, settings, state, { status: 'success', login_id: String(result.loginId) });
}

function done(c: ProxyContext, settings: CallbackSettings, state: string, params: Record<string, string>): Response {
  return c.redirect(`${joinUrl(settings.doneUrl, state)}?${new URLSearchParams(params)}`, 303);
}
