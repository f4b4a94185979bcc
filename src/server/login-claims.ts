import { createClaimConfirmation } from './claim-confirmation.js';
import { ProxyError, loginNotFound } from './errors.js';
import { errorName, type FinsifyClient } from './finsify-client.js';
import { verdictOf, type Verdict } from './login-verdict.js';
import type { LoginVault } from './login-vault.js';
import type { LoginRecord, ProxyStore } from './store/types.js';
import type { ProxyLogger } from './types.js';
import { retryAfterOf, upstreamError } from './upstream.js';

/** What the claims need: the store, Finsify, and where to say what they decided. */
export interface LoginClaimsDeps {
  store: ProxyStore;
  /** The store's logins with their secrets opened (sealed on the way in). */
  vault: LoginVault;
  finsify: FinsifyClient;
  logger: ProxyLogger;
  now: () => number;
  /** The service or app secret, scrubbed from Finsify's errors passed on. */
  secrets: readonly string[];
}

/** Who may keep which login secret. One per proxy, built by `createFinsifyProxy`, holding its own state. */
export interface LoginClaims {
  /**
   * Keeps a login secret for a user only once it is known to be theirs to keep:
   *
   * - a login id another user holds confirmed is refused as `404 LoginNotFound`, the same answer as for
   *   a login that does not exist (nothing says who holds it);
   * - the pair is checked with Finsify (`GET /v2/account` with that `Login-secret`): Finsify's
   *   `LoginNotFound`, or accounts listed under another `login_id`, is `404 LoginNotFound` (and drops
   *   this user's unconfirmed claim of that id with that secret); its other 4xx answers
   *   (`CredentialInvalid`, …) are passed on, scrubbed; Finsify unreachable, in maintenance or failing
   *   is `503 ConnectError` (with Finsify's `Retry-After` when it sent one);
   * - accounts under this id store it *confirmed*, which removes other users' unconfirmed claims of it;
   *   no account yet stores it *unconfirmed*: nothing ties the id to the secret, so it blocks nobody
   *   and gets no status or webhook until it is confirmed (see {@link LoginClaims.settle}). A login this
   *   user holds confirmed stays confirmed only when the secret is the one stored; a new secret takes
   *   its own verdict;
   * - the store refuses a secret already stored under another login id or by another user (one secret
   *   opens one login, of one user): `404 LoginNotFound`;
   * - a confirmed claim clears the login's status: a failure reported before a successful (re)connect
   *   is over.
   *
   * Claims of one login id in this process run one after another, so two users' claims never interleave.
   * `finsify` is the request's client (bounded by its deadline); default, the proxy's. `clearStatus: false`
   * keeps the login's status (a replayed callback is no new connect).
   *
   * @returns whether the store holds the login confirmed after the write.
   * @throws ProxyError as above.
   */
  claim(record: LoginRecord, finsify?: FinsifyClient, options?: { clearStatus?: boolean }): Promise<boolean>;
  /**
   * Custody before the check: keeps the login as an unconfirmed claim before Finsify is asked about it,
   * so a crash, a stop or a Finsify that cannot answer loses nothing; {@link LoginClaims.claim} then
   * confirms or drops it. Never replaces another secret this user holds for that login (returns false:
   * only a confirmed check may). It is confirmed or dropped later like any unconfirmed claim.
   *
   * @throws ProxyError `404 LoginNotFound` when another user holds the id confirmed or the secret is
   *   stored under another login id or by another user.
   */
  park(record: LoginRecord): Promise<boolean>;
  /**
   * Settles an unconfirmed claim by what its secret's accounts say: `confirmed` stores it confirmed
   * (removing other users' unconfirmed claims of the id); `another` drops it. Returns whether the claim
   * is still held; `false` when it was dropped, or another user's confirmed claim took the id meanwhile.
   */
  settle(login: LoginRecord, verdict: Verdict): Promise<boolean>;
  /**
   * For a webhook about `loginId`: tries to confirm some of its unconfirmed claims with Finsify (bounded
   * and rate-limited: see claim-confirmation.ts) and returns the users whose claims it confirmed.
   */
  confirmForWebhook(loginId: number): Promise<string[]>;
}

export function createLoginClaims(deps: LoginClaimsDeps): LoginClaims {
  const { store, vault, logger } = deps;
  /** Claims in progress per login id, so two users' claims of one login never interleave. */
  const running = new Map<number, Promise<unknown>>();

  /** The refusal of a login another user holds: as if it did not exist. */
  function heldByAnother(userId: string, loginId: number): ProxyError {
    logger.warn('login refused: held by another user, or its secret is stored under another login or by another user', { userId, loginId });
    return loginNotFound(loginId);
  }

  async function refuseIfHeldByAnother(userId: string, loginId: number): Promise<void> {
    const owners = await store.loginOwners(loginId);
    if (owners.some((owner) => owner !== userId)) throw heldByAnother(userId, loginId);
  }

  /** Lists the secret's accounts and reads the verdict; throws as {@link LoginClaims.claim} describes. */
  async function askFinsify(finsify: FinsifyClient, userId: string, loginId: number, secret: string): Promise<Verdict> {
    let response;
    try {
      response = await finsify.listAccounts(secret);
    } catch (error) {
      if (error instanceof ProxyError && error.status === 503) throw unverified(loginId, error.message, undefined);
      throw error;
    }
    if (response.status >= 500) {
      logger.warn('login not verified: Finsify unavailable', { userId, loginId, status: response.status, error: errorName(response.body) });
      throw unverified(loginId, `Finsify answered ${response.status} ${errorName(response.body) ?? ''}`.trim() + '.', retryAfterOf(response));
    }
    if (response.status === 404 && errorName(response.body) === 'LoginNotFound') {
      // What custody kept of it (unconfirmed, this secret) goes too.
      await vault.dropUnconfirmedLogin(userId, loginId, secret);
      logger.warn('login refused: Finsify does not know this secret', { userId, loginId });
      throw loginNotFound(loginId);
    }
    if (response.status < 200 || response.status >= 300) {
      // Not an answer about this login (429, a wrong Client-Id or service secret, …): what custody kept stays.
      logger.error('login not verified: Finsify refused the check itself', { userId, loginId, status: response.status, error: errorName(response.body) });
      throw upstreamError(response, [...deps.secrets, secret]);
    }
    const verdict = verdictOf(response, loginId);
    if (!verdict) throw new ProxyError(502, 'UpstreamInvalid', 'Finsify listed the accounts of this login in an unexpected shape.');
    return verdict;
  }

  /**
   * A confirmed connect (a reconnect, say) means the login works: a failure Finsify reported before
   * (`login_password_expired`, …) is over. Only a confirmed claim may clear it: an unconfirmed one
   * could be anyone's. The login is stored already, so a failure here is only logged.
   */
  async function clearStatus(userId: string, loginId: number, connectedAt: number): Promise<void> {
    try {
      // Only a status there is: a marker written at every first connect would refuse a webhook whose
      // timestamp is a little behind this clock (Finsify's clock may be), and hide its status.
      const login = (await store.listLogins(userId)).find((summary) => summary.loginId === loginId);
      // As of when the connect's result arrived: a status reported while the check ran is newer, and stays.
      if (login?.status) await store.setLoginStatus(loginId, null, connectedAt);
    } catch (error) {
      logger.warn('login status not cleared after a successful connect', { userId, loginId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  async function verifyAndSave(record: LoginRecord, finsify: FinsifyClient, clear: boolean): Promise<boolean> {
    const { userId, loginId, secret } = record;
    await refuseIfHeldByAnother(userId, loginId);
    const verdict = await askFinsify(finsify, userId, loginId, secret);
    if (verdict === 'another') {
      await vault.dropUnconfirmedLogin(userId, loginId, secret);
      logger.warn('login refused: the secret opens another login', { userId, loginId });
      throw loginNotFound(loginId);
    }
    // Another process may have stored another user's claim while Finsify answered (claims in this
    // process are serialised per login id). The store's write refuses it atomically; this second look
    // is for stores that cannot refuse (their saveLogin returns nothing).
    await refuseIfHeldByAnother(userId, loginId);
    const confirmed = verdict === 'confirmed';
    if ((await vault.saveLogin({ ...record, confirmed })) === false) throw heldByAnother(userId, loginId);
    if (confirmed) {
      if (clear) await clearStatus(userId, loginId, record.updatedAt);
      return true;
    }
    // What the store holds: a login confirmed before stays confirmed when its secret is unchanged.
    try {
      return (await store.getLogin(userId, loginId))?.confirmed === true;
    } catch {
      // Stored already: a failing read-back must not report the claim as failed (the person would
      // connect again, making a second Finsify login). Its own verdict stands.
      return false;
    }
  }

  const claims: LoginClaims = {
    async claim(record, finsify = deps.finsify, options = {}) {
      const previous = running.get(record.loginId) ?? Promise.resolve();
      const mine = previous.catch(() => {}).then(() => verifyAndSave(record, finsify, options.clearStatus !== false));
      running.set(record.loginId, mine);
      try {
        return await mine;
      } finally {
        if (running.get(record.loginId) === mine) running.delete(record.loginId);
      }
    },

    async park(record) {
      const held = await vault.getLogin(record.userId, record.loginId);
      if (held && held.secret !== record.secret) return false;
      await refuseIfHeldByAnother(record.userId, record.loginId);
      if ((await vault.saveLogin({ ...record, confirmed: false })) === false) throw heldByAnother(record.userId, record.loginId);
      return true;
    },

    async settle(login, verdict) {
      if (login.confirmed !== false || verdict === 'unconfirmed') return true;
      const { userId, loginId } = login;
      if (verdict === 'another') {
        await vault.dropUnconfirmedLogin(userId, loginId, login.secret);
        logger.warn('unconfirmed login dropped: its secret opens another login', { userId, loginId });
        return false;
      }
      const kept = (await vault.saveLogin({ ...login, confirmed: true, updatedAt: deps.now() })) !== false;
      if (kept) logger.info('login confirmed', { userId, loginId });
      else logger.warn('unconfirmed login not confirmed: another user holds it', { userId, loginId });
      return kept;
    },

    confirmForWebhook: (loginId) => confirmation(loginId),
  };
  const confirmation = createClaimConfirmation({ ...deps, settle: claims.settle });
  return claims;
}

function unverified(loginId: number, reason: string, headers: Record<string, string> | undefined): ProxyError {
  return new ProxyError(
    503,
    'ConnectError',
    `Finsify could not confirm login ${loginId} (${reason.replace(/\.$/, '')}), so it was not stored. Send it again shortly.`,
    { login_id: loginId, stored: false },
    headers,
  );
}

/**
 * Whether a claim failed because the login is refused for what it is (Finsify does not know the secret,
 * it opens another login, another user holds it): then what custody kept of it is not kept. Any other
 * failure (Finsify unavailable, refusing the check itself) leaves it kept unconfirmed.
 */
export function isLoginRefusal(error: unknown): boolean {
  return error instanceof ProxyError && error.status === 404 && error.error === 'LoginNotFound';
}
