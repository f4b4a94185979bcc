import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, it } from 'node:test';
import { api, fakeClock, newLogin, sandbox } from './helpers.js';

interface Received {
  url: string;
  headers: Headers;
  body: string;
}

/** A webhook receiver that answers with the given statuses in turn (a thrown error for 0). */
function receiver(statuses: number[] = [200]): { fetch: typeof fetch; calls: Received[] } {
  const calls: Received[] = [];
  const fake = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
    if (status === 0) throw new TypeError('fetch failed: connection refused');
    return new Response(status === 204 ? null : 'ok', { status });
  }) as typeof fetch;
  return { fetch: fake, calls };
}

function verify(secret: string, header: string, body: string): { t: number; ok: boolean } {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  assert.ok(match, header);
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return { t: Number(match[1]), ok: timingSafeEqual(expected, Buffer.from(match[2]!, 'hex')) };
}

describe('sandbox webhooks', () => {
  it('sends the new-transaction webhook after a refresh, in the spec\'s shape plus referenceId and timestamp', async () => {
    const clock = fakeClock();
    const hook = receiver();
    const handler = sandbox({ now: clock.now, refreshIntervalSeconds: 0, webhookUrl: 'http://partner.test/webhook', fetch: hook.fetch });
    const login = await newLogin(handler);
    assert.equal(hook.calls.length, 0, 'nothing before the refresh');
    await api(handler, 'PUT', '/v2/login/refresh', undefined, { 'login-secret': login.secret });
    await handler.control.webhooksIdle();
    assert.equal(hook.calls.length, 1);
    const call = hook.calls[0]!;
    assert.equal(call.url, 'http://partner.test/webhook');
    assert.equal(call.headers.get('content-type'), 'application/json');
    assert.equal(call.headers.get('finsify-signature'), null, 'unsigned without a secret');
    const body = JSON.parse(call.body);
    assert.deepEqual(Object.keys(body).sort(), ['accounts', 'login_id', 'new', 'referenceId', 'timestamp']);
    assert.equal(body.login_id, login.login_id);
    assert.equal(body.timestamp, clock.now());
    assert.ok(Number.isInteger(body.new) && body.new >= 1);
    assert.ok(body.accounts.length >= 1 && body.accounts.every((a: { id: unknown }) => Number.isInteger(a.id)));
    assert.match(body.referenceId, /^[A-Za-z0-9]{9}$/);
    const accountIds = handler.control.state().logins[0]!.accounts.map((a) => a.id);
    assert.ok(body.accounts.every((a: { id: number }) => accountIds.includes(a.id)));
    assert.equal(handler.control.webhooks()[0]?.state, 'delivered');
  });

  it('sends the login status webhook when the control changes a login\'s status', async () => {
    const hook = receiver();
    const handler = sandbox({ webhookUrl: 'http://partner.test/webhook', fetch: hook.fetch });
    const login = await newLogin(handler);
    for (const status of ['login_wrong_credentials', 'login_password_expired', 'login_account_locked'] as const) {
      await handler.control.setLoginStatus(login.login_id, status);
    }
    await handler.control.webhooksIdle();
    const bodies = hook.calls.map((call) => JSON.parse(call.body));
    assert.deepEqual(bodies.map((b) => [b.status, b.login_id]), [
      ['login_wrong_credentials', login.login_id],
      ['login_password_expired', login.login_id],
      ['login_account_locked', login.login_id],
    ]);
    assert.ok(bodies.every((b) => typeof b.referenceId === 'string' && typeof b.timestamp === 'number'));
    assert.equal(new Set(bodies.map((b) => b.referenceId)).size, 3);
    assert.equal(handler.control.state().logins[0]!.status, 'login_account_locked');
    await assert.rejects(handler.control.setLoginStatus(999, 'login_account_locked'), /Cannot find Login/);
    await assert.rejects(handler.control.setLoginStatus(login.login_id, 'happy' as never), /status must be one of/);
  });

  it('retries a failing receiver with exponential backoff, keeping the body, until a 2xx', async () => {
    const hook = receiver([500, 0, 503, 204]);
    const handler = sandbox({ webhookUrl: 'http://partner.test/webhook', fetch: hook.fetch, webhookRetry: { baseDelayMs: 2 } });
    const login = await newLogin(handler);
    await handler.control.setLoginStatus(login.login_id, 'login_wrong_credentials');
    await handler.control.webhooksIdle();
    assert.equal(hook.calls.length, 4);
    assert.ok(hook.calls.every((call) => call.body === hook.calls[0]!.body), 'same body and referenceId on every attempt');
    const [delivery] = handler.control.webhooks();
    assert.equal(delivery?.state, 'delivered');
    assert.deepEqual(delivery?.attempts.map((a) => a.status), [500, null, 503, 204]);
    assert.match(delivery?.attempts[1]?.error ?? '', /connection refused/);
  });

  it('gives up after the configured attempts', async () => {
    const hook = receiver([500]);
    const handler = sandbox({ webhookUrl: 'http://partner.test/webhook', fetch: hook.fetch, webhookRetry: { attempts: 3, baseDelayMs: 1 } });
    const login = await newLogin(handler);
    await handler.control.setLoginStatus(login.login_id, 'login_account_locked');
    await handler.control.webhooksIdle();
    assert.equal(hook.calls.length, 3);
    assert.equal(handler.control.webhooks()[0]?.state, 'failed');
  });

  it('waits base, 2 x base, 4 x base between attempts', async () => {
    const hook = receiver([500]);
    const handler = sandbox({ webhookUrl: 'http://partner.test/webhook', fetch: hook.fetch, webhookRetry: { attempts: 4, baseDelayMs: 3 } });
    const login = await newLogin(handler);
    await handler.control.setLoginStatus(login.login_id, 'login_account_locked');
    await handler.control.webhooksIdle();
    assert.deepEqual(handler.control.webhooks()[0]?.attempts.map((a) => a.retry_in_ms), [3, 6, 12, null]);
  });

  it('signs webhooks when a signing secret is set, verifiably', async () => {
    const clock = fakeClock();
    const hook = receiver();
    const handler = sandbox({ now: clock.now, webhookUrl: 'http://partner.test/webhook', webhookSigningSecret: 'whsec_test', fetch: hook.fetch });
    const login = await newLogin(handler);
    await handler.control.setLoginStatus(login.login_id, 'login_password_expired');
    await handler.control.webhooksIdle();
    const call = hook.calls[0]!;
    const header = call.headers.get('finsify-signature')!;
    const { t, ok } = verify('whsec_test', header, call.body);
    assert.ok(ok, 'HMAC-SHA256 of "t.body" matches');
    assert.equal(t, Math.floor(clock.now() / 1000));
    assert.equal(verify('another-secret', header, call.body).ok, false);
    assert.equal(verify('whsec_test', header, call.body.replace('login_password_expired', 'login_account_locked')).ok, false);
  });

  it('sends nothing without a webhook URL, and close() stops pending retries', async () => {
    const quiet = sandbox();
    const login = await newLogin(quiet);
    assert.equal(await quiet.control.setLoginStatus(login.login_id, 'login_account_locked'), null);
    assert.deepEqual(quiet.control.webhooks(), []);

    const hook = receiver([500]);
    const handler = sandbox({ webhookUrl: 'http://partner.test/webhook', fetch: hook.fetch, webhookRetry: { attempts: 5, baseDelayMs: 3_600_000 } });
    const other = await newLogin(handler);
    await handler.control.setLoginStatus(other.login_id, 'login_account_locked');
    while (hook.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await handler.close();
    assert.equal(hook.calls.length, 1, 'no retry after close');
    assert.equal(handler.control.webhooks()[0]?.state, 'failed');
  });
});
