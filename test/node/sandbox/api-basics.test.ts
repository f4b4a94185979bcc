import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSandbox, FINSIFY_ERRORS } from '../../../src/sandbox.js';
import { api, BASE, sandbox } from './helpers.js';

describe('sandbox API: authentication and request checks', () => {
  const handler = sandbox();
  const post = (headers: Record<string, string>, body: string | undefined = JSON.stringify({ identifier: 'a' })) =>
    handler(new Request(`${BASE}/v2/customer`, { method: 'POST', headers, body }));

  it('accepts Service-secret or App-secret, with header names in any case', async () => {
    for (const headers of [
      { 'Client-Id': 'sandbox-client', 'Service-secret': 'sandbox-service-secret' } as Record<string, string>,
      { 'CLIENT-ID': 'sandbox-client', 'APP-SECRET': 'sandbox-app-secret' },
    ]) {
      const response = await post({ ...headers, 'Content-Type': 'application/json' }, JSON.stringify({ identifier: `id-${Math.random()}` }));
      assert.equal(response.status, 200);
    }
  });

  it('answers 404 ClientNotFound for an unknown Client-Id', async () => {
    const response = await post({ 'client-id': 'nobody', 'service-secret': 'sandbox-service-secret', 'content-type': 'application/json' });
    assert.equal(response.status, 404);
    const body = await response.json();
    assert.equal(body.error, 'ClientNotFound');
    assert.equal(typeof body.message, 'string');
  });

  it('answers 400 CredentialInvalid for a missing or wrong secret, or a missing Client-Id', async () => {
    for (const headers of [
      { 'client-id': 'sandbox-client' } as Record<string, string>,
      { 'client-id': 'sandbox-client', 'service-secret': 'wrong' },
      { 'client-id': 'sandbox-client', 'app-secret': 'sandbox-service-secret' },
      { 'client-id': 'sandbox-client', 'service-secret': 'sandbox-service-secret', 'app-secret': 'wrong' },
      { 'service-secret': 'sandbox-service-secret' },
    ]) {
      const response = await post({ ...headers, 'content-type': 'application/json' });
      assert.equal(response.status, 400, JSON.stringify(headers));
      assert.equal((await response.json()).error, 'CredentialInvalid');
    }
  });

  it('answers 400 ContentInputInvalid for a POST that is not application/json', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const { status, json } = await api(handler, 'POST', '/v2/customer', '{"identifier":"x"}', { 'content-type': contentType });
      assert.equal(status, 400);
      assert.equal(json.error, 'ContentInputInvalid');
    }
    const missing = await post({ 'client-id': 'sandbox-client', 'service-secret': 'sandbox-service-secret' });
    assert.equal((await missing.json()).error, 'ContentInputInvalid');
    const withCharset = await api(handler, 'POST', '/v2/customer', { identifier: 'charset' }, { 'content-type': 'Application/JSON; charset=utf-8' });
    assert.equal(withCharset.status, 200);
  });

  it('answers 400 BadRequest for malformed JSON or a body that is not an object', async () => {
    for (const body of ['{"identifier":', '[]', 'null', '"x"', '']) {
      const { status, json } = await api(handler, 'POST', '/v2/customer', body, { 'content-type': 'application/json' });
      assert.equal(status, 400, body);
      assert.equal(json.error, 'BadRequest', body);
    }
  });

  it('answers 400 DataInvalid naming the field', async () => {
    for (const body of [{}, { identifier: '' }, { identifier: 42 }, { identifier: 'x'.repeat(256) }]) {
      const { status, json } = await api(handler, 'POST', '/v2/customer', body);
      assert.equal(status, 400);
      assert.equal(json.error, 'DataInvalid');
      assert.equal(json.extra.field, 'identifier');
    }
  });

  it('answers unknown API paths with 404 in the error shape', async () => {
    const { status, json } = await api(handler, 'GET', '/v2/nothing-here');
    assert.equal(status, 404);
    assert.equal(json.error, 'NotFound');
  });

  it('uses the spec table status for every error it names', async () => {
    assert.equal(FINSIFY_ERRORS.TokenExpire.status, 400);
    assert.equal(FINSIFY_ERRORS.ServerMaintenance.status, 503);
    assert.equal(FINSIFY_ERRORS.ConnectError.status, 503);
    assert.equal(FINSIFY_ERRORS.LoginNotFound.status, 404);
    assert.equal(FINSIFY_ERRORS.CustomerCreateError.status, 500);
  });

  it('accepts the clients it is given, and refuses a client without secrets', async () => {
    const custom = createSandbox({ clients: [{ clientId: 'partner-a', appSecret: 'only-app' }] });
    const ok = await api(custom, 'POST', '/v2/customer', { identifier: 'x' }, { 'client-id': 'partner-a', 'service-secret': '', 'app-secret': 'only-app' });
    // An empty Service-secret header is a secret that does not match.
    assert.equal(ok.json.error, 'CredentialInvalid');
    const good = await custom(new Request(`${BASE}/v2/customer`, {
      method: 'POST',
      headers: { 'client-id': 'partner-a', 'app-secret': 'only-app', 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'x' }),
    }));
    assert.equal(good.status, 200);
    assert.throws(() => createSandbox({ clients: [{ clientId: 'x' }] }), /secret/i);
  });
});

describe('sandbox index: GET /', () => {
  it('says where the API, catalog and controls are, without secrets', async () => {
    const { status, json } = await api(sandbox(), 'GET', '/', undefined, {});
    assert.equal(status, 200);
    assert.equal(json.api, `${BASE}/v2`);
    assert.equal(json.catalog, `${BASE}/service.json`);
    assert.deepEqual(json.clients, ['sandbox-client']);
    assert.doesNotMatch(JSON.stringify(json), /sandbox-service-secret|sandbox-app-secret/);
  });
});
