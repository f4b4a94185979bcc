import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFinsifyProxy, createMemoryStore, forwardedClientAddress, type ProxyStore } from '../../../src/server.js';
import { accountsDownWhile, call, happyRoutes, LOGIN_SECRET, ORIGIN, read, sealed, SERVICE_SECRET, STATE, storedSecret, testProxy, type FakeCall } from './helpers.js';

type Route = (call: FakeCall, index: number) => Response | Promise<Response>;

describe('createFinsifyProxy options', () => {
  const base = {
    clientId: 'c',
    serviceSecret: 's',
    identify: () => 'u',
    callbackBaseUrl: `${ORIGIN}/callback`,
    allowedOrigins: [ORIGIN],
    store: createMemoryStore(),
  };
  it('names what is missing or invalid', () => {
    assert.throws(() => createFinsifyProxy({ ...base, clientId: '' }), /clientId is required/);
    assert.throws(() => createFinsifyProxy({ ...base, serviceSecret: undefined }), /serviceSecret or appSecret is required/);
    assert.throws(() => createFinsifyProxy({ ...base, callbackBaseUrl: '/callback' }), /callbackBaseUrl must be an absolute URL/);
    assert.throws(() => createFinsifyProxy({ ...base, secretMode: 'server' }), /publicUrl/);
    assert.throws(() => createFinsifyProxy({ ...base, allowedOrigins: ['localhost:5173'] }), /allowedOrigins entry/);
    assert.throws(() => createFinsifyProxy({ ...base, basePath: 'api' }), /basePath/);
    assert.doesNotThrow(() => createFinsifyProxy({ ...base, appSecret: 'a', serviceSecret: undefined }));
  });
});

describe('POST /token', () => {
  it('creates the customer once, registers callbackBaseUrl/state, and returns Finsify\'s envelope', async () => {
    const { proxy, finsify } = testProxy();
    const first = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { data: { id: 'tok-1', connect_url: 'https://api.finsify.com/v2/connect/term/tok-1' }, version: 'v2' });
    assert.equal(first.headers.get('cache-control'), 'no-store');
    await proxy(call('/token', { body: { service_id: '9', state: STATE } }));
    const customers = finsify.calls.filter((c) => c.path === '/v2/customer');
    assert.equal(customers.length, 1);
    assert.deepEqual(customers[0]?.body, { identifier: 'alice' });
    const tokens = finsify.calls.filter((c) => c.path === '/v2/token');
    assert.equal(tokens.length, 2);
    assert.deepEqual(tokens[0]?.body, { customer_id: (tokens[0]?.body as { customer_id: string }).customer_id, service_id: 8, callback_url: `${ORIGIN}/callback/${STATE}` });
    assert.match((tokens[0]?.body as { customer_id: string }).customer_id, /^cust-/);
    assert.equal((tokens[1]?.body as { service_id: number }).service_id, 9);
  });

  it('makes one customer for concurrent first requests of one user', async () => {
    const { proxy, finsify } = testProxy();
    const answers = await Promise.all(Array.from({ length: 8 }, () => proxy(call('/token', { user: 'bob', body: { service_id: 8, state: STATE } }))));
    assert.deepEqual(answers.map((a) => a.status), Array(8).fill(200));
    assert.equal(finsify.calls.filter((c) => c.path === '/v2/customer').length, 1);
  });

  it('builds callback_url from publicUrl in server mode, whatever the browser sends', async () => {
    const { proxy, finsify } = testProxy({ secretMode: 'server', publicUrl: 'https://partner.example/api/finsify/' });
    const answer = await proxy(
      call('/token', { body: { service_id: 8, state: STATE, callback_url: 'https://evil.example/steal' }, headers: { host: 'evil.example' } }),
    );
    assert.equal(answer.status, 200);
    const token = finsify.calls.find((c) => c.path === '/v2/token');
    assert.equal((token?.body as { callback_url: string }).callback_url, `https://partner.example/api/finsify/callback/${STATE}`);
  });

  it('decides the mode per request when secretMode is a function', async () => {
    const { proxy, finsify } = testProxy({
      secretMode: (request) => (request.headers.get('x-mode') === 'server' ? 'server' : 'browser'),
      publicUrl: 'https://partner.example/p',
    });
    await proxy(call('/token', { body: { service_id: 8, state: STATE }, headers: { 'x-mode': 'server' } }));
    await proxy(call('/token', { body: { service_id: 8, state: STATE } }));
    const urls = finsify.calls.filter((c) => c.path === '/v2/token').map((c) => (c.body as { callback_url: string }).callback_url);
    assert.deepEqual(urls, [`https://partner.example/p/callback/${STATE}`, `${ORIGIN}/callback/${STATE}`]);
  });

  it('reconnects with the stored login secret, and only for the login\'s owner', async () => {
    const { proxy, finsify } = testProxy();
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }))).status, 201);
    const ok = await read(await proxy(call('/token', { body: { login_id: 23456, state: STATE } })));
    assert.equal(ok.status, 200);
    const reconnect = finsify.calls.find((c) => c.path === '/v2/token/reconnect');
    assert.equal(reconnect?.headers.get('login-secret'), LOGIN_SECRET);
    assert.deepEqual(reconnect?.body, { callback_url: `${ORIGIN}/callback/${STATE}` });
    const other = await read(await proxy(call('/token', { user: 'mallory', body: { login_id: 23456, state: STATE } })));
    assert.equal(other.status, 404);
    assert.equal(other.body.error, 'LoginNotFound');
    assert.equal(finsify.calls.filter((c) => c.path === '/v2/token/reconnect').length, 1);
  });

  const bad: [string, unknown, string, string?][] = [
    ['a short state', { service_id: 8, state: 'short' }, 'DataInvalid', 'state'],
    ['a state with other characters', { service_id: 8, state: `${STATE}/../x` }, 'DataInvalid', 'state'],
    ['no state', { service_id: 8 }, 'DataInvalid', 'state'],
    ['both ids', { service_id: 8, login_id: 1, state: STATE }, 'DataInvalid', 'login_id'],
    ['neither id', { state: STATE }, 'DataInvalid', 'service_id'],
    ['a non-numeric service_id', { service_id: 'abc', state: STATE }, 'DataInvalid', 'service_id'],
    ['a negative service_id', { service_id: -8, state: STATE }, 'DataInvalid', 'service_id'],
    ['a fractional login_id', { login_id: 1.5, state: STATE }, 'DataInvalid', 'login_id'],
    ['an array', [1, 2], 'BadRequest'],
  ];
  for (const [name, body, error, field] of bad) {
    it(`answers 400 ${error} for ${name}`, async () => {
      const { proxy, finsify } = testProxy();
      const answer = await read(await proxy(call('/token', { body })));
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, error);
      if (field) assert.deepEqual(answer.body.extra, { field });
      assert.equal(finsify.calls.length, 0);
    });
  }

  it('accepts only application/json (400 ContentInputInvalid), valid JSON, and bounded bodies (413)', async () => {
    const { proxy } = testProxy();
    const form = await read(
      await proxy(call('/token', { method: 'POST', rawBody: `service_id=8&state=${STATE}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    );
    assert.deepEqual([form.status, form.body.error], [400, 'ContentInputInvalid']);
    const text = await read(await proxy(call('/token', { method: 'POST', rawBody: '{}', headers: { 'content-type': 'text/plain' } })));
    assert.deepEqual([text.status, text.body.error], [400, 'ContentInputInvalid']);
    const broken = await read(await proxy(call('/token', { method: 'POST', rawBody: '{"service_id":', headers: { 'content-type': 'application/json; charset=utf-8' } })));
    assert.deepEqual([broken.status, broken.body.error], [400, 'BadRequest']);
    const huge = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE, pad: 'x'.repeat(20_000) } })));
    assert.deepEqual([huge.status, huge.body.error], [413, 'PayloadTooLarge']);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i += 1) controller.enqueue(new Uint8Array(1024).fill(32));
        controller.close();
      },
    });
    const chunked = new Request('http://proxy.test/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'alice' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const unsized = await read(await proxy(chunked));
    assert.deepEqual([unsized.status, unsized.body.error], [413, 'PayloadTooLarge']);
  });

  it('answers 401 Unauthorized when nobody is signed in', async () => {
    const { proxy, finsify } = testProxy();
    const answer = await read(await proxy(call('/token', { user: null, body: { service_id: 8, state: STATE } })));
    assert.deepEqual([answer.status, answer.body.error], [401, 'Unauthorized']);
    assert.equal(finsify.calls.length, 0);
  });

  it('passes Finsify errors through with their status and shape', async () => {
    const { proxy } = testProxy({}, {
      ...happyRoutes(),
      'POST /v2/token': () => Response.json({ error: 'ServiceNotFound', message: 'Service is not found', extra: { service_id: 999 } }, { status: 404 }),
    });
    const answer = await read(await proxy(call('/token', { body: { service_id: 999, state: STATE } })));
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.body, { error: 'ServiceNotFound', message: 'Service is not found', extra: { service_id: 999 } });
  });

  it('passes a lasting 503 on with its Retry-After', async () => {
    const { proxy } = testProxy({}, {
      ...happyRoutes(),
      'POST /v2/token': () => Response.json({ error: 'ServerMaintenance', message: 'later' }, { status: 503, headers: { 'Retry-After': '600' } }),
    });
    const answer = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.deepEqual([answer.status, answer.body.error, answer.headers.get('retry-after')], [503, 'ServerMaintenance', '600']);
  });

  it('answers 409 CustomerExists when Finsify has customers under every identifier tried, naming what the operator can do', async () => {
    const { proxy, finsify, logger } = testProxy({}, {
      ...happyRoutes(),
      'POST /v2/customer': (c) =>
        Response.json({ error: 'CustomerExists', message: 'exists', extra: { identifier: (c.body as { identifier: string }).identifier } }, { status: 400 }),
    });
    const answer = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.deepEqual([answer.status, answer.body.error], [409, 'CustomerExists']);
    assert.match(String(answer.body.message), /only once/);
    const tried = finsify.calls.filter((c) => c.path === '/v2/customer').map((c) => (c.body as { identifier: string }).identifier);
    assert.equal(tried[0], 'alice');
    assert.equal(new Set(tried).size, 3);
    for (const identifier of tried.slice(1)) assert.match(identifier, /^alice~[a-z0-9]{10}$/);
    assert.ok(finsify.calls.every((c) => c.path !== '/v2/token'));
    assert.ok(logger.lines.some((line) => line.level === 'error' && /every identifier tried/.test(line.message)));
  });

  it('does not resend a customer creation whose answer was lost, and moves the user to a fresh identifier at the next attempt', async () => {
    const created = new Set<string>();
    let lose = true;
    const { proxy, finsify, logger, store } = testProxy({}, {
      ...happyRoutes(),
      'POST /v2/customer': (c) => {
        const { identifier } = c.body as { identifier: string };
        if (created.has(identifier)) {
          return Response.json({ error: 'CustomerExists', message: `Customer "${identifier}" is exists`, extra: { identifier } }, { status: 400 });
        }
        created.add(identifier);
        if (lose) {
          // Finsify makes the customer, then the connection drops before its answer arrives.
          lose = false;
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
        }
        return Response.json({ data: { customer_id: `cust-${identifier}`, identifier }, version: 'v2' });
      },
    });
    const lost = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.deepEqual([lost.status, lost.body.error], [503, 'ConnectError']);
    assert.equal(finsify.calls.filter((c) => c.path === '/v2/customer').length, 1);
    assert.ok(logger.lines.some((line) => line.level === 'error' && /may have created it/.test(line.message) && line.fields?.userId === 'alice'));
    const next = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.equal(next.status, 200);
    const customer = await store.getCustomer('alice');
    assert.match(customer?.identifier ?? '', /^alice~[a-z0-9]{10}$/);
    assert.equal(customer?.customerId, `cust-${customer?.identifier}`);
    assert.equal((finsify.calls.find((c) => c.path === '/v2/token')?.body as { customer_id: string }).customer_id, customer?.customerId);
    // Remembered: no more creations.
    assert.equal((await proxy(call('/token', { body: { service_id: 8, state: STATE } }))).status, 200);
    assert.equal(finsify.calls.filter((c) => c.path === '/v2/customer').length, 3);
  });

  it('uses the customer another process stored when Finsify says CustomerExists', async () => {
    const memory = createMemoryStore();
    let reads = 0;
    // The first read misses; meanwhile "another process" stored the customer.
    const store: ProxyStore = {
      ...memory,
      getCustomer(userId) {
        reads += 1;
        return reads === 1 ? undefined : memory.getCustomer(userId);
      },
    };
    await memory.saveCustomer({ userId: 'alice', customerId: 'cust-other', identifier: 'alice', createdAt: 1 });
    const { proxy, finsify } = testProxy({ store }, {
      ...happyRoutes(),
      'POST /v2/customer': () => Response.json({ error: 'CustomerExists', message: 'exists' }, { status: 400 }),
    });
    assert.equal((await proxy(call('/token', { body: { service_id: 8, state: STATE } }))).status, 200);
    assert.equal((finsify.calls.find((c) => c.path === '/v2/token')?.body as { customer_id: string }).customer_id, 'cust-other');
  });
});

describe('origin and Sec-Fetch-Site checks on POST and PUT routes', () => {
  const cases: [string, Record<string, string>, number][] = [
    ['a listed Origin', { origin: ORIGIN }, 200],
    ['a listed Origin on a cross-site request', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }, 200],
    ['an unlisted Origin', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
    ['an unlisted same-site Origin', { origin: 'http://localhost:6000', 'sec-fetch-site': 'same-site' }, 403],
    ['Origin null', { origin: 'null' }, 403],
    ['no Origin, cross-site', { origin: '', 'sec-fetch-site': 'cross-site' }, 403],
    ['no Origin, same-site', { origin: '', 'sec-fetch-site': 'same-site' }, 403],
    ['no Origin, same-origin', { origin: '', 'sec-fetch-site': 'same-origin' }, 200],
    ['no Origin, none', { origin: '', 'sec-fetch-site': 'none' }, 200],
    ['neither header (not a browser)', { origin: '', 'sec-fetch-site': '' }, 200],
  ];
  for (const [name, headers, status] of cases) {
    it(`${status === 200 ? 'lets through' : 'refuses'} ${name}`, async () => {
      const { proxy, finsify } = testProxy();
      const answer = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE }, headers })));
      assert.equal(answer.status, status);
      if (status === 403) {
        assert.equal(answer.body.error, 'OriginForbidden');
        assert.equal(finsify.calls.length, 0);
      }
    });
  }

  it('guards POST /logins and PUT /logins/:id/* the same way', async () => {
    const { proxy } = testProxy();
    const evil = { origin: 'https://evil.example' };
    assert.equal((await proxy(call('/logins', { body: { login_id: 1, secret: LOGIN_SECRET }, headers: evil }))).status, 403);
    assert.equal((await proxy(call('/logins/1/refresh', { method: 'PUT', headers: evil }))).status, 403);
  });

  it('answers CORS preflights for listed origins only, and adds CORS headers for them', async () => {
    const { proxy } = testProxy();
    const preflight = (origin: string) =>
      new Request('http://proxy.test/token', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await proxy(preflight(ORIGIN));
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(ok.headers.get('access-control-allow-headers'), 'content-type');
    const evil = await proxy(preflight('https://evil.example'));
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const get = await proxy(call('/logins', { headers: { origin: ORIGIN } }));
    assert.equal(get.headers.get('access-control-allow-origin'), ORIGIN);
  });
});

describe('POST /token answer', () => {
  it('passes on only data.id and data.connect_url of Finsify\'s answer, for new and reconnect tokens', async () => {
    const extra = { customer_id: 'cust-internal', login_secret: 'not-for-the-browser', note: '<b>x</b>' };
    const routes = {
      ...happyRoutes(),
      'POST /v2/token': () => Response.json({ data: { id: 'tok-1', connect_url: 'https://api.finsify.com/v2/connect/term/tok-1', ...extra }, version: 'v2', debug: extra }),
      'POST /v2/token/reconnect': () => Response.json({ data: { id: 'tok-2', connect_url: 7, ...extra }, version: 'v2' }),
    } as Record<string, Route>;
    const { proxy } = testProxy({}, routes);
    const created = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.deepEqual(created.body, { data: { id: 'tok-1', connect_url: 'https://api.finsify.com/v2/connect/term/tok-1' }, version: 'v2' });
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }))).status, 201);
    const reconnect = await read(await proxy(call('/token', { body: { login_id: 23456, state: STATE } })));
    // A connect_url that is not a string is left out: the widget answers TokenResponseInvalid.
    assert.deepEqual(reconnect.body, { data: { id: 'tok-2' }, version: 'v2' });
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After per user, and a new window lets the user through again', async () => {
    let clock = 1_000_000;
    const { proxy } = testProxy({ rateLimit: { windowMs: 10_000, maxPerUser: 2, maxPerAddress: 100 }, now: () => clock });
    const token = (user: string) => proxy(call('/token', { user, body: { service_id: 8, state: STATE } }));
    assert.equal((await token('alice')).status, 200);
    assert.equal((await token('alice')).status, 200);
    const limited = await read(await token('alice'));
    assert.deepEqual([limited.status, limited.body.error, limited.headers.get('retry-after')], [429, 'TooManyRequests', '10']);
    assert.equal((await token('bob')).status, 200);
    clock += 10_000;
    assert.equal((await token('alice')).status, 200);
  });

  it('counts per address from the connection, or from clientAddress when given', async () => {
    const limits = { windowMs: 60_000, maxPerUser: 100, maxPerAddress: 2 };
    const { proxy } = testProxy({ rateLimit: limits });
    const from = (user: string, address: string) => proxy(call('/token', { user, body: { service_id: 8, state: STATE } }), { remoteAddress: address });
    assert.equal((await from('a', '10.0.0.1')).status, 200);
    assert.equal((await from('b', '10.0.0.1')).status, 200);
    assert.equal((await from('c', '10.0.0.1')).status, 429);
    assert.equal((await from('c', '10.0.0.2')).status, 200);

    const forwarded = testProxy({ rateLimit: limits, clientAddress: (request) => request.headers.get('x-forwarded-for') ?? undefined });
    const via = (ip: string) => forwarded.proxy(call('/token', { user: ip, body: { service_id: 8, state: STATE }, headers: { 'x-forwarded-for': ip } }), { remoteAddress: '127.0.0.1' });
    assert.equal((await via('1.1.1.1')).status, 200);
    assert.equal((await via('2.2.2.2')).status, 200);
    assert.equal((await via('3.3.3.3')).status, 200);
  });

  it('behind trusted proxies, counts the address the nearest one saw: a client cannot choose it', async () => {
    const limits = { windowMs: 60_000, maxPerUser: 100, maxPerAddress: 2 };
    // One load balancer in front: it appends the address it was reached from to what the client sent.
    const { proxy } = testProxy({ rateLimit: limits, clientAddress: forwardedClientAddress(1) });
    const token = (user: string, forwardedFor: string) =>
      proxy(call('/token', { user, body: { service_id: 8, state: STATE }, headers: { 'x-forwarded-for': forwardedFor } }), { remoteAddress: '10.0.0.9' });
    assert.equal((await token('a', '1.1.1.1, 203.0.113.7')).status, 200);
    assert.equal((await token('b', '2.2.2.2, 203.0.113.7')).status, 200);
    // A new forged leftmost entry each time does not make a new budget.
    assert.equal((await token('c', '3.3.3.3, 203.0.113.7')).status, 429);
    assert.equal((await token('d', '203.0.113.8')).status, 200);
    // Without the header (not through the balancer): the socket address.
    const direct = await proxy(call('/token', { user: 'e', body: { service_id: 8, state: STATE } }), { remoteAddress: '10.0.0.9' });
    assert.equal(direct.status, 200);

    const twoHops = forwardedClientAddress(2);
    const request = (value: string) => new Request('http://proxy.test/', { headers: { 'x-forwarded-for': value } });
    assert.equal(twoHops(request('forged, 198.51.100.1, 10.0.0.2')), '198.51.100.1');
    assert.equal(twoHops(request('10.0.0.2')), undefined);
    assert.throws(() => forwardedClientAddress(0), /trustedHops/);
  });

  it('can be turned off', async () => {
    const { proxy } = testProxy({ rateLimit: false });
    for (let i = 0; i < 130; i += 1) assert.equal((await proxy(call('/token', { body: { service_id: 8, state: STATE } }))).status, 200);
  });
});

describe('logins, accounts and transactions', () => {
  async function withLogin() {
    const setup = testProxy();
    await setup.proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET, service_id: 8 } }));
    return setup;
  }

  it('POST /logins keeps the secret and never answers with it; GET /logins lists without secrets', async () => {
    const { proxy, logger } = testProxy();
    const stored = await proxy(call('/logins', { body: { login_id: '23456', secret: LOGIN_SECRET } }));
    const text = await stored.text();
    assert.equal(stored.status, 201);
    assert.deepEqual(JSON.parse(text), { data: { login_id: 23456, service_id: null, stored: true, confirmed: true }, version: 'v2' });
    const list = await proxy(call('/logins'));
    const listText = await list.text();
    assert.equal((JSON.parse(listText) as { data: { login_id: number }[] }).data[0]?.login_id, 23456);
    for (const body of [text, listText, logger.text()]) assert.ok(!body.includes(LOGIN_SECRET));
    const mine = await read(await proxy(call('/logins', { user: 'bob' })));
    assert.deepEqual(mine.body.data, []);
  });

  it('POST /logins refuses a login id another user holds, as if it did not exist, without asking Finsify', async () => {
    const { proxy, finsify } = await withLogin();
    const before = finsify.calls.length;
    const claim = await proxy(call('/logins', { user: 'mallory', body: { login_id: 23456, secret: 'bogus-secret-of-mallory' } }));
    const text = await claim.text();
    assert.equal(claim.status, 404);
    assert.deepEqual(JSON.parse(text), { error: 'LoginNotFound', message: 'Cannot find login 23456.', extra: { login_id: 23456 } });
    assert.ok(!text.includes('alice'));
    assert.equal(finsify.calls.length, before);
    assert.deepEqual((await read(await proxy(call('/logins', { user: 'mallory' })))).body.data, []);
    // The holder may send it again (a reconnect brings the same or a new secret).
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }))).status, 201);
  });

  it('POST /logins refuses a login another process stored for another user after the checks passed', async () => {
    // The other process's claim lands between this one's ownership checks and its write: the store's
    // loginOwners still says nobody holds it here, and only the write can refuse.
    const store = createMemoryStore();
    await store.saveLogin(await sealed({ userId: 'bob', loginId: 23456, secret: LOGIN_SECRET, serviceId: 8, createdAt: 1, updatedAt: 1 }));
    const racing: ProxyStore = { ...store, loginOwners: () => [] };
    const { proxy, logger } = testProxy({ store: racing });
    const claim = await read(await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } })));
    assert.deepEqual([claim.status, claim.body.error], [404, 'LoginNotFound']);
    assert.deepEqual(await store.loginOwners(23456), ['bob']);
    assert.deepEqual((await read(await proxy(call('/logins')))).body.data, []);
    assert.match(logger.text(), /held by another user/);
  });

  it('POST /logins stores only a pair Finsify confirms', async () => {
    const routes: Record<string, Route> = {
      ...happyRoutes(),
      'GET /v2/account': (c) => {
        const secret = c.headers.get('login-secret');
        if (secret === LOGIN_SECRET) return Response.json({ data: [{ id: 1, login_id: 23456 }, { id: 2, login_id: 23456 }], version: 'v2' });
        if (secret === 'no-accounts-yet') return Response.json({ data: [], version: 'v2' });
        if (secret === 'client-broken') return Response.json({ error: 'CredentialInvalid', message: 'Credentials is invalid' }, { status: 400 });
        return Response.json({ error: 'LoginNotFound', message: `Cannot find Login with login secret: '${secret}'.`, extra: { loginSecret: secret } }, { status: 404 });
      },
    };
    const { proxy, finsify, logger } = testProxy({}, routes);
    const bogus = await proxy(call('/logins', { user: 'mallory', body: { login_id: 777, secret: 'bogus-secret-of-mallory' } }));
    const bogusText = await bogus.text();
    assert.equal(bogus.status, 404);
    assert.equal(JSON.parse(bogusText).error, 'LoginNotFound');
    assert.ok(!bogusText.includes('bogus-secret-of-mallory'));
    assert.equal(finsify.calls.at(-1)?.headers.get('login-secret'), 'bogus-secret-of-mallory');
    // A real secret sent with another login's id: its accounts name login 23456.
    const misfiled = await read(await proxy(call('/logins', { user: 'mallory', body: { login_id: 777, secret: LOGIN_SECRET } })));
    assert.deepEqual([misfiled.status, misfiled.body.error], [404, 'LoginNotFound']);
    // Finsify refusing the check itself (a wrong service secret) says nothing about the login: kept unconfirmed.
    const broken = await read(await proxy(call('/logins', { user: 'mallory', body: { login_id: 778, secret: 'client-broken' } })));
    assert.deepEqual([broken.status, (broken.body.data as { confirmed: boolean }).confirmed], [201, false]);
    assert.ok(logger.lines.some((line) => line.level === 'error' && /refused the check itself/.test(line.message)));
    const mallorys = (await read(await proxy(call('/logins', { user: 'mallory' })))).body.data as { login_id: number; confirmed: boolean }[];
    assert.deepEqual(mallorys.map((login) => [login.login_id, login.confirmed]), [[778, false]]);
    // Nothing was stored for login 777: alice can still keep it once she sends its real secret... here, a
    // login Finsify lists no account for yet, kept on the strength of its secret.
    assert.equal((await proxy(call('/logins', { body: { login_id: 777, secret: 'no-accounts-yet' } }))).status, 201);
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }))).status, 201);
    const mine = (await read(await proxy(call('/logins')))).body.data as { login_id: number }[];
    assert.deepEqual(mine.map((login) => login.login_id).sort(), [23456, 777]);
    assert.ok(!logger.text().includes('bogus-secret-of-mallory'));
  });

  it('POST /logins keeps the login unconfirmed while Finsify cannot confirm it, and confirms it once Finsify answers', async () => {
    let down = true;
    const routes = accountsDownWhile(() => down);
    const { proxy, finsify } = testProxy({}, routes);
    const answer = await read(await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } })));
    assert.deepEqual([answer.status, answer.body.data], [201, { login_id: 23456, service_id: null, stored: true, confirmed: false }]);
    assert.equal(finsify.calls.filter((c) => c.path === '/v2/account').length, 4);
    const listed = async () => ((await read(await proxy(call('/logins')))).body.data as { login_id: number; confirmed: boolean }[]).map((l) => [l.login_id, l.confirmed]);
    assert.deepEqual(await listed(), [[23456, false]]);
    down = false;
    assert.equal((await proxy(call('/accounts?login_id=23456'))).status, 200);
    assert.deepEqual(await listed(), [[23456, true]]);

    const unreachable = testProxy({
      fetch: (async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      }) as typeof fetch,
    });
    const refused = await read(await unreachable.proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } })));
    assert.deepEqual([refused.status, (refused.body.data as { confirmed: boolean }).confirmed], [201, false]);
  });

  it('POST /logins answers 503 and keeps the old secret when a new one for a login the user holds cannot be checked', async () => {
    let down = false;
    const routes = accountsDownWhile(() => down);
    const { proxy, store } = testProxy({}, routes);
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }))).status, 201);
    down = true;
    const answer = await read(await proxy(call('/logins', { body: { login_id: 23456, secret: 'an-unchecked-new-secret' } })));
    assert.deepEqual([answer.status, answer.body.error, answer.body.extra], [503, 'ConnectError', { login_id: 23456, stored: false }]);
    assert.match(String(answer.body.message), /could not confirm login 23456 .*not stored/);
    assert.equal(answer.headers.get('retry-after'), '0');
    assert.equal(await storedSecret(store, 'alice', 23456), LOGIN_SECRET);
  });

  it('POST /logins drops what it kept when Finsify refuses the secret', async () => {
    const routes: Record<string, Route> = {
      ...happyRoutes(),
      'GET /v2/account': () => Response.json({ error: 'LoginNotFound', message: 'Login not found' }, { status: 404 }),
    };
    const { proxy, store } = testProxy({}, routes);
    const answer = await read(await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } })));
    assert.deepEqual([answer.status, answer.body.error], [404, 'LoginNotFound']);
    assert.equal(await store.getLogin('alice', 23456), undefined);
  });

  it('refuses bad login bodies', async () => {
    const { proxy } = testProxy();
    for (const [body, field] of [
      [{ login_id: 0, secret: LOGIN_SECRET }, 'login_id'],
      [{ login_id: 1 }, 'secret'],
      [{ login_id: 1, secret: 'has space' }, 'secret'],
      [{ login_id: 1, secret: 'x'.repeat(300) }, 'secret'],
      [{ login_id: 1, secret: LOGIN_SECRET, service_id: 'x' }, 'service_id'],
    ] as const) {
      const answer = await read(await proxy(call('/logins', { body })));
      assert.deepEqual([answer.status, answer.body.error, answer.body.extra], [400, 'DataInvalid', { field }]);
    }
  });

  it('GET /accounts and /transactions use the stored secret and pass the date filters', async () => {
    const { proxy, finsify } = await withLogin();
    const accounts = await read(await proxy(call('/accounts?login_id=23456')));
    assert.equal(accounts.status, 200);
    assert.equal((accounts.body.data as { id: number }[])[0]?.id, 14324);
    const transactions = await proxy(call('/transactions?login_id=23456&account_id=14324&from_date=2024-01-01&to_date=2024-01-31'));
    assert.equal(transactions.status, 200);
    const sent = finsify.calls.filter((c) => c.path.startsWith('/v2/transaction'));
    assert.equal(sent[0]?.path, '/v2/transaction?account_id=14324&from_date=2024-01-01&to_date=2024-01-31&end_date=2024-01-31');
    assert.equal(sent[0]?.headers.get('login-secret'), LOGIN_SECRET);
  });

  it('answers 404 LoginNotFound for another user\'s login, without calling Finsify', async () => {
    const { proxy, finsify } = await withLogin();
    const before = finsify.calls.length;
    for (const path of ['/accounts?login_id=23456', '/transactions?login_id=23456&account_id=14324']) {
      const answer = await read(await proxy(call(path, { user: 'mallory' })));
      assert.deepEqual([answer.status, answer.body.error], [404, 'LoginNotFound']);
    }
    const refresh = await read(await proxy(call('/logins/23456/refresh', { method: 'PUT', user: 'mallory', body: {} })));
    assert.deepEqual([refresh.status, refresh.body.error], [404, 'LoginNotFound']);
    assert.equal(finsify.calls.length, before);
  });

  it('checks query parameters', async () => {
    const { proxy } = await withLogin();
    const cases: [string, string][] = [
      ['/accounts', 'login_id'],
      ['/accounts?login_id=abc', 'login_id'],
      ['/transactions?login_id=23456', 'account_id'],
      ['/transactions?login_id=23456&account_id=1&from_date=2024-02-30', 'from_date'],
      ['/transactions?login_id=23456&account_id=1&to_date=01/02/2024', 'to_date'],
      ['/transactions?login_id=23456&account_id=1&from_date=2024-03-01&to_date=2024-02-01', 'from_date'],
    ];
    for (const [path, field] of cases) {
      const answer = await read(await proxy(call(path)));
      assert.deepEqual([answer.status, answer.body.error, answer.body.extra], [400, 'DataInvalid', { field }], path);
    }
  });

  it('PUT /logins/:id/refresh|activate|deactivate calls Finsify with the stored secret', async () => {
    const { proxy, finsify } = await withLogin();
    for (const action of ['refresh', 'activate', 'deactivate']) {
      const answer = await read(await proxy(call(`/logins/23456/${action}`, { method: 'PUT', body: {} })));
      assert.equal(answer.status, 200, action);
      const sent = finsify.calls.at(-1);
      assert.deepEqual([sent?.method, sent?.path, sent?.headers.get('login-secret')], ['PUT', `/v2/login/${action}`, LOGIN_SECRET]);
    }
    assert.equal((await proxy(call('/logins/23456/delete', { method: 'PUT' }))).status, 404);
  });

  it('PUT /logins/:id/refresh|activate|deactivate takes a JSON body only, as the demo sends it', async () => {
    const { proxy, finsify } = await withLogin();
    const before = finsify.calls.length;
    for (const action of ['refresh', 'activate', 'deactivate']) {
      const cases: [Parameters<typeof call>[1], number, string][] = [
        [{ method: 'PUT', rawBody: 'login=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 400, 'ContentInputInvalid'],
        [{ method: 'PUT', rawBody: '{}', headers: { 'content-type': 'text/plain' } }, 400, 'ContentInputInvalid'],
        [{ method: 'PUT' }, 400, 'ContentInputInvalid'],
        [{ method: 'PUT', rawBody: 'not json', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
      ];
      for (const [init, status, error] of cases) {
        const answer = await read(await proxy(call(`/logins/23456/${action}`, init)));
        assert.deepEqual([answer.status, answer.body.error], [status, error], `${action} ${JSON.stringify(init)}`);
      }
    }
    assert.equal(finsify.calls.length, before, 'Finsify is not called for a refused body');
    // What demo/api.ts sends: PUT with the body '{}' and Content-Type: application/json.
    const demo = await proxy(call('/logins/23456/refresh', { method: 'PUT', rawBody: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } }));
    assert.equal(demo.status, 200);
  });

  it('scrubs the login secret Finsify echoes in LoginNotFound', async () => {
    const routes: Record<string, Route> = {
      ...happyRoutes(),
      'GET /v2/account': (c) =>
        Response.json(
          { error: 'LoginNotFound', message: `Cannot find Login with login secret: '${c.headers.get('login-secret')}'.`, extra: { loginSecret: c.headers.get('login-secret') } },
          { status: 404 },
        ),
    };
    const { proxy, logger } = testProxy({}, routes);
    await proxy(call('/logins', { body: { login_id: 23456, secret: LOGIN_SECRET } }));
    const answer = await proxy(call('/accounts?login_id=23456'));
    const text = await answer.text();
    assert.equal(answer.status, 404);
    assert.equal(JSON.parse(text).error, 'LoginNotFound');
    assert.ok(!text.includes(LOGIN_SECRET), text);
    assert.ok(!logger.text().includes(LOGIN_SECRET));
  });
});

describe('every response', () => {
  it('carries Cache-Control: no-store, errors and unknown routes included, and never the service secret', async () => {
    const { proxy, logger } = testProxy({}, {
      ...happyRoutes(),
      'POST /v2/token': (c) => Response.json({ error: 'CredentialInvalid', message: `bad ${c.headers.get('service-secret')}`, extra: { serviceSecret: c.headers.get('service-secret') } }, { status: 400 }),
    });
    const requests = [
      call('/token', { body: { service_id: 8, state: STATE } }),
      call('/token', { body: { state: 'x' } }),
      call('/nowhere'),
      call('/token', { user: null, body: {} }),
      call('/accounts?login_id=1'),
    ];
    for (const request of requests) {
      const response = await proxy(request);
      assert.equal(response.headers.get('cache-control'), 'no-store', request.url);
      const text = await response.text();
      assert.ok(!text.includes(SERVICE_SECRET), text);
    }
    assert.ok(!logger.text().includes(SERVICE_SECRET));
  });

  it('mounts under basePath', async () => {
    const { proxy } = testProxy({ basePath: '/api/finsify' });
    assert.equal((await proxy(call('/api/finsify/token', { body: { service_id: 8, state: STATE } }))).status, 200);
    assert.equal((await proxy(call('/token', { body: { service_id: 8, state: STATE } }))).status, 404);
  });

  it('answers 500 InternalError without details when identify throws', async () => {
    const { proxy, logger } = testProxy({
      identify: () => {
        throw new Error('session store down');
      },
    });
    const answer = await read(await proxy(call('/token', { body: { service_id: 8, state: STATE } })));
    assert.deepEqual([answer.status, answer.body.error], [500, 'InternalError']);
    assert.ok(!JSON.stringify(answer.body).includes('session store'));
    assert.ok(logger.lines.some((line) => line.level === 'error'));
  });
});
