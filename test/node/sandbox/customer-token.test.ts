import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSandbox } from '../../../src/sandbox.js';
import { api, CALLBACK, callbackResult, connectWith, fakeClock, newCustomer, newLogin, newToken, sandbox } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sandbox API: POST /v2/customer', () => {
  it('creates a customer once per identifier, then answers CustomerExists', async () => {
    const handler = sandbox();
    const first = await api(handler, 'POST', '/v2/customer', { identifier: 'sample-identifier-user' });
    assert.equal(first.status, 200);
    assert.equal(first.json.version, 'v2');
    assert.match(first.json.data.customer_id, UUID);
    assert.equal(first.json.data.identifier, 'sample-identifier-user');
    const again = await api(handler, 'POST', '/v2/customer', { identifier: 'sample-identifier-user' });
    assert.equal(again.status, 400);
    assert.deepEqual(again.json, {
      error: 'CustomerExists',
      message: 'Customer "sample-identifier-user" is exists',
      extra: { identifier: 'sample-identifier-user' },
    });
  });

  it('keeps customers of different clients apart', async () => {
    const handler = createSandbox({ clients: [{ clientId: 'a', serviceSecret: 'sa' }, { clientId: 'b', serviceSecret: 'sb' }] });
    const asA = await api(handler, 'POST', '/v2/customer', { identifier: 'same' }, { 'client-id': 'a', 'service-secret': 'sa' });
    const asB = await api(handler, 'POST', '/v2/customer', { identifier: 'same' }, { 'client-id': 'b', 'service-secret': 'sb' });
    assert.equal(asA.status, 200);
    assert.equal(asB.status, 200);
    // B cannot make tokens for A's customer.
    const token = await api(handler, 'POST', '/v2/token', { customer_id: asA.json.data.customer_id, service_id: 8, callback_url: CALLBACK }, {
      'client-id': 'b',
      'service-secret': 'sb',
    });
    assert.equal(token.status, 404);
    assert.equal(token.json.error, 'CustomerNotFound');
  });
});

describe('sandbox API: POST /v2/token', () => {
  it('returns an id and a connect_url under publicUrl', async () => {
    const handler = sandbox({ publicUrl: 'https://sandbox.example/' });
    const customer_id = await newCustomer(handler);
    const { status, json } = await api(handler, 'POST', '/v2/token', { customer_id, service_id: 8, callback_url: 'http://localhost:2000/v2' });
    assert.equal(status, 200);
    assert.equal(json.version, 'v2');
    assert.match(json.data.id, UUID);
    assert.equal(json.data.connect_url, `https://sandbox.example/v2/connect/term/${json.data.id}`);
  });

  it('answers CustomerNotFound (404) and ServiceNotFound (404)', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    const noCustomer = await api(handler, 'POST', '/v2/token', { customer_id: '115eff49-1323-4f09-9fc1-c8009d81777b', service_id: 8, callback_url: CALLBACK });
    assert.equal(noCustomer.status, 404);
    assert.equal(noCustomer.json.error, 'CustomerNotFound');
    assert.equal(noCustomer.json.extra.customerId, '115eff49-1323-4f09-9fc1-c8009d81777b');
    const noService = await api(handler, 'POST', '/v2/token', { customer_id, service_id: 99999, callback_url: CALLBACK });
    assert.equal(noService.status, 404);
    assert.equal(noService.json.error, 'ServiceNotFound');
    assert.equal(noService.json.extra.serviceId, 99999);
  });

  it('answers DataInvalid naming each bad field', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ service_id: 8, callback_url: CALLBACK }, 'customer_id'],
      [{ customer_id, callback_url: CALLBACK }, 'service_id'],
      [{ customer_id, service_id: '8', callback_url: CALLBACK }, 'service_id'],
      [{ customer_id, service_id: 8.5, callback_url: CALLBACK }, 'service_id'],
      [{ customer_id, service_id: 8 }, 'callback_url'],
      [{ customer_id, service_id: 8, callback_url: '/relative' }, 'callback_url'],
      [{ customer_id, service_id: 8, callback_url: 'javascript:alert(1)' }, 'callback_url'],
      [{ customer_id, service_id: 8, callback_url: 'ftp://partner.test/cb' }, 'callback_url'],
      [{ customer_id, service_id: 8, callback_url: 'https://partner.test/cb?x=1' }, 'callback_url'],
    ];
    for (const [body, field] of cases) {
      const { status, json } = await api(handler, 'POST', '/v2/token', body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.error, 'DataInvalid');
      assert.equal(json.extra.field, field, JSON.stringify(body));
    }
  });
});

describe('sandbox API: token lifetime and single use', () => {
  it('expires tokens after the lifetime: opening the page ends the flow with token_expired', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now, tokenLifetimeSeconds: 60 });
    const token = await newToken(handler);
    clock.advance(59_999);
    assert.equal((await handler(new Request(token.connect_url))).status, 200);
    clock.advance(1);
    const expired = await handler(new Request(token.connect_url));
    assert.deepEqual(callbackResult(expired), { status: 'token_expired' });
    // Ended: opening it again shows the TokenExpire page (JSON for API clients).
    const again = await handler(new Request(token.connect_url, { headers: { accept: 'application/json' } }));
    assert.equal(again.status, 400);
    assert.equal((await again.json()).error, 'TokenExpire');
  });

  it('checks expiry again when the login form is submitted', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now, tokenLifetimeSeconds: 60 });
    const token = await newToken(handler);
    await handler(new Request(token.connect_url));
    clock.advance(61_000);
    const response = await handler(new Request(token.connect_url, { method: 'POST', body: new URLSearchParams({ action: 'accept' }) }));
    assert.deepEqual(callbackResult(response), { status: 'token_expired' });
    assert.equal(handler.control.state().logins.length, 0);
  });

  it('takes a token lifetime changed at run time for new tokens', async () => {
    const clock = fakeClock();
    const handler = sandbox({ now: clock.now });
    handler.control.setTokenLifetime(5);
    const token = await newToken(handler);
    clock.advance(5_000);
    assert.deepEqual(callbackResult(await handler(new Request(token.connect_url))), { status: 'token_expired' });
  });

  it('uses a token once: after a finished flow it answers TokenExpire', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const first = callbackResult(await connectWith(handler, token.connect_url, 'demo', 'demo'));
    assert.equal(first.status, 'success');
    for (const request of [
      new Request(token.connect_url),
      new Request(token.connect_url, { method: 'POST', body: new URLSearchParams({ action: 'login', username: 'demo', password: 'demo' }) }),
    ]) {
      const response = await handler(request);
      assert.equal(response.status, 400);
      assert.match(await response.text(), /<meta name="finsify-error" content="TokenExpire">/);
    }
    assert.equal(handler.control.state().logins.length, 1);
  });

  it('answers TokenExpire for a token it never issued', async () => {
    const handler = sandbox();
    const response = await handler(new Request('http://sandbox.test/v2/connect/term/not-a-token', { headers: { accept: 'application/json' } }));
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'TokenExpire');
  });
});

describe('sandbox API: POST /v2/token/reconnect', () => {
  it('issues a token bound to the login; success keeps the login id and its secret', async () => {
    const handler = sandbox();
    const login = await newLogin(handler);
    const { status, json } = await api(handler, 'POST', '/v2/token/reconnect', { callback_url: CALLBACK }, { 'login-secret': login.secret });
    assert.equal(status, 200);
    assert.match(json.data.connect_url, new RegExp(`/v2/connect/term/${json.data.id}$`));
    const page = await (await handler(new Request(json.data.connect_url))).text();
    assert.match(page, /Reconnect Techcombank/);
    const result = callbackResult(await connectWith(handler, json.data.connect_url, 'demo', 'demo'));
    assert.deepEqual(result, { status: 'success', login_id: login.login_id, secret: login.secret });
    assert.equal(handler.control.state().logins.length, 1);
  });

  it('answers LoginNotFound for an unknown secret, DataInvalid without one or without callback_url', async () => {
    const handler = sandbox();
    const unknown = await api(handler, 'POST', '/v2/token/reconnect', { callback_url: CALLBACK }, { 'login-secret': 'd16bdfd0-5bd2-46d3-96c2-12313sdsda' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, {
      error: 'LoginNotFound',
      message: "Cannot find Login with login secret: 'd16bdfd0-5bd2-46d3-96c2-12313sdsda'.",
      extra: { loginSecret: 'd16bdfd0-5bd2-46d3-96c2-12313sdsda' },
    });
    const missing = await api(handler, 'POST', '/v2/token/reconnect', { callback_url: CALLBACK });
    assert.equal(missing.json.error, 'DataInvalid');
    assert.equal(missing.json.extra.field, 'Login-secret');
    const login = await newLogin(handler);
    const noCallback = await api(handler, 'POST', '/v2/token/reconnect', {}, { 'login-secret': login.secret });
    assert.equal(noCallback.json.extra.field, 'callback_url');
  });

  it('does not find another client\'s login', async () => {
    const handler = createSandbox({ clients: [{ clientId: 'sandbox-client', serviceSecret: 'sandbox-service-secret' }, { clientId: 'other', serviceSecret: 'o' }] });
    const login = await newLogin(handler);
    const { status, json } = await api(handler, 'POST', '/v2/token/reconnect', { callback_url: CALLBACK }, { 'client-id': 'other', 'service-secret': 'o', 'login-secret': login.secret });
    assert.equal(status, 404);
    assert.equal(json.error, 'LoginNotFound');
  });
});
