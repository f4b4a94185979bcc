// Full flows over real HTTP on loopback: the proxy (startProxy) in front of the offline Finsify
// (startSandbox), each on its own port, the sandbox's connect pages driven like a person would.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/node.js';
import { createSqliteStore, startProxy, type ProxyStore, type RunningProxy, type WebhookEvent } from '../../../src/server.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { captureLogger, driveConnectPages, freePort, TEST_SECRET_KEYS } from './helpers.js';

const ORIGIN = 'http://localhost:5173';
const WEBHOOK_SECRET = 'whsec_integration';
const scratch = mkdtempSync(join(tmpdir(), 'finsify-proxy-it-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let stateSeq = 0;
/** A fresh contract state per flow. */
const newState = () => `itstate_${String(++stateSeq).padStart(6, '0')}_abcdefghij`;

interface Stack {
  sandbox: RunningSandbox;
  /** Moves the shared clock of sandbox and proxy forward (refresh intervals). */
  advance(ms: number): void;
  proxy: RunningProxy;
  events: WebhookEvent[];
  logger: ReturnType<typeof captureLogger>;
  storeFile: string;
  proxyPort: number;
  api(path: string, init?: { user?: string; body?: unknown; method?: string; mode?: 'server' | 'browser'; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: Record<string, unknown> & { data?: unknown; error?: string } }>;
  restartProxy(): Promise<void>;
  close(): Promise<void>;
}

async function stack(options: { signingSecret?: string; store?: (file: string) => ProxyStore } = {}): Promise<Stack> {
  const [sandboxPort, proxyPort] = [await freePort(), await freePort()];
  const storeFile = join(scratch, `proxy-${sandboxPort}.sqlite`);
  const events: WebhookEvent[] = [];
  const logger = captureLogger();
  let offset = 0;
  const now = () => Date.now() + offset;
  const sandbox = await startSandbox({
    port: sandboxPort,
    now,
    webhookUrl: `http://127.0.0.1:${proxyPort}/webhook`,
    webhookSigningSecret: options.signingSecret ?? WEBHOOK_SECRET,
    webhookRetry: { attempts: 3, baseDelayMs: 20 },
  });
  const launch = () =>
    startProxy({
      port: proxyPort,
      finsifyBaseUrl: sandbox.url,
      clientId: 'sandbox-client',
      serviceSecret: 'sandbox-service-secret',
      identify: (request) => request.headers.get('x-user'),
      callbackBaseUrl: `${ORIGIN}/callback`,
      secretMode: (request) => (request.headers.get('x-secret-mode') === 'server' ? 'server' : 'browser'),
      publicUrl: `http://127.0.0.1:${proxyPort}`,
      doneUrl: `${ORIGIN}/done`,
      allowedOrigins: [ORIGIN],
      store: options.store ? options.store(storeFile) : createSqliteStore({ file: storeFile }),
      secretKeys: TEST_SECRET_KEYS,
      webhookSecret: WEBHOOK_SECRET,
      onWebhook: (event) => void events.push(event),
      logger,
      now,
    });
  let proxy = await launch();
  // The test's own client, renewed on restart: a pooled connection to the old process would fail.
  let client = new Agent();
  const result: Stack = {
    sandbox,
    advance: (ms) => void (offset += ms),
    get proxy() {
      return proxy;
    },
    events,
    logger,
    storeFile,
    proxyPort,
    async api(path, init = {}) {
      const headers: Record<string, string> = { origin: ORIGIN, 'x-user': init.user ?? 'alice', ...init.headers };
      if (init.mode) headers['x-secret-mode'] = init.mode;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const response = await undiciFetch(`${proxy.url}${path}`, {
        dispatcher: client,
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
    },
    async restartProxy() {
      await proxy.close();
      await client.close();
      client = new Agent();
      proxy = await launch();
    },
    async close() {
      await client.close();
      await proxy.close();
      await sandbox.close();
    },
  };
  return result;
}

/** The result Finsify appended to callback_url. */
function resultOf(location: string, callbackUrl: string): { status: string; login_id?: number; secret?: string } {
  assert.ok(location.startsWith(`${callbackUrl}/`), `${location} should start with ${callbackUrl}/`);
  return JSON.parse(decodeURIComponent(location.slice(callbackUrl.length + 1)));
}

async function firstService(s: Stack): Promise<number> {
  const catalog = (await (await fetch(`${s.sandbox.url}/service.json`)).json()) as { id: number }[] | { data: { id: number }[] };
  const id = (Array.isArray(catalog) ? catalog : catalog.data)[0]?.id;
  assert.ok(id);
  return id;
}

/** A browser-mode connect for `user`, its secret handed to POST /logins as the widget's page would. */
async function connectInBrowserMode(s: Stack, user: string, serviceId: number): Promise<{ loginId: number; secret: string }> {
  const state = newState();
  const token = await s.api('/token', { user, body: { service_id: serviceId, state } });
  assert.equal(token.status, 200, JSON.stringify(token.body));
  const location = await driveConnectPages((token.body.data as { connect_url: string }).connect_url);
  const result = resultOf(location, `${ORIGIN}/callback/${state}`);
  assert.equal(result.status, 'success');
  const stored = await s.api('/logins', { user, body: { login_id: result.login_id, secret: result.secret } });
  assert.equal(stored.status, 201);
  return { loginId: result.login_id!, secret: result.secret! };
}

describe('proxy in front of the sandbox, over HTTP', () => {
  let s: Stack;
  let serviceId: number;
  before(async () => {
    s = await stack();
    serviceId = await firstService(s);
  });
  after(() => s.close());

  it('creates the customer on the first token and reuses it after; callback_url is callbackBaseUrl/state', async () => {
    const state = newState();
    const first = await s.api('/token', { user: 'carol', body: { service_id: serviceId, state } });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 'v2');
    const data = first.body.data as { id: string; connect_url: string };
    assert.ok(data.connect_url.startsWith(`${s.sandbox.url}/v2/connect/term/`));
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const second = await s.api('/token', { user: 'carol', body: { service_id: serviceId, state: newState() } });
    assert.equal(second.status, 200);
    const snapshot = s.sandbox.sandbox.control.state();
    assert.equal(snapshot.customers.filter((c) => c.identifier === 'carol').length, 1);
    const token = snapshot.tokens.find((t) => t.id === data.id);
    assert.equal(token?.callback_url, `${ORIGIN}/callback/${state}`);
  });

  it('makes one customer for concurrent first token requests of one user', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => s.api('/token', { user: 'dave', body: { service_id: serviceId, state: newState() } })),
    );
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
    assert.equal(s.sandbox.sandbox.control.state().customers.filter((c) => c.identifier === 'dave').length, 1);
  });

  it('browser mode: connect, keep the secret, read accounts and transactions with date filters', async () => {
    const { loginId, secret } = await connectInBrowserMode(s, 'alice', serviceId);
    const logins = await s.api('/logins');
    assert.ok(!JSON.stringify(logins.body).includes(secret));
    assert.ok((logins.body.data as { login_id: number }[]).some((l) => l.login_id === loginId));
    const accounts = await s.api(`/accounts?login_id=${loginId}`);
    assert.equal(accounts.status, 200);
    const list = accounts.body.data as { id: number; login_id: number }[];
    assert.ok(list.length > 0);
    assert.ok(list.every((a) => a.login_id === loginId));
    const account = list[0]!.id;
    const all = await s.api(`/transactions?login_id=${loginId}&account_id=${account}`);
    assert.equal(all.status, 200);
    const dates = (all.body.data as { date: string }[]).map((t) => t.date).sort();
    assert.ok(dates.length > 2, 'the sandbox generates months of transactions');
    const from = dates[Math.floor(dates.length / 3)]!;
    const to = dates[Math.floor((2 * dates.length) / 3)]!;
    const some = await s.api(`/transactions?login_id=${loginId}&account_id=${account}&from_date=${from}&to_date=${to}`);
    assert.equal(some.status, 200);
    const filtered = (some.body.data as { date: string }[]).map((t) => t.date);
    assert.ok(filtered.length > 0 && filtered.length < dates.length);
    assert.ok(filtered.every((date) => date >= from && date <= to));
    const wrongAccount = await s.api(`/transactions?login_id=${loginId}&account_id=999999999`);
    assert.deepEqual([wrongAccount.status, wrongAccount.body.error], [404, 'AccountNotFound']);
  });

  it('server mode: callback_url is the proxy, which keeps the secret and redirects with status and login_id only', async () => {
    const state = newState();
    const token = await s.api('/token', { user: 'erin', mode: 'server', body: { service_id: serviceId, state } });
    assert.equal(token.status, 200);
    const callbackUrl = `http://127.0.0.1:${s.proxyPort}/callback/${state}`;
    const location = await driveConnectPages((token.body.data as { connect_url: string }).connect_url);
    const result = resultOf(location, callbackUrl);
    assert.equal(result.status, 'success');
    // The popup follows Finsify's redirect to the proxy, with the partner's session cookie.
    const done = await fetch(location, { headers: { 'x-user': 'erin' }, redirect: 'manual' });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), `${ORIGIN}/done/${state}?status=success&login_id=${result.login_id}`);
    assert.equal(done.headers.get('cache-control'), 'no-store');
    assert.equal(done.headers.get('referrer-policy'), 'no-referrer');
    const accounts = await s.api(`/accounts?login_id=${result.login_id}`, { user: 'erin' });
    assert.equal(accounts.status, 200);
    // A replay of the same callback completes the same flow again (idempotent), storing nothing new.
    const replay = await fetch(location, { headers: { 'x-user': 'erin' }, redirect: 'manual' });
    assert.equal(replay.headers.get('location'), `${ORIGIN}/done/${state}?status=success&login_id=${result.login_id}`);
    assert.equal(((await s.api('/logins', { user: 'erin' })).body.data as unknown[]).length, 1);
    assert.ok(!s.logger.text().includes(result.secret!));
  });

  it('server mode: a failed connect passes its status on, and stores nothing', async () => {
    const state = newState();
    const token = await s.api('/token', { user: 'frank', mode: 'server', body: { service_id: serviceId, state } });
    const location = await driveConnectPages((token.body.data as { connect_url: string }).connect_url, { username: 'locked', password: 'locked' });
    const done = await fetch(location, { headers: { 'x-user': 'frank' }, redirect: 'manual' });
    assert.equal(done.headers.get('location'), `${ORIGIN}/done/${state}?status=login_account_locked`);
    assert.deepEqual((await s.api('/logins', { user: 'frank' })).body.data, []);
  });

  it('reconnects a login with its stored secret', async () => {
    const { loginId } = await connectInBrowserMode(s, 'gina', serviceId);
    const state = newState();
    const token = await s.api('/token', { user: 'gina', body: { login_id: loginId, state } });
    assert.equal(token.status, 200);
    const sandboxToken = s.sandbox.sandbox.control.state().tokens.find((t) => t.id === (token.body.data as { id: string }).id);
    assert.equal(sandboxToken?.login_id, loginId);
    const result = resultOf(await driveConnectPages((token.body.data as { connect_url: string }).connect_url), `${ORIGIN}/callback/${state}`);
    assert.deepEqual([result.status, result.login_id], ['success', loginId]);
    const other = await s.api('/token', { user: 'mallory', body: { login_id: loginId, state: newState() } });
    assert.deepEqual([other.status, other.body.error], [404, 'LoginNotFound']);
  });

  it('refresh only once the refresh interval has passed; deactivate and activate', async () => {
    const { loginId } = await connectInBrowserMode(s, 'hank', serviceId);
    const tooSoon = await s.api(`/logins/${loginId}/refresh`, { user: 'hank', method: 'PUT', body: {} });
    assert.deepEqual([tooSoon.status, tooSoon.body.error], [400, 'DataInvalid']);
    assert.equal((tooSoon.body.extra as { login_id: number }).login_id, loginId);
    s.advance(301_000);
    const refresh = await s.api(`/logins/${loginId}/refresh`, { user: 'hank', method: 'PUT', body: {} });
    assert.equal(refresh.status, 200, JSON.stringify(refresh.body));
    const data = refresh.body.data as { id: number; refreshed: boolean; next_refresh_possible_at: string };
    assert.deepEqual([data.id, data.refreshed], [loginId, true]);
    const early = await s.api(`/logins/${loginId}/refresh`, { user: 'hank', method: 'PUT', body: {} });
    assert.deepEqual([early.status, early.body.error], [400, 'DataInvalid']);
    const off = await s.api(`/logins/${loginId}/deactivate`, { user: 'hank', method: 'PUT', body: {} });
    assert.deepEqual([off.status, (off.body.data as { deActivate: boolean }).deActivate], [200, true]);
    const on = await s.api(`/logins/${loginId}/activate`, { user: 'hank', method: 'PUT', body: {} });
    assert.deepEqual([on.status, (on.body.data as { activate: boolean }).activate], [200, true]);
  });

  it('receives signed webhooks from the sandbox: new transactions and login status changes', async () => {
    const { loginId } = await connectInBrowserMode(s, 'ivy', serviceId);
    s.advance(301_000);
    assert.equal((await s.api(`/logins/${loginId}/refresh`, { user: 'ivy', method: 'PUT', body: {} })).status, 200);
    await s.sandbox.sandbox.control.setLoginStatus(loginId, 'login_password_expired');
    await s.sandbox.sandbox.control.webhooksIdle();
    const mine = s.sandbox.sandbox.control.webhooks().filter((d) => d.body.login_id === loginId);
    assert.ok(mine.length >= 1);
    assert.ok(mine.every((d) => d.state === 'delivered'), JSON.stringify(mine.map((d) => d.attempts)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const received = s.events.filter((e) => e.login_id === loginId);
    assert.ok(received.some((e) => e.type === 'transactions'), JSON.stringify(received));
    assert.ok(received.some((e) => e.type === 'login_status' && e.status === 'login_password_expired'));
    assert.deepEqual(received[0]?.user_ids, ['ivy']);
    const logins = await s.api('/logins', { user: 'ivy' });
    assert.equal((logins.body.data as { login_id: number; status: string }[]).find((l) => l.login_id === loginId)?.status, 'login_password_expired');
    const feed = await s.api('/webhooks', { user: 'ivy' });
    assert.equal((feed.body.data as unknown[]).length, mine.length);
  });

  it('answers bad input with the right status and error name', async () => {
    const { loginId } = await connectInBrowserMode(s, 'jack', serviceId);
    const raw = (path: string, init: RequestInit) => fetch(`${s.proxy.url}${path}`, init).then(async (r) => [r.status, ((await r.json()) as { error: string }).error]);
    assert.deepEqual(await raw('/token', { method: 'POST', headers: { origin: ORIGIN, 'x-user': 'jack', 'content-type': 'text/plain' }, body: '{}' }), [400, 'ContentInputInvalid']);
    assert.deepEqual(await raw('/token', { method: 'POST', headers: { origin: 'https://evil.example', 'x-user': 'jack', 'content-type': 'application/json' }, body: '{}' }), [403, 'OriginForbidden']);
    assert.deepEqual(await raw('/token', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' }), [401, 'Unauthorized']);
    assert.deepEqual([(await s.api('/token', { user: 'jack', body: { service_id: serviceId, state: 'bad' } })).body.error], ['DataInvalid']);
    const unknownService = await s.api('/token', { user: 'jack', body: { service_id: 987654, state: newState() } });
    assert.deepEqual([unknownService.status, unknownService.body.error], [404, 'ServiceNotFound']);
    const theirs = await s.api(`/accounts?login_id=${loginId}`, { user: 'mallory' });
    assert.deepEqual([theirs.status, theirs.body.error], [404, 'LoginNotFound']);
  });

  it('retries a sandbox in maintenance, then passes ServerMaintenance on', async () => {
    s.sandbox.sandbox.control.setFault('token', { maintenance: true });
    try {
      const answer = await s.api('/token', { user: 'alice', body: { service_id: serviceId, state: newState() } });
      assert.deepEqual([answer.status, answer.body.error], [503, 'ServerMaintenance']);
    } finally {
      s.sandbox.sandbox.control.clearFaults();
    }
    const warn = s.logger.lines.filter((line) => line.message === 'finsify unavailable');
    assert.equal(warn.length, 4, 'one attempt and three retries');
  });

  it('keeps customers and logins across a restart on the same store file', async () => {
    const { loginId } = await connectInBrowserMode(s, 'kate', serviceId);
    const customersBefore = s.sandbox.sandbox.control.state().customers.length;
    await s.restartProxy();
    const logins = await s.api('/logins', { user: 'kate' });
    assert.ok((logins.body.data as { login_id: number }[]).some((l) => l.login_id === loginId));
    assert.equal((await s.api(`/accounts?login_id=${loginId}`, { user: 'kate' })).status, 200);
    assert.equal((await s.api('/token', { user: 'kate', body: { service_id: serviceId, state: newState() } })).status, 200);
    assert.equal(s.sandbox.sandbox.control.state().customers.length, customersBefore);
  });
});

describe('webhook delivery failures', () => {
  it('a delivery the proxy fails is retried by the sandbox and recorded once', async () => {
    let failures = 1;
    const s = await stack({
      store: (file) => {
        const store = createSqliteStore({ file });
        return {
          ...store,
          recordWebhookEvent(record) {
            if (failures > 0) {
              failures -= 1;
              throw new Error('disk hiccup');
            }
            return store.recordWebhookEvent(record);
          },
        };
      },
    });
    try {
      const serviceId = await firstService(s);
      const { loginId } = await connectInBrowserMode(s, 'lena', serviceId);
      await s.sandbox.sandbox.control.setLoginStatus(loginId, 'login_account_locked');
      await s.sandbox.sandbox.control.webhooksIdle();
      const [delivery] = s.sandbox.sandbox.control.webhooks().filter((d) => d.body.login_id === loginId);
      assert.equal(delivery?.state, 'delivered');
      assert.deepEqual(delivery?.attempts.map((a) => a.status), [500, 200]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(s.events.filter((e) => e.login_id === loginId).length, 1);
    } finally {
      await s.close();
    }
  });

  it('a delivery signed with another secret is refused', async () => {
    const s = await stack({ signingSecret: 'not-the-proxy-secret' });
    try {
      const serviceId = await firstService(s);
      const { loginId } = await connectInBrowserMode(s, 'max', serviceId);
      await s.sandbox.sandbox.control.setLoginStatus(loginId, 'login_account_locked');
      await s.sandbox.sandbox.control.webhooksIdle();
      const [delivery] = s.sandbox.sandbox.control.webhooks().filter((d) => d.body.login_id === loginId);
      assert.equal(delivery?.state, 'failed');
      assert.ok(delivery?.attempts.every((a) => a.status === 401));
      assert.equal(s.events.length, 0);
    } finally {
      await s.close();
    }
  });
});
