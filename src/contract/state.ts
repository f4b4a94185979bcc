// 64 symbols, so the low six bits of a random byte pick one without bias.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The contract's `state`: 22 to 64 characters of `A-Z a-z 0-9 _ -` (URL-safe, no encoding needed;
 * without the `u` flag `\w` is exactly `A-Za-z0-9_`).
 */
export const STATE_PATTERN = /^[\w-]{22,64}$/;

/** True for a string shaped like a contract `state`. */
export const isState = (value: unknown): value is string => typeof value === 'string' && STATE_PATTERN.test(value);

/**
 * A fresh, unguessable `state` for one flow: 43 symbols of 6 random bits each (258 bits), so a
 * result for another flow, or one forged by a page that cannot read ours, never matches.
 */
export function createState(length = 43): string {
  let state = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) state += ALPHABET[byte & 63];
  return state;
}

/** `base + '/' + segment`, never doubling the slash. A state is already URL-safe by its pattern. */
export const joinUrl = (base: string, segment: string): string => `${base.replace(/\/+$/, '')}/${segment}`;
