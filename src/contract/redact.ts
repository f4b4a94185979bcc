/** What replaces a secret wherever one would otherwise appear. */
export const REDACTED = '[redacted]';

/** Property names whose values are secret, at any depth (`loginSecret`, `service-secret`, `password`, ...). */
export const SECRET_KEY = /secret|password|credential|authorization|cookie/i;

/** Objects nested deeper than this are not copied. */
const MAX_DEPTH = 8;

/**
 * A deep copy of `value` without secrets, for anything that leaves the process or the page
 * (Finsify's error bodies, whose `LoginNotFound` echoes the login secret in its message and in
 * `extra.loginSecret`; a proxy's log fields):
 * - a property whose name matches {@link SECRET_KEY} is replaced by `mask`, or left out when
 *   `mask` is `null`;
 * - what such a property held (strings and numbers, at any depth) and each of `secrets` are
 *   blanked out of every string, as {@link REDACTED}, when at least 4 characters long;
 * - an object nested deeper than 8 levels becomes `mask`.
 */
export function redact(value: unknown, secrets: readonly string[] = [], mask: string | null = REDACTED): unknown {
  const found = [...secrets];
  let hidden: string[] = [];
  // Walked twice: first to find what secret keys hold, then to copy with all of it blanked out.
  const walk = (item: unknown, depth: number, secret?: boolean): unknown => {
    if (secret && (typeof item === 'string' || typeof item === 'number')) found.push(String(item));
    if (typeof item === 'string') return hidden.reduce((text, hide) => text.replaceAll(hide, REDACTED), item);
    if (typeof item !== 'object' || !item) return item;
    if (depth >= MAX_DEPTH) return mask;
    // An array's keys are its indexes: copied in the same loop, into an array.
    const copy = (Array.isArray(item) ? [] : {}) as Record<string, unknown>;
    for (const [key, inner] of Object.entries(item)) {
      const hide = SECRET_KEY.test(key);
      const kept = walk(inner, depth + 1, secret || hide);
      if (!hide || mask !== null) copy[key] = hide ? mask : kept;
    }
    return copy;
  };
  walk(value, 0);
  hidden = found.filter((text) => text.length > 3);
  return walk(value, 0);
}

/**
 * An error's message for a log line, without `secrets` as written or percent-encoded (a store or
 * client may quote what it was given, and a callback path carries its secret encoded).
 */
export function errorMessage(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, secrets.flatMap((secret) => [secret, encodeURIComponent(secret)])) as string;
}
