import type { Hono } from 'hono';
import { isLoginSecret } from '../../contract/secret.js';
import { jsonBody } from '../body.js';
import { holdSecret, ownLogin, parseId, type ProxyDeps, type ProxyEnv } from '../context.js';
import { ProxyError, dataInvalid } from '../errors.js';
import type { LoginAction } from '../finsify-client.js';
import type { Guards } from '../guards.js';
import { isLoginRefusal } from '../login-claims.js';
import { sendUpstream } from '../upstream.js';


/**
 * `POST /logins` keeps a login secret from `finsify-success` (browser mode) for the signed-in user: kept
 * unconfirmed first (see `LoginClaims.park`), then checked with Finsify (see `LoginClaims.claim`), which
 * confirms or refuses it, unless another user holds that login; `confirmed` says whether Finsify's
 * accounts tied the id to the secret yet (a Finsify that cannot answer now leaves it unconfirmed); `GET /logins` lists that user's logins
 * without secrets (an unconfirmed one without a status); `PUT /logins/:login_id/refresh|activate|deactivate`
 * (a JSON object body, `{}`) calls Finsify with the stored secret (any other action: `404 NotFound`).
 */
export function registerLoginRoutes(app: Hono<ProxyEnv>, deps: ProxyDeps, guards: Guards): void {
  app.post('/logins', guards.write, jsonBody(), async (c) => {
    const userId = c.get('userId');
    const body = c.get('body');
    const loginId = parseId(body.login_id, 'login_id');
    if (!isLoginSecret(body.secret)) {
      throw dataInvalid('secret', 'secret must be 1 to 256 printable characters.');
    }
    const serviceId = body.service_id === undefined || body.service_id === null ? null : parseId(body.service_id, 'service_id');
    const now = deps.now();
    holdSecret(c, body.secret);
    const record = { userId, loginId, secret: body.secret, serviceId, createdAt: now, updatedAt: now };
    const parked = await deps.claims.park(record);
    let confirmed: boolean;
    try {
      confirmed = await deps.claims.claim(record, c.get('finsify'));
    } catch (error) {
      // Refused for what it is (LoginNotFound): not kept. Anything else Finsify answered (503, 429, a wrong
      // service secret) leaves it kept unconfirmed: confirmed once Finsify lists its accounts (GET /accounts,
      // a webhook, a resend).
      if (!parked || !(error instanceof ProxyError) || isLoginRefusal(error)) throw error;
      deps.logger.warn('login kept unconfirmed: Finsify could not confirm it', { userId, loginId, error: error.error, status: error.status });
      confirmed = (await deps.store.getLogin(userId, loginId))?.confirmed === true;
    }
    deps.logger.info('login stored', { userId, loginId, confirmed });
    return c.json({ data: { login_id: loginId, service_id: serviceId, stored: true, confirmed }, version: 'v2' }, 201);
  });

  app.get('/logins', guards.read, async (c) => {
    const logins = await deps.store.listLogins(c.get('userId'));
    return c.json({
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

  // JSON only, like every browser-facing write (the demo sends `{}`): no body, or any other type, is refused.
  app.put('/logins/:login_id/:action{refresh|activate|deactivate}', guards.write, jsonBody(), async (c) => {
    const login = await ownLogin(c, deps.vault, parseId(c.req.param('login_id'), 'login_id'));
    const response = await c.get('finsify').loginAction(login.secret, c.req.param('action') as LoginAction);
    return sendUpstream(c, response, [...deps.secrets, login.secret]);
  });
}
