import type { Hono } from 'hono';
import { keptResult } from '../../contract/callback-result.js';
import type { ProxyContext, ProxyDeps, ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';
import { isLoginRefusal } from '../login-claims.js';
import { errorMessage } from '../../contract/redact.js';
import { isState, joinUrl } from '../../contract/state.js';

/** Where the callback sends the popup, and who may complete a flow. */
export interface CallbackSettings {
  identify: (request: Request) => string | null | Promise<string | null>;
  doneUrl: string;
  basePath: string;
}

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
 * `GET /callback/:state/<result>`: Finsify's redirect in server mode. Completes the flow that asked for
 * this state, for its user only, once: its first result is kept with the state, and the login it
 * carries is kept unconfirmed in the same store step, before any call to Finsify. Then the login is
 * checked as `POST /logins` checks it (see `LoginClaims.claim`), and the popup goes on to
 * `doneUrl/<state>?status=…&login_id=…` with nothing secret in the URL. A replay of the same callback
 * (after a crash, a stop, a failure) completes the same flow again; another result for a completed state
 * is refused. Whatever goes wrong (unknown or expired state, another user, a malformed result, a
 * reconnect ending with another login than the flow's, a login Finsify refuses or another user holds)
 * ends in `status=error` there; the reason goes to the logger. A login Finsify cannot be asked about
 * now (unavailable: `503`) stays kept unconfirmed and ends in `status=success`, since Finsify hands its
 * secret out only once. An unexpected failure (the store throws: locked, closed) ends in `status=error`
 * too, logged without the path or the secret; replayed, the callback completes the flow.
 */
export function registerCallbackRoute(app: Hono<ProxyEnv>, deps: ProxyDeps, settings: CallbackSettings): void {
  app.get('/callback/*', async (c) => {
    const url = new URL(c.req.url);
    const start = url.pathname.indexOf('/callback/', settings.basePath.length) + '/callback/'.length;
    const rest = url.pathname.slice(start);
    const slash = rest.indexOf('/');
    const state = slash < 0 ? rest : rest.slice(0, slash);
    const segment = slash < 0 ? '' : rest.slice(slash + 1);
    if (!isState(state)) {
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

/** How long a completed state is kept, so a callback replayed after a crash or a failure completes the same flow. */
export const COMPLETED_STATE_KEPT_MS = 24 * 60 * 60 * 1000;

/** The callback after its state was read: see {@link registerCallbackRoute}. */
async function complete(c: ProxyContext, deps: ProxyDeps, settings: CallbackSettings, url: URL, state: string, segment: string): Promise<Response> {
  const now = deps.now();
  const pending = await deps.store.getPendingState(state);
  if (!pending || (!pending.completion && pending.expiresAt <= now)) {
    deps.logger.warn('callback for an unknown or expired state');
    return done(c, settings, state, { status: 'error' });
  }
  const userId = await settings.identify(c.req.raw);
  if (userId !== pending.userId) {
    // Not the flow's user: nothing is recorded, so the flow's own callback still completes it.
    deps.logger.warn('callback from another user than the one who started the flow', { userId, expected: pending.userId });
    return done(c, settings, state, { status: 'error' });
  }
  const result = parseCallbackResult(segment, url.searchParams);
  const finish = (status: string, loginId: number | null = null, secretDigest: string | null = null) =>
    deps.store.completePendingState({ state, completion: { status, loginId, secretDigest, at: now }, login: null, keepUntil: now + COMPLETED_STATE_KEPT_MS });
  if (!result) {
    deps.logger.warn('callback with a malformed result', { userId });
    await finish('error');
    return done(c, settings, state, { status: 'error' });
  }
  // The contract reads `Success` as success (and then requires its secret), as the widget does.
  const success = result.status.toLowerCase() === 'success';
  if (!success || result.loginId === undefined || result.secret === undefined) {
    const kept = await finish(result.status);
    deps.logger.info('connect ended without success', { userId, status: result.status });
    // A replay answers what the flow ended with, whatever it carries now.
    return done(c, settings, state, { status: kept?.completion.status === result.status ? result.status : 'error' });
  }
  if (pending.flow === 'reconnect' && result.loginId !== pending.loginId) {
    deps.logger.warn('reconnect callback for another login than the flow was for', { userId, loginId: result.loginId, expected: pending.loginId });
    await finish('error');
    return done(c, settings, state, { status: 'error' });
  }

  // Custody first: the state's completion and the login, kept unconfirmed, in one store step before
  // Finsify is asked anything, so no crash, stop or failing Finsify from here on loses the secret
  // Finsify hands out only this once. A replay of this callback finds the completion and goes on.
  const record = { userId, loginId: result.loginId, secret: result.secret, serviceId: pending.serviceId, createdAt: now, updatedAt: now };
  // What a completed state keeps to recognise a replay: a keyed hash, never the secret.
  const secretDigest = await deps.vault.secretDigest(result.secret);
  const completed = await deps.vault.completePendingState({
    state,
    completion: { status: 'success', loginId: result.loginId, secretDigest, at: now },
    login: { ...record, confirmed: false },
    keepUntil: now + COMPLETED_STATE_KEPT_MS,
  });
  const kept = completed?.completion;
  // A replay after a key rotation carries the same secret, hashed then under an older key.
  const sameSecret = kept?.secretDigest === secretDigest || (kept !== undefined && completed?.replayed === true && (await deps.vault.digestMatches(result.secret, kept.secretDigest)));
  if (!kept || kept.status !== 'success' || kept.loginId !== result.loginId || !sameSecret) {
    deps.logger.warn(kept ? 'callback login not kept: refused, or the flow completed with another result' : 'callback for an expired state', {
      userId,
      loginId: result.loginId,
    });
    return done(c, settings, state, { status: 'error' });
  }
  if (completed.replayed) {
    // A replay never replaces a secret the user holds now (a later reconnect's), nor clears a status
    // reported since: it only confirms what the first completion kept, if that is still to do.
    const held = await deps.vault.getLogin(userId, result.loginId);
    if (held && (held.secret !== result.secret || held.confirmed)) return done(c, settings, state, { status: 'success', login_id: String(result.loginId) });
  }
  let confirmed = false;
  try {
    confirmed = await deps.claims.claim(record, c.get('finsify'), { clearStatus: !completed.replayed });
  } catch (error) {
    if (error instanceof ProxyError && isLoginRefusal(error)) {
      // Refused for what it is (Finsify does not know the secret, it opens another login, another user
      // holds it): the result came through the browser, which could have written it.
      deps.logger.warn('callback login not stored', { userId, loginId: result.loginId, error: error.error, status: error.status });
      return done(c, settings, state, { status: 'error' });
    }
    // Finsify cannot confirm it now, refused the check itself (429, a wrong service secret), or the check
    // failed here: it stays kept unconfirmed (telling the person to connect again would make a second
    // Finsify login), confirmed once Finsify lists its accounts.
    if (error instanceof ProxyError) deps.logger.warn('callback login kept unconfirmed: Finsify could not confirm it', { userId, loginId: result.loginId, error: error.error, status: error.status });
    else deps.logger.error('callback login kept unconfirmed: its check failed', { userId, loginId: result.loginId, error: errorMessage(error, [segment, result.secret]) });
    return done(c, settings, state, { status: 'success', login_id: String(result.loginId) });
  }
  deps.logger.info('login stored from callback', { userId, loginId: result.loginId, flow: pending.flow, confirmed });
  return done(c, settings, state, { status: 'success', login_id: String(result.loginId) });
}

function done(c: ProxyContext, settings: CallbackSettings, state: string, params: Record<string, string>): Response {
  return c.redirect(`${joinUrl(settings.doneUrl, state)}?${new URLSearchParams(params)}`, 303);
}
