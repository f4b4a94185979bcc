import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore, createSqliteStore, signWebhook, type ProxyStore, type WebhookEvent } from '../../../src/server.js';
import { parseCallbackResult } from '../../../src/server/routes/callback.js';
import { call, captureLogger, happyRoutes, LOGIN_SECRET, ORIGIN, read, sealed, secretFor, STATE, storedSecret, testProxy, type FakeCall } from './helpers.js';

const PUBLIC = 'https://partner.example/api/finsify';
const DONE = 'https://partner.example/finsify/done';

function serverProxy(extra: Parameters<typeof testProxy>[0] = {}) {
  let clock = Date.UTC(2024, 5, 1);
  const setup = testProxy({ secretMode: 'server', publicUrl: PUBLIC, doneUrl: DONE, now: () => clock, basePath: '/api/finsify', ...extra });
  return { ...setup, tick: (ms: number) => (clock += ms) };
}

const result = (fields: Record<string, unknown>) => encodeURIComponent(JSON.stringify(fields));
const success = { status: 'success', login_id: 23456, secret: LOGIN_SECRET };

async function startFlow(proxy: (r: Request) => Promise<Response>, user = 'alice', state = STATE, body: Record<string, unknown> = { service_id: 8 }) {
  const answer = await proxy(call('/api/finsify/token', { user, body: { ...body, state } }));
  assert.equal(answer.status, 200);
}

function callback(path: string, user: string | null = 'alice') {
  // Finsify's redirect: a cross-site top-level navigation, with the partner's session cookie (SameSite=Lax).
  return call(`/api/finsify/callback/${path}`, { user, headers: { origin: '', 'sec-fetch-site': 'cross-site' } });
}

describe('GET /callback/:state (server-kept secret)', () => {
  it('keeps the secret for the user and sends the popup to the done page with status and login_id only', async () => {
    const { proxy, logger } = serverProxy();
    await startFlow(proxy);
    const answer = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(await answer.text(), '');
    const logins = await read(await proxy(call('/api/finsify/logins')));
    assert.equal((logins.body.data as { login_id: number; service_id: number }[])[0]?.service_id, 8);
    assert.ok(!logger.text().includes(LOGIN_SECRET));
    // The kept secret works: a reconnect uses it.
    await proxy(call('/api/finsify/token', { body: { login_id: 23456, state: 'another_state_0123456789' } }));
  });

  it('keeps the secret unconfirmed when Finsify cannot confirm it now, and confirms it once Finsify lists its accounts', async () => {
    let down = true;
    const routes = {
      ...happyRoutes(),
      'GET /v2/account': (c: FakeCall) =>
        down
          ? Response.json({ error: 'ServerMaintenance', message: 'Servers are currently undergoing maintenance.' }, { status: 503, headers: { 'retry-after': '0' } })
          : happyRoutes()['GET /v2/account'](c),
    };
    const { proxy, logger } = testProxy({ secretMode: 'server', publicUrl: PUBLIC, doneUrl: DONE, basePath: '/api/finsify' }, routes);
    await startFlow(proxy);
    const answer = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    const logins = async () => (await read(await proxy(call('/api/finsify/logins')))).body.data as { login_id: number; confirmed: boolean; service_id: number }[];
    assert.deepEqual((await logins()).map((l) => [l.login_id, l.confirmed, l.service_id]), [[23456, false, 8]]);
    assert.ok(!logger.text().includes(LOGIN_SECRET));
    // POST /logins keeps it unconfirmed too while Finsify is down.
    const posted = await read(await proxy(call('/api/finsify/logins', { user: 'bob', body: { login_id: 1, secret: secretFor(1) } })));
    assert.deepEqual([posted.status, (posted.body.data as { confirmed: boolean }).confirmed], [201, false]);
    down = false;
    assert.equal((await proxy(call('/api/finsify/accounts?login_id=23456'))).status, 200);
    assert.deepEqual((await logins()).map((l) => [l.login_id, l.confirmed]), [[23456, true]]);
  });

  it('keeps the secret when Finsify answers the check with an HTML error page, and a replay confirms it', async () => {
    let down = true;
    const routes = {
      ...happyRoutes(),
      'GET /v2/account': (c: FakeCall) =>
        down ? new Response('<html><h1>503 Service Temporarily Unavailable</h1></html>', { status: 503, headers: { 'content-type': 'text/html' } }) : happyRoutes()['GET /v2/account'](c),
    };
    const { proxy } = testProxy({ secretMode: 'server', publicUrl: PUBLIC, doneUrl: DONE, basePath: '/api/finsify' }, routes);
    await startFlow(proxy);
    const answer = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    const logins = async () => ((await read(await proxy(call('/api/finsify/logins')))).body.data as { login_id: number; confirmed: boolean }[]).map((l) => [l.login_id, l.confirmed]);
    assert.deepEqual(await logins(), [[23456, false]]);
    down = false;
    const replay = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(replay.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    assert.deepEqual(await logins(), [[23456, true]]);
  });

  it('keeps the secret when Finsify refuses the check itself (429, a wrong service secret), and only LoginNotFound refuses it', async () => {
    for (const [status, error] of [[429, 'TooManyRequests'], [400, 'CredentialInvalid'], [404, 'ClientNotFound']] as const) {
      const routes = { ...happyRoutes(), 'GET /v2/account': () => Response.json({ error, message: 'no' }, { status }) };
      const { proxy, store } = testProxy({ secretMode: 'server', publicUrl: PUBLIC, doneUrl: DONE, basePath: '/api/finsify' }, routes);
      await startFlow(proxy);
      const answer = await proxy(callback(`${STATE}/${result(success)}`));
      assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`, error);
      assert.equal(await storedSecret(store, 'alice', 23456), LOGIN_SECRET, error);
    }
    const refused = { ...happyRoutes(), 'GET /v2/account': () => Response.json({ error: 'LoginNotFound', message: 'no' }, { status: 404 }) };
    const { proxy, store } = testProxy({ secretMode: 'server', publicUrl: PUBLIC, doneUrl: DONE, basePath: '/api/finsify' }, refused);
    await startFlow(proxy);
    assert.equal((await proxy(callback(`${STATE}/${result(success)}`))).headers.get('location'), `${DONE}/${STATE}?status=error`);
    assert.equal(await store.getLogin('alice', 23456), undefined);
  });

  it('reads a result whose status is Success, in any case, as success', async () => {
    const { proxy, store } = serverProxy();
    await startFlow(proxy);
    const answer = await proxy(callback(`${STATE}/${result({ ...success, status: 'Success' })}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    assert.equal((await store.getLogin('alice', 23456))?.confirmed, true);
  });

  it('a replayed callback keeps a status reported since, and never puts back an older secret', async () => {
    const { proxy, store, tick } = serverProxy({ allowUnauthenticatedWebhooks: true });
    await startFlow(proxy);
    await proxy(callback(`${STATE}/${result(success)}`));
    tick(1000);
    await proxy(new Request('http://proxy.test/api/finsify/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login_id: 23456, status: 'login_password_expired' }) }));
    const replay = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(replay.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    assert.equal((await store.listLogins('alice'))[0]?.status, 'login_password_expired');
  });

  it('does not keep an unconfirmable secret for a login another user holds, nor one stored under another login', async () => {
    const routes = {
      ...happyRoutes(),
      'GET /v2/account': () => Response.json({ error: 'ServerMaintenance', message: 'x' }, { status: 503, headers: { 'retry-after': '0' } }),
    };
    const store = createMemoryStore();
    await store.saveLogin(await sealed({ userId: 'bob', loginId: 23456, secret: 'bobs-secret', serviceId: 8, createdAt: 1, updatedAt: 1 }));
    await store.saveLogin(await sealed({ userId: 'carol', loginId: 999, secret: secretFor(24000), serviceId: 8, createdAt: 1, updatedAt: 1 }));
    const { proxy } = testProxy({ secretMode: 'server', publicUrl: PUBLIC, doneUrl: DONE, basePath: '/api/finsify', store }, routes);
    await startFlow(proxy);
    const held = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(held.headers.get('location'), `${DONE}/${STATE}?status=error`);
    await startFlow(proxy, 'alice', 'second_state_0123456789');
    const misfiled = await proxy(callback(`second_state_0123456789/${result({ ...success, login_id: 24000, secret: secretFor(24000) })}`));
    assert.equal(misfiled.headers.get('location'), `${DONE}/second_state_0123456789?status=error`);
    assert.deepEqual((await read(await proxy(call('/api/finsify/logins')))).body.data, []);
  });

  it('ends on the done page with status=error when the store fails before custody, and logs neither the path nor the secret', async () => {
    for (const failing of ['getPendingState', 'completePendingState'] as const) {
      const base = createMemoryStore();
      // A store failure whose message even echoes what it was given (a driver may quote its input).
      const store: ProxyStore = {
        ...base,
        [failing]: (...args: unknown[]) => {
          throw new Error(`SQLITE_BUSY: database is locked (${JSON.stringify(args)} ${STATE}/${result(success)})`);
        },
      };
      const { proxy, logger } = serverProxy({ store });
      await startFlow(proxy);
      const answer = await proxy(callback(`${STATE}/${result(success)}`));
      assert.equal(answer.status, 303, failing);
      assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=error`, failing);
      const text = logger.text();
      for (const form of [LOGIN_SECRET, encodeURIComponent(LOGIN_SECRET), result(success), JSON.stringify(success)]) {
        assert.ok(!text.includes(form), `${failing}: ${form} in ${text}`);
      }
      assert.ok(logger.lines.some((line) => line.level === 'error' && JSON.stringify(line.fields).includes('SQLITE_BUSY')), failing);
      // Nothing half-done: no login, and the flow is still open, so the same callback completes it.
      assert.deepEqual(await base.listLogins('alice'), []);
      assert.equal((await base.getPendingState(STATE))?.completion, null);
      Object.assign(store, { [failing]: base[failing] });
      const replay = await proxy(callback(`${STATE}/${result(success)}`));
      assert.equal(replay.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`, failing);
    }
  });

  it('keeps the login when the store fails after custody, and a replay confirms it', async () => {
    const base = createMemoryStore();
    let failing = true;
    const store: ProxyStore = {
      ...base,
      saveLogin: (record) => {
        if (failing) throw new Error(`SQLITE_BUSY: database is locked (${JSON.stringify(record)})`);
        return base.saveLogin(record);
      },
    };
    const { proxy, logger } = serverProxy({ store });
    await startFlow(proxy);
    const answer = await proxy(callback(`${STATE}/${result(success)}`));
    // Kept unconfirmed: telling the person to connect again would make a second Finsify login.
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    assert.deepEqual((await base.listLogins('alice')).map((login) => [login.loginId, login.confirmed]), [[23456, false]]);
    assert.ok(!logger.text().includes(LOGIN_SECRET));
    assert.ok(logger.lines.some((line) => line.level === 'error' && JSON.stringify(line.fields).includes('SQLITE_BUSY')));
    failing = false;
    const replay = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(replay.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    assert.deepEqual((await base.listLogins('alice')).map((login) => [login.loginId, login.confirmed]), [[23456, true]]);
  });

  it('logs an unexpected error with the route pattern, not the path', async () => {
    const store: ProxyStore = {
      ...createMemoryStore(),
      getLogin: () => {
        throw new Error('store is closed');
      },
    };
    const { proxy, logger } = serverProxy({ store });
    const answer = await proxy(call('/api/finsify/logins/23456/refresh', { method: 'PUT', body: {} }));
    assert.equal(answer.status, 500);
    const line = logger.lines.find((l) => l.message === 'unexpected error');
    assert.deepEqual(line?.fields, { method: 'PUT', route: '/api/finsify/logins/:login_id/:action{refresh|activate|deactivate}', error: 'store is closed' });
  });

  it('scrubs the login secret a route handles out of an unexpected error it logs', async () => {
    // A store whose messages quote what it was given.
    const quoting = (name: string) => (...args: unknown[]) => Promise.reject(new Error(`SQLITE_BUSY ${name} ${JSON.stringify(args)}`));
    const base = createMemoryStore();
    const { proxy, logger } = testProxy({ store: { ...base, saveLogin: quoting('saveLogin') } });
    // One the request brings (POST /logins), and a stored one as the data routes use it.
    assert.equal((await proxy(call('/logins', { user: 'alice', body: { login_id: 23456, secret: secretFor(23456) } }))).status, 500);
    await base.saveLogin(await sealed({ userId: 'bob', loginId: 777, secret: secretFor(777), serviceId: 8, createdAt: 0, updatedAt: 0, confirmed: false }));
    assert.equal((await proxy(call('/accounts?login_id=777', { user: 'bob' }))).status, 500);
    const text = logger.text();
    assert.equal(text.match(/SQLITE_BUSY saveLogin/g)?.length, 2, text);
    for (const secret of [secretFor(23456), secretFor(777)]) assert.ok(!text.includes(secret), text);
  });

  it('reads the result raw (not percent-encoded) as well', async () => {
    const { proxy } = serverProxy();
    await startFlow(proxy);
    const raw = JSON.stringify(success);
    const answer = await proxy(callback(`${STATE}/${raw}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
  });

  it('passes a status other than success on as the status only', async () => {
    const { proxy } = serverProxy();
    await startFlow(proxy);
    const answer = await proxy(callback(`${STATE}/${result({ status: 'cancel', login_id: 1, secret: 'zzzz-zzzz' })}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=cancel`);
    assert.deepEqual((await read(await proxy(call('/api/finsify/logins')))).body.data, []);
  });

  it('passes on a 64-character status (the contract allows up to 64), which the widget reports as ConnectFailed', async () => {
    const { proxy } = serverProxy();
    await startFlow(proxy);
    const status = `login_${'x'.repeat(58)}`;
    assert.equal(status.length, 64);
    const answer = await proxy(callback(`${STATE}/${result({ status, login_id: 1 })}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=${status}`);
  });

  it('uses a state once', async () => {
    const { proxy } = serverProxy();
    await startFlow(proxy);
    await proxy(callback(`${STATE}/${result(success)}`));
    const again = await proxy(callback(`${STATE}/${result({ ...success, secret: 'replayed-secret' })}`));
    assert.equal(again.headers.get('location'), `${DONE}/${STATE}?status=error`);
  });

  it('refuses a state of another user, an unknown state, and an expired one', async () => {
    const other = serverProxy();
    await startFlow(other.proxy, 'alice');
    const stolen = await other.proxy(callback(`${STATE}/${result(success)}`, 'mallory'));
    assert.equal(stolen.headers.get('location'), `${DONE}/${STATE}?status=error`);
    assert.deepEqual((await read(await other.proxy(call('/api/finsify/logins', { user: 'mallory' })))).body.data, []);
    // Mallory's try used nothing up: alice's own callback still completes her flow.
    const own = await other.proxy(callback(`${STATE}/${result(success)}`, 'alice'));
    assert.equal(own.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);

    const unknown = serverProxy();
    const never = await unknown.proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(never.headers.get('location'), `${DONE}/${STATE}?status=error`);

    const late = serverProxy();
    await startFlow(late.proxy);
    late.tick(15 * 60 * 1000 + 1);
    const expired = await late.proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(expired.headers.get('location'), `${DONE}/${STATE}?status=error`);
    assert.deepEqual((await read(await late.proxy(call('/api/finsify/logins')))).body.data, []);
  });

  it('keeps a result only as POST /logins would: not a login another user holds, nor a secret Finsify does not confirm', async () => {
    const { proxy, finsify } = serverProxy();
    await startFlow(proxy);
    await proxy(callback(`${STATE}/${result(success)}`));
    // Mallory runs her own flow and writes the result herself: alice's login id, a bogus secret.
    const mine = 'mallory_state_0123456789';
    await startFlow(proxy, 'mallory', mine);
    const before = finsify.calls.length;
    const hijack = await proxy(callback(`${mine}/${result({ status: 'success', login_id: 23456, secret: 'bogus-secret' })}`, 'mallory'));
    assert.equal(hijack.headers.get('location'), `${DONE}/${mine}?status=error`);
    assert.equal(finsify.calls.length, before);
    // A login id nobody holds, with a secret that opens another login (the fake lists its accounts under 23456).
    const other = 'mallory_state_abcdefghij';
    await startFlow(proxy, 'mallory', other);
    const misfiled = await proxy(callback(`${other}/${result({ status: 'success', login_id: 999, secret: 'bogus-secret' })}`, 'mallory'));
    assert.equal(misfiled.headers.get('location'), `${DONE}/${other}?status=error`);
    assert.equal(finsify.calls.at(-1)?.path, '/v2/account');
    assert.deepEqual((await read(await proxy(call('/api/finsify/logins', { user: 'mallory' })))).body.data, []);
  });

  it('refuses a second token request with a state that is already pending, keeping the first binding', async () => {
    const { proxy, finsify } = serverProxy();
    await startFlow(proxy, 'alice');
    const tokensBefore = finsify.calls.filter((c) => c.path === '/v2/token').length;
    for (const [user, body] of [['mallory', { service_id: 9 }], ['alice', { service_id: 9 }]] as const) {
      const again = await read(await proxy(call('/api/finsify/token', { user, body: { ...body, state: STATE } })));
      assert.deepEqual([again.status, again.body.error, again.body.extra], [409, 'StateInUse', { field: 'state' }], user);
    }
    assert.equal(finsify.calls.filter((c) => c.path === '/v2/token').length, tokensBefore, 'no token made for a refused state');
    const stolen = await proxy(callback(`${STATE}/${result(success)}`, 'mallory'));
    assert.equal(stolen.headers.get('location'), `${DONE}/${STATE}?status=error`);
    assert.deepEqual((await read(await proxy(call('/api/finsify/logins', { user: 'mallory' })))).body.data, []);
  });

  it('keeps the binding for alice when mallory re-sends her state first, and alice completes', async () => {
    const { proxy } = serverProxy();
    await startFlow(proxy, 'alice');
    await proxy(call('/api/finsify/token', { user: 'mallory', body: { service_id: 9, state: STATE } }));
    const answer = await proxy(callback(`${STATE}/${result(success)}`));
    assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=success&login_id=23456`);
    const logins = (await read(await proxy(call('/api/finsify/logins')))).body.data as { login_id: number; service_id: number }[];
    assert.deepEqual(logins.map((login) => [login.login_id, login.service_id]), [[23456, 8]]);
  });

  it('refuses a reconnect result for another login than the flow was for', async () => {
    const { proxy } = serverProxy();
    await startFlow(proxy);
    await proxy(callback(`${STATE}/${result(success)}`));
    const reconnect = 'reconnect_state_0123456789';
    await startFlow(proxy, 'alice', reconnect, { login_id: 23456 });
    const other = await proxy(callback(`${reconnect}/${result({ status: 'success', login_id: 555, secret: secretFor(555) })}`));
    assert.equal(other.headers.get('location'), `${DONE}/${reconnect}?status=error`);
    const logins = (await read(await proxy(call('/api/finsify/logins')))).body.data as { login_id: number }[];
    assert.deepEqual(logins.map((login) => login.login_id), [23456]);
    const same = 'reconnect_state_abcdefghij';
    await startFlow(proxy, 'alice', same, { login_id: 23456 });
    const ok = await proxy(callback(`${same}/${result(success)}`));
    assert.equal(ok.headers.get('location'), `${DONE}/${same}?status=success&login_id=23456`);
  });

  it('refuses malformed results and bad states', async () => {
    const malformed = [
      'not json',
      result({ status: 'success', login_id: -1, secret: LOGIN_SECRET }),
      encodeURIComponent(`{"status":"success","login_id":1e309,"secret":"${LOGIN_SECRET}"}`),
      result({ status: 'success', login_id: 1 }),
      result({ status: 'success', login_id: 1, secret: 'a b' }),
      result({ status: '<script>' }),
      result({ status: 'success', login_id: 1, secret: 'x'.repeat(5000) }),
      '%E0%A4%A',
    ];
    for (const segment of malformed) {
      const { proxy } = serverProxy();
      await startFlow(proxy);
      const answer = await proxy(callback(`${STATE}/${segment}`));
      assert.equal(answer.headers.get('location'), `${DONE}/${STATE}?status=error`, segment);
    }
    const { proxy } = serverProxy();
    const bad = await read(await proxy(callback(`bad-state/${result(success)}`)));
    assert.deepEqual([bad.status, bad.body.error], [400, 'CallbackInvalid']);
    assert.ok(!JSON.stringify(bad.body).includes(LOGIN_SECRET));
  });

  it('parses results from the path or the query', () => {
    assert.deepEqual(parseCallbackResult(result({ status: 'success', login_id: '12', secret: 'abcd-1' }), new URLSearchParams()), {
      status: 'success',
      loginId: 12,
      secret: 'abcd-1',
    });
    assert.deepEqual(parseCallbackResult('', new URLSearchParams('status=success&login_id=5&secret=s3cr3t')), { status: 'success', loginId: 5, secret: 's3cr3t' });
    assert.equal(parseCallbackResult('', new URLSearchParams()), undefined);
    assert.equal(parseCallbackResult(result({ status: 'success', login_id: '12abc', secret: 'abcd' }), new URLSearchParams()), undefined);
    assert.equal(parseCallbackResult(encodeURIComponent('{"__proto__":{"status":"success","login_id":1,"secret":"abcd"}}'), new URLSearchParams()), undefined);
  });
});

describe('POST /webhook', () => {
  const SECRET = 'whsec_test';
  const now = Date.UTC(2024, 5, 1, 12);

  function hooked(extra: Parameters<typeof testProxy>[0] = {}) {
    const events: WebhookEvent[] = [];
    const setup = testProxy({ webhookSecret: SECRET, now: () => now, onWebhook: (event) => void events.push(event), ...extra });
    const deliver = async (payload: unknown, signature?: string | null, seconds = Math.floor(now / 1000)) => {
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const value = signature === undefined ? await signWebhook(SECRET, body, seconds) : signature;
      if (value !== null) headers['finsify-signature'] = value;
      return setup.proxy(new Request('http://proxy.test/webhook', { method: 'POST', headers, body }));
    };
    return { ...setup, events, deliver };
  }

  const flushHooks = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('accepts a signed event, records it, and hands it to onWebhook with its users', async () => {
    const { proxy, deliver, events } = hooked();
    await proxy(call('/logins', { body: { login_id: 21000, secret: secretFor(21000) } }));
    const payload = { login_id: 21000, timestamp: now - 1000, accounts: [{ id: 19316 }], new: 1, referenceId: 'hsSU83HnX' };
    const answer = await read(await deliver(payload));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { received: true, duplicate: false, applied: true });
    await flushHooks();
    assert.equal(events.length, 1);
    assert.deepEqual(
      { type: events[0]?.type, login: events[0]?.login_id, ref: events[0]?.referenceId, users: events[0]?.user_ids },
      { type: 'transactions', login: 21000, ref: 'hsSU83HnX', users: ['alice'] },
    );
    const feed = await read(await proxy(call('/webhooks')));
    assert.equal((feed.body.data as { type: string }[]).length, 1);
    assert.deepEqual((await read(await proxy(call('/webhooks', { user: 'bob' })))).body.data, []);
  });

  it('never routes a login\'s events to a user who claimed its id with a bogus secret', async () => {
    const { proxy, deliver, events } = hooked();
    assert.equal((await proxy(call('/logins', { body: { login_id: 21000, secret: secretFor(21000) } }))).status, 201);
    const claim = await read(await proxy(call('/logins', { user: 'mallory', body: { login_id: 21000, secret: 'bogus-secret' } })));
    assert.deepEqual([claim.status, claim.body.error], [404, 'LoginNotFound']);
    await deliver({ login_id: 21000, status: 'login_account_locked', timestamp: now, referenceId: 'r-hijack' });
    await flushHooks();
    assert.deepEqual(events.map((event) => event.user_ids), [['alice']]);
    assert.deepEqual((await read(await proxy(call('/webhooks', { user: 'mallory' })))).body.data, []);
    assert.deepEqual((await read(await proxy(call('/logins', { user: 'mallory' })))).body.data, []);
    assert.equal(((await read(await proxy(call('/webhooks')))).body.data as unknown[]).length, 1);
  });

  it('refuses missing, wrong, malformed and stale signatures with 401 SignatureInvalid', async () => {
    const { deliver, events } = hooked();
    const payload = { login_id: 1, status: 'login_account_locked' };
    const cases = [
      null,
      await signWebhook('wrong-secret', JSON.stringify(payload), Math.floor(now / 1000)),
      'v1=deadbeef',
      't=abc,v1=00',
      await signWebhook(SECRET, JSON.stringify(payload), Math.floor(now / 1000) - 301),
      await signWebhook(SECRET, JSON.stringify({ ...payload, login_id: 2 }), Math.floor(now / 1000)),
    ];
    for (const signature of cases) {
      const answer = await read(await deliver(payload, signature));
      assert.deepEqual([answer.status, answer.body.error], [401, 'SignatureInvalid'], String(signature));
    }
    await flushHooks();
    assert.equal(events.length, 0);
  });

  it('records a duplicate delivery once', async () => {
    const { deliver, events } = hooked();
    const payload = { login_id: 21000, timestamp: now, accounts: [{ id: 1 }], new: 2, referenceId: 'ref-1' };
    assert.equal((await read(await deliver(payload))).body.duplicate, false);
    assert.equal((await read(await deliver(payload, undefined, Math.floor(now / 1000) - 5))).body.duplicate, true);
    await flushHooks();
    assert.equal(events.length, 1);
  });

  for (const failing of ['recordWebhookEvent', 'unconfirmedLogins'] as const) {
    it(`processes Finsify's retry of a delivery whose ${failing} failed once`, async () => {
      const memory = createMemoryStore();
      let failures = 1;
      const store: ProxyStore = {
        ...memory,
        [failing]: (...args: never[]) => {
          if (failures > 0) {
            failures -= 1;
            throw new Error('disk hiccup');
          }
          return (memory[failing] as (...a: never[]) => unknown)(...args);
        },
      };
      const { proxy, deliver, events } = hooked({ store });
      await proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
      const payload = { login_id: 538, status: 'login_account_locked', timestamp: now - 1000, referenceId: 'ref-retry' };
      const first = await read(await deliver(payload));
      assert.deepEqual([first.status, first.body.error], [500, 'InternalError']);
      const retry = await read(await deliver(payload));
      assert.deepEqual(retry.body, { received: true, duplicate: false, applied: true });
      const again = await read(await deliver(payload));
      assert.equal(again.body.duplicate, true);
      await flushHooks();
      assert.deepEqual(events.map((e) => [e.status, e.user_ids]), [['login_account_locked', ['alice']]]);
      assert.equal(((await read(await proxy(call('/webhooks')))).body.data as unknown[]).length, 1);
      assert.equal(((await read(await proxy(call('/logins')))).body.data as { status: string }[])[0]?.status, 'login_account_locked');
    });
  }

  it('ignores a login status older than the stored one', async () => {
    const { proxy, deliver, events } = hooked();
    await proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
    await deliver({ login_id: 538, status: 'login_account_locked', timestamp: now - 1000 });
    const stale = await read(await deliver({ login_id: 538, status: 'login_wrong_credentials', timestamp: now - 5000 }));
    assert.deepEqual(stale.body, { received: true, duplicate: false, applied: false });
    await flushHooks();
    assert.deepEqual(events.map((e) => e.status), ['login_account_locked']);
    const logins = await read(await proxy(call('/logins')));
    assert.equal((logins.body.data as { status: string }[])[0]?.status, 'login_account_locked');
    const newer = await read(await deliver({ login_id: 538, status: 'login_password_expired', timestamp: now }));
    assert.equal(newer.body.applied, true);
  });

  it('answers before a slow or failing onWebhook finishes', async () => {
    const logger = captureLogger();
    let release: () => void = () => {};
    let started = false;
    const { deliver, proxy } = hooked({
      logger,
      onWebhook: async () => {
        started = true;
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('partner hook broke');
      },
    });
    const answer = await deliver({ login_id: 9, status: 'login_account_locked', timestamp: now });
    assert.equal(answer.status, 200);
    assert.equal(started, false);
    await flushHooks();
    assert.equal(started, true);
    const closing = proxy.close();
    release();
    await closing;
    assert.ok(logger.lines.some((line) => line.level === 'error' && line.message.startsWith('onWebhook failed')));
  });

  it('refuses bodies that are not events', async () => {
    const { deliver } = hooked();
    assert.deepEqual((await read(await deliver({ status: 'x' }))).body.error, 'DataInvalid');
    assert.deepEqual((await read(await deliver([1]))).body.error, 'BadRequest');
  });

  it('refuses every delivery when neither a token nor a signature is configured, and says why once', async () => {
    const logger = captureLogger();
    const { proxy, deliver, events } = hooked({ webhookSecret: undefined, logger });
    const warnings = () => logger.lines.filter((line) => line.message.includes('POST /webhook')).length;
    assert.equal(warnings(), 1);
    await proxy(call('/logins', { body: { login_id: 3, secret: secretFor(3) } }));
    // Any page could post this form: it must not set a status.
    const form = await proxy(new Request('http://proxy.test/webhook', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"login_id":3,"status":"login_account_locked"}' }));
    assert.deepEqual([form.status, ((await form.json()) as { error: string }).error], [401, 'Unauthorized']);
    const unsigned = await read(await deliver({ login_id: 3, status: 'login_account_locked' }, null));
    assert.deepEqual([unsigned.status, unsigned.body.error], [401, 'Unauthorized']);
    await flushHooks();
    assert.equal(events.length, 0);
    assert.equal(((await read(await proxy(call('/logins')))).body.data as { status: string | null }[])[0]?.status, null);
    assert.equal(warnings(), 1);
  });

  it('accepts unsigned events with allowUnauthenticatedWebhooks, for local work, and warns of it', async () => {
    const logger = captureLogger();
    const { deliver } = hooked({ webhookSecret: undefined, allowUnauthenticatedWebhooks: true, logger });
    assert.ok(logger.lines.some((line) => line.level === 'warn' && line.message.includes('allowUnauthenticatedWebhooks')));
    assert.equal((await deliver({ login_id: 3, status: 'login_account_locked' }, null)).status, 200);
  });

  it('requires the webhookToken as the token query parameter when it is set', async () => {
    const TOKEN = 'whtok_0123456789abcdefghijklmnopqrstuv';
    const logger = captureLogger();
    const { proxy, events } = hooked({ webhookSecret: undefined, webhookToken: TOKEN, logger });
    await proxy(call('/logins', { body: { login_id: 21000, secret: secretFor(21000) } }));
    const deliver = (query: string) =>
      proxy(new Request(`http://proxy.test/webhook${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login_id: 21000, status: 'login_account_locked' }) }));
    for (const query of ['', '?token=', '?token=wrong', `?token=${TOKEN}x`, `?token=${TOKEN.slice(0, -1)}`, `?tok=${TOKEN}`]) {
      const answer = await read(await deliver(query));
      assert.deepEqual([answer.status, answer.body.error], [401, 'Unauthorized'], query);
    }
    assert.deepEqual((await read(await deliver(`?token=${TOKEN}`))).body, { received: true, duplicate: false, applied: true });
    await flushHooks();
    assert.deepEqual(events.map((event) => event.user_ids), [['alice']]);
    assert.ok(!logger.text().includes(TOKEN));
  });

  for (const kind of ['memory', 'sqlite']) {
    it(`${kind}: refuses a body nested too deeply to be listed again, and keeps GET /webhooks working`, async () => {
      const store = kind === 'sqlite' ? createSqliteStore({ file: ':memory:' }) : createMemoryStore();
      const { proxy } = hooked({ webhookSecret: undefined, allowUnauthenticatedWebhooks: true, store });
      await proxy(call('/logins', { body: { login_id: 21000, secret: secretFor(21000) } }));
      const post = (body: string) => proxy(new Request('http://proxy.test/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
      // Within the 64 KiB body limit, and far deeper than 32 levels.
      const depth = 30_000;
      const deep = await read(await post(`{"login_id":21000,"new":1,"accounts":[],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`));
      assert.deepEqual([deep.status, deep.body.error], [400, 'BadRequest']);
      // Brackets inside strings do not count; Finsify's own shape passes.
      const fine = await post(JSON.stringify({ login_id: 21000, new: 1, accounts: [{ id: 1 }], note: '['.repeat(100) + '\\"{', referenceId: 'r-fine' }));
      assert.equal(fine.status, 200);
      const feed = await read(await proxy(call('/webhooks')));
      assert.deepEqual([feed.status, (feed.body.data as unknown[]).length], [200, 1]);
    });
  }

  it('is not subject to the origin check (Finsify is not a browser page)', async () => {
    const { proxy } = hooked({ webhookSecret: undefined, allowUnauthenticatedWebhooks: true });
    const answer = await proxy(
      new Request('http://proxy.test/webhook', {
        method: 'POST',
        headers: { origin: 'https://api.finsify.com', 'content-type': 'application/json' },
        body: JSON.stringify({ login_id: 3, new: 1, accounts: [] }),
      }),
    );
    assert.equal(answer.status, 200);
    assert.ok(ORIGIN);
  });
});

describe('webhook event times', () => {
  const now = Date.UTC(2024, 5, 1, 12);
  const stores: [string, () => ProxyStore][] = [
    ['memory', () => createMemoryStore()],
    ['sqlite', () => createSqliteStore({ file: ':memory:' })],
  ];

  for (const [kind, make] of stores) {
    function timed() {
      let clock = now;
      const setup = testProxy({ store: make(), now: () => clock, allowUnauthenticatedWebhooks: true });
      const deliver = (payload: Record<string, unknown>) =>
        setup.proxy(new Request('http://proxy.test/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));
      return { ...setup, deliver, tick: (ms: number) => (clock += ms) };
    }
    const statusOf = async (proxy: (r: Request) => Promise<Response>) => {
      const logins = await read(await proxy(call('/logins')));
      assert.equal(logins.status, 200);
      const login = (logins.body.data as { status: string; status_at: string }[])[0];
      return [login?.status, login?.status_at];
    };

    it(`${kind}: a timestamp beyond Date's range is read as the arrival time, and the login stays listable`, async () => {
      const { proxy, deliver, tick } = timed();
      assert.equal((await proxy(call('/logins', { body: { login_id: 42, secret: secretFor(42) } }))).status, 201);
      assert.equal((await deliver({ login_id: 42, status: 'login_wrong_credentials', timestamp: 1e300 })).status, 200);
      assert.deepEqual(await statusOf(proxy), ['login_wrong_credentials', new Date(now).toISOString()]);
      const feed = await read(await proxy(call('/webhooks')));
      assert.equal(feed.status, 200);
      assert.equal((feed.body.data as { timestamp: string }[])[0]?.timestamp, new Date(now).toISOString());
      tick(1000);
      const real = await read(await deliver({ login_id: 42, status: 'login_account_locked' }));
      assert.equal(real.body.applied, true);
      assert.deepEqual(await statusOf(proxy), ['login_account_locked', new Date(now + 1000).toISOString()]);
    });

    it(`${kind}: a successful reconnect clears the failure status; an older delivery does not bring it back`, async () => {
      const { proxy, deliver, tick } = timed();
      assert.equal((await proxy(call('/logins', { body: { login_id: 42, secret: secretFor(42) } }))).status, 201);
      tick(1000);
      assert.equal((await read(await deliver({ login_id: 42, status: 'login_password_expired' }))).body.applied, true);
      assert.deepEqual(await statusOf(proxy), ['login_password_expired', new Date(now + 1000).toISOString()]);
      tick(60_000);
      // The person reconnects: the widget's finsify-success stores the login again.
      assert.equal((await proxy(call('/logins', { body: { login_id: 42, secret: secretFor(42) } }))).status, 201);
      assert.deepEqual(await statusOf(proxy), [null, null]);
      // The old failure delivered late is older than the reconnect: not applied.
      assert.equal((await read(await deliver({ login_id: 42, status: 'login_password_expired', timestamp: now + 1000, referenceId: 'late' }))).body.applied, false);
      assert.deepEqual(await statusOf(proxy), [null, null]);
      tick(1000);
      await deliver({ login_id: 42, status: 'login_account_locked' });
      assert.deepEqual(await statusOf(proxy), ['login_account_locked', new Date(now + 62_000).toISOString()]);
    });

    it(`${kind}: a status reported while a connect's check runs is newer than the connect, and stays`, async () => {
      let clock = now;
      const during: { deliver?: () => Promise<unknown> } = {};
      const routes = {
        ...happyRoutes(),
        // Finsify answers the check slowly; meanwhile (by the proxy's clock) a status webhook arrives.
        'GET /v2/account': async (c: FakeCall) => {
          clock += 500;
          await during.deliver?.();
          return happyRoutes()['GET /v2/account'](c);
        },
      };
      const { proxy } = testProxy({ store: make(), now: () => clock, allowUnauthenticatedWebhooks: true }, routes);
      const deliver = (payload: Record<string, unknown>) =>
        proxy(new Request('http://proxy.test/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));
      assert.equal((await proxy(call('/logins', { body: { login_id: 42, secret: secretFor(42) } }))).status, 201);
      clock += 1000;
      await deliver({ login_id: 42, status: 'login_password_expired' });
      clock += 60_000;
      // The person reconnects; the bank locks the account while the proxy checks the new connect.
      during.deliver = () => deliver({ login_id: 42, status: 'login_account_locked', referenceId: 'during' });
      assert.equal((await proxy(call('/logins', { body: { login_id: 42, secret: secretFor(42) } }))).status, 201);
      assert.equal(await statusOf(proxy).then(([status]) => status), 'login_account_locked');
    });

    it(`${kind}: a far-future or absurdly old timestamp does not freeze the status; slight clock skew is capped at now`, async () => {
      const { proxy, deliver, tick } = timed();
      await proxy(call('/logins', { body: { login_id: 42, secret: secretFor(42) } }));
      await deliver({ login_id: 42, status: 'login_wrong_credentials', timestamp: now + 365 * 24 * 3600 * 1000 });
      assert.deepEqual(await statusOf(proxy), ['login_wrong_credentials', new Date(now).toISOString()]);
      tick(1000);
      assert.equal((await read(await deliver({ login_id: 42, status: 'login_password_expired', timestamp: now + 500 }))).body.applied, true);
      // Two minutes ahead (a skewed clock) is believed, but stored as no later than its arrival.
      assert.equal((await read(await deliver({ login_id: 42, status: 'login_account_locked', timestamp: now + 1000 + 120_000 }))).body.applied, true);
      assert.deepEqual(await statusOf(proxy), ['login_account_locked', new Date(now + 1000).toISOString()]);
      tick(1000);
      // Seconds since 1970 (timestamp 5): absurdly old, so the arrival time.
      assert.equal((await read(await deliver({ login_id: 42, status: 'login_wrong_credentials', timestamp: 5 }))).body.applied, true);
      assert.deepEqual(await statusOf(proxy), ['login_wrong_credentials', new Date(now + 2000).toISOString()]);
      // A believable older time is still older than the stored status, so ignored.
      assert.equal((await read(await deliver({ login_id: 42, status: 'login_account_locked', timestamp: now - 60_000 }))).body.applied, false);
    });
  }
});
