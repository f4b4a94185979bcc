import type { SecretKeySpec } from './types.js';

/** A key login secrets are sealed with: its id (named in what it seals) and its 32 bytes. */
export interface SecretKey {
  id: string;
  key: Uint8Array;
}

/** What a key id may be: it is written into every sealed secret and hash, before a `.`. */
export const SECRET_KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** How to make a key, for error messages. */
export const MAKE_A_KEY =
  'make a key with `openssl rand -base64 32` or `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"` ' +
  'and set it as "<id>:<key>", e.g. "k1:<key>"';

/**
 * Reads `secretKeys` (`PROXY_SECRET_KEYS`): `"<id>:<base64 of 32 bytes>,<id>:<…>"`, newest first, or
 * the same as a list of {@link SecretKeySpec}. Errors name the key by its id or position, never
 * quoting key material.
 *
 * @throws TypeError when the list is empty, an id is malformed or repeated, or a key is not 32 bytes.
 */
export function parseSecretKeys(input: string | readonly SecretKeySpec[], name = 'secretKeys'): SecretKey[] {
  const specs: { id: string; key: string | Uint8Array; position: number }[] = [];
  if (typeof input === 'string') {
    const parts = input.split(',').map((part) => part.trim()).filter(Boolean);
    parts.forEach((part, index) => {
      const colon = part.indexOf(':');
      if (colon < 0) throw new TypeError(`${name}: entry ${index + 1} is not "<id>:<base64 key>" (no ":"); ${MAKE_A_KEY}`);
      specs.push({ id: part.slice(0, colon).trim(), key: part.slice(colon + 1).trim(), position: index + 1 });
    });
  } else if (Array.isArray(input)) {
    (input as readonly SecretKeySpec[]).forEach((spec, index) => {
      if (!spec || typeof spec !== 'object') throw new TypeError(`${name}: entry ${index + 1} is not { id, key }`);
      specs.push({ id: typeof spec.id === 'string' ? spec.id : '', key: spec.key, position: index + 1 });
    });
  } else {
    throw new TypeError(`${name} must be a string "<id>:<base64 key>,…" or a list of { id, key }`);
  }
  if (specs.length === 0) throw new TypeError(`${name} is empty; ${MAKE_A_KEY}`);
  const seen = new Set<string>();
  return specs.map(({ id, key, position }) => {
    if (!SECRET_KEY_ID.test(id)) {
      throw new TypeError(`${name}: entry ${position} has an invalid key id (1 to 32 of A-Z a-z 0-9 _ -)`);
    }
    if (seen.has(id)) throw new TypeError(`${name}: key id "${id}" appears twice`);
    seen.add(id);
    const bytes = typeof key === 'string' ? decodeBase64(key) : key instanceof Uint8Array ? new Uint8Array(key) : undefined;
    if (!bytes) throw new TypeError(`${name}: key "${id}" is not valid base64; ${MAKE_A_KEY}`);
    if (bytes.length !== 32) throw new TypeError(`${name}: key "${id}" is ${bytes.length} bytes, not 32; ${MAKE_A_KEY}`);
    return { id, key: bytes };
  });
}

/** base64 or base64url, padded or not; `undefined` when it is neither. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(normal) || normal.length % 4 === 1) return undefined;
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes as base64url without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
