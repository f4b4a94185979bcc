import { PLAINTEXT_MARKER, SealedSecretError, createSecretCipher, isMigrationCarryOver } from './secret-cipher.js';
import { parseSecretKeys } from './secret-keys.js';
import type { LoginCursor, ProxyStore } from './store/types.js';
import type { ProxyLogger, SecretKeySpec } from './types.js';

/** Options of {@link reencryptSecrets}. */
export interface ReencryptOptions {
  store: ProxyStore;
  /** The proxy's keys, newest first (as `secretKeys`): every login ends sealed under the first. */
  secretKeys: string | readonly SecretKeySpec[];
  logger?: ProxyLogger;
  /** Logins read per page. Default 200. */
  batchSize?: number;
}

/** What {@link reencryptSecrets} did. */
export interface ReencryptResult {
  /** Logins read. */
  examined: number;
  /** Logins sealed anew under the newest key. */
  resealed: number;
  /** Logins sealed under the newest key already. */
  alreadyCurrent: number;
  /** Logins whose secret changed while they were resealed (a reconnect stored a new one, under the newest key): left as they are. */
  changedMeanwhile: number;
}

/**
 * Seals every login secret under the newest of `secretKeys` (after adding a key in front, before
 * removing an old one): walks the logins a page at a time and replaces each sealed secret and hash not
 * under the newest key, only if the row still has what was read (`resealLogin`), so it is safe while
 * instances serve: a reconnect that stored a new secret meanwhile is left alone. Run it again until
 * `resealed` and `changedMeanwhile` are 0 if you like; then the older keys can go.
 *
 * @throws Error naming the key id (never the data) when a login is sealed under a key not in
 *   `secretKeys`, or does not open; nothing after it is resealed, what came before stays resealed.
 */
export async function reencryptSecrets(options: ReencryptOptions): Promise<ReencryptResult> {
  const { store, logger } = options;
  const batchSize = options.batchSize ?? 200;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TypeError('reencryptSecrets: batchSize must be a positive integer');
  const cipher = createSecretCipher(parseSecretKeys(options.secretKeys, 'reencryptSecrets: secretKeys'));
  await store.ready?.();
  const result: ReencryptResult = { examined: 0, resealed: 0, alreadyCurrent: 0, changedMeanwhile: 0 };
  let cursor: LoginCursor | null = null;
  for (;;) {
    const page = await store.loginsAfter(cursor, batchSize);
    for (const login of page) {
      result.examined += 1;
      if (cipher.isCurrent(login.sealedSecret)) {
        result.alreadyCurrent += 1;
        continue;
      }
      let secret: string;
      // Only a migration's carry-over (no hash yet) is taken as plain text: a `plain.` value planted in a row
      // that had a sealed secret would otherwise be sealed for that row, past the row binding.
      if (isMigrationCarryOver(login)) secret = login.sealedSecret.slice(PLAINTEXT_MARKER.length);
      else {
        try {
          secret = await cipher.open(login.sealedSecret, login.userId, login.loginId);
        } catch (error) {
          if (!(error instanceof SealedSecretError)) throw error;
          throw new Error(`reencryptSecrets: login ${login.loginId} of user ${JSON.stringify(login.userId)}: ${error.message}`, { cause: error });
        }
      }
      const [sealed, hash] = await Promise.all([cipher.seal(secret, login.userId, login.loginId), cipher.hash(secret)]);
      if (await store.resealLogin(login.userId, login.loginId, login.sealedSecret, sealed, hash)) result.resealed += 1;
      else result.changedMeanwhile += 1;
    }
    if (page.length < batchSize) break;
    const last = page.at(-1)!;
    cursor = { userId: last.userId, loginId: last.loginId };
  }
  logger?.info('login secrets re-encrypted under the newest key', { keyId: cipher.keyIds[0], ...result });
  return result;
}
