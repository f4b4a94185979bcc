import { expect } from '@open-wc/testing';
import type { FinsifyConnect } from '../../../src/connect.js';
import { assertCleanSteps, capturePopups, connectElement, popupClosed, record, settle, steps, terminals, tokenRequests, tokenUrl, type Recorded } from './helpers.js';
import { html } from 'lit';

describe('<finsify-connect> token request', () => {
  let capture: ReturnType<typeof capturePopups>;
  let events: Recorded[];
  let el: FinsifyConnect;

  beforeEach(async () => {
    capture = capturePopups();
    el = await connectElement();
    events = record(el);
  });

  afterEach(() => {
    capture.restore();
    for (const popup of capture.popups) popup.close();
    assertCleanSteps(events, 'must-not-leak');
  });

  it('POSTs {service_id, state} as JSON with same-origin credentials and partner headers', async () => {
    const { url, key } = tokenUrl({ login_id: 1 });
    el.tokenUrl = url;
    el.tokenHeaders = { 'X-CSRF-Token': 'csrf-123' };
    const seen: RequestInit[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      seen.push(init ?? {});
      return original(input, init);
    };
    try {
      await settle(el.open(), events);
    } finally {
      window.fetch = original;
    }
    const [request] = await tokenRequests(key);
    expect(Object.keys(request!.body).sort()).to.deep.equal(['service_id', 'state']);
    expect(request!.body['service_id']).to.equal(8);
    expect(request!.body['state']).to.match(/^[A-Za-z0-9_-]{22,64}$/);
    expect(request!.contentType).to.equal('application/json');
    expect(request!.csrf).to.equal('csrf-123');
    expect(seen[0]!.credentials).to.equal('same-origin');
    expect(seen[0]!.method).to.equal('POST');
  });

  it('asks headers of a function at request time', async () => {
    const { url, key } = tokenUrl({ login_id: 1 });
    el.tokenUrl = url;
    let value = 'old';
    el.tokenHeaders = () => ({ 'X-CSRF-Token': value });
    value = 'fresh';
    await settle(el.open(), events);
    expect((await tokenRequests(key))[0]!.csrf).to.equal('fresh');
  });

  it('sends {login_id, state} for a reconnect', async () => {
    const reconnect = await connectElement(html`<finsify-connect login-id="23456" service-id="8" service-name="Vietcombank"></finsify-connect>`);
    const reconnectEvents = record(reconnect);
    const { url, key } = tokenUrl({ login_id: 23456 });
    reconnect.tokenUrl = url;
    const outcome = await settle(reconnect.open(), reconnectEvents);
    const [request] = await tokenRequests(key);
    expect(Object.keys(request!.body).sort()).to.deep.equal(['login_id', 'state']);
    expect(request!.body['login_id']).to.equal(23456);
    expect(outcome.detail).to.deep.include({ login_id: 23456 });
    expect(reconnectEvents.find((event) => event.type === 'finsify-open')!.detail).to.deep.equal({ login_id: 23456, token_id: 'tok-ok' });
    expect(reconnectEvents.filter((event) => event.type === 'finsify-event').every((event) => event.detail['login_id'] === 23456)).to.equal(true);
  });

  it('uses a fresh state for every flow', async () => {
    const { url, key } = tokenUrl({ login_id: 1 });
    el.tokenUrl = url;
    await settle(el.open(), events);
    await settle(el.open(), events);
    const [first, second] = await tokenRequests(key);
    expect(first!.body['state']).not.to.equal(second!.body['state']);
  });

  it("accepts a bare token object as well as Finsify's envelope", async () => {
    el.tokenUrl = tokenUrl({ scenario: 'bare', login_id: 9 }).url;
    expect((await settle(el.open(), events)).detail).to.deep.include({ login_id: 9 });
    expect(events.find((event) => event.type === 'finsify-open')!.detail).to.deep.equal({ service_id: 8, token_id: 'tok-bare' });
  });

  const failures: Array<[string, Record<string, unknown>]> = [
    ['finsify500', { error: 'InternalError', message: 'Sorry server is crash. Please try again.', extra: { request: 'x', login: { id: 1 } }, http_status: 500 }],
    ['expire', { error: 'TokenExpire', message: 'Your token is expired. Please create new token.', extra: {}, http_status: 400 }],
    ['html', { error: 'TokenRequestFailed', http_status: 200 }],
    ['badjson', { error: 'TokenRequestFailed', http_status: 200 }],
    ['network', { error: 'TokenRequestFailed' }],
    ['javascript', { error: 'TokenResponseInvalid' }],
    ['data', { error: 'TokenResponseInvalid' }],
    ['evil', { error: 'TokenResponseInvalid' }],
    ['missing', { error: 'TokenResponseInvalid' }],
  ];

  for (const [scenario, expected] of failures) {
    it(`${scenario}: ${expected['error']}, the popup closed, no navigation`, async () => {
      el.tokenUrl = tokenUrl({ scenario }).url;
      const outcome = await settle(el.open(), events);
      expect(outcome.type).to.equal('error');
      expect(outcome.detail).to.deep.include(expected);
      if (!('http_status' in expected)) expect(outcome.detail).not.to.have.property('http_status');
      expect(events.some((event) => event.type === 'finsify-open')).to.equal(false);
      expect(steps(events)).to.deep.equal(['POPUP_OPENED', 'TOKEN_REQUESTED', 'ERROR']);
      expect(terminals(events)).to.have.length(1);
      await popupClosed(capture.popups[0]!);
      // The Finsify error's `extra` may echo a login secret: it never reaches the page.
      expect(JSON.stringify(outcome)).not.to.include('must-not-leak');
      expect(JSON.stringify(outcome)).not.to.include('evil.example');
    });
  }

  it('gives up a token request after token-timeout', async () => {
    el.tokenTimeout = 0.3;
    el.tokenUrl = tokenUrl({ delay: 3000 }).url;
    const outcome = await settle(el.open(), events);
    expect(outcome.detail).to.deep.include({ error: 'TokenRequestFailed', message: 'Token request timed out' });
  });

  it('refuses a connect_url outside connect-origins', async () => {
    el.setAttribute('connect-origins', 'https://api.finsify.com, https://sandbox.finsify.com');
    el.tokenUrl = tokenUrl({ login_id: 1 }).url;
    const outcome = await settle(el.open(), events);
    expect(outcome.detail).to.deep.include({ error: 'TokenResponseInvalid' });
    expect(events.some((event) => event.type === 'finsify-open')).to.equal(false);
  });

  it('follows a connect_url on an allowed origin', async () => {
    el.setAttribute('connect-origins', `https://api.finsify.com ${location.origin}`);
    expect(el.connectOrigins).to.deep.equal(['https://api.finsify.com', location.origin]);
    el.tokenUrl = tokenUrl({ login_id: 1 }).url;
    expect((await settle(el.open(), events)).type).to.equal('success');
  });

  describe('tokenProvider', () => {
    it('replaces the request and gets the same body', async () => {
      const requests: unknown[] = [];
      el.tokenUrl = '/must-not-be-called';
      el.tokenProvider = async (request) => {
        requests.push(request);
        return { connect_url: `${location.origin}/fixtures/connect/page?state=${request.state}&login_id=4` };
      };
      expect((await settle(el.open(), events)).detail).to.deep.include({ login_id: 4 });
      expect(Object.keys(requests[0] as object).sort()).to.deep.equal(['service_id', 'state']);
    });

    it("tells the provider the page's language and forced theme, beside the unchanged request", async () => {
      const contexts: Array<{ signal: AbortSignal; locale?: string; theme?: string }> = [];
      el.locale = 'vi';
      el.theme = 'dark';
      el.tokenProvider = async (request, context) => {
        contexts.push(context);
        return { connect_url: `${location.origin}/fixtures/connect/page?state=${request.state}&login_id=4` };
      };
      await settle(el.open(), events);
      expect(contexts[0]!.signal).to.be.instanceOf(AbortSignal);
      expect([contexts[0]!.locale, contexts[0]!.theme]).to.deep.equal(['vi', 'dark']);
    });

    it("passes on a rejection shaped like Finsify's error", async () => {
      el.tokenProvider = () => Promise.reject({ error: 'ServerMaintenance', message: 'Maintenance', extra: { until: 'soon', secret: 'must-not-leak' }, http_status: 503 });
      const outcome = await settle(el.open(), events);
      expect(outcome.detail).to.deep.equal({ error: 'ServerMaintenance', message: 'Maintenance', extra: { until: 'soon' }, http_status: 503 });
    });

    it("blanks the login secret out of a reconnect's LoginNotFound message, as well as out of extra", async () => {
      // The spec's own LoginNotFound echoes the secret in its message and in extra.loginSecret.
      const secret = 'd16bdfd0-5bd2-46d3-96c2-12313sdsda';
      el.loginId = 23456;
      el.tokenProvider = () =>
        Promise.reject({ error: 'LoginNotFound', message: `Cannot find Login with login secret: '${secret}'.`, extra: { loginSecret: secret, note: 'kept' }, http_status: 404 });
      const outcome = await settle(el.open(), events);
      expect(outcome.detail).to.deep.equal({
        error: 'LoginNotFound',
        message: "Cannot find Login with login secret: '[redacted]'.",
        extra: { note: 'kept' },
        http_status: 404,
      });
      expect(JSON.stringify(events)).not.to.include(secret);
    });

    it('blanks out of the message what a credential key held at any depth, numbers too', async () => {
      el.tokenProvider = () =>
        Promise.reject({
          error: 'CredentialInvalid',
          message: 'bob / hunter2x refused; login secret 1234567890',
          extra: { credentials: { username: 'bob', password: 'hunter2x' }, loginSecret: 1234567890, attempt: 2 },
        });
      expect((await settle(el.open(), events)).detail).to.deep.equal({
        error: 'CredentialInvalid',
        message: 'bob / [redacted] refused; login secret [redacted]',
        extra: { attempt: 2 },
      });
    });

    it('leaves a message that only mentions secrets as it is', async () => {
      el.tokenProvider = () => Promise.reject({ error: 'DataInvalid', message: 'The login secret expired; reconnect 2 logins' });
      expect((await settle(el.open(), events)).detail).to.deep.include({ message: 'The login secret expired; reconnect 2 logins' });
    });

    it('reports any other rejection as TokenRequestFailed', async () => {
      el.tokenProvider = () => Promise.reject(new Error('offline'));
      expect((await settle(el.open(), events)).detail).to.deep.equal({ error: 'TokenRequestFailed', message: 'offline' });
    });

    it('checks what it resolves like a response', async () => {
      el.tokenProvider = async () => ({ connect_url: 'javascript:alert(1)' });
      expect((await settle(el.open(), events)).detail).to.deep.include({ error: 'TokenResponseInvalid' });
    });
  });

  it('rejects open() without a token source or anything to connect, dispatching nothing', async () => {
    let error: unknown;
    await el.open().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    el.tokenUrl = '/fixtures/connect/token';
    el.serviceId = undefined;
    error = undefined;
    await el.open().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    expect(events).to.have.length(0);
    expect(capture.popups).to.have.length(0);
  });
});
