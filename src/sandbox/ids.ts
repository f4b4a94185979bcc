// Identifiers that must not be guessable (tokens, secrets, customer ids) come from Web Crypto,
// never from the seedable `random` option that only shapes the generated bank data.

export function uuid(): string {
  return crypto.randomUUID();
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A short reference like the spec's webhook `referenceId` ("hsSU83HnX"). */
export function referenceId(length = 9): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  // `b % 62` is slightly uneven; a reference only needs to be unique, not uniform.
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** Compares two secrets in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
