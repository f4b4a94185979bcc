import type { Hono } from 'hono';
import { isLoginSecret } from '../../contract/secret.js';
import { readJsonObject } from '../body.js';
import { guard, holdSecret, parseId, sendJson, sendUpstream, type ProxyDeps, type ProxyEnv } from '../context.js';
import { dataInvalid, loginNotFound } from '../errors.js';
import type { LoginAction } from '../finsify-client.js';
import { claimLogin } from '../login-claim.js';

const ACTIONS: ReadonlySet<string> = new Set<LoginAction>(['refresh', 'activate', 'deactivate']);

/**
 * `POST /logins` keeps a login secret from `finsify-success` (browser mode) for the signed-in user,
 * once Finsify confirms it and unless another user holds that login (see {@link claimLogin}; `confirmed`
 * says whether Finsify's accounts tied the id to the secret yet); `GET /logins` lists that user's logins
 * without secrets (an unconfirmed one without a status); `PUT /logins/:login_id/refresh|activate|deactivate`
 * (a JSON object body, `{}`) calls Finsify with the stored secret.
 */
export function registerLoginRoutes(app: Hono<ProxyEnv>, deps: ProxyDeps): void {
  app.post('/logins', async (c) => {
    const userId = await guard(c, deps, { write: true, limited: true });
    const body = await readJsonObject(c.req.raw);
    const loginId = parseId(body.login_id, 'login_id');
    if (!isLoginSecret(body.secret)) {
      throw dataInvalid('secret', 'secret must be 1 to 256 printable characters.');
    }
    const serviceId = body.service_id === undefined || body.service_id === null ? null : parseId(body.service_id, 'service_id');
    const now = deps.now();
    holdSecret(c, body.secret);
    const confirmed = await claimLogin(deps, { userId, loginId, secret: body.secret, serviceId, createdAt: now, updatedAt: now });
    deps.logger.info('login stored', { userId, loginId, confirmed });
    return sendJson(c, deps, 201, { data: { login_id: loginId, service_id: serviceId, stored: true, confirmed }, version: 'v2' });
  });

  app.get('/logins', async (c) => {
    const userId = await guard(c, deps, { write: false, limited: false });
    const logins = await deps.store.listLogins(userId);
    return sendJson(c, deps, 200, {
      data: logins.map((login) => ({
        login_id: login.loginId,
        service_id: login.serviceId,
        status: login.status,
        status_at: login.statusAt === null ? null : new Date(login.statusAt).toISOString(),
        created_at: new Date(login.createdAt).toISOString(),
        updated_at: new Date(login.updatedAt).toISOString(),
        confirmed: login.confirmed,
      })),
      version: 'v2',
    });
  });

  app.put('/logins/:login_id/:action', async (c) => {
    const action = c.req.param('action');
    if (!ACTIONS.has(action)) return sendJson(c, deps, 404, { error: 'NotFound', message: 'No such route.' });
    const userId = await guard(c, deps, { write: true, limited: true });
    // JSON only, like every browser-facing write (the demo sends `{}`): no body, or any other type, is refused.
    await readJsonObject(c.req.raw);
    const loginId = parseId(c.req.param('login_id'), 'login_id');
    const login = await deps.store.getLogin(userId, loginId);
    if (!login) throw loginNotFound(loginId);
    holdSecret(c, login.secret);
    const response = await deps.finsify.loginAction(login.secret, action as LoginAction);
    return sendUpstream(c, deps, response, [...deps.secrets, login.secret]);
  });
}
