import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { dataResponse, FinsifyError } from '../errors.js';
import { uuid } from '../ids.js';
import { readJsonObject, stringField } from '../request.js';

/** `POST /v2/customer {identifier}`: once per identifier and client (`CustomerExists` after). */
export function customerRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.post('/customer', async (c) => {
    const client = c.get('client');
    const identifier = stringField(await readJsonObject(c), 'identifier');
    if (ctx.store.customerByIdentifier(client.clientId, identifier)) {
      throw new FinsifyError('CustomerExists', `Customer "${identifier}" is exists`, { identifier });
    }
    const customer = { customer_id: uuid(), identifier, client_id: client.clientId, created_at: ctx.now() };
    ctx.store.addCustomer(customer);
    return dataResponse({ customer_id: customer.customer_id, identifier });
  });
  return app;
}
