// onWebhook sees every recorded event at least once: retried with backoff when it fails, and handed
// over after a restart when a crash (SIGKILL) or a stop (SIGTERM) came in the middle, with the same id.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSqliteStore, type WebhookEvent } from '../../../src/server.js';
import { call, captureLogger, freePort, secretFor, testProxy } from './helpers.js';

const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'finsify-inbox-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const TOKEN = 'fixture-token-0123456789abcdefghijklmnop';

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const post = (proxy: (request: Request) => Promise<Response>, payload: Record<string, unknown>) =>
  proxy(new Request(`http://proxy.test/webhook?token=${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));

describe('the webhook inbox, in one process', () => {
  it('hands a failing event over again with backoff, with the same id, until onWebhook succeeds; then never again', async () => {
    const seen: WebhookEvent[] = [];
    let failures = 2;
    const logger = captureLogger();
    const { proxy } = testProxy({
      webhookToken: TOKEN,
      logger,
      random: () => 0,
      webhookDelivery: { pollMs: 100, maxDelayMs: 100 },
      onWebhook: (event) => {
        seen.push(event);
        if (failures-- > 0) throw new Error('partner database down');
      },
    });
    await proxy.ready();
    await proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
    assert.equal((await post(proxy, { login_id: 538, status: 'login_account_locked', referenceId: 'r-1' })).status, 200);
    await until(() => seen.length >= 3, 'three hand-overs');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(seen.length, 3);
    assert.deepEqual(new Set(seen.map((event) => event.id)).size, 1);
    assert.deepEqual(seen[2]?.user_ids, ['alice']);
    assert.equal(logger.lines.filter((line) => line.message.startsWith('onWebhook failed')).length, 2);
    await proxy.close();
  });

  it('hands over after a restart what a process that died left, once its lease ran out', async () => {
    const file = join(scratch, 'inbox-restart.sqlite');
    const first = testProxy({ webhookToken: TOKEN, store: createSqliteStore({ file }), webhookDelivery: { leaseMs: 300 }, onWebhook: () => new Promise<void>(() => {}) });
    await first.proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
    assert.equal((await post(first.proxy, { login_id: 538, new: 1, accounts: [{ id: 1 }], referenceId: 'r-restart' })).status, 200);
    // The first process hangs in its handler and is never closed: as if it died there.
    const seen: WebhookEvent[] = [];
    const second = testProxy({ webhookToken: TOKEN, store: createSqliteStore({ file }), webhookDelivery: { leaseMs: 300, pollMs: 50 }, onWebhook: (event) => void seen.push(event) });
    await second.proxy.ready();
    await until(() => seen.length === 1, 'the hand-over after the lease');
    assert.equal(seen[0]?.referenceId, 'r-restart');
    await second.proxy.close();
  });

  it('moves past a handler that never settles, and close() does not wait for it beyond its bound', async () => {
    const seen: string[] = [];
    const { proxy } = testProxy({
      webhookToken: TOKEN,
      webhookDelivery: { leaseMs: 400, pollMs: 100 },
      onWebhook: (event) => {
        seen.push(event.referenceId ?? '');
        return event.referenceId === 'stuck' ? new Promise<void>(() => {}) : undefined;
      },
    });
    await proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
    await post(proxy, { login_id: 538, new: 1, accounts: [], referenceId: 'stuck' });
    await post(proxy, { login_id: 538, new: 1, accounts: [], referenceId: 'next' });
    await until(() => seen.includes('next'), 'the event after a stuck one');
    const started = Date.now();
    await proxy.close({ waitMs: 300 });
    assert.ok(Date.now() - started < 5000);
  });

  it('gives events ids a new store does not reuse', async () => {
    const ids: string[] = [];
    for (const deploy of [1, 2]) {
      const { proxy } = testProxy({ webhookToken: TOKEN, onWebhook: (event) => void ids.push(event.id) });
      await proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
      await post(proxy, { login_id: 538, new: 1, accounts: [], referenceId: `deploy-${deploy}` });
      await until(() => ids.length === deploy, 'the hand-over');
      await proxy.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.notEqual(ids[0], ids[1]);
  });

  it('does not keep a status the spec does not define, nor one longer than a word', async () => {
    const { proxy, store } = testProxy({ webhookToken: TOKEN });
    await proxy(call('/logins', { body: { login_id: 538, secret: secretFor(538) } }));
    for (const status of ['<img src=x onerror=alert(1)>', 'x'.repeat(10_000), 'login_happy']) {
      assert.equal((await post(proxy, { login_id: 538, status })).status, 200);
    }
    assert.equal((await store.listLogins('alice'))[0]?.status, null);
    const events = (await store.listWebhookEvents([538], 10)).map((event) => [event.type, event.status]);
    assert.deepEqual(events, [['unknown', null], ['unknown', null], ['unknown', null]]);
    const big = await post(proxy, { login_id: 538, new: 1, accounts: [], pad: 'x'.repeat(70 * 1024) });
    assert.equal(big.status, 413);
  });
});

async function startFixture(port: number, file: string, out: string, hookDelayMs: number): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/node/server/fixtures/webhook-proxy.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, PORT: String(port), STORE_FILE: file, HOOK_OUT: out, HOOK_DELAY_MS: String(hookDelayMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await until(() => text.includes('listening') || child.exitCode !== null, 'the fixture to listen', 20_000);
  assert.ok(text.includes('listening'), text);
  return { child, exited };
}

describe('the webhook inbox across real processes', () => {
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} 200 ms into a 1 s onWebhook: the event reaches onWebhook exactly once by the end`, async () => {
      const port = await freePort();
      const file = join(scratch, `inbox-${signal}.sqlite`);
      const out = join(scratch, `hook-${signal}.txt`);
      const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : []);
      let proxy = await startFixture(port, file, out, 1000);
      try {
        const answer = await fetch(`http://127.0.0.1:${port}/webhook?token=${TOKEN}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login_id: 4242, new: 1, accounts: [{ id: 1 }], referenceId: `r-${signal}` }),
        });
        assert.equal(answer.status, 200);
        await new Promise((resolve) => setTimeout(resolve, 200));
        proxy.child.kill(signal);
        await proxy.exited;
        // A crash loses the running hand-over; a graceful stop lets it finish.
        assert.equal(lines().length, signal === 'SIGKILL' ? 0 : 1);
        proxy = await startFixture(port, file, out, 0);
        if (signal === 'SIGKILL') await until(() => lines().length === 1, 'the hand-over after the restart');
        await new Promise((resolve) => setTimeout(resolve, 1200));
        assert.equal(lines().length, 1);
        assert.match(lines()[0]!, /^[a-z0-9]+-\d+ 4242$/);
      } finally {
        proxy.child.kill('SIGKILL');
        await proxy.exited;
      }
    });
  }
});
