// Login secrets at rest: AES-256-GCM under the configured keys, and a keyed hash (HMAC-SHA-256) to
// check uniqueness on. WebCrypto only (`crypto.subtle`), no Node API: `finsify-connect/server` stays
// runtime-neutral.
import { SECRET_KEY_ID, decodeBase64, encodeBase64Url, type SecretKey } from './secret-keys.js';

/** What a sealed secret starts with: the format's version. `v1.<keyId>.<iv>.<ciphertext and tag>`. */
const SEALED_VERSION = 'v1';

/**
 * What a store's migration writes for a login secret an earlier version kept in plain text
 * (`plain.<secret>`, with no hash): the proxy seals such rows in `ready()` before it serves.
 */
export const PLAINTEXT_MARKER = 'plain.';

/**
 * A secret a migration carried over from a version before sealing: `plain.<secret>` and no hash yet.
 * Nothing else in plain text is ever sealed (a `plain.` value in a row with a hash was not put there by us).
 */
export function isMigrationCarryOver(login: { sealedSecret: string; secretHash: string }): boolean {
  return login.sealedSecret.startsWith(PLAINTEXT_MARKER) && !login.secretHash;
}

/** HKDF `info` of the two keys derived from each configured key: one seals, one hashes. */
const SEAL_INFO = 'finsify-connect/server login-secret seal v1';
const HASH_INFO = 'finsify-connect/server login-secret hash v1';
/** HKDF salt: fixed (the configured keys are random already). */
const HKDF_SALT = 'finsify-connect/server secret-keys';

/**
 * FOR LOCAL WORK ONLY: the key `insecureDevelopmentKey` seals with. It is printed here, so anyone can
 * open what it sealed: `insecure-dev:Zmluc2lmeS1jb25uZWN0LWluc2VjdXJlLWRldi1rZXk=` (the 32 bytes of
 * `finsify-connect-insecure-dev-key`).
 */
export const INSECURE_DEVELOPMENT_KEY: Readonly<SecretKey> = Object.freeze({
  id: 'insecure-dev',
  key: decodeBase64('Zmluc2lmeS1jb25uZWN0LWluc2VjdXJlLWRldi1rZXk=')!,
});

/** A random key for an ephemeral store (memory) configured without keys: what it seals dies with the process. */
export function randomSecretKey(id = 'ephemeral'): SecretKey {
  return { id, key: crypto.getRandomValues(new Uint8Array(32)) };
}

/** A sealed secret that cannot be opened. Its message names the key id (when it is one), never the data. */
export class SealedSecretError extends Error {
  constructor(
    message: string,
    /** The key id the sealed secret names, when it is a well-formed one. */
    readonly keyId: string | undefined,
  ) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/** Seals and opens login secrets, and hashes them, under the configured keys (newest first). */
export interface SecretCipher {
  /** The key ids, newest first: `keyIds[0]` seals and hashes. */
  readonly keyIds: readonly string[];
  /** Seals `secret` for the login row `(userId, loginId)` under the newest key. */
  seal(secret: string, userId: string, loginId: number): Promise<string>;
  /**
   * Opens what {@link seal} made for this same row, under whichever configured key sealed it.
   * @throws SealedSecretError when its key is not configured, it was changed, or it belongs to another row.
   */
  open(sealed: string, userId: string, loginId: number): Promise<string>;
  /** The keyed hash under the newest key: `<keyId>.<hex HMAC-SHA-256>`. */
  hash(secret: string): Promise<string>;
  /** The keyed hash under every configured key, newest first. */
  hashes(secret: string): Promise<string[]>;
  /** Whether `sealed` is sealed under the newest key. */
  isCurrent(sealed: string): boolean;
  /** The key id a sealed secret names, if it is well-formed. */
  keyIdOf(sealed: string): string | undefined;
}

interface DerivedKeys {
  seal: CryptoKey;
  hash: CryptoKey;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The additional data a sealed secret is bound to: its key id and its row. */
function boundTo(keyId: string, userId: string, loginId: number): Uint8Array {
  return encoder.encode(JSON.stringify(['finsify-connect login secret', keyId, userId, loginId]));
}

async function derive(key: Uint8Array): Promise<DerivedKeys> {
  const base = await crypto.subtle.importKey('raw', key as BufferSource, 'HKDF', false, ['deriveKey']);
  const params = (info: string): HkdfParams => ({ name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(HKDF_SALT), info: encoder.encode(info) });
  const [seal, hash] = await Promise.all([
    crypto.subtle.deriveKey(params(SEAL_INFO), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.deriveKey(params(HASH_INFO), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { seal, hash };
}

function hex(buffer: ArrayBuffer): string {
  let text = '';
  for (const byte of new Uint8Array(buffer)) text += byte.toString(16).padStart(2, '0');
  return text;
}

/**
 * A {@link SecretCipher} over `keys` (newest first, as {@link parseSecretKeys} returns them). Each key
 * is imported once, on first use, and two keys derived from it by HKDF-SHA-256 (distinct `info`): an
 * AES-256-GCM key (random 96-bit IV per seal; the key id, user id and login id as additional data, so a
 * sealed secret moved to another row does not open) and an HMAC-SHA-256 key for the hash.
 */
export function createSecretCipher(keys: readonly SecretKey[]): SecretCipher {
  if (keys.length === 0) throw new TypeError('createSecretCipher: at least one key is required');
  const material = new Map(keys.map((key) => [key.id, new Uint8Array(key.key)]));
  const derived = new Map<string, Promise<DerivedKeys>>();
  const keyIds = keys.map((key) => key.id);
  const newest = keyIds[0]!;

  function keysOf(id: string): Promise<DerivedKeys> | undefined {
    let found = derived.get(id);
    if (!found) {
      const key = material.get(id);
      if (!key) return undefined;
      found = derive(key);
      derived.set(id, found);
    }
    return found;
  }

  async function hashUnder(id: string, secret: string): Promise<string> {
    const { hash } = await keysOf(id)!;
    return `${id}.${hex(await crypto.subtle.sign('HMAC', hash, encoder.encode(secret)))}`;
  }

  function parts(sealed: string): { keyId: string; iv: Uint8Array; data: Uint8Array } | undefined {
    const fields = sealed.split('.');
    if (fields.length !== 4 || fields[0] !== SEALED_VERSION || !SECRET_KEY_ID.test(fields[1]!)) return undefined;
    const iv = decodeBase64(fields[2]!);
    const data = decodeBase64(fields[3]!);
    if (!iv || iv.length !== 12 || !data || data.length < 16) return undefined;
    return { keyId: fields[1]!, iv, data };
  }

  return {
    keyIds,
    async seal(secret, userId, loginId) {
      const { seal } = await keysOf(newest)!;
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: boundTo(newest, userId, loginId) as BufferSource }, seal, encoder.encode(secret));
      return `${SEALED_VERSION}.${newest}.${encodeBase64Url(iv)}.${encodeBase64Url(new Uint8Array(data))}`;
    },
    async open(sealed, userId, loginId) {
      const found = parts(sealed);
      if (!found) {
        const what = sealed.startsWith(PLAINTEXT_MARKER) ? 'a plaintext secret left by a migration, not sealed yet' : 'not a sealed secret this version reads';
        throw new SealedSecretError(`the stored login secret is ${what}`, undefined);
      }
      const keys = keysOf(found.keyId);
      if (!keys) {
        throw new SealedSecretError(`the stored login secret is sealed under key "${found.keyId}", which is not in secretKeys (PROXY_SECRET_KEYS)`, found.keyId);
      }
      let plain: ArrayBuffer;
      try {
        plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: found.iv as BufferSource, additionalData: boundTo(found.keyId, userId, loginId) as BufferSource },
          (await keys).seal,
          found.data as BufferSource,
        );
      } catch {
        throw new SealedSecretError(
          `the stored login secret sealed under key "${found.keyId}" failed its integrity check: changed, or moved from another login row`,
          found.keyId,
        );
      }
      try {
        return decoder.decode(plain);
      } catch {
        throw new SealedSecretError(`the stored login secret sealed under key "${found.keyId}" is not text`, found.keyId);
      }
    },
    hash: (secret) => hashUnder(newest, secret),
    hashes: (secret) => Promise.all(keyIds.map((id) => hashUnder(id, secret))),
    isCurrent: (sealed) => parts(sealed)?.keyId === newest,
    keyIdOf: (sealed) => parts(sealed)?.keyId,
  };
}
