import { Hono } from 'hono';
import { loginFromHeader } from '../auth.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { dataResponse } from '../errors.js';
import { refreshLogin } from '../logins.js';
import { readJsonObject } from '../request.js';

/** `PUT /v2/login/refresh`, `/activate` and `/deactivate` for the login named by `Login-secret`. */
export function loginRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.put('/login/:action{refresh|activate|deactivate}', async (c) => {
    const login = loginFromHeader(ctx, c.get('client').clientId, c.req.header('login-secret'));
    // The spec's calls send no body; one that is sent must still be JSON.
    await readJsonObject(c);
    switch (c.req.param('action')) {
      case 'refresh':
        return dataResponse(refreshLogin(ctx, login));
      case 'activate':
        login.active = true;
        return dataResponse({ id: login.id, activate: true });
      default:
        login.active = false;
        return dataResponse({ id: login.id, deActivate: true });
    }
  });

  return app;
}
