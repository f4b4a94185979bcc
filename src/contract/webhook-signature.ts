/** The header the sandbox (and a signing Finsify) sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'finsify-signature';
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const encoder = new TextEncoder();

/** The HMAC-SHA256 key for `secret`, with WebCrypto (no Node API: the same code runs anywhere). */
const hmacKey = (secret: string, use: 'sign' | 'verify'): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [use]);

/** What is signed: `"<t>.<body>"`. */
const signedText = (timestamp: number | string, body: string): Uint8Array<ArrayBuffer> => encoder.encode(`${timestamp}.${body}`);

/** `Finsify-Signature`'s value for `body` sent at `timestampSeconds`: `t=<seconds>,v1=<hex HMAC-SHA256>`. */
export async function signWebhook(secret: string, body: string, timestampSeconds: number): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), signedText(timestampSeconds, body)));
  return `t=${timestampSeconds},v1=${Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** 64 hex digits as the 32 bytes they spell. */
const hexBytes = (hex: string): Uint8Array<ArrayBuffer> => Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));

/**
 * Checks `Finsify-Signature` against the raw body, and that its timestamp is within `toleranceMs`
 * of `now` (a captured delivery cannot be replayed later). Several `v1` values are accepted, so a
 * signing secret can be rotated. Each is compared by `crypto.subtle.verify`, in constant time.
 */
export async function verifyWebhookSignature(
  header: string | null,
  body: string,
  secret: string,
  now: number,
  toleranceMs = DEFAULT_SIGNATURE_TOLERANCE_MS,
): Promise<SignatureCheck> {
  if (!header) return { ok: false, reason: 'missing' };
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value) timestamp = value;
    if (key === 'v1' && value) signatures.push(value);
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(now - Number(timestamp) * 1000) > toleranceMs) return { ok: false, reason: 'timestamp outside tolerance' };
  const key = await hmacKey(secret, 'verify');
  const signed = signedText(timestamp, body);
  for (const signature of signatures) {
    if (/^[0-9a-f]{64}$/i.test(signature) && (await crypto.subtle.verify('HMAC', key, hexBytes(signature), signed))) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
