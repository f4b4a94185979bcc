import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createFinsifyProxy, createMemoryStore, type FinsifyProxyOptions, type LoginRecord, type LoginToSave, type ProxyLogger, type ProxyStore } from '../../../src/server.js';
import { createSecretCipher } from '../../../src/server/secret-cipher.js';
import { parseSecretKeys } from '../../../src/server/secret-keys.js';

export const ORIGIN = 'http://localhost:5173';
export const SERVICE_SECRET = 'test-service-secret-0001';
export const LOGIN_SECRET = '78cea84c-7eb8-4425-2312-3a1ac8383afe';
export const STATE = 'abcdefghijklmnopqrstuvwxyz_0123';

/**
 * `secretKeys` for tests with a persistent store (fixed, so a file written by one proxy is read by the
 * next): `k1` newest. Never use these anywhere real.
 */
export const TEST_SECRET_KEYS = 'k1:dGVzdC1rZXktMS10ZXN0LWtleS0xLXRlc3Qta2V5LTE=,k0:dGVzdC1rZXktMC10ZXN0LWtleS0wLXRlc3Qta2V5LTA=';

/** A cipher over {@link TEST_SECRET_KEYS}, as a test proxy seals with. */
export const testCipher = createSecretCipher(parseSecretKeys(TEST_SECRET_KEYS));

/** A login as a test proxy would hand it to its store: sealed and hashed under {@link TEST_SECRET_KEYS}. */
export async function sealed(record: LoginRecord): Promise<LoginToSave> {
  const { secret, ...rest } = record;
  const secretHashes = await testCipher.hashes(secret);
  return { ...rest, sealedSecret: await testCipher.seal(secret, record.userId, record.loginId), secretHash: secretHashes[0]!, secretHashes };
}

/** The secret a store keeps for a login (sealed under {@link TEST_SECRET_KEYS}), opened; `undefined` for none. */
export async function storedSecret(store: ProxyStore, userId: string, loginId: number): Promise<string | undefined> {
  const login = await store.getLogin(userId, loginId);
  return login && testCipher.open(login.sealedSecret, userId, loginId);
}

/**
 * A login secret the fake Finsify of {@link happyRoutes} lists the accounts of `loginId` for
 * (any other secret opens login 23456, whose secret is {@link LOGIN_SECRET}).
 */
export function secretFor(loginId: number): string {
  return `login-${loginId}-secret`;
}

function fakeLoginIdOf(secret: string | null): number {
  const match = /^login-(\d+)-secret$/.exec(secret ?? '');
  return match ? Number(match[1]) : 23456;
}

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps every line, to check no secret reaches it. */
export function captureLogger(): ProxyLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error'), text: () => JSON.stringify(lines) };
}

export interface FakeCall {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

/**
 * A scripted Finsify: answers by `METHOD /path` from `routes`, records every call. Used where the
 * sandbox cannot produce the case (a 503 then success, non-JSON, a CustomerExists the store never saw).
 */
export function fakeFinsify(routes: Record<string, (call: FakeCall, index: number) => Response | Promise<Response>>) {
  const calls: FakeCall[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const call: FakeCall = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : JSON.parse(text),
    };
    calls.push(call);
    const key = `${call.method} ${url.pathname}`;
    const route = routes[key];
    if (!route) return Response.json({ error: 'BadRequest', message: `no fake for ${key}` }, { status: 400 });
    return route(call, calls.filter((c) => `${c.method} ${new URL(c.path, 'http://x').pathname}` === key).length - 1);
  }) as typeof fetch;
  return { calls, fetch: fetchImpl };
}

let customerSeq = 0;

/** The happy Finsify answers most tests need. */
export function happyRoutes() {
  return {
    'POST /v2/customer': (call: FakeCall) =>
      Response.json({ data: { customer_id: `cust-${++customerSeq}`, identifier: (call.body as { identifier: string }).identifier }, version: 'v2' }),
    'POST /v2/token': () => Response.json({ data: { id: 'tok-1', connect_url: 'https://api.finsify.com/v2/connect/term/tok-1' }, version: 'v2' }),
    'POST /v2/token/reconnect': () =>
      Response.json({ data: { id: 'tok-2', connect_url: 'https://api.finsify.com/v2/connect/term/tok-2' }, version: 'v2' }),
    'GET /v2/account': (call: FakeCall) =>
      Response.json({ data: [{ id: 14324, login_id: fakeLoginIdOf(call.headers.get('login-secret')), name: 'Current', balance: '1.00', currency: 'VND', type: 'current' }], version: 'v2' }),
    'GET /v2/transaction': () => Response.json({ data: [], version: 'v2' }),
    'PUT /v2/login/refresh': () => Response.json({ data: { id: 23456, refreshed: true }, version: 'v2' }),
    'PUT /v2/login/activate': () => Response.json({ data: { id: 23456, activate: true } }),
    'PUT /v2/login/deactivate': () => Response.json({ data: { id: 23456, deActivate: true } }),
  } satisfies Record<string, (call: FakeCall, index: number) => Response | Promise<Response>>;
}

/** A proxy over a fake Finsify with an in-memory store; the user is the `x-user` header. */
export function testProxy(overrides: Partial<FinsifyProxyOptions> = {}, routes = happyRoutes() as Record<string, (call: FakeCall, index: number) => Response | Promise<Response>>) {
  const finsify = fakeFinsify(routes);
  const logger = captureLogger();
  const store = overrides.store ?? createMemoryStore();
  const proxy = createFinsifyProxy({
    clientId: 'test-client',
    serviceSecret: SERVICE_SECRET,
    identify: (request) => request.headers.get('x-user'),
    callbackBaseUrl: `${ORIGIN}/callback`,
    allowedOrigins: [ORIGIN],
    fetch: finsify.fetch,
    logger,
    store,
    // Known keys, so a test can seal what it puts in the store and open what it finds there.
    secretKeys: TEST_SECRET_KEYS,
    ...overrides,
  });
  return { proxy, finsify, logger, store };
}

/** A browser-like request to the proxy: same-origin, JSON, signed in as `user`. */
export function call(
  path: string,
  init: { method?: string; user?: string | null; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Request {
  const headers = new Headers({ origin: ORIGIN, 'sec-fetch-site': 'same-origin' });
  if (init.user !== null) headers.set('x-user', init.user ?? 'alice');
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.body);
  }
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (value === '') headers.delete(name);
    else headers.set(name, value);
  }
  return new Request(`http://proxy.test${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}

/** Status, headers and parsed JSON body of a response. */
export async function read(response: Response): Promise<{ status: number; headers: Headers; body: Record<string, unknown> & { error?: string } }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The happy routes, with `GET /v2/account` in maintenance (`503`, `Retry-After: 0`) while `down()` says so. */
export function accountsDownWhile(down: () => boolean): Record<string, (call: FakeCall, index: number) => Response | Promise<Response>> {
  const happy = happyRoutes();
  return {
    ...happy,
    'GET /v2/account': (c: FakeCall) =>
      down()
        ? Response.json({ error: 'ServerMaintenance', message: 'Servers are currently undergoing maintenance.' }, { status: 503, headers: { 'retry-after': '0' } })
        : happy['GET /v2/account'](c),
  };
}

/** A TCP port free on loopback right now, for a server a test starts in another process. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Drives the sandbox's connect pages: terms, then the login form; returns where Finsify redirects. */
export async function driveConnectPages(connectUrl: string, credentials = { username: 'demo', password: 'demo' }): Promise<string> {
  const page = await fetch(connectUrl, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 200);
  await page.text();
  const post = (fields: Record<string, string>) =>
    fetch(connectUrl, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', headers: { accept: 'text/html' } });
  const accepted = await post({ action: 'accept' });
  assert.equal(accepted.status, 303);
  const done = await post({ action: 'login', ...credentials });
  assert.equal(done.status, 303, await done.clone().text());
  return done.headers.get('location') ?? '';
}
