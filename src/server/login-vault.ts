import { ProxyError } from './errors.js';
import { PLAINTEXT_MARKER, SealedSecretError, isMigrationCarryOver, type SecretCipher } from './secret-cipher.js';
import type { LoginRecord, LoginToSave, ProxyStore, StateCompletion, StoredLogin } from './store/types.js';
import type { ProxyLogger } from './types.js';

/**
 * The store's logins as the proxy's own code sees them: with their secrets in plain text. The store
 * itself only ever gets them sealed (AES-256-GCM, bound to their row) with a keyed hash to check
 * uniqueness on. One per proxy, built by `createFinsifyProxy`.
 */
export interface LoginVault {
  /** @throws ProxyError `500 InternalError` when its sealed secret cannot be opened (logged, naming the key id). */
  getLogin(userId: string, loginId: number): Promise<LoginRecord | undefined>;
  /** The unconfirmed claims of a login id, newest first; a claim whose secret cannot be opened is left out (and logged). */
  unconfirmedLogins(loginId: number): Promise<LoginRecord[]>;
  /** `ProxyStore.saveLogin` with the secret sealed and hashed under every key. */
  saveLogin(record: LoginRecord): Promise<boolean>;
  /** `ProxyStore.dropUnconfirmedLogin` by the secret's hash under any configured key. */
  dropUnconfirmedLogin(userId: string, loginId: number, secret: string): Promise<boolean>;
  /** `ProxyStore.completePendingState` with the login it carries sealed. */
  completePendingState(input: {
    state: string;
    completion: StateCompletion;
    login: LoginRecord | null;
    keepUntil: number;
  }): Promise<{ completion: StateCompletion; replayed: boolean } | undefined>;
  /** What a completed state keeps of the secret its result carried: the keyed hash under the newest key. */
  secretDigest(secret: string): Promise<string>;
  /** Whether a completion's `secretDigest` is `secret`'s, under any configured key. */
  digestMatches(secret: string, digest: string | null): Promise<boolean>;
  /** Seals the logins a migration left in plain text (`ProxyStore.unsealedLogins`); returns how many. */
  sealLegacySecrets(): Promise<number>;
}

/** Logins sealed per batch by {@link LoginVault.sealLegacySecrets}. */
const LEGACY_BATCH = 200;

export function createLoginVault(store: ProxyStore, cipher: SecretCipher, logger: ProxyLogger): LoginVault {
  async function toSave(record: LoginRecord): Promise<LoginToSave> {
    const { secret, ...rest } = record;
    const [sealedSecret, secretHashes] = await Promise.all([cipher.seal(secret, record.userId, record.loginId), cipher.hashes(secret)]);
    return { ...rest, sealedSecret, secretHash: secretHashes[0]!, secretHashes };
  }

  /** The login with its secret opened; `undefined` (logged) when it cannot be. */
  async function opened(login: StoredLogin): Promise<LoginRecord | undefined> {
    const { sealedSecret, secretHash: _hash, ...rest } = login;
    try {
      return { ...rest, secret: await cipher.open(sealedSecret, login.userId, login.loginId) };
    } catch (error) {
      if (!(error instanceof SealedSecretError)) throw error;
      logger.error(`login secret cannot be opened: ${error.message}`, { userId: login.userId, loginId: login.loginId, keyId: error.keyId ?? null });
      return undefined;
    }
  }

  return {
    async getLogin(userId, loginId) {
      const login = await store.getLogin(userId, loginId);
      if (!login) return undefined;
      const open = await opened(login);
      if (!open) {
        throw new ProxyError(500, 'InternalError', 'The stored secret of this login cannot be opened with the configured keys; the operator must restore the key it was sealed with.', {
          login_id: loginId,
        });
      }
      return open;
    },
    async unconfirmedLogins(loginId) {
      const claims = await Promise.all((await store.unconfirmedLogins(loginId)).map(opened));
      return claims.filter((claim): claim is LoginRecord => claim !== undefined);
    },
    async saveLogin(record) {
      return (await store.saveLogin(await toSave(record))) !== false;
    },
    async dropUnconfirmedLogin(userId, loginId, secret) {
      return store.dropUnconfirmedLogin(userId, loginId, await cipher.hashes(secret));
    },
    async completePendingState({ login, ...rest }) {
      return store.completePendingState({ ...rest, login: login && (await toSave(login)) });
    },
    secretDigest: (secret) => cipher.hash(secret),
    async digestMatches(secret, digest) {
      if (digest === null) return false;
      return (await cipher.hashes(secret)).includes(digest) || digest === (await legacyDigest(secret));
    },
    async sealLegacySecrets() {
      if (!store.unsealedLogins) return 0;
      let sealed = 0;
      const tried = new Set<string>();
      for (;;) {
        const batch = (await store.unsealedLogins(LEGACY_BATCH)).filter((login) => !tried.has(`${login.loginId}\u0000${login.userId}`));
        if (batch.length === 0) return sealed;
        for (const login of batch) {
          tried.add(`${login.loginId}\u0000${login.userId}`);
          if (!isMigrationCarryOver(login)) continue;
          const secret = login.sealedSecret.slice(PLAINTEXT_MARKER.length);
          const [next, hash] = await Promise.all([cipher.seal(secret, login.userId, login.loginId), cipher.hash(secret)]);
          if (await store.resealLogin(login.userId, login.loginId, login.sealedSecret, next, hash)) sealed += 1;
        }
      }
    },
  };
}

/**
 * How versions before sealed secrets kept a completed state's digest: SHA-256 (hex) of the secret. A
 * state completed just before the upgrade (kept a day for replays of its callback) still matches.
 */
async function legacyDigest(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
