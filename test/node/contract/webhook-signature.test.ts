import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEFAULT_SIGNATURE_TOLERANCE_MS, signWebhook, verifyWebhookSignature } from '../../../src/contract/webhook-signature.js';

const SECRET = 'whsec_contract';
const body = JSON.stringify({ login_id: 21000, timestamp: 1467331200000, accounts: [{ id: 19316 }], new: 1, referenceId: 'hsSU83HnX' });
const now = Date.UTC(2024, 5, 1, 12);
const seconds = Math.floor(now / 1000);

describe('contract: webhook signature', () => {
  it('signs t=<seconds>,v1=<hex HMAC-SHA256 of "t.body"> (the same bytes node:crypto makes)', async () => {
    const header = await signWebhook(SECRET, body, seconds);
    const expected = createHmac('sha256', SECRET).update(`${seconds}.${body}`).digest('hex');
    assert.equal(header, `t=${seconds},v1=${expected}`);
  });

  it('verifies what it signed', async () => {
    assert.deepEqual(await verifyWebhookSignature(await signWebhook(SECRET, body, seconds), body, SECRET, now), { ok: true });
    assert.deepEqual(await verifyWebhookSignature(await signWebhook(SECRET, '', seconds), '', SECRET, now), { ok: true });
  });

  it('refuses a tampered body, timestamp or signature, a wrong secret, and malformed headers', async () => {
    const header = await signWebhook(SECRET, body, seconds);
    const v1 = header.split('v1=')[1]!;
    const flipped = (v1[0] === '0' ? '1' : '0') + v1.slice(1);
    const cases: Array<[string | null, string, string]> = [
      [header, body.replace('21000', '21001'), 'mismatch'],
      [header, `${body} `, 'mismatch'],
      [`t=${seconds + 1},v1=${v1}`, body, 'mismatch'],
      [`t=${seconds},v1=${flipped}`, body, 'mismatch'],
      [`t=${seconds},v1=${v1.slice(0, 62)}`, body, 'mismatch'],
      [`t=${seconds},v1=${v1.toUpperCase()}zz`, body, 'mismatch'],
      [await signWebhook('another-secret', body, seconds), body, 'mismatch'],
      [await signWebhook(SECRET, body, seconds - 301), body, 'timestamp outside tolerance'],
      [await signWebhook(SECRET, body, seconds + 301), body, 'timestamp outside tolerance'],
      [null, body, 'missing'],
      ['', body, 'missing'],
      [`v1=${v1}`, body, 'malformed'],
      [`t=abc,v1=${v1}`, body, 'malformed'],
      [`t=${seconds}`, body, 'malformed'],
      [`t=1234567890123,v1=${v1}`, body, 'malformed'],
    ];
    for (const [value, text, reason] of cases) assert.deepEqual(await verifyWebhookSignature(value, text, SECRET, now), { ok: false, reason }, String(value));
  });

  it('accepts uppercase hex, and any of several v1 values while a secret is rotated', async () => {
    const current = (await signWebhook(SECRET, body, seconds)).split('v1=')[1]!;
    const previous = (await signWebhook('whsec_old', body, seconds)).split('v1=')[1]!;
    assert.deepEqual(await verifyWebhookSignature(`t=${seconds},v1=${current.toUpperCase()}`, body, SECRET, now), { ok: true });
    for (const header of [`t=${seconds},v1=${previous},v1=${current}`, `t=${seconds}, v1=${current}, v1=${previous}`, `v1=nothex,t=${seconds},v1=${current},v1=${previous}`]) {
      assert.deepEqual(await verifyWebhookSignature(header, body, SECRET, now), { ok: true }, header);
      assert.deepEqual(await verifyWebhookSignature(header, body, 'whsec_old', now), { ok: true }, header);
    }
    assert.deepEqual(await verifyWebhookSignature(`t=${seconds},v1=${previous},v1=${previous}`, body, SECRET, now), { ok: false, reason: 'mismatch' });
  });

  it('keeps its tolerance configurable (5 minutes by default)', async () => {
    const old = await signWebhook(SECRET, body, seconds - 600);
    assert.equal(DEFAULT_SIGNATURE_TOLERANCE_MS, 300_000);
    assert.deepEqual(await verifyWebhookSignature(old, body, SECRET, now, 601_000), { ok: true });
  });
});
