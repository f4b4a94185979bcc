import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMemoryStore, createSqliteStore, type ProxyStore } from '../../../src/server.js';

const scratch = mkdtempSync(join(tmpdir(), 'finsify-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const stores: [string, () => ProxyStore][] = [
  ['memory', () => createMemoryStore()],
  ['sqlite', () => createSqliteStore({ file: join(scratch, `conformance-${Math.random().toString(36).slice(2)}.sqlite`) })],
];

for (const [name, make] of stores) {
  describe(`${name} store`, () => {
    it('keeps the first customer per user', async () => {
      const store = make();
      await store.ready?.();
      const first = await store.saveCustomer({ userId: 'u1', customerId: 'c1', identifier: 'u1', createdAt: 1 });
      const second = await store.saveCustomer({ userId: 'u1', customerId: 'c2', identifier: 'u1', createdAt: 2 });
      assert.equal(first.customerId, 'c1');
      assert.equal(second.customerId, 'c1');
      assert.equal((await store.getCustomer('u1'))?.customerId, 'c1');
      assert.equal(await store.getCustomer('u2'), undefined);
      await store.close();
    });

    it('keeps logins per user, replaces a secret on reconnect, and lists without secrets', async () => {
      const store = make();
      await store.saveLogin({ userId: 'u1', loginId: 10, secret: 's-old', serviceId: 8, createdAt: 1, updatedAt: 1 });
      await store.saveLogin({ userId: 'u1', loginId: 10, secret: 's-new', serviceId: null, createdAt: 5, updatedAt: 5 });
      await store.saveLogin({ userId: 'u2', loginId: 11, secret: 's-2', serviceId: 9, createdAt: 2, updatedAt: 2 });
      const login = await store.getLogin('u1', 10);
      assert.deepEqual(login, { userId: 'u1', loginId: 10, secret: 's-new', serviceId: 8, createdAt: 1, updatedAt: 5 });
      assert.equal(await store.getLogin('u2', 10), undefined);
      const list = await store.listLogins('u1');
      assert.deepEqual(list, [{ loginId: 10, serviceId: 8, status: null, statusAt: null, createdAt: 1, updatedAt: 5 }]);
      assert.ok(!JSON.stringify(list).includes('s-new'));
      assert.deepEqual(await store.loginOwners(10), ['u1']);
      await store.close();
    });

    it('refuses, in the same step as the write, a login id another user holds', async () => {
      const store = make();
      assert.equal(await store.saveLogin({ userId: 'u1', loginId: 10, secret: 's-1', serviceId: 8, createdAt: 1, updatedAt: 1 }), true);
      assert.equal(await store.saveLogin({ userId: 'u2', loginId: 10, secret: 's-2', serviceId: 8, createdAt: 2, updatedAt: 2 }), false);
      assert.deepEqual(await store.loginOwners(10), ['u1']);
      assert.equal(await store.getLogin('u2', 10), undefined);
      // The holder may still replace its secret (a reconnect).
      assert.equal(await store.saveLogin({ userId: 'u1', loginId: 10, secret: 's-3', serviceId: null, createdAt: 3, updatedAt: 3 }), true);
      assert.equal((await store.getLogin('u1', 10))?.secret, 's-3');
      await store.close();
    });

    it('applies a login status only when it is not older than the stored one', async () => {
      const store = make();
      await store.saveLogin({ userId: 'u1', loginId: 10, secret: 's', serviceId: null, createdAt: 1, updatedAt: 1 });
      assert.equal(await store.setLoginStatus(10, 'login_account_locked', 100), true);
      assert.equal(await store.setLoginStatus(10, 'login_wrong_credentials', 50), false);
      assert.equal(await store.setLoginStatus(10, 'login_password_expired', 100), true);
      assert.equal((await store.listLogins('u1'))[0]?.status, 'login_password_expired');
      await store.close();
    });

    it('hands a pending state out once and drops expired ones', async () => {
      const store = make();
      const pending = { state: 'a'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      assert.equal(await store.savePendingState(pending, 0), true);
      assert.equal(await store.savePendingState({ ...pending, state: 'b'.repeat(22), expiresAt: 10 }, 0), true);
      assert.deepEqual(await store.takePendingState('a'.repeat(22), 500), pending);
      assert.equal(await store.takePendingState('a'.repeat(22), 500), undefined);
      assert.equal(await store.takePendingState('b'.repeat(22), 500), undefined);
      await store.close();
    });

    it('keeps the first binding of a pending state; only an expired one is taken over', async () => {
      const store = make();
      const pending = { state: 'c'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      assert.equal(await store.savePendingState(pending, 0), true);
      assert.equal(await store.savePendingState({ ...pending, userId: 'u2', expiresAt: 2000 }, 999), false);
      assert.equal(await store.savePendingState({ ...pending, flow: 'reconnect', loginId: 5, expiresAt: 2000 }, 500), false);
      assert.deepEqual(await store.takePendingState(pending.state, 999), pending);
      assert.equal(await store.savePendingState(pending, 0), true);
      const later = { ...pending, userId: 'u3', expiresAt: 3000 };
      assert.equal(await store.savePendingState(later, 1000), true);
      assert.deepEqual(await store.takePendingState(pending.state, 1000), later);
      await store.close();
    });

    it('recognises seen webhook keys and lists recent events per login, newest first', async () => {
      const store = make();
      assert.equal(await store.markWebhookSeen('ref:1', 1), true);
      assert.equal(await store.markWebhookSeen('ref:1', 2), false);
      await store.forgetWebhookSeen('ref:1');
      await store.forgetWebhookSeen('ref:never-seen');
      assert.equal(await store.markWebhookSeen('ref:1', 3), true);
      assert.equal(await store.markWebhookSeen('ref:1', 4), false);
      for (const [loginId, seq] of [[1, 1], [2, 2], [1, 3]] as const) {
        await store.addWebhookEvent({ type: 'transactions', loginId, referenceId: `r${seq}`, status: null, timestamp: seq, receivedAt: seq, applied: true, payload: { seq } });
      }
      const events = await store.listWebhookEvents([1], 10);
      assert.deepEqual(events.map((e) => e.payload.seq), [3, 1]);
      assert.deepEqual(await store.listWebhookEvents([], 10), []);
      await store.close();
    });
  });
}

describe('sqlite store on disk', () => {
  it('keeps customers, logins and statuses across a reopen of the same file', async () => {
    const file = join(scratch, 'nested', 'dir', 'proxy.sqlite');
    const first = createSqliteStore({ file });
    await first.saveCustomer({ userId: 'u1', customerId: 'c1', identifier: 'u1', createdAt: 1 });
    await first.saveLogin({ userId: 'u1', loginId: 10, secret: 's', serviceId: 8, createdAt: 1, updatedAt: 1 });
    await first.setLoginStatus(10, 'login_account_locked', 5);
    await first.close();
    const second = createSqliteStore({ file });
    assert.equal((await second.getCustomer('u1'))?.customerId, 'c1');
    assert.equal((await second.getLogin('u1', 10))?.secret, 's');
    assert.equal((await second.listLogins('u1'))[0]?.status, 'login_account_locked');
    await second.close();
  });

  it('lets only one of two processes on one file keep a login for its user', async () => {
    // Two handles on one file stand for two proxy processes: each checked that nobody holds login 10,
    // then both write. The write itself refuses the second.
    const file = join(scratch, 'two-processes.sqlite');
    const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
    assert.deepEqual([await a.loginOwners(10), await b.loginOwners(10)], [[], []]);
    const kept = [
      await a.saveLogin({ userId: 'u1', loginId: 10, secret: 's-1', serviceId: null, createdAt: 1, updatedAt: 1 }),
      await b.saveLogin({ userId: 'u2', loginId: 10, secret: 's-2', serviceId: null, createdAt: 1, updatedAt: 1 }),
    ];
    assert.deepEqual(kept, [true, false]);
    assert.deepEqual(await a.loginOwners(10), ['u1']);
    await Promise.all([a.close(), b.close()]);
  });

  it('uses the WAL journal', async () => {
    const file = join(scratch, 'wal.sqlite');
    const store = createSqliteStore({ file });
    await store.ready?.();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
    await store.close();
  });
});
