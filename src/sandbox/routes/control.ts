import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { SANDBOX_TEST_CREDENTIALS } from '../credentials.js';
import { dataResponse, FinsifyError } from '../errors.js';
import { isFaultEndpoint, parseFaultSettings } from '../faults.js';
import { readJsonObject } from '../request.js';
import type { LoginStatusName } from '../store.js';
import type { SandboxControl, SandboxSettings } from '../types.js';

const CORS = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

/**
 * The test controls over HTTP, under `/_sandbox/`: a local test tool, never to be exposed where real
 * people are. CORS only for `controlOrigins` (the demo page's origin); a browser request from any
 * other origin (an `Origin` header that is neither listed nor the sandbox's own) is refused with
 * `403 Forbidden` before it runs, so another page can neither read nor change the sandbox.
 *
 * `GET state`, `GET|PUT settings`, `GET faults`, `PUT|DELETE faults/:endpoint`, `DELETE faults`,
 * `POST logins/:id/status {status}`, `GET webhooks`, `GET credentials`, `POST reset`.
 */
export function controlRoutes(ctx: SandboxContext, control: SandboxControl): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    const listed = origin !== undefined && ctx.controlOrigins.has(origin);
    if (origin !== undefined && !listed && origin !== new URL(ctx.publicUrl(c.req.raw)).origin) {
      throw new FinsifyError('Forbidden', `The sandbox controls do not answer the origin ${origin}.`, { origin });
    }
    const cors: Record<string, string> = listed ? { ...CORS, 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
    if (c.req.method === 'OPTIONS') {
      // Chrome's Private Network Access preflight, for a demo page on a public origin.
      if (listed && c.req.header('access-control-request-private-network') === 'true') cors['access-control-allow-private-network'] = 'true';
      return new Response(null, { status: 204, headers: cors });
    }
    await next();
    for (const [name, value] of Object.entries(cors)) c.res.headers.set(name, value);
    return undefined;
  });

  app.get('/state', () => dataResponse(control.state()));
  app.get('/settings', () => dataResponse(control.settings()));
  app.put('/settings', async (c) => dataResponse(control.updateSettings((await readJsonObject(c)) as Partial<SandboxSettings>)));
  app.get('/faults', () => dataResponse(control.faults()));
  app.delete('/faults', () => {
    control.clearFaults();
    return dataResponse(control.faults());
  });
  app.on(['PUT', 'DELETE'], '/faults/:endpoint', async (c) => {
    const endpoint = c.req.param('endpoint');
    if (!isFaultEndpoint(endpoint)) throw new FinsifyError('DataInvalid', `Unknown endpoint "${endpoint}"`, { field: 'endpoint' });
    control.setFault(endpoint, c.req.method === 'DELETE' ? null : parseFaultSettings(await readJsonObject(c)));
    return dataResponse(control.faults());
  });
  app.post('/logins/:id/status', async (c) => {
    const status = (await readJsonObject(c))['status'];
    const delivery = await control.setLoginStatus(Number(c.req.param('id')), status as LoginStatusName);
    return dataResponse({ login_id: Number(c.req.param('id')), status, webhook: delivery });
  });
  app.get('/webhooks', () => dataResponse(control.webhooks()));
  app.get('/credentials', () => dataResponse(SANDBOX_TEST_CREDENTIALS));
  app.post('/reset', () => {
    control.reset();
    return dataResponse({ reset: true });
  });

  return app;
}
