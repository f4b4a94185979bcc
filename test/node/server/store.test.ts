import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMemoryStore, createSqliteStore, type ProxyStore } from '../../../src/server.js';
import { call, read, secretFor, testProxy } from './helpers.js';

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
      assert.deepEqual(login, { userId: 'u1', loginId: 10, secret: 's-new', serviceId: 8, createdAt: 1, updatedAt: 5, confirmed: true });
      assert.equal(await store.getLogin('u2', 10), undefined);
      const list = await store.listLogins('u1');
      assert.deepEqual(list, [{ loginId: 10, serviceId: 8, status: null, statusAt: null, createdAt: 1, updatedAt: 5, confirmed: true }]);
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

    it('lets unconfirmed claims of one id coexist; a confirmed claim removes the others and blocks new ones', async () => {
      const store = make();
      const claim = (userId: string, secret: string, confirmed: boolean, at = 1) =>
        store.saveLogin({ userId, loginId: 10, secret, serviceId: null, createdAt: at, updatedAt: at, confirmed });
      assert.equal(await claim('mallory', 's-m', false), true);
      assert.equal(await claim('alice', 's-a', false, 2), true);
      assert.deepEqual(await store.loginOwners(10), []);
      assert.deepEqual((await store.unconfirmedLogins(10)).map((l) => [l.userId, l.secret, l.confirmed]), [['alice', 's-a', false], ['mallory', 's-m', false]]);
      assert.equal((await store.getLogin('mallory', 10))?.confirmed, false);
      assert.equal(await store.setLoginStatus(10, 'login_account_locked', 5), true);
      // An unconfirmed claim shows no status.
      assert.deepEqual((await store.listLogins('mallory')).map((l) => [l.status, l.confirmed]), [[null, false]]);
      assert.equal(await claim('alice', 's-a', true, 3), true);
      assert.deepEqual(await store.loginOwners(10), ['alice']);
      assert.deepEqual(await store.unconfirmedLogins(10), []);
      assert.equal(await store.getLogin('mallory', 10), undefined);
      assert.deepEqual((await store.listLogins('alice')).map((l) => [l.status, l.confirmed]), [['login_account_locked', true]]);
      assert.equal(await claim('mallory', 's-m2', false, 4), false);
      assert.equal(await claim('mallory', 's-m2', true, 4), false);
      // The confirmed holder's unconfirmed write with its stored secret keeps it confirmed; with a new
      // secret (Finsify lists nothing for it yet) the login takes that secret's verdict: unconfirmed.
      assert.equal(await claim('alice', 's-a', false, 5), true);
      assert.deepEqual([(await store.getLogin('alice', 10))?.confirmed, await store.loginOwners(10)], [true, ['alice']]);
      assert.equal(await claim('alice', 's-a2', false, 6), true);
      assert.deepEqual([(await store.getLogin('alice', 10))?.secret, (await store.getLogin('alice', 10))?.confirmed], ['s-a2', false]);
      assert.deepEqual([await store.loginOwners(10), (await store.unconfirmedLogins(10)).map((l) => l.userId)], [[], ['alice']]);
      assert.deepEqual((await store.listLogins('alice')).map((l) => [l.status, l.confirmed]), [[null, false]]);
      assert.equal(await claim('alice', 's-a2', true, 7), true);
      assert.deepEqual(await store.loginOwners(10), ['alice']);
      await store.close();
    });

    it('refuses a secret already stored under another login id, and drops only an unconfirmed claim with its secret', async () => {
      const store = make();
      const claim = (userId: string, loginId: number, secret: string, confirmed: boolean) =>
        store.saveLogin({ userId, loginId, secret, serviceId: null, createdAt: 1, updatedAt: 1, confirmed });
      assert.equal(await claim('mallory', 5000, 'one-secret', false), true);
      assert.equal(await claim('mallory', 5001, 'one-secret', false), false);
      assert.equal(await claim('bob', 5002, 'one-secret', true), false);
      // Nor by another user under the same login id (one secret cannot fill an id with claims).
      assert.equal(await claim('bob', 5000, 'one-secret', false), false);
      assert.equal(await claim('bob', 5000, 'one-secret', true), false);
      assert.equal(await store.getLogin('bob', 5000), undefined);
      assert.equal(await claim('mallory', 5000, 'one-secret', false), true);
      assert.equal(await store.dropUnconfirmedLogin('mallory', 5000, 'other-secret'), false);
      assert.equal(await store.dropUnconfirmedLogin('mallory', 5000, 'one-secret'), true);
      assert.equal(await store.getLogin('mallory', 5000), undefined);
      assert.equal(await claim('mallory', 5001, 'one-secret', false), true);
      assert.equal(await claim('alice', 7, 's-7', true), true);
      assert.equal(await store.dropUnconfirmedLogin('alice', 7, 's-7'), false);
      assert.deepEqual(await store.loginOwners(7), ['alice']);
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

    it('completes a pending state once, keeping the login it carries in the same step; a replay gets the first completion', async () => {
      const store = make();
      const pending = { state: 'a'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      assert.equal(await store.savePendingState(pending, 0), true);
      assert.equal(await store.savePendingState({ ...pending, state: 'b'.repeat(22), expiresAt: 10 }, 0), true);
      assert.deepEqual(await store.getPendingState(pending.state), { ...pending, completion: null });
      const completion = { status: 'success', loginId: 10, secretDigest: 'd1', at: 500 };
      const login = { userId: 'u1', loginId: 10, secret: 's-10', serviceId: 8, createdAt: 500, updatedAt: 500, confirmed: false };
      const input = { state: pending.state, completion, login, keepUntil: 90_000 };
      assert.deepEqual(await store.completePendingState(input), { completion, replayed: false });
      assert.deepEqual(await store.getLogin('u1', 10), { ...login, confirmed: false });
      // A replay (same or other result) changes nothing and is told the first completion.
      const other = { status: 'success', loginId: 11, secretDigest: 'd2', at: 600 };
      const otherLogin = { ...login, loginId: 11, secret: 's-11' };
      assert.deepEqual(await store.completePendingState({ ...input, completion: other, login: otherLogin }), { completion, replayed: true });
      assert.equal(await store.getLogin('u1', 11), undefined);
      // Kept past its first expiry for replays, and never bound again.
      assert.deepEqual((await store.getPendingState(pending.state))?.completion, completion);
      assert.equal(await store.savePendingState(pending, 2000), false);
      // An expired state that was never completed cannot be.
      assert.equal(await store.completePendingState({ ...input, state: 'b'.repeat(22), completion: { ...completion, at: 20 } }), undefined);
      assert.equal(await store.getPendingState('b'.repeat(22)), undefined);
      assert.equal(await store.completePendingState({ ...input, state: 'z'.repeat(22) }), undefined);
      await store.close();
    });

    it('completes a state with status error when its login is refused, and keeps nothing of the login', async () => {
      const store = make();
      await store.saveLogin({ userId: 'u2', loginId: 10, secret: 's-taken', serviceId: 8, createdAt: 1, updatedAt: 1 });
      const pending = { state: 'e'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      await store.savePendingState(pending, 0);
      const completion = { status: 'success', loginId: 10, secretDigest: 'd', at: 5 };
      const login = { userId: 'u1', loginId: 10, secret: 's-mine', serviceId: 8, createdAt: 5, updatedAt: 5, confirmed: false };
      assert.deepEqual(await store.completePendingState({ state: pending.state, completion, login, keepUntil: 100 }), { completion: { ...completion, status: 'error' }, replayed: false });
      assert.equal(await store.getLogin('u1', 10), undefined);
      await store.close();
    });

    it('binds an expired, completed state anew without its old completion', async () => {
      const store = make();
      const pending = { state: 'r'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      await store.savePendingState(pending, 0);
      await store.completePendingState({ state: pending.state, completion: { status: 'cancel', loginId: null, secretDigest: null, at: 10 }, login: null, keepUntil: 2000 });
      assert.equal(await store.savePendingState({ ...pending, userId: 'u2', expiresAt: 9000 }, 3000), true);
      assert.deepEqual(await store.getPendingState(pending.state), { ...pending, userId: 'u2', expiresAt: 9000, completion: null });
      await store.close();
    });

    it('keeps the first binding of a pending state; only an expired one is taken over', async () => {
      const store = make();
      const pending = { state: 'c'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      assert.equal(await store.savePendingState(pending, 0), true);
      assert.equal(await store.savePendingState({ ...pending, userId: 'u2', expiresAt: 2000 }, 999), false);
      assert.equal(await store.savePendingState({ ...pending, flow: 'reconnect', loginId: 5, expiresAt: 2000 }, 500), false);
      assert.deepEqual(await store.getPendingState(pending.state), { ...pending, completion: null });
      const later = { ...pending, userId: 'u3', expiresAt: 3000 };
      assert.equal(await store.savePendingState(later, 1000), true);
      assert.deepEqual(await store.getPendingState(pending.state), { ...later, completion: null });
      await store.close();
    });

    it('records a delivery once by its key, applying its status as setLoginStatus would, and lists recent events per login, newest first', async () => {
      const store = make();
      const event = (loginId: number, seq: number, status: string | null = null) => ({
        type: status ? ('login_status' as const) : ('transactions' as const),
        loginId,
        referenceId: `r${seq}`,
        status,
        timestamp: seq,
        receivedAt: seq,
        payload: { seq },
      });
      assert.deepEqual(await store.recordWebhookEvent({ key: 'ref:1', event: event(1, 1), handOver: false }), { duplicate: false, seq: 1, applied: true, pending: false });
      assert.deepEqual(await store.recordWebhookEvent({ key: 'ref:1', event: event(1, 9), handOver: true }), { duplicate: true });
      assert.equal((await store.recordWebhookEvent({ key: null, event: event(2, 2), handOver: 'if-applied' })).duplicate, false);
      await store.saveLogin({ userId: 'u1', loginId: 1, secret: 's-1', serviceId: 8, createdAt: 0, updatedAt: 0 });
      const locked = await store.recordWebhookEvent({ key: 'ref:3', event: event(1, 3, 'login_account_locked'), handOver: 'if-applied' });
      assert.deepEqual(locked, { duplicate: false, seq: 3, applied: true, pending: true });
      // An older status is recorded as an event, not applied, and so not pending when only an applied one is.
      const stale = await store.recordWebhookEvent({ key: 'ref:4', event: event(1, 2, 'login_wrong_credentials'), handOver: 'if-applied' });
      assert.deepEqual(stale, { duplicate: false, seq: 4, applied: false, pending: false });
      assert.equal((await store.listLogins('u1'))[0]?.status, 'login_account_locked');
      const events = await store.listWebhookEvents([1], 10);
      assert.deepEqual(events.map((e) => [e.payload.seq, e.applied, e.pending]), [[2, false, false], [3, true, true], [1, true, false]]);
      assert.deepEqual(await store.listWebhookEvents([], 10), []);
      await store.close();
    });

    it('hands each pending event to one taker at a time, again after its lease, until it is settled', async () => {
      const store = make();
      const event = (seq: number) => ({ type: 'transactions' as const, loginId: 1, referenceId: null, status: null, timestamp: seq, receivedAt: seq, payload: { seq } });
      for (const seq of [1, 2, 3]) await store.recordWebhookEvent({ key: null, event: event(seq), handOver: seq !== 2 });
      const first = await store.takeDueWebhookEvents(10, 10, 100);
      assert.deepEqual(first.map((e) => [e.payload.seq, e.attempts]), [[1, 1], [3, 1]]);
      // Leased: nobody else gets them before 100.
      assert.deepEqual(await store.takeDueWebhookEvents(50, 10, 150), []);
      await store.settleWebhookEvent(first[0]!.seq, null);
      await store.settleWebhookEvent(first[1]!.seq, 70);
      assert.deepEqual((await store.takeDueWebhookEvents(80, 10, 200)).map((e) => [e.payload.seq, e.attempts]), [[3, 2]]);
      // A taker that died: its lease runs out and the event comes back.
      assert.deepEqual((await store.takeDueWebhookEvents(200, 10, 300)).map((e) => [e.payload.seq, e.attempts]), [[3, 3]]);
      assert.deepEqual((await store.takeDueWebhookEvents(200, 1, 300)), []);
      await store.close();
    });

    it('keeps pending events past the list bound, dropping only settled ones', async () => {
      const store = make();
      const event = (seq: number) => ({ type: 'transactions' as const, loginId: 1, referenceId: null, status: null, timestamp: seq, receivedAt: seq, payload: { seq } });
      await store.recordWebhookEvent({ key: null, event: event(0), handOver: true });
      for (let seq = 1; seq <= 1005; seq += 1) await store.recordWebhookEvent({ key: null, event: event(seq), handOver: false });
      const due = await store.takeDueWebhookEvents(10_000, 10, 20_000);
      assert.deepEqual(due.map((e) => e.payload.seq), [0]);
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

  it('opens a database file of the previous schema, whose logins are unconfirmed until their accounts are listed', async () => {
    const file = join(scratch, 'previous-schema.sqlite');
    const { default: Database } = await import('better-sqlite3');
    const old = new Database(file);
    old.exec(`CREATE TABLE logins (
      user_id TEXT NOT NULL, login_id INTEGER NOT NULL, secret TEXT NOT NULL, service_id INTEGER,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (user_id, login_id));
      CREATE INDEX logins_by_login ON logins (login_id);`);
    // The previous version kept an empty-accounts secret as if confirmed: mallory's squat of alice's 5,
    // beside u1's real login 10.
    old.prepare('INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?)').run('u1', 10, secretFor(10), 8, 1, 1);
    old.prepare('INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?)').run('mallory', 5, 'mallory-fresh', 8, 1, 1);
    old.close();
    const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
    await Promise.all([a.ready?.(), b.ready?.()]);
    assert.deepEqual(await a.getLogin('u1', 10), { userId: 'u1', loginId: 10, secret: secretFor(10), serviceId: 8, createdAt: 1, updatedAt: 1, confirmed: false });
    assert.deepEqual([await b.loginOwners(10), await b.loginOwners(5)], [[], []]);
    assert.deepEqual((await b.unconfirmedLogins(5)).map((l) => l.userId), ['mallory']);
    // A writer of the previous version (a rolling deploy) leaves the column out: unconfirmed too.
    const writer = new Database(file);
    writer.prepare('INSERT INTO logins (user_id, login_id, secret, service_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('eve', 6, 'eve-fresh', 8, 1, 1);
    writer.close();
    assert.equal((await a.getLogin('eve', 6))?.confirmed, false);
    // The squat blocks nobody: alice's confirmed claim takes 5 and removes it; listing u1's accounts confirms 10.
    const { proxy } = testProxy({ store: a });
    const alice = await read(await proxy(call('/logins', { user: 'alice', body: { login_id: 5, secret: secretFor(5) } })));
    assert.deepEqual([alice.status, (alice.body.data as { confirmed: boolean }).confirmed], [201, true]);
    assert.deepEqual([await b.loginOwners(5), await b.getLogin('mallory', 5)], [['alice'], undefined]);
    assert.equal((await proxy(call('/accounts?login_id=10', { user: 'u1' }))).status, 200);
    assert.deepEqual(await b.loginOwners(10), ['u1']);
    await Promise.all([a.close(), b.close()]);
  });

  it('opens a file of the version before custody and the inbox: its pending states, events and only the spec\'s statuses carry over', async () => {
    const file = join(scratch, 'before-inbox.sqlite');
    const { default: Database } = await import('better-sqlite3');
    const old = new Database(file);
    old.exec(`CREATE TABLE logins (user_id TEXT NOT NULL, login_id INTEGER NOT NULL, secret TEXT NOT NULL, service_id INTEGER,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, login_id));
      CREATE TABLE login_status (login_id INTEGER PRIMARY KEY, status TEXT NOT NULL, status_at INTEGER NOT NULL);
      CREATE TABLE pending_states (state TEXT PRIMARY KEY, user_id TEXT NOT NULL, flow TEXT NOT NULL, service_id INTEGER, login_id INTEGER, expires_at INTEGER NOT NULL);
      CREATE TABLE webhook_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, login_id INTEGER NOT NULL, reference_id TEXT,
        status TEXT, timestamp INTEGER NOT NULL, received_at INTEGER NOT NULL, applied INTEGER NOT NULL, payload TEXT NOT NULL);`);
    old.prepare('INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?, ?)').run('u1', 10, secretFor(10), 8, 1, 1, 1);
    old.prepare('INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?, ?)').run('u1', 11, secretFor(11), 8, 1, 1, 1);
    old.prepare('INSERT INTO login_status VALUES (?, ?, ?)').run(10, 'login_account_locked', 5);
    old.prepare('INSERT INTO login_status VALUES (?, ?, ?)').run(11, '<b>a novel</b>', 5);
    old.prepare('INSERT INTO pending_states VALUES (?, ?, ?, ?, ?, ?)').run('s'.repeat(22), 'u1', 'new', 8, null, 9_999_999_999_999);
    old.prepare('INSERT INTO webhook_events (type, login_id, reference_id, status, timestamp, received_at, applied, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('transactions', 10, 'r', null, 1, 1, 1, '{}');
    old.close();
    const store = createSqliteStore({ file });
    assert.deepEqual((await store.listLogins('u1')).map((login) => [login.loginId, login.status]), [[11, null], [10, 'login_account_locked']]);
    assert.equal((await store.getPendingState('s'.repeat(22)))?.completion, null);
    assert.deepEqual((await store.listWebhookEvents([10], 10)).map((event) => [event.referenceId, event.pending]), [['r', false]]);
    assert.deepEqual(await store.takeDueWebhookEvents(100, 10, 200), []);
    await store.close();
  });

  it('stores a login unconfirmed when an insert leaves the confirmed column out', async () => {
    const file = join(scratch, 'column-default.sqlite');
    const store = createSqliteStore({ file });
    await store.ready?.();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file);
    db.prepare('INSERT INTO logins (user_id, login_id, secret, service_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run('eve', 6, 'eve-fresh', 8, 1, 1);
    db.close();
    assert.equal((await store.getLogin('eve', 6))?.confirmed, false);
    assert.deepEqual(await store.loginOwners(6), []);
    await store.close();
  });

  it('prunes expired pending states as new ones come, without waiting for a callback', async () => {
    const file = join(scratch, 'pending-prune.sqlite');
    const store = createSqliteStore({ file });
    const pending = (state: string, expiresAt: number) => ({ state, userId: 'u', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt });
    for (let i = 0; i < 250; i += 1) await store.savePendingState(pending(`expiring-state-${String(i).padStart(12, '0')}`, 1_000), 500);
    for (let i = 0; i < 250; i += 1) await store.savePendingState(pending(`live-state-${String(i).padStart(16, '0')}`, 10_000), 2_000);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    const { expired, live } = db.prepare('SELECT SUM(expires_at <= 2000) AS expired, SUM(expires_at > 2000) AS live FROM pending_states').get() as { expired: number; live: number };
    db.close();
    assert.equal(live, 250);
    assert.equal(expired, 0);
    await store.close();
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
