import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFinsifyClient } from '../../../src/server/finsify-client.js';
import { ProxyError } from '../../../src/server/errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../../src/server/retry.js';
import { call, captureLogger, fakeFinsify, LOGIN_SECRET, SERVICE_SECRET, STATE, testProxy, type FakeCall } from './helpers.js';

type Route = (call: FakeCall, index: number) => Response | Promise<Response>;

function client(routes: Record<string, Route>, extra: { timeoutMs?: number; appSecret?: boolean; now?: number } = {}) {
  const fake = fakeFinsify(routes);
  const sleeps: number[] = [];
  const logger = captureLogger();
  const finsify = createFinsifyClient({
    baseUrl: 'https://api.finsify.test/',
    clientId: 'client-1',
    ...(extra.appSecret ? { appSecret: 'app-secret-1' } : { serviceSecret: SERVICE_SECRET }),
    fetch: fake.fetch,
    timeoutMs: extra.timeoutMs ?? 1000,
    logger,
    random: () => 0.5,
    now: () => extra.now ?? Date.UTC(2024, 0, 1),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { finsify, calls: fake.calls, sleeps, logger };
}

const unavailable = (error: string, headers: Record<string, string> = {}) => () =>
  Response.json({ error, message: 'later' }, { status: 503, headers });
const token = () => Response.json({ data: { id: 't', connect_url: 'https://x/t' }, version: 'v2' });

describe('Finsify client', () => {
  it('sends the spec headers: Client-Id, Service-secret, JSON, and login-secret where needed', async () => {
    const { finsify, calls } = client({ 'GET /v2/account': () => Response.json({ data: [], version: 'v2' }) });
    await finsify.listAccounts(LOGIN_SECRET);
    const [sent] = calls;
    assert.equal(sent?.path, '/v2/account');
    assert.equal(sent?.headers.get('client-id'), 'client-1');
    assert.equal(sent?.headers.get('service-secret'), SERVICE_SECRET);
    assert.equal(sent?.headers.get('login-secret'), LOGIN_SECRET);
    assert.equal(sent?.headers.get('content-type'), 'application/json');
    assert.equal(sent?.headers.get('app-secret'), null);
  });

  it('uses App-secret when only an app secret is configured', async () => {
    const { finsify, calls } = client({ 'POST /v2/customer': () => Response.json({ data: { customer_id: 'c' } }) }, { appSecret: true });
    await finsify.createCustomer('u1');
    assert.equal(calls[0]?.headers.get('app-secret'), 'app-secret-1');
    assert.equal(calls[0]?.headers.get('service-secret'), null);
    assert.deepEqual(calls[0]?.body, { identifier: 'u1' });
  });

  it('sends the end date as both to_date and end_date (the spec uses both names)', async () => {
    const { finsify, calls } = client({ 'GET /v2/transaction': () => Response.json({ data: [] }) });
    await finsify.listTransactions(LOGIN_SECRET, { account_id: 7, from_date: '2024-01-01', to_date: '2024-02-01' });
    assert.equal(calls[0]?.path, '/v2/transaction?account_id=7&from_date=2024-01-01&to_date=2024-02-01&end_date=2024-02-01');
  });

  it('retries 503 ConnectError and ServerMaintenance, then succeeds', async () => {
    const { finsify, calls, sleeps } = client({
      'POST /v2/token': (_call, index) => (index === 0 ? unavailable('ConnectError')() : index === 1 ? unavailable('ServerMaintenance')() : token()),
    });
    const response = await finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'https://p/cb/s' });
    assert.equal(response.status, 200);
    assert.equal(calls.length, 3);
    // Equal jitter with random 0.5: 3/4 of 200 then of 400.
    assert.deepEqual(sleeps, [150, 300]);
  });

  it('gives up after 3 retries and passes the last 503 on', async () => {
    const { finsify, calls, sleeps } = client({ 'POST /v2/token': unavailable('ServerMaintenance') });
    const response = await finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'https://p/cb/s' });
    assert.equal(response.status, 503);
    assert.equal((response.body as { error: string }).error, 'ServerMaintenance');
    assert.equal(calls.length, 4);
    assert.equal(sleeps.length, 3);
  });

  it('never retries a 4xx, nor a 503 that is not ConnectError/ServerMaintenance', async () => {
    const four = client({ 'POST /v2/token': () => Response.json({ error: 'TokenExpire', message: 'x' }, { status: 400 }) });
    assert.equal((await four.finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'u' })).status, 400);
    assert.equal(four.calls.length, 1);
    const other = client({ 'POST /v2/token': unavailable('SomethingElse') });
    assert.equal((await other.finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'u' })).status, 503);
    assert.equal(other.calls.length, 1);
    const server = client({ 'POST /v2/token': () => Response.json({ error: 'InternalError', message: 'x' }, { status: 500 }) });
    assert.equal((await server.finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'u' })).status, 500);
    assert.equal(server.calls.length, 1);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const now = Date.UTC(2024, 0, 1);
    const date = new Date(now + 3000).toUTCString();
    const { finsify, sleeps } = client(
      {
        'POST /v2/token': (_call, index) =>
          index === 0 ? unavailable('ConnectError', { 'Retry-After': '2' })() : index === 1 ? unavailable('ConnectError', { 'Retry-After': date })() : token(),
      },
      { now },
    );
    assert.equal((await finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'u' })).status, 200);
    assert.deepEqual(sleeps, [2000, 3000]);
  });

  it('passes a long Retry-After on at once instead of holding the request', async () => {
    const { finsify, calls, sleeps } = client({ 'POST /v2/token': unavailable('ServerMaintenance', { 'Retry-After': '120' }) });
    const response = await finsify.createToken({ customer_id: 'c', service_id: 8, callback_url: 'u' });
    assert.equal(response.status, 503);
    assert.equal(response.retryAfter, '120');
    assert.equal(calls.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('retries transport errors, and reports ConnectError when they persist', async () => {
    const flaky = client({
      'GET /v2/account': (_call, index) => {
        if (index < 2) throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
        return Response.json({ data: [] });
      },
    });
    assert.equal((await flaky.finsify.listAccounts(LOGIN_SECRET)).status, 200);
    assert.equal(flaky.calls.length, 3);

    const down = client({
      'GET /v2/account': () => {
        throw new TypeError('fetch failed');
      },
    });
    await assert.rejects(down.finsify.listAccounts(LOGIN_SECRET), (error: unknown) => {
      assert.ok(error instanceof ProxyError);
      assert.equal(error.status, 503);
      assert.equal(error.error, 'ConnectError');
      return true;
    });
    assert.equal(down.calls.length, 4);
    assert.ok(!down.logger.text().includes(LOGIN_SECRET));
    assert.ok(!down.logger.text().includes(SERVICE_SECRET));
  });

  it('does not resend a customer creation that may have reached Finsify', async () => {
    const reset = client({
      'POST /v2/customer': () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
      },
    });
    await assert.rejects(reset.finsify.createCustomer('u1'), (error: unknown) => {
      assert.ok(error instanceof ProxyError);
      assert.deepEqual([error.status, error.error], [503, 'ConnectError']);
      assert.match(error.message, /may have reached it; it was not sent again/);
      return true;
    });
    assert.equal(reset.calls.length, 1);
    assert.deepEqual(reset.sleeps, []);
    assert.ok(reset.logger.lines.some((line) => line.level === 'error' && /not retried/.test(line.message)));

    const silent = client({
      'POST /v2/customer': () => {
        throw new DOMException('The operation was aborted.', 'TimeoutError');
      },
    });
    await assert.rejects(silent.finsify.createCustomer('u1'), (error: unknown) => error instanceof ProxyError && /did not answer within/.test(error.message));
    assert.equal(silent.calls.length, 1);
  });

  it('retries a customer creation that cannot have reached Finsify, and Finsify\'s own 503s', async () => {
    const refused = client({
      'POST /v2/customer': (_call, index) => {
        if (index === 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
        if (index === 1) throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
        if (index === 2) return unavailable('ServerMaintenance')();
        return Response.json({ data: { customer_id: 'c1', identifier: 'u1' }, version: 'v2' });
      },
    });
    assert.equal((await refused.finsify.createCustomer('u1')).status, 200);
    assert.equal(refused.calls.length, 4);
    assert.deepEqual(refused.sleeps, [150, 300, 600]);
  });

  it('aborts a call that outlives timeoutMs and retries it', async () => {
    let attempts = 0;
    const signals: AbortSignal[] = [];
    const fetchImpl = ((_url: string, init: RequestInit) => {
      attempts += 1;
      if (attempts > 1) return Promise.resolve(Response.json({ data: [] }));
      const signal = init.signal as AbortSignal;
      signals.push(signal);
      // Never answers: only the client's timeout can end this attempt.
      return new Promise<Response>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }) as unknown as typeof fetch;
    const logger = captureLogger();
    const finsify = createFinsifyClient({
      baseUrl: 'https://api.finsify.test',
      clientId: 'client-1',
      serviceSecret: SERVICE_SECRET,
      fetch: fetchImpl,
      timeoutMs: 5,
      logger,
      random: () => 0,
      now: Date.now,
      sleep: async () => {},
    });
    const response = await finsify.listAccounts(LOGIN_SECRET);
    assert.equal(response.status, 200);
    assert.equal(attempts, 2);
    assert.equal(signals[0]?.aborted, true);
    assert.equal(logger.lines[0]?.fields?.reason, 'timeout');
  });

  it('refuses a success or a 4xx whose body is not JSON with 502 UpstreamInvalid', async () => {
    for (const status of [200, 404]) {
      const { finsify } = client({ 'GET /v2/account': () => new Response('<html>oops</html>', { status, headers: { 'content-type': 'text/html' } }) });
      await assert.rejects(finsify.listAccounts(LOGIN_SECRET), (error: unknown) => error instanceof ProxyError && error.status === 502 && error.error === 'UpstreamInvalid', String(status));
    }
  });

  it('reads a 5xx whose body is not JSON by its status: a gateway failure is retried, then passed on as a 5xx', async () => {
    const html = (status: number) => () => new Response(`<html><body>${status} Service Unavailable</body></html>`, { status, headers: { 'content-type': 'text/html', 'retry-after': '0' } });
    const down = client({ 'GET /v2/account': html(503) });
    const answer = await down.finsify.listAccounts(LOGIN_SECRET);
    assert.deepEqual([answer.status, answer.body, answer.unreadable], [503, { error: 'ConnectError', message: 'Finsify answered 503 without a JSON body.' }, true]);
    assert.equal(down.calls.length, 4);
    assert.ok(!answer.text.includes('<html>'));

    let attempts = 0;
    const recovering = client({ 'GET /v2/account': (_call, index) => (attempts++, index === 0 ? html(502)() : Response.json({ data: [], version: 'v2' })) });
    assert.equal((await recovering.finsify.listAccounts(LOGIN_SECRET)).status, 200);
    assert.equal(attempts, 2);

    // A 500 page is Finsify's own failure: passed on at once as 500 InternalError.
    const crashed = client({ 'GET /v2/account': html(500) });
    assert.deepEqual([(await crashed.finsify.listAccounts(LOGIN_SECRET)).status, crashed.calls.length], [500, 1]);

    // Customer creation may have been done behind a gateway's failure: never sent again.
    const customer = client({ 'POST /v2/customer': html(504) });
    assert.equal((await customer.finsify.createCustomer('alice')).status, 504);
    assert.equal(customer.calls.length, 1);
  });
});

describe('redirects', () => {
  it('are never followed: a 3xx is UpstreamInvalid, and the secrets never go to another origin', async () => {
    const seen: string[] = [];
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(`${String(input)} ${init?.redirect}`);
      return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/status' } });
    }) as typeof fetch;
    const finsify = createFinsifyClient({ baseUrl: 'https://api.finsify.test', clientId: 'c', serviceSecret: SERVICE_SECRET, fetch: fetchImpl, timeoutMs: 1000, logger: captureLogger(), random: () => 0.5, now: () => 0, sleep: async () => {} });
    await assert.rejects(finsify.listAccounts(LOGIN_SECRET), (error: unknown) => error instanceof ProxyError && error.status === 502 && error.error === 'UpstreamInvalid');
    assert.deepEqual(seen, ['https://api.finsify.test/v2/account manual']);
  });
});

describe('the request deadline', () => {
  it('bounds every attempt and every retry of a call by the deadline: a hanging Finsify ends in 503 by then', async () => {
    let clock = 0;
    const timeouts: number[] = [];
    const sleeps: number[] = [];
    const finsify = createFinsifyClient({
      baseUrl: 'https://api.finsify.test',
      clientId: 'client-1',
      serviceSecret: SERVICE_SECRET,
      fetch: globalThis.fetch,
      // Finsify hangs: each attempt lasts its whole time limit, then times out.
      transport: async ({ timeoutMs }) => {
        timeouts.push(timeoutMs);
        clock += timeoutMs;
        throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      },
      timeoutMs: 10_000,
      logger: captureLogger(),
      random: () => 0.5,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    await assert.rejects(finsify.until(25_000).listAccounts(LOGIN_SECRET), (error: unknown) => error instanceof ProxyError && error.status === 503);
    assert.ok(clock <= 25_000, `answered at ${clock} ms`);
    // Two whole attempts, their backoffs, and a third cut to what was left.
    assert.deepEqual(timeouts, [10_000, 10_000, 25_000 - 20_000 - sleeps[0]! - sleeps[1]!]);
    // Without a deadline: four attempts, as before.
    clock = 0;
    timeouts.length = 0;
    await assert.rejects(finsify.listAccounts(LOGIN_SECRET));
    assert.equal(timeouts.length, 4);
    // A nested deadline keeps the earlier one, and a spent one makes no call at all.
    clock = 0;
    timeouts.length = 0;
    await assert.rejects(finsify.until(100).until(60_000).listAccounts(LOGIN_SECRET), /time this request allows/);
    assert.equal(timeouts.length, 0);
  });

  it('keeps the proxy\'s answer within requestBudgetMs, retries included', async () => {
    let clock = Date.UTC(2024, 0, 1);
    const routes = {
      'POST /v2/customer': () => Response.json({ data: { customer_id: 'c-1', identifier: 'alice' }, version: 'v2' }),
      // Each answer takes Finsify 10 s (by the proxy's clock) and says to try again.
      'POST /v2/token': () => {
        clock += 10_000;
        return Response.json({ error: 'ConnectError', message: 'later' }, { status: 503 });
      },
    };
    const { proxy, finsify: fake } = testProxy({ now: () => clock, requestBudgetMs: 25_000 }, routes);
    const answer = await proxy(call('/token', { body: { service_id: 8, state: STATE } }));
    assert.equal(answer.status, 503);
    assert.equal(fake.calls.filter((c) => c.path === '/v2/token').length, 3);
  });
});

describe('backoff and Retry-After', () => {
  it('grows exponentially, is capped, and is jittered between half and all of the ceiling', () => {
    const policy = DEFAULT_RETRY_POLICY;
    assert.equal(backoffDelay(0, policy, () => 0), 100);
    assert.equal(backoffDelay(0, policy, () => 0.999999), 200);
    assert.equal(backoffDelay(2, policy, () => 0), 400);
    assert.equal(backoffDelay(10, policy, () => 0.999999), 2000);
  });

  it('reads delta seconds and HTTP dates, and ignores junk', () => {
    const now = Date.UTC(2024, 0, 1);
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(new Date(now + 9000).toUTCString(), now), 9000);
    assert.equal(parseRetryAfter(new Date(now - 9000).toUTCString(), now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
