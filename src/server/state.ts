/** The contract's `state`: 22 to 64 characters of `A-Z a-z 0-9 _ -` (URL-safe, no encoding needed). */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** How long a server-mode state can be answered by Finsify's callback. */
export const DEFAULT_STATE_LIFETIME_MS = 15 * 60 * 1000;

export function isValidState(value: unknown): value is string {
  return typeof value === 'string' && STATE_PATTERN.test(value);
}

/** `base + '/' + state`, never doubling the slash. The state is already URL-safe by its pattern. */
export function joinUrl(base: string, segment: string): string {
  return `${base.replace(/\/+$/, '')}/${segment}`;
}
