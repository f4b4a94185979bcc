import { Hono } from 'hono';
import { loginFromHeader } from '../auth.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { seedById } from '../data/services.js';
import { dataResponse, FinsifyError, invalidField } from '../errors.js';
import { uuid } from '../ids.js';
import { callbackUrlField, readJsonObject, stringField } from '../request.js';
import type { TokenRecord } from '../store.js';

/**
 * `POST /v2/token {customer_id, service_id, callback_url}` and `POST /v2/token/reconnect
 * {callback_url}` (with `Login-secret`): single-use tokens that expire after the token lifetime.
 */
export function tokenRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  const issue = (request: Request, token: Omit<TokenRecord, 'id' | 'created_at' | 'expires_at' | 'used_at' | 'terms_accepted' | 'failed_attempts'>): Response => {
    const now = ctx.now();
    const record: TokenRecord = {
      ...token,
      id: uuid(),
      created_at: now,
      expires_at: now + ctx.settings.tokenLifetimeSeconds * 1000,
      used_at: null,
      terms_accepted: false,
      failed_attempts: 0,
    };
    ctx.store.addToken(record);
    return dataResponse({ id: record.id, connect_url: `${ctx.publicUrl(request)}/v2/connect/term/${record.id}` });
  };

  app.post('/token', async (c) => {
    const client = c.get('client');
    const body = await readJsonObject(c);
    const customerId = stringField(body, 'customer_id');
    const serviceId = body['service_id'];
    if (typeof serviceId !== 'number' || !Number.isSafeInteger(serviceId)) throw invalidField('service_id', 'service_id must be an integer');
    const callbackUrl = callbackUrlField(body, { app: c.get('secret') === 'app' });
    const customer = ctx.store.customer(client.clientId, customerId);
    if (!customer) throw new FinsifyError('CustomerNotFound', `Cannot find Customer with id: '${customerId}'.`, { customerId });
    if (!seedById(serviceId)) throw new FinsifyError('ServiceNotFound', `Cannot find Service with id: ${serviceId}.`, { serviceId });
    return issue(c.req.raw, {
      client_id: client.clientId,
      customer_id: customer.customer_id,
      service_id: serviceId,
      callback_url: callbackUrl,
      login_id: null,
    });
  });

  app.post('/token/reconnect', async (c) => {
    const client = c.get('client');
    const body = await readJsonObject(c);
    const login = loginFromHeader(ctx, client.clientId, c.req.header('login-secret'));
    const callbackUrl = callbackUrlField(body, { app: c.get('secret') === 'app' });
    return issue(c.req.raw, {
      client_id: client.clientId,
      customer_id: login.customer_id,
      service_id: login.service_id,
      callback_url: callbackUrl,
      login_id: login.id,
    });
  });

  return app;
}
