import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, fakeClock, newLogin, sandbox } from './helpers.js';

const put = (handler: ReturnType<typeof sandbox>, action: string, secret: string, body?: unknown, headers: Record<string, string> = {}) =>
  api(handler, 'PUT', `/v2/login/${action}`, body, { 'login-secret': secret, ...headers });

describe('sandbox API: PUT /v2/login/refresh', () => {
  it('refuses a refresh before next_refresh_possible_at (400 DataInvalid), then refreshes and adds transactions', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now, refreshIntervalSeconds: 300 });
    const login = await newLogin(handler);
    const before = handler.control.state().logins[0]!.transaction_count;

    const early = await put(handler, 'refresh', login.secret);
    assert.equal(early.status, 400);
    assert.equal(early.json.error, 'DataInvalid');
    assert.equal(early.json.extra.next_refresh_possible_at, new Date(clock.now() + 300_000).toISOString());

    clock.advance(300_000);
    const ok = await put(handler, 'refresh', login.secret);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.version, 'v2');
    assert.deepEqual(ok.json.data, {
      id: login.login_id,
      refreshed: true,
      last_refresh_at: new Date(clock.now()).toISOString(),
      next_refresh_possible_at: new Date(clock.now() + 300_000).toISOString(),
    });
    assert.ok(handler.control.state().logins[0]!.transaction_count > before, 'new transactions');

    clock.advance(299_999);
    assert.equal((await put(handler, 'refresh', login.secret)).status, 400);
  });

  it('uses the refresh interval set at run time', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now });
    handler.control.updateSettings({ refreshIntervalSeconds: 0 });
    const login = await newLogin(handler);
    assert.equal((await put(handler, 'refresh', login.secret)).status, 200);
    assert.equal((await put(handler, 'refresh', login.secret)).status, 200);
  });

  it('refuses to refresh a login the bank no longer accepts, until it reconnects', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now, refreshIntervalSeconds: 0 });
    const login = await newLogin(handler);
    await handler.control.setLoginStatus(login.login_id, 'login_password_expired');
    const refused = await put(handler, 'refresh', login.secret);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.extra.status, 'login_password_expired');
  });

  it('answers LoginNotFound for an unknown secret and ContentInputInvalid for a non-JSON body', async () => {
    const handler = sandbox();
    const unknown = await put(handler, 'refresh', 'nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error, 'LoginNotFound');
    const login = await newLogin(handler);
    const text = await put(handler, 'activate', login.secret, 'id=1', { 'content-type': 'text/plain' });
    assert.equal(text.status, 400);
    assert.equal(text.json.error, 'ContentInputInvalid');
  });
});

describe('sandbox API: PUT /v2/login/activate and /deactivate', () => {
  it('answers the spec\'s bodies, and a deactivated login refuses refresh until activated', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now, refreshIntervalSeconds: 0 });
    const login = await newLogin(handler);

    const off = await put(handler, 'deactivate', login.secret);
    assert.equal(off.status, 200);
    assert.deepEqual(off.json, { data: { id: login.login_id, deActivate: true }, version: 'v2' });
    assert.equal(handler.control.state().logins[0]!.active, false);

    const refused = await put(handler, 'refresh', login.secret);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error, 'DataInvalid');
    assert.equal(refused.json.extra.active, false);
    // Data already fetched stays readable.
    assert.equal((await api(handler, 'GET', '/v2/account', undefined, { 'login-secret': login.secret })).status, 200);

    const on = await put(handler, 'activate', login.secret, {});
    assert.deepEqual(on.json, { data: { id: login.login_id, activate: true }, version: 'v2' });
    assert.equal((await put(handler, 'refresh', login.secret)).status, 200);
  });
});
