// The store conformance suite: what every ProxyStore must do, run unchanged against each store
// (memory and SQLite here in store.test.ts; any other store calls describeStoreConformance too).
// Sealed secrets and hashes are opaque text to a store, so the suite uses readable stand-ins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoginRecord, LoginToSave, ProxyStore, StoredLogin } from '../../../src/server.js';

/** The stand-in for a secret sealed (a store keeps it as it is). */
export const sealedOf = (secret: string, keyId = 'k1') => `v1.${keyId}.sealed-${secret}`;
/** The stand-in for a secret's keyed hash under a key. */
export const hashOf = (secret: string, keyId = 'k1') => `${keyId}.hash-${secret}`;
/** A secret's hashes under the configured keys, newest first. */
export const hashesOf = (secret: string, keyIds: readonly string[] = ['k1']) => keyIds.map((keyId) => hashOf(secret, keyId));

/** A login to save, sealed under the first of `keyIds` and hashed under each. */
export function login(record: LoginRecord, keyIds: readonly string[] = ['k1']): LoginToSave {
  const { secret, ...rest } = record;
  return { ...rest, sealedSecret: sealedOf(secret, keyIds[0]), secretHash: hashOf(secret, keyIds[0]), secretHashes: hashesOf(secret, keyIds) };
}

/** What a store returns for a saved login (no `secretHashes`). */
export function stored(record: LoginToSave): StoredLogin {
  const { secretHashes: _hashes, ...rest } = record;
  return rest;
}

/**
 * Registers the conformance tests for one store. `open` makes a fresh, empty store each time (the
 * suite calls `ready()` and `close()`).
 */
export function describeStoreConformance(name: string, open: () => Promise<ProxyStore> | ProxyStore): void {
  describe(`${name} store`, () => {
    const make = async () => {
      const store = await open();
      await store.ready?.();
      return store;
    };
    it('keeps the first customer per user', async () => {
      const store = await make();
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
      const store = await make();
      await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-old', serviceId: 8, createdAt: 1, updatedAt: 1 }));
      await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-new', serviceId: null, createdAt: 5, updatedAt: 5 }));
      await store.saveLogin(login({ userId: 'u2', loginId: 11, secret: 's-2', serviceId: 9, createdAt: 2, updatedAt: 2 }));
      const kept = await store.getLogin('u1', 10);
      assert.deepEqual(kept, { userId: 'u1', loginId: 10, sealedSecret: sealedOf('s-new'), secretHash: hashOf('s-new'), serviceId: 8, createdAt: 1, updatedAt: 5, confirmed: true });
      assert.equal(await store.getLogin('u2', 10), undefined);
      const list = await store.listLogins('u1');
      assert.deepEqual(list, [{ loginId: 10, serviceId: 8, status: null, statusAt: null, createdAt: 1, updatedAt: 5, confirmed: true }]);
      assert.ok(!JSON.stringify(list).includes('s-new'));
      assert.ok(!JSON.stringify(list).includes(sealedOf('s-new')));
      assert.deepEqual(await store.loginOwners(10), ['u1']);
      await store.close();
    });

    it('refuses, in the same step as the write, a login id another user holds', async () => {
      const store = await make();
      assert.equal(await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-1', serviceId: 8, createdAt: 1, updatedAt: 1 })), true);
      assert.equal(await store.saveLogin(login({ userId: 'u2', loginId: 10, secret: 's-2', serviceId: 8, createdAt: 2, updatedAt: 2 })), false);
      assert.deepEqual(await store.loginOwners(10), ['u1']);
      assert.equal(await store.getLogin('u2', 10), undefined);
      // The holder may still replace its secret (a reconnect).
      assert.equal(await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-3', serviceId: null, createdAt: 3, updatedAt: 3 })), true);
      assert.equal((await store.getLogin('u1', 10))?.sealedSecret, sealedOf('s-3'));
      await store.close();
    });

    it('lets unconfirmed claims of one id coexist; a confirmed claim removes the others and blocks new ones', async () => {
      const store = await make();
      const claim = (userId: string, secret: string, confirmed: boolean, at = 1) =>
        store.saveLogin(login({ userId, loginId: 10, secret, serviceId: null, createdAt: at, updatedAt: at, confirmed }));
      assert.equal(await claim('mallory', 's-m', false), true);
      assert.equal(await claim('alice', 's-a', false, 2), true);
      assert.deepEqual(await store.loginOwners(10), []);
      assert.deepEqual((await store.unconfirmedLogins(10)).map((l) => [l.userId, l.sealedSecret, l.confirmed]), [['alice', sealedOf('s-a'), false], ['mallory', sealedOf('s-m'), false]]);
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
      assert.deepEqual([(await store.getLogin('alice', 10))?.sealedSecret, (await store.getLogin('alice', 10))?.confirmed], [sealedOf('s-a2'), false]);
      assert.deepEqual([await store.loginOwners(10), (await store.unconfirmedLogins(10)).map((l) => l.userId)], [[], ['alice']]);
      assert.deepEqual((await store.listLogins('alice')).map((l) => [l.status, l.confirmed]), [[null, false]]);
      assert.equal(await claim('alice', 's-a2', true, 7), true);
      assert.deepEqual(await store.loginOwners(10), ['alice']);
      await store.close();
    });

    it('refuses a secret already stored under another login id, and drops only an unconfirmed claim with its secret', async () => {
      const store = await make();
      const claim = (userId: string, loginId: number, secret: string, confirmed: boolean) =>
        store.saveLogin(login({ userId, loginId, secret, serviceId: null, createdAt: 1, updatedAt: 1, confirmed }));
      assert.equal(await claim('mallory', 5000, 'one-secret', false), true);
      assert.equal(await claim('mallory', 5001, 'one-secret', false), false);
      assert.equal(await claim('bob', 5002, 'one-secret', true), false);
      // Nor by another user under the same login id (one secret cannot fill an id with claims).
      assert.equal(await claim('bob', 5000, 'one-secret', false), false);
      assert.equal(await claim('bob', 5000, 'one-secret', true), false);
      assert.equal(await store.getLogin('bob', 5000), undefined);
      assert.equal(await claim('mallory', 5000, 'one-secret', false), true);
      assert.equal(await store.dropUnconfirmedLogin('mallory', 5000, hashesOf('other-secret')), false);
      assert.equal(await store.dropUnconfirmedLogin('mallory', 5000, hashesOf('one-secret')), true);
      assert.equal(await store.getLogin('mallory', 5000), undefined);
      assert.equal(await claim('mallory', 5001, 'one-secret', false), true);
      assert.equal(await claim('alice', 7, 's-7', true), true);
      assert.equal(await store.dropUnconfirmedLogin('alice', 7, hashesOf('s-7')), false);
      assert.deepEqual(await store.loginOwners(7), ['alice']);
      await store.close();
    });

    it('applies a login status only when it is not older than the stored one', async () => {
      const store = await make();
      await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's', serviceId: null, createdAt: 1, updatedAt: 1 }));
      assert.equal(await store.setLoginStatus(10, 'login_account_locked', 100), true);
      assert.equal(await store.setLoginStatus(10, 'login_wrong_credentials', 50), false);
      assert.equal(await store.setLoginStatus(10, 'login_password_expired', 100), true);
      assert.equal((await store.listLogins('u1'))[0]?.status, 'login_password_expired');
      await store.close();
    });

    it('completes a pending state once, keeping the login it carries in the same step; a replay gets the first completion', async () => {
      const store = await make();
      const pending = { state: 'a'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      assert.equal(await store.savePendingState(pending, 0), true);
      assert.equal(await store.savePendingState({ ...pending, state: 'b'.repeat(22), expiresAt: 10 }, 0), true);
      assert.deepEqual(await store.getPendingState(pending.state), { ...pending, completion: null });
      const completion = { status: 'success', loginId: 10, secretDigest: 'd1', at: 500 };
      const carried = login({ userId: 'u1', loginId: 10, secret: 's-10', serviceId: 8, createdAt: 500, updatedAt: 500, confirmed: false });
      const input = { state: pending.state, completion, login: carried, keepUntil: 90_000 };
      assert.deepEqual(await store.completePendingState(input), { completion, replayed: false });
      assert.deepEqual(await store.getLogin('u1', 10), stored(carried));
      // A replay (same or other result) changes nothing and is told the first completion.
      const other = { status: 'success', loginId: 11, secretDigest: 'd2', at: 600 };
      const otherLogin = login({ userId: 'u1', loginId: 11, secret: 's-11', serviceId: 8, createdAt: 500, updatedAt: 500, confirmed: false });
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
      const store = await make();
      await store.saveLogin(login({ userId: 'u2', loginId: 10, secret: 's-taken', serviceId: 8, createdAt: 1, updatedAt: 1 }));
      const pending = { state: 'e'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      await store.savePendingState(pending, 0);
      const completion = { status: 'success', loginId: 10, secretDigest: 'd', at: 5 };
      const mine = login({ userId: 'u1', loginId: 10, secret: 's-mine', serviceId: 8, createdAt: 5, updatedAt: 5, confirmed: false });
      assert.deepEqual(await store.completePendingState({ state: pending.state, completion, login: mine, keepUntil: 100 }), { completion: { ...completion, status: 'error' }, replayed: false });
      assert.equal(await store.getLogin('u1', 10), undefined);
      await store.close();
    });

    it('binds an expired, completed state anew without its old completion', async () => {
      const store = await make();
      const pending = { state: 'r'.repeat(22), userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt: 1000 };
      await store.savePendingState(pending, 0);
      await store.completePendingState({ state: pending.state, completion: { status: 'cancel', loginId: null, secretDigest: null, at: 10 }, login: null, keepUntil: 2000 });
      assert.equal(await store.savePendingState({ ...pending, userId: 'u2', expiresAt: 9000 }, 3000), true);
      assert.deepEqual(await store.getPendingState(pending.state), { ...pending, userId: 'u2', expiresAt: 9000, completion: null });
      await store.close();
    });

    it('keeps the first binding of a pending state; only an expired one is taken over', async () => {
      const store = await make();
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
      const store = await make();
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
      await store.saveLogin(login({ userId: 'u1', loginId: 1, secret: 's-1', serviceId: 8, createdAt: 0, updatedAt: 0 }));
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
      const store = await make();
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
      const store = await make();
      const event = (seq: number) => ({ type: 'transactions' as const, loginId: 1, referenceId: null, status: null, timestamp: seq, receivedAt: seq, payload: { seq } });
      await store.recordWebhookEvent({ key: null, event: event(0), handOver: true });
      for (let seq = 1; seq <= 1005; seq += 1) await store.recordWebhookEvent({ key: null, event: event(seq), handOver: false });
      const due = await store.takeDueWebhookEvents(10_000, 10, 20_000);
      assert.deepEqual(due.map((e) => e.payload.seq), [0]);
      await store.close();
    });

    it('lists every login a page at a time, by user id then login id, after a cursor', async () => {
      const store = await make();
      const rows: [string, number][] = [['b', 2], ['a', 30], ['b', 1], ['a', 4], ['c', 7]];
      for (const [userId, loginId] of rows) {
        await store.saveLogin(login({ userId, loginId, secret: `s-${userId}-${loginId}`, serviceId: null, createdAt: 1, updatedAt: 1, confirmed: false }));
      }
      const seen: [string, number][] = [];
      let cursor: { userId: string; loginId: number } | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const page: StoredLogin[] = await store.loginsAfter(cursor, 2);
        seen.push(...page.map((row): [string, number] => [row.userId, row.loginId]));
        assert.ok(page.every((row) => row.sealedSecret === sealedOf(`s-${row.userId}-${row.loginId}`)));
        if (page.length < 2) break;
        cursor = { userId: page.at(-1)!.userId, loginId: page.at(-1)!.loginId };
      }
      assert.deepEqual(seen, [['a', 4], ['a', 30], ['b', 1], ['b', 2], ['c', 7]]);
      assert.deepEqual(await store.loginsAfter({ userId: 'c', loginId: 7 }, 10), []);
      await store.close();
    });

    it('reseals a login only while it still has the sealed secret that was read (compare and set)', async () => {
      const store = await make();
      const first = login({ userId: 'u1', loginId: 10, secret: 's-1', serviceId: 8, createdAt: 1, updatedAt: 1 });
      await store.saveLogin(first);
      assert.equal(await store.resealLogin('u1', 10, first.sealedSecret, sealedOf('s-1', 'k2'), hashOf('s-1', 'k2')), true);
      assert.deepEqual(await store.getLogin('u1', 10), { ...stored(first), sealedSecret: sealedOf('s-1', 'k2'), secretHash: hashOf('s-1', 'k2'), confirmed: true });
      // What was read before is no longer there: nothing changes.
      assert.equal(await store.resealLogin('u1', 10, first.sealedSecret, sealedOf('s-1', 'k3'), hashOf('s-1', 'k3')), false);
      // A reconnect stored a new secret meanwhile: the reseal of the old one does not overwrite it.
      await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-2', serviceId: 8, createdAt: 2, updatedAt: 2 }, ['k2', 'k1']));
      assert.equal(await store.resealLogin('u1', 10, sealedOf('s-1', 'k2'), sealedOf('s-1', 'k3'), hashOf('s-1', 'k3')), false);
      assert.equal((await store.getLogin('u1', 10))?.sealedSecret, sealedOf('s-2', 'k2'));
      assert.equal(await store.resealLogin('u9', 10, sealedOf('s-2', 'k2'), 'x', 'y'), false);
      await store.close();
    });

    it('drops an unconfirmed claim by any of its secret\'s hashes', async () => {
      const store = await make();
      await store.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-1', serviceId: null, createdAt: 1, updatedAt: 1, confirmed: false }, ['k1']));
      assert.equal(await store.dropUnconfirmedLogin('u1', 10, [hashOf('s-1', 'k2'), hashOf('s-2', 'k1')]), false);
      assert.equal(await store.dropUnconfirmedLogin('u1', 10, hashesOf('s-1', ['k2', 'k1'])), true);
      assert.equal(await store.getLogin('u1', 10), undefined);
      assert.equal(await store.dropUnconfirmedLogin('u1', 10, hashesOf('s-1', ['k2', 'k1'])), false);
      await store.close();
    });

    it('checks uniqueness on every hash: a row hashed under an older key still blocks the same secret, and stays confirmed', async () => {
      const store = await make();
      await store.saveLogin(login({ userId: 'alice', loginId: 10, secret: 'one-secret', serviceId: null, createdAt: 1, updatedAt: 1 }, ['k1']));
      // After a rotation: new writes are hashed under k2 first, k1 still listed.
      const rotated = (userId: string, loginId: number, confirmed: boolean) =>
        store.saveLogin(login({ userId, loginId, secret: 'one-secret', serviceId: null, createdAt: 2, updatedAt: 2, confirmed }, ['k2', 'k1']));
      assert.equal(await rotated('bob', 11, true), false);
      assert.equal(await rotated('bob', 10, false), false);
      assert.equal(await rotated('alice', 11, false), false);
      // The holder's own write of the same secret keeps it confirmed, now hashed under k2.
      assert.equal(await rotated('alice', 10, false), true);
      const held = await store.getLogin('alice', 10);
      assert.deepEqual([held?.confirmed, held?.secretHash, held?.sealedSecret], [true, hashOf('one-secret', 'k2'), sealedOf('one-secret', 'k2')]);
      assert.deepEqual(await store.loginOwners(10), ['alice']);
      await store.close();
    });

    it('counts requests per key in fixed windows aligned to multiples of the window', async (t) => {
      const store = await make();
      if (!store.countRequest) {
        t.skip('this store counts no requests (optional)');
        await store.close();
        return;
      }
      const count = async (key: string, now: number) => store.countRequest!(key, 1000, now);
      assert.deepEqual(await count('u:a', 10_500), { count: 1, resetAt: 11_000 });
      assert.deepEqual(await count('u:a', 10_999), { count: 2, resetAt: 11_000 });
      assert.deepEqual(await count('u:b', 10_000), { count: 1, resetAt: 11_000 });
      assert.deepEqual(await count('u:a', 11_000), { count: 1, resetAt: 12_000 });
      assert.deepEqual(await count('u:a', 11_001), { count: 2, resetAt: 12_000 });
      // Many windows later, on and on: only the current window counts.
      for (let i = 0; i < 150; i += 1) await count(`u:other-${i}`, 20_000 + i);
      assert.deepEqual(await count('u:a', 20_100), { count: 1, resetAt: 21_000 });
      assert.deepEqual(await count('u:b', 20_200), { count: 1, resetAt: 21_000 });
      await store.close();
    });
  });
}
