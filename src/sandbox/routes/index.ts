import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { SANDBOX_TEST_CREDENTIALS } from '../credentials.js';

/** `GET /`: where things are, for a person who opens the sandbox's URL in a browser or with curl. */
export function indexRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/', (c) => {
    const base = ctx.publicUrl(c.req.raw);
    return c.json({
      name: 'Finsify sandbox: an offline Finsify API v2 for demos and tests',
      api: `${base}/v2`,
      catalog: `${base}/service.json`,
      controls: `${base}/_sandbox/state`,
      clients: ctx.clients.map((client) => client.clientId),
      test_credentials: SANDBOX_TEST_CREDENTIALS,
    });
  });
  return app;
}
