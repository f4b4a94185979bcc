import type { Hono } from 'hono';
import { keptResult } from '../../contract/callback-result.js';
import { sendJson, type ProxyDeps, type ProxyEnv, type ProxyContext } from '../context.js';
import { ProxyError } from '../errors.js';
import { claimLogin, parkLogin } from '../login-claim.js';
import { respond } from '../respond.js';
import { errorMessage } from '../redact.js';
import { isValidState, joinUrl } from '../state.js';

export interface CallbackResult {
  status: string;
  loginId?: number;
  secret?: string;
}

/**
 * Reads Finsify's result with the contract's parser ({@link keptResult}: the JSON path segment after
 * the state, or the same fields as query parameters). `undefined` when it is missing, too long or malformed.
 */
export function parseCallbackResult(segment: string, query: URLSearchParams): CallbackResult | undefined {
  const result = keptResult(segment, query);
  return result && { status: result.status, loginId: result.login_id, secret: result.secret };
}

/**
 * `GET /callback/:state/<result>`: Finsify's redirect in server mode. Binds the result to the user and
 * flow that asked for this state (once; an attempt uses the state up), keeps the secret (with the checks
 * of `POST /logins`: see {@link claimLogin}), and sends the popup on to `doneUrl/<state>?status=…&login_id=…`
 * with nothing secret in the URL. Whatever goes wrong (unknown, used or expired state, another user, a
 * malformed result, a reconnect ending with another login than the flow's, a login Finsify refuses
 * or another user holds) ends in `status=error` there; the reason goes to the logger. A login Finsify
 * cannot be asked about now (unavailable: `503`) is kept unconfirmed (see {@link parkLogin}) and ends
 * in `status=success`, since Finsify hands its secret out only once. An unexpected failure (the store
 * throws: locked, closed) ends in `status=error` too, logged without the path or the secret.
 */
export function registerCallbackRoute(app: Hono<ProxyEnv>, deps: ProxyDeps): void {
  app.get('/callback/*', async (c) => {
    const url = new URL(c.req.url);
    const start = url.pathname.indexOf('/callback/', deps.basePath.length) + '/callback/'.length;
    const rest = url.pathname.slice(start);
    const slash = rest.indexOf('/');
    const state = slash < 0 ? rest : rest.slice(0, slash);
    const segment = slash < 0 ? '' : rest.slice(slash + 1);
    if (!isValidState(state)) {
      deps.logger.warn('callback with an invalid state');
      return sendJson(c, deps, 400, { error: 'CallbackInvalid', message: 'The callback state is not valid.' });
    }
    try {
      return await complete(c, deps, url, state, segment);
    } catch (error) {
      if (error instanceof ProxyError) throw error;
      // The store (or anything else) failed: the popup still ends on the done page. The log gets the
      // message only, scrubbed of the secret (the proxy's onError would log no more than the route).
      const secret = parseCallbackResult(segment, url.searchParams)?.secret;
      deps.logger.error('callback failed: unexpected error', { error: errorMessage(error, [segment, ...(secret ? [secret] : [])]) });
      return done(c, deps, state, { status: 'error' });
    }
  });
}

/** The callback after its state was read: see {@link registerCallbackRoute}. */
async function complete(c: ProxyContext, deps: ProxyDeps, url: URL, state: string, segment: string): Promise<Response> {
  const now = deps.now();
  const pending = await deps.store.takePendingState(state, now);
  if (!pending || pending.expiresAt <= now) {
    deps.logger.warn('callback for an unknown, used or expired state');
    return done(c, deps, state, { status: 'error' });
  }
  const userId = await deps.identify(c.req.raw);
  if (userId !== pending.userId) {
    deps.logger.warn('callback from another user than the one who started the flow', { userId, expected: pending.userId });
    return done(c, deps, state, { status: 'error' });
  }
  const result = parseCallbackResult(segment, url.searchParams);
  if (!result) {
    deps.logger.warn('callback with a malformed result', { userId });
    return done(c, deps, state, { status: 'error' });
  }
  if (result.status !== 'success' || result.loginId === undefined || result.secret === undefined) {
    deps.logger.info('connect ended without success', { userId, status: result.status });
    return done(c, deps, state, { status: result.status });
  }
  if (pending.flow === 'reconnect' && result.loginId !== pending.loginId) {
    deps.logger.warn('reconnect callback for another login than the flow was for', { userId, loginId: result.loginId, expected: pending.loginId });
    return done(c, deps, state, { status: 'error' });
  }
  const record = { userId, loginId: result.loginId, secret: result.secret, serviceId: pending.serviceId, createdAt: now, updatedAt: now };
  let confirmed = false;
  try {
    try {
      confirmed = await claimLogin(deps, record);
    } catch (error) {
      if (!(error instanceof ProxyError) || error.status !== 503) throw error;
      // Finsify cannot confirm it now, and hands the secret out only this once (the state is used
      // up): keep it unconfirmed rather than lose it; it is confirmed once Finsify lists its accounts.
      deps.logger.warn('callback login kept unconfirmed: Finsify could not confirm it', { userId, loginId: result.loginId });
      await parkLogin(deps, record);
    }
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    // The result came through the browser, which could have written it: kept only as POST /logins would keep it.
    deps.logger.warn('callback login not stored', { userId, loginId: result.loginId, error: error.error, status: error.status });
    return done(c, deps, state, { status: 'error' });
  }
  deps.logger.info('login stored from callback', { userId, loginId: result.loginId, flow: pending.flow, confirmed });
  return done(c, deps, state, { status: 'success', login_id: String(result.loginId) });
}

function done(c: ProxyContext, deps: ProxyDeps, state: string, params: Record<string, string>): Response {
  const location = `${joinUrl(deps.doneUrl, state)}?${new URLSearchParams(params)}`;
  return respond(c.req.raw, deps.allowedOrigins, 303, null, { location });
}
