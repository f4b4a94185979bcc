import type { MiddlewareHandler } from 'hono';
import type { SandboxContext, SandboxEnv } from './context.js';
import { FinsifyError } from './errors.js';
import { safeEqual } from './ids.js';
import type { LoginRecord } from './store.js';

/**
 * The spec's authentication: `Client-Id` plus `Service-secret` or `App-secret` (header names are
 * case-insensitive, as in HTTP). A missing `Client-Id` or secret, or a secret that does not match,
 * is `400 CredentialInvalid`; an unknown `Client-Id` is `404 ClientNotFound`. Every secret header
 * sent must match: one right secret does not excuse a wrong other one.
 */
export function authenticate(ctx: SandboxContext): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const clientId = c.req.header('client-id');
    const serviceSecret = c.req.header('service-secret');
    const appSecret = c.req.header('app-secret');
    if (!clientId) throw new FinsifyError('CredentialInvalid', 'Credentials is invalid: the Client-Id header is missing');
    const client = ctx.clients.find((candidate) => safeEqual(candidate.clientId, clientId));
    if (!client) throw new FinsifyError('ClientNotFound', `Cannot find client with id: '${clientId}'.`, { clientId });
    if (serviceSecret === undefined && appSecret === undefined) {
      throw new FinsifyError('CredentialInvalid', 'Credentials is invalid: send Service-secret or App-secret');
    }
    const matches = (given: string | undefined, expected: string | undefined): boolean =>
      given === undefined || (expected !== undefined && safeEqual(given, expected));
    if (!matches(serviceSecret, client.serviceSecret) || !matches(appSecret, client.appSecret)) {
      throw new FinsifyError('CredentialInvalid');
    }
    c.set('client', client);
    c.set('secret', serviceSecret === undefined ? 'app' : 'service');
    await next();
  };
}

/** The login named by the `Login-secret` header, among the calling client's logins. */
export function loginFromHeader(ctx: SandboxContext, clientId: string, secret: string | undefined): LoginRecord {
  if (!secret) throw new FinsifyError('DataInvalid', 'The Login-secret header is required', { field: 'Login-secret' });
  const login = ctx.store.loginBySecret(clientId, secret);
  if (!login) {
    throw new FinsifyError('LoginNotFound', `Cannot find Login with login secret: '${secret}'.`, { loginSecret: secret });
  }
  return login;
}
