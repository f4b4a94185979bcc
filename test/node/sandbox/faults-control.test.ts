import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAULT_ENDPOINTS } from '../../../src/sandbox.js';
import { api, BASE, CALLBACK, newCustomer, newLogin, newToken, sandbox } from './helpers.js';

describe('sandbox faults', () => {
  it('maintenance answers 503 ServerMaintenance on that endpoint only', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    handler.control.setFault('token', { maintenance: true });
    const token = await api(handler, 'POST', '/v2/token', { customer_id, service_id: 8, callback_url: CALLBACK });
    assert.equal(token.status, 503);
    assert.equal(token.json.error, 'ServerMaintenance');
    assert.equal((await api(handler, 'POST', '/v2/customer', { identifier: 'still-works' })).status, 200);
    handler.control.setFault('token', null);
    assert.equal((await api(handler, 'POST', '/v2/token', { customer_id, service_id: 8, callback_url: CALLBACK })).status, 200);
  });

  it('connectError answers 503 ConnectError, with Retry-After when asked', async () => {
    const handler = sandbox();
    const login = await newLogin(handler);
    handler.control.setFault('account', { connectError: true, retryAfterSeconds: 2 });
    const { status, json, response } = await api(handler, 'GET', '/v2/account', undefined, { 'login-secret': login.secret });
    assert.equal(status, 503);
    assert.equal(json.error, 'ConnectError');
    assert.equal(response.headers.get('retry-after'), '2');
  });

  it('"*" faults every endpoint, an endpoint\'s own setting overrides it, and faults come before authentication', async () => {
    const handler = sandbox();
    handler.control.setFault('*', { maintenance: true });
    handler.control.setFault('customer', { maintenance: false });
    const noAuth = await handler(new Request(`${BASE}/v2/token`, { method: 'POST' }));
    assert.equal(noAuth.status, 503);
    assert.equal((await api(handler, 'POST', '/v2/customer', { identifier: 'x' })).status, 200);
    const catalog = await handler(new Request(`${BASE}/service.json`));
    assert.equal(catalog.status, 503);
    assert.equal(catalog.headers.get('access-control-allow-origin'), '*', 'the picker can read the error');
    assert.equal((await catalog.json()).error, 'ServerMaintenance');
    handler.control.clearFaults();
    assert.deepEqual(handler.control.faults(), {});
  });

  it('faults each endpoint key by its own paths', async () => {
    const handler = sandbox();
    const login = await newLogin(handler);
    const token = await newToken(handler);
    const requests: Record<string, () => Promise<Response>> = {
      customer: async () => (await api(handler, 'POST', '/v2/customer', { identifier: 'k' })).response,
      token: async () => (await api(handler, 'POST', '/v2/token', {})).response,
      reconnect: async () => (await api(handler, 'POST', '/v2/token/reconnect', {})).response,
      account: async () => (await api(handler, 'GET', '/v2/account')).response,
      transaction: async () => (await api(handler, 'GET', '/v2/transaction')).response,
      refresh: async () => (await api(handler, 'PUT', '/v2/login/refresh', undefined, { 'login-secret': login.secret })).response,
      activate: async () => (await api(handler, 'PUT', '/v2/login/activate', undefined, { 'login-secret': login.secret })).response,
      deactivate: async () => (await api(handler, 'PUT', '/v2/login/deactivate', undefined, { 'login-secret': login.secret })).response,
      connect: () => handler(new Request(token.connect_url)),
      services: () => handler(new Request(`${BASE}/media/services/ambank-logo.svg`)),
    };
    assert.deepEqual(Object.keys(requests).sort(), FAULT_ENDPOINTS.filter((e) => e !== '*').sort());
    for (const [endpoint, send] of Object.entries(requests)) {
      handler.control.setFault(endpoint as never, { connectError: true });
      assert.equal((await send()).status, 503, endpoint);
      handler.control.clearFaults();
      assert.notEqual((await send()).status, 503, endpoint);
    }
  });

  it('shows maintenance on the connect page as an HTML page with the error name', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    handler.control.setFault('connect', { maintenance: true });
    const response = await handler(new Request(token.connect_url));
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /<meta name="finsify-error" content="ServerMaintenance">/);
  });

  it('adds latency before answering', async () => {
    const handler = sandbox();
    handler.control.setFault('services', { latencyMs: 60_000 });
    let settled = false;
    const pending = handler(new Request(`${BASE}/service.json`)).finally(() => (settled = true));
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'still waiting');
    await handler.close();
    assert.equal((await pending).status, 200);
  });

  it('rejects unknown endpoints in the control', () => {
    const handler = sandbox();
    assert.throws(() => handler.control.setFault('everything' as never, { maintenance: true }), /Unknown fault endpoint/);
  });
});

describe('sandbox test controls over HTTP (/_sandbox)', () => {
  const DEMO = 'http://localhost:5173';
  const controlled = () => sandbox({ controlOrigins: [DEMO] });
  const call = async (handler: ReturnType<typeof sandbox>, method: string, path: string, body?: unknown) => {
    const response = await handler(new Request(`${BASE}/_sandbox${path}`, {
      method,
      headers: body === undefined ? { origin: 'http://localhost:5173' } : { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
    assert.equal(response.headers.get('access-control-allow-origin'), DEMO, `${method} ${path}`);
    return { status: response.status, json: (await response.json()) as { data: any; error?: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('answers CORS preflights for its control origins', async () => {
    const handler = controlled();
    const response = await handler(new Request(`${BASE}/_sandbox/faults/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    }));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), DEMO);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type/);
  });

  it('sets and clears faults, and validates them', async () => {
    const handler = controlled();
    assert.deepEqual((await call(handler, 'PUT', '/faults/token', { maintenance: true, latencyMs: 5 })).json.data, { token: { maintenance: true, latencyMs: 5 } });
    assert.equal((await api(handler, 'POST', '/v2/token', {})).status, 503);
    const bad = await call(handler, 'PUT', '/faults/token', { latencyMs: 'slow' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'DataInvalid');
    assert.equal((await call(handler, 'PUT', '/faults/nowhere', { maintenance: true })).status, 400);
    assert.deepEqual((await call(handler, 'DELETE', '/faults/token')).json.data, {});
    await call(handler, 'PUT', '/faults/*', { connectError: true });
    assert.deepEqual((await call(handler, 'DELETE', '/faults')).json.data, {});
  });

  it('reads and changes settings (token lifetime, refresh interval, COOP)', async () => {
    const handler = controlled();
    assert.deepEqual((await call(handler, 'GET', '/settings')).json.data, { tokenLifetimeSeconds: 600, refreshIntervalSeconds: 300, crossOriginOpenerPolicy: false });
    const changed = await call(handler, 'PUT', '/settings', { tokenLifetimeSeconds: 30, crossOriginOpenerPolicy: true });
    assert.deepEqual(changed.json.data, { tokenLifetimeSeconds: 30, refreshIntervalSeconds: 300, crossOriginOpenerPolicy: true });
    const token = await newToken(handler);
    assert.equal((await handler(new Request(token.connect_url))).headers.get('cross-origin-opener-policy'), 'same-origin');
    const bad = await call(handler, 'PUT', '/settings', { tokenLifetimeSeconds: -1 });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'DataInvalid');
  });

  it('reads state, triggers a login status change with its webhook, lists webhooks and credentials, and resets', async () => {
    const bodies: string[] = [];
    const handler = sandbox({
      controlOrigins: [DEMO],
      webhookUrl: 'http://partner.test/webhook',
      fetch: (async (_url: unknown, init?: RequestInit) => {
        bodies.push(String(init?.body));
        return new Response(null, { status: 204 });
      }) as typeof fetch,
    });
    const login = await newLogin(handler);
    const state = (await call(handler, 'GET', '/state')).json.data;
    assert.equal(state.logins[0].id, login.login_id);
    assert.equal(state.logins[0].secret, login.secret);
    assert.equal(state.customers.length, 1);
    const changed = await call(handler, 'POST', `/logins/${login.login_id}/status`, { status: 'login_wrong_credentials' });
    assert.equal(changed.status, 200);
    assert.equal(changed.json.data.webhook.event, 'login_status');
    await handler.control.webhooksIdle();
    assert.deepEqual(JSON.parse(bodies[0]!).status, 'login_wrong_credentials');
    const hooks = (await call(handler, 'GET', '/webhooks')).json.data;
    assert.equal(hooks[0].state, 'delivered');
    assert.equal((await call(handler, 'POST', `/logins/${login.login_id}/status`, { status: 'nope' })).status, 400);
    assert.equal((await call(handler, 'POST', '/logins/1/status', { status: 'login_account_locked' })).json.error, 'LoginNotFound');
    const credentials = (await call(handler, 'GET', '/credentials')).json.data;
    assert.ok(credentials.some((c: { username: string }) => c.username === 'demo'));
    await call(handler, 'POST', '/reset');
    assert.deepEqual((await call(handler, 'GET', '/state')).json.data, { customers: [], tokens: [], logins: [] });
  });

  it('refuses every other origin: no CORS, 403 before anything runs (a preflight too)', async () => {
    const handler = controlled();
    handler.control.setFault('token', { maintenance: true });
    for (const origin of ['http://localhost:5174', 'http://127.0.0.1:5173', 'null', 'https://evil.example']) {
      for (const [method, path, headers] of [
        ['GET', '/state', {}],
        ['POST', '/reset', { 'content-type': 'text/plain' }],
        ['DELETE', '/faults', {}],
        ['OPTIONS', '/faults/token', { 'access-control-request-method': 'PUT' }],
      ] as const) {
        const response = await handler(new Request(`${BASE}/_sandbox${path}`, { method, headers: { origin, ...headers } }));
        assert.equal(response.status, 403, `${origin} ${method} ${path}`);
        assert.equal(response.headers.get('access-control-allow-origin'), null, `${origin} ${method} ${path}`);
        assert.equal(((await response.json()) as { error: string }).error, 'Forbidden');
      }
    }
    assert.deepEqual(handler.control.faults(), { token: { maintenance: true } }, 'nothing was changed');
  });

  it('by default answers no cross-origin page: only its own origin and clients without Origin (tests, curl)', async () => {
    const handler = sandbox();
    const other = await handler(new Request(`${BASE}/_sandbox/state`, { headers: { origin: DEMO } }));
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const same = await handler(new Request(`${BASE}/_sandbox/reset`, { method: 'POST', headers: { origin: BASE } }));
    assert.equal(same.status, 200);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
    const plain = await handler(new Request(`${BASE}/_sandbox/state`));
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
  });

  it('takes only http(s) origins as control origins', () => {
    for (const origin of ['localhost:5173', 'http://localhost:5173/', 'http://localhost:5173/demo', 'javascript:alert(1)', '*']) {
      assert.throws(() => sandbox({ controlOrigins: [origin] }), /controlOrigins/, origin);
    }
  });
});
