import type { Hono } from 'hono';
import { readJsonObject } from '../body.js';
import { guard, holdSecret, parseId, sendUpstream, type ProxyDeps, type ProxyEnv } from '../context.js';
import { ProxyError, dataInvalid, loginNotFound } from '../errors.js';
import { isValidState, joinUrl } from '../state.js';

/**
 * `POST /token`: `{service_id, state}` for a new connection, `{login_id, state}` for a reconnect.
 * The `callback_url` registered with Finsify is built here from configured bases and the validated
 * state, never from anything else the browser sends.
 */
export function registerTokenRoute(app: Hono<ProxyEnv>, deps: ProxyDeps): void {
  app.post('/token', async (c) => {
    const userId = await guard(c, deps, { write: true, limited: true });
    const body = await readJsonObject(c.req.raw);
    const state = body.state;
    if (!isValidState(state)) throw dataInvalid('state', 'state must be 22 to 64 characters of A-Z a-z 0-9 _ -.');
    const hasService = body.service_id !== undefined && body.service_id !== null;
    const hasLogin = body.login_id !== undefined && body.login_id !== null;
    if (hasService === hasLogin) {
      throw dataInvalid(hasService ? 'login_id' : 'service_id', 'Send service_id for a new connection or login_id for a reconnect, not both.');
    }

    const mode = deps.secretMode(c.req.raw);
    const callbackUrl =
      mode === 'server' && deps.publicUrl ? joinUrl(`${deps.publicUrl}/callback`, state) : joinUrl(deps.callbackBaseUrl, state);
    const pending = async (serviceId: number | null, loginId: number | null) => {
      if (mode !== 'server') return;
      const now = deps.now();
      const kept = await deps.store.savePendingState(
        { state, userId, flow: loginId === null ? 'new' : 'reconnect', serviceId, loginId, expiresAt: now + deps.stateLifetimeMs },
        now,
      );
      // A state binds one flow of one user: a second token request with it must not re-bind it.
      if (!kept) throw new ProxyError(409, 'StateInUse', 'This state is already bound to a connect flow; start a new flow with a new state.', { field: 'state' });
    };

    if (hasService) {
      const serviceId = parseId(body.service_id, 'service_id');
      const customerId = await deps.customers.resolve(userId);
      await pending(serviceId, null);
      const response = await deps.finsify.createToken({ customer_id: customerId, service_id: serviceId, callback_url: callbackUrl });
      return sendUpstream(c, deps, response, deps.secrets);
    }

    const loginId = parseId(body.login_id, 'login_id');
    const login = await deps.store.getLogin(userId, loginId);
    if (!login) throw loginNotFound(loginId);
    holdSecret(c, login.secret);
    await pending(login.serviceId, loginId);
    const response = await deps.finsify.reconnectToken(login.secret, callbackUrl);
    return sendUpstream(c, deps, response, [...deps.secrets, login.secret]);
  });
}
