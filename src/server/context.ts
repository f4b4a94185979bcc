import type { Context } from 'hono';
import { positiveId } from '../contract/ids.js';
import { dataInvalid, loginNotFound } from './errors.js';
import type { FinsifyClient } from './finsify-client.js';
import type { LoginClaims } from './login-claims.js';
import type { LoginVault } from './login-vault.js';
import type { LoginRecord, ProxyStore } from './store/types.js';
import type { ConnectionInfo, ProxyLogger } from './types.js';

/** What most routes need, built once by `createFinsifyProxy`; a route's own settings come beside it. */
export interface ProxyDeps {
  store: ProxyStore;
  /** The store's logins with their secrets opened: what routes read and write logins through. */
  vault: LoginVault;
  finsify: FinsifyClient;
  claims: LoginClaims;
  logger: ProxyLogger;
  now: () => number;
  /** The service or app secret, scrubbed from anything passed on. */
  secrets: readonly string[];
}

export type ProxyEnv = {
  Bindings: ConnectionInfo;
  Variables: {
    /** The signed-in partner user, set by the `identify` middleware. */
    userId: string;
    /** The JSON object body, set by the `jsonBody` middleware. */
    body: Record<string, unknown>;
    /** Login secrets this request handles, scrubbed from an unexpected error's log line. */
    secrets: string[];
    /** The Finsify client for this request: every call, retries included, ends by the request's deadline. */
    finsify: FinsifyClient;
  };
};
export type ProxyContext = Context<ProxyEnv>;

/**
 * Notes a login secret this request handles, so that an unexpected error's log line is scrubbed of
 * it: a store or client may quote what it was given in its message.
 */
export function holdSecret(c: ProxyContext, secret: string): void {
  c.set('secrets', [...(c.get('secrets') ?? []), secret]);
}

/** A positive safe integer id from JSON or a query string (`23456` or `"23456"`). */
export function parseId(value: unknown, field: string): number {
  const id = positiveId(value);
  if (id !== undefined) return id;
  throw dataInvalid(field, `${field} must be a positive integer.`);
}

/**
 * The signed-in user's login `loginId` (another user's, or none: `404 LoginNotFound`), its secret held
 * for scrubbing (see {@link holdSecret}).
 */
export async function ownLogin(c: ProxyContext, vault: LoginVault, loginId: number): Promise<LoginRecord> {
  const login = await vault.getLogin(c.get('userId'), loginId);
  if (!login) throw loginNotFound(loginId);
  holdSecret(c, login.secret);
  return login;
}
