import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../../../src/server.js';
import { call, LOGIN_SECRET, ORIGIN, STATE, testProxy } from './helpers.js';

/** The headers every answer of the proxy carries, whatever produced it. */
function assertStandardHeaders(response: Response, what: string): void {
  assert.equal(response.headers.get('cache-control'), 'no-store', `${what}: cache-control`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer', `${what}: referrer-policy`);
  assert.equal(response.headers.get('x-frame-options'), 'DENY', `${what}: x-frame-options`);
  assert.match(response.headers.get('vary') ?? '', /\bOrigin\b/, `${what}: vary`);
  // A popup's opener must survive the callback's redirect; HSTS is the partner's domain-wide decision.
  assert.equal(response.headers.get('cross-origin-opener-policy'), null, `${what}: no COOP`);
  assert.equal(response.headers.get('strict-transport-security'), null, `${what}: no HSTS`);
}

describe('response headers', () => {
  it('are the same on successes, refusals, errors, unknown routes, preflights and redirects', async () => {
    const store = createMemoryStore();
    const { proxy } = testProxy({ store, secretMode: 'server', publicUrl: 'http://proxy.test', basePath: undefined });
    const cases: [string, Request, number][] = [
      ['token', call('/token', { body: { service_id: 8, state: STATE } }), 200],
      ['logins', call('/logins'), 200],
      ['unauthorized', call('/logins', { user: null }), 401],
      ['forbidden origin', call('/token', { body: {}, headers: { origin: 'https://evil.example' } }), 403],
      ['bad body', call('/token', { rawBody: '{', headers: { 'content-type': 'application/json' } }), 400],
      ['unknown route', call('/nothing'), 404],
      ['unknown login action', call('/logins/1/explode', { method: 'PUT', body: {} }), 404],
      ['callback', call(`/callback/${STATE}/${encodeURIComponent(JSON.stringify({ status: 'cancelled' }))}`), 303],
      ['bad callback state', call('/callback/short'), 400],
      [
        'preflight',
        new Request('http://proxy.test/token', { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } }),
        204,
      ],
      ['refused preflight', new Request('http://proxy.test/token', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }), 403],
    ];
    for (const [what, request, status] of cases) {
      const response = await proxy(request);
      assert.equal(response.status, status, what);
      assertStandardHeaders(response, what);
      if (status >= 400) assert.equal(typeof ((await response.json()) as { error?: unknown }).error, 'string', `${what}: Finsify's error shape`);
    }
    store.getLogin = async () => {
      throw new Error('the store failed');
    };
    const failing = await proxy(call('/logins/23456/refresh', { method: 'PUT', body: {} }));
    assert.equal(failing.status, 500);
    assertStandardHeaders(failing, 'unexpected error');
  });

  it('give CORS to listed origins only, and never the login secret in a header', async () => {
    const { proxy } = testProxy();
    const listed = await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }));
    assert.equal(listed.headers.get('access-control-allow-origin'), ORIGIN);
    const other = await proxy(call('/logins', { headers: { origin: 'https://evil.example' } }));
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.ok(![...listed.headers].some(([, value]) => value.includes(LOGIN_SECRET)));
  });
});
