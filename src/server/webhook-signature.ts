import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header the sandbox (and a signing Finsify) sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'finsify-signature';
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Makes a signature header value, for tests and for partners replaying events. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/**
 * Checks `Finsify-Signature` against the raw body in constant time, and that its timestamp is within
 * `toleranceMs` of now (a captured delivery cannot be replayed later). Several `v1` values are
 * accepted so a signing secret can be rotated.
 */
export function verifyWebhookSignature(
  header: string | null,
  body: string,
  secret: string,
  now: number,
  toleranceMs = DEFAULT_SIGNATURE_TOLERANCE_MS,
): SignatureCheck {
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
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  for (const signature of signatures) {
    if (!/^[0-9a-f]{64}$/i.test(signature)) continue;
    if (timingSafeEqual(Buffer.from(signature, 'hex'), expected)) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
