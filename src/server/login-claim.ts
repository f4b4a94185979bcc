import type { ProxyDeps } from './context.js';
import { ProxyError, loginNotFound } from './errors.js';
import { errorName } from './finsify-client.js';
import type { LoginRecord } from './store/types.js';
import { upstreamError } from './upstream.js';

/** Claims in progress per login id in this process, so two users' claims of one login never interleave. */
const claiming = new WeakMap<ProxyDeps, Map<number, Promise<unknown>>>();

/**
 * Keeps a login secret for a user only once it is known to be theirs to keep:
 *
 * - a login id another user already holds is refused as `404 LoginNotFound`, the same answer as for a
 *   login that does not exist (nothing says who holds it);
 * - the pair is checked with Finsify (`GET /v2/account` with that `Login-secret`): Finsify's
 *   `LoginNotFound`, or accounts listed under another `login_id`, is `404 LoginNotFound`; its other
 *   4xx answers (`CredentialInvalid`, …) are passed on, scrubbed; Finsify unreachable, in maintenance
 *   or failing is `503 ConnectError` (with Finsify's `Retry-After` when it sent one);
 * - nothing is stored unless all of that passed.
 *
 * A login Finsify lists no account for yet (just connected, still being fetched) cannot be matched
 * to its id by its accounts; it is kept on the strength of its secret.
 *
 * @throws ProxyError as above.
 */
export async function claimLogin(deps: ProxyDeps, record: LoginRecord): Promise<void> {
  let running = claiming.get(deps);
  if (!running) claiming.set(deps, (running = new Map()));
  const previous = running.get(record.loginId) ?? Promise.resolve();
  const mine = previous.catch(() => {}).then(() => verifyAndSave(deps, record));
  running.set(record.loginId, mine);
  try {
    await mine;
  } finally {
    if (running.get(record.loginId) === mine) running.delete(record.loginId);
  }
}

/** The refusal of a login another user holds: as if it did not exist. */
function heldByAnother(deps: ProxyDeps, userId: string, loginId: number): ProxyError {
  deps.logger.warn('login refused: held by another user', { userId, loginId });
  return loginNotFound(loginId);
}

async function refuseIfHeldByAnother(deps: ProxyDeps, userId: string, loginId: number): Promise<void> {
  const owners = await deps.store.loginOwners(loginId);
  if (owners.some((owner) => owner !== userId)) throw heldByAnother(deps, userId, loginId);
}

async function verifyAndSave(deps: ProxyDeps, record: LoginRecord): Promise<void> {
  const { userId, loginId, secret } = record;
  await refuseIfHeldByAnother(deps, userId, loginId);
  const secrets = [...deps.secrets, secret];
  let response;
  try {
    response = await deps.finsify.listAccounts(secret);
  } catch (error) {
    if (error instanceof ProxyError && error.status === 503) throw unverified(loginId, error.message, undefined);
    throw error;
  }
  if (response.status >= 500) {
    deps.logger.warn('login not verified: Finsify unavailable', { userId, loginId, status: response.status, error: errorName(response.body) });
    throw unverified(loginId, `Finsify answered ${response.status} ${errorName(response.body) ?? ''}`.trim() + '.', response.status === 503 ? response.retryAfter : null);
  }
  if (response.status === 404 && errorName(response.body) === 'LoginNotFound') {
    deps.logger.warn('login refused: Finsify does not know this secret', { userId, loginId });
    throw loginNotFound(loginId);
  }
  if (response.status < 200 || response.status >= 300) {
    deps.logger.warn('login refused by Finsify', { userId, loginId, status: response.status, error: errorName(response.body) });
    throw upstreamError(response, secrets);
  }
  const accounts = accountsOf(response.body);
  if (!accounts) throw new ProxyError(502, 'UpstreamInvalid', 'Finsify listed the accounts of this login in an unexpected shape.');
  if (accounts.some((account) => account.login_id !== undefined && account.login_id !== null && Number(account.login_id) !== loginId)) {
    deps.logger.warn('login refused: the secret opens another login', { userId, loginId });
    throw loginNotFound(loginId);
  }
  // Another process may have stored another user's claim while Finsify answered (claims in this
  // process are serialised per login id). The store's write refuses it atomically; this second look
  // is for stores that cannot refuse (their saveLogin returns nothing).
  await refuseIfHeldByAnother(deps, userId, loginId);
  if ((await deps.store.saveLogin(record)) === false) throw heldByAnother(deps, userId, loginId);
}

function unverified(loginId: number, reason: string, retryAfter: string | null | undefined): ProxyError {
  return new ProxyError(
    503,
    'ConnectError',
    `Finsify could not confirm login ${loginId} (${reason.replace(/\.$/, '')}), so it was not stored. Send it again shortly.`,
    { login_id: loginId, stored: false },
    retryAfter ? { 'Retry-After': retryAfter } : undefined,
  );
}

function accountsOf(body: unknown): { login_id?: unknown }[] | undefined {
  if (!body || typeof body !== 'object' || !('data' in body) || !Array.isArray(body.data)) return undefined;
  return body.data.filter((item): item is { login_id?: unknown } => Boolean(item) && typeof item === 'object');
}
