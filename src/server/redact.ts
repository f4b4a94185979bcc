/** What replaces a secret wherever one would otherwise appear. */
export const REDACTED = '[redacted]';

const SECRET_KEY = /secret|password|credential|authorization|cookie/i;
const MAX_DEPTH = 8;

/**
 * A deep copy of `value` with secrets removed: any property whose name looks secret
 * (`loginSecret`, `service-secret`, ...) and any string containing one of `secrets`.
 * Used on Finsify's error bodies (its `LoginNotFound` echoes the login secret in `extra`)
 * and on every set of log fields.
 */
export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  return walk(value, secrets.filter((secret) => secret.length >= 4), 0);
}

function walk(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : walk(item, secrets, depth + 1);
  }
  return copy;
}

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * An error's message for a log line, without `secrets` as written or percent-encoded (a store or
 * client may quote what it was given, and a callback path carries its secret encoded).
 */
export function errorMessage(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, secrets.flatMap((secret) => [secret, encodeURIComponent(secret)])) as string;
}
