/**
 * The spec's mobile flow ("Connect response", "Describe flow"): a client calling with `App-secret`
 * may register a custom-scheme callback (`yourapp://finsify-hub`), and the connect pages end with a
 * redirect to `yourapp://finsify-hub/{"status":"success","login_id":23456,"secret":"…"}`.
 * `Service-secret` clients keep the http(s)-only rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, connectWith, newCustomer, postForm, sandbox, type Json } from './helpers.js';

// api() sends the default Service-secret; a mobile app calls with App-secret alone.
const APP_HEADERS = { 'client-id': 'sandbox-client', 'app-secret': 'sandbox-app-secret' };
const asApp = async (handler: ReturnType<typeof sandbox>, path: string, body: unknown, extra: Record<string, string> = {}) => {
  const response = await handler(new Request(`http://sandbox.test${path}`, {
    method: 'POST',
    headers: { ...APP_HEADERS, 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  }));
  return { status: response.status, json: (await response.json()) as Json };
};
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('sandbox: custom-scheme callbacks for App-secret clients', () => {
  it('accepts yourapp://finsify-hub and ends the flow with the spec\'s redirect, shown on the page too', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    const token = await asApp(handler, '/v2/token', { customer_id, service_id: 8, callback_url: 'yourapp://finsify-hub' });
    assert.equal(token.status, 200, JSON.stringify(token.json));
    const terms = await handler(new Request(token.json.data.connect_url));
    assert.match(terms.headers.get('content-security-policy') ?? '', /form-action 'self' yourapp:(;|$)/);
    // The partner by its configured name (the default client's), as for any callback.
    assert.match(await terms.text(), /<strong>Sandbox Partner<\/strong>/);

    const done = await connectWith(handler, token.json.data.connect_url, 'demo', 'demo');
    assert.equal(done.status, 303);
    const location = done.headers.get('location')!;
    assert.match(location, new RegExp(`^yourapp://finsify-hub/\\{"status":"success","login_id":\\d+,"secret":"${UUID}"\\}$`));
    const result = JSON.parse(location.slice('yourapp://finsify-hub/'.length)) as { login_id: number };
    assert.equal(handler.control.state().logins[0]?.id, result.login_id);
    assert.match(done.headers.get('content-security-policy') ?? '', /form-action 'self' yourapp:/);
    const page = await done.text();
    assert.ok(page.includes('yourapp://finsify-hub/{&#34;status&#34;:&#34;success&#34;'), page);
    assert.doesNotMatch(page, /<script/);
  });

  it('ends a cancel and a reconnect the same way', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    const first = await asApp(handler, '/v2/token', { customer_id, service_id: 8, callback_url: 'com.example.money://finsify-hub/' });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const login = JSON.parse((await connectWith(handler, first.json.data.connect_url, 'demo', 'demo')).headers.get('location')!.slice('com.example.money://finsify-hub/'.length)) as { secret: string; login_id: number };

    const again = await asApp(handler, '/v2/token/reconnect', { callback_url: 'yourapp://finsify-hub' }, { 'login-secret': login.secret });
    assert.equal(again.status, 200, JSON.stringify(again.json));
    const cancelled = await postForm(handler, again.json.data.connect_url, { action: 'cancel' });
    assert.equal(cancelled.headers.get('location'), 'yourapp://finsify-hub/{"status":"cancel"}');
  });

  it('still takes http(s) callbacks from App-secret clients, percent-encoded as before', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    const token = await asApp(handler, '/v2/token', { customer_id, service_id: 8, callback_url: 'https://partner.test/cb' });
    assert.equal(token.status, 200);
    const cancelled = await postForm(handler, token.json.data.connect_url, { action: 'cancel' });
    assert.equal(cancelled.headers.get('location'), 'https://partner.test/cb/%7B%22status%22%3A%22cancel%22%7D');
  });

  it('refuses unsafe or malformed custom schemes, for App-secret clients too', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    for (const callback_url of [
      'javascript://finsify-hub/%0aalert(1)', 'data://finsify-hub/x', 'file://finsify-hub/etc', 'vbscript://x', 'blob://x', 'ws://partner.test/cb', 'ftp://partner.test/cb',
      'yourapp:finsify-hub', 'yourapp:///finsify-hub', 'yourapp://user:pass@finsify-hub', 'yourapp://finsify-hub?x=1', 'yourapp://finsify-hub#x', 'your app://finsify-hub',
    ]) {
      const { status, json } = await asApp(handler, '/v2/token', { customer_id, service_id: 8, callback_url });
      assert.equal(status, 400, callback_url);
      assert.equal(json.error, 'DataInvalid', callback_url);
      assert.equal(json.extra.field, 'callback_url', callback_url);
    }
  });

  it('leaves Service-secret clients as they were: http(s) only, the same answer', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    for (const headers of [{}, { 'app-secret': 'sandbox-app-secret' }] as Array<Record<string, string>>) {
      const { status, json } = await api(handler, 'POST', '/v2/token', { customer_id, service_id: 8, callback_url: 'yourapp://finsify-hub' }, headers);
      assert.equal(status, 400);
      assert.equal(json.error, 'DataInvalid');
      assert.equal(json.message, 'callback_url must be an absolute http(s) URL without credentials');
    }
  });
});
