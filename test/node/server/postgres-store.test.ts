// The PostgreSQL store against a real server (postgres-server.ts: FINSIFY_TEST_POSTGRES_URL, else a
// throwaway one for this file): its migrations, what it shares with other instances, and its rules.
// The store conformance suite runs it too; these are what only a database shared by several
// instances can show.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createPostgresStore, type ProxyStore } from '../../../src/server.js';
import { POSTGRES_SCHEMA_VERSION } from '../../../src/server/store/postgres.js';
import type { LoginToSave } from '../../../src/server/store/types.js';
import { createTestDatabase, createTestStoreFactory, dropAllTestDatabases, type TestDatabase } from './postgres-server.js';
import { describeStoreConformance } from './store-conformance.js';

after(dropAllTestDatabases);

// The same suite the memory and SQLite stores pass (store.test.ts), each case on a fresh store.
let factory: Awaited<ReturnType<typeof createTestStoreFactory>>;
before(async () => {
  factory = await createTestStoreFactory();
});
after(() => factory.drop());
describeStoreConformance('postgres', () => factory.make());

const hash = (secret: string, key = 'k1') => createHash('sha256').update(`${key}:${secret}`).digest('hex');

/** A login as the proxy gives it to a store: sealed (a stand-in), with its hash under each key. */
function login(userId: string, loginId: number, secret: string, options: { confirmed?: boolean; at?: number; keys?: string[] } = {}): LoginToSave {
  const keys = options.keys ?? ['k1'];
  const at = options.at ?? 1;
  return {
    userId,
    loginId,
    sealedSecret: `sealed(${keys[0]}):${secret}:${Math.random().toString(36).slice(2)}`,
    secretHash: hash(secret, keys[0]),
    secretHashes: keys.map((key) => hash(secret, key)),
    serviceId: 8,
    createdAt: at,
    updatedAt: at,
    confirmed: options.confirmed,
  };
}

/** A fresh database and `count` stores (each with its own pool: separate instances) on it; closed and dropped after the test. */
async function instances(count: number, t: { after(fn: () => Promise<void>): void }): Promise<{ db: TestDatabase; stores: ProxyStore[] }> {
  const db = await createTestDatabase();
  const stores = Array.from({ length: count }, () => createPostgresStore({ connectionString: db.url, max: 4 }));
  t.after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await db.drop();
  });
  await Promise.all(stores.map((store) => store.ready!()));
  return { db, stores };
}

async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL store: migrations', () => {
  it('creates the schema on an empty database, records its version, and a second run changes nothing', async (t) => {
    const db = await createTestDatabase();
    t.after(() => db.drop());
    const store = createPostgresStore({ connectionString: db.url });
    await store.ready!();
    await store.saveCustomer({ userId: 'u1', customerId: 'c1', identifier: 'u1', createdAt: 1_733_400_000_123 });
    await store.close();
    const tables = await sql<{ table_name: string }>(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    assert.deepEqual(
      tables.map((row) => row.table_name),
      ['finsify_customers', 'finsify_login_status', 'finsify_logins', 'finsify_pending_states', 'finsify_request_counts', 'finsify_schema_migrations', 'finsify_webhook_events', 'finsify_webhook_seen'],
    );
    const versions = await sql<{ version: number }>(db.url, 'SELECT version FROM finsify_schema_migrations ORDER BY version');
    assert.deepEqual(versions.map((row) => row.version), Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));

    const again = createPostgresStore({ connectionString: db.url });
    await again.ready!();
    await again.ready!();
    assert.equal((await again.getCustomer('u1'))?.customerId, 'c1');
    await again.close();
    assert.equal((await sql(db.url, 'SELECT version FROM finsify_schema_migrations')).length, POSTGRES_SCHEMA_VERSION);
  });

  it('three instances starting at the same instant: one migrates, the others wait for it, and all work', async (t) => {
    for (let round = 0; round < 3; round += 1) {
      const { db, stores } = await instances(3, t);
      const rows = await sql<{ version: number }>(db.url, 'SELECT version FROM finsify_schema_migrations');
      assert.equal(rows.length, POSTGRES_SCHEMA_VERSION);
      const kept = await Promise.all(stores.map((store, i) => store.saveCustomer({ userId: 'u', customerId: `c${i}`, identifier: 'u', createdAt: i })));
      assert.equal(new Set(kept.map((customer) => customer.customerId)).size, 1);
    }
  });

  it('refuses a database whose schema is newer than it knows, saying to upgrade', async (t) => {
    const { db } = await instances(1, t);
    await sql(db.url, 'INSERT INTO finsify_schema_migrations (version, applied_at) VALUES ($1, $2)', [POSTGRES_SCHEMA_VERSION + 1, Date.now()]);
    const store = createPostgresStore({ connectionString: db.url });
    t.after(() => store.close());
    const refusal = new RegExp(`schema version ${POSTGRES_SCHEMA_VERSION + 1} .*is newer than this finsify-connect \\(knows up to ${POSTGRES_SCHEMA_VERSION}\\): upgrade`);
    await assert.rejects(store.ready!(), refusal);
    // Every method says so too, and nothing was changed.
    await assert.rejects(Promise.resolve(store.getCustomer('u1')), refusal);
    const rows = await sql<{ version: number }>(db.url, 'SELECT version FROM finsify_schema_migrations ORDER BY version');
    assert.equal(rows.length, POSTGRES_SCHEMA_VERSION + 1);
  });

  it('keeps its tables in the schema it is given, apart from another schema on the same database', async (t) => {
    const db = await createTestDatabase();
    const a = createPostgresStore({ connectionString: db.url, schema: 'tenant_a' });
    const b = createPostgresStore({ connectionString: db.url });
    t.after(async () => {
      await Promise.all([a.close(), b.close()]);
      await db.drop();
    });
    await Promise.all([a.ready!(), b.ready!()]);
    await a.saveCustomer({ userId: 'u1', customerId: 'in-a', identifier: 'u1', createdAt: 1 });
    assert.equal(await b.getCustomer('u1'), undefined);
    const found = await sql<{ table_schema: string }>(db.url, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'finsify_customers' ORDER BY 1");
    assert.deepEqual(found.map((row) => row.table_schema), ['public', 'tenant_a']);
    assert.throws(() => createPostgresStore({ connectionString: db.url, schema: 'x"; DROP TABLE y; --' }), /schema must be letters, digits and _/);
  });
});

describe('PostgreSQL store: guarantees across instances', () => {
  it('two instances completing one state at the same instant: one completion, the other a replay of it', async (t) => {
    const { stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    for (let round = 0; round < 30; round += 1) {
      const state = `state-${round}`;
      assert.equal(await a.savePendingState({ state, userId: 'u1', flow: 'new', serviceId: 8, loginId: null, expiresAt: 10_000 }, 1), true);
      const results = await Promise.all(
        [a, b].map((store, i) =>
          store.completePendingState({
            state,
            completion: { status: 'success', loginId: 1000 + round, secretDigest: hash(`s-${round}-${i}`), at: 5 },
            login: login('u1', 1000 + round, `s-${round}-${i}`, { confirmed: false, at: 5 }),
            keepUntil: 20_000,
          }),
        ),
      );
      assert.equal(results.filter((result) => result?.replayed === false).length, 1, `round ${round}`);
      assert.equal(results.filter((result) => result?.replayed === true).length, 1, `round ${round}`);
      assert.deepEqual(results[0]!.completion, results[1]!.completion);
      // Only the winner's login is kept.
      const kept = await a.getLogin('u1', 1000 + round);
      assert.equal(kept?.secretHash, results[0]!.completion.secretDigest);
    }
  });

  it('two instances claiming one login id for two users, confirmed, at the same instant: exactly one is kept', async (t) => {
    const { stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    let wins = { u1: 0, u2: 0 };
    for (let round = 0; round < 40; round += 1) {
      const loginId = 2000 + round;
      const answers = await Promise.all([a.saveLogin(login('u1', loginId, `s1-${round}`)), b.saveLogin(login('u2', loginId, `s2-${round}`))]);
      assert.equal(answers.filter((answer) => answer === true).length, 1, `round ${round}: ${String(answers)}`);
      const owners = await a.loginOwners(loginId);
      assert.equal(owners.length, 1);
      wins = { ...wins, [owners[0]!]: wins[owners[0] as 'u1' | 'u2'] + 1 };
      const loser = owners[0] === 'u1' ? 'u2' : 'u1';
      assert.equal(await b.getLogin(loser, loginId), undefined);
    }
    assert.equal(wins.u1 + wins.u2, 40);
  });

  it('one secret under two login ids (or for two users) at the same instant: exactly one is kept', async (t) => {
    const { db, stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    for (let round = 0; round < 40; round += 1) {
      const secret = `shared-${round}`;
      const otherUser = round % 2 === 0 ? 'u1' : 'u2';
      const answers = await Promise.all([
        a.saveLogin(login('u1', 3000 + round * 2, secret, { confirmed: false })),
        b.saveLogin(login(otherUser, 3001 + round * 2, secret, { confirmed: false })),
      ]);
      assert.equal(answers.filter((answer) => answer === true).length, 1, `round ${round}: ${String(answers)}`);
      const rows = await sql(db.url, 'SELECT 1 FROM finsify_logins WHERE secret_hash = $1', [hash(secret)]);
      assert.equal(rows.length, 1);
    }
  });

  it('one secret at the same instant from instances in the middle of a key rotation (hashed under different newest keys): exactly one is kept', async (t) => {
    // Step 2 of a rotation (README, Deploying): every instance knows both keys; one still seals under k1,
    // the other already under k2. The two rows would carry different hashes, which no unique index can
    // catch; the locks on every hash of the secret must. (An instance that knows only k1 could not match
    // a k2 hash at all: that is why step 1 adds the new key everywhere first.)
    const { db, stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    for (let round = 0; round < 40; round += 1) {
      const secret = `rotating-${round}`;
      const answers = await Promise.all([
        a.saveLogin(login('u1', 5000 + round * 2, secret, { confirmed: false, keys: ['k1', 'k2'] })),
        b.saveLogin(login('u2', 5001 + round * 2, secret, { confirmed: false, keys: ['k2', 'k1'] })),
      ]);
      assert.equal(answers.filter((answer) => answer === true).length, 1, `round ${round}: ${String(answers)}`);
      const rows = await sql(db.url, 'SELECT 1 FROM finsify_logins WHERE secret_hash = ANY($1)', [[hash(secret, 'k1'), hash(secret, 'k2')]]);
      assert.equal(rows.length, 1);
    }
  });

  it('takes each of a burst of 200 webhook events for exactly one of two instances', async (t) => {
    const { stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    // Recorded through both instances at once, as a load balancer spreads Finsify's deliveries.
    const recorded = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? a : b).recordWebhookEvent({
          key: `delivery-${i}`,
          event: { type: 'transactions', loginId: 40 + (i % 5), referenceId: null, status: null, timestamp: i, receivedAt: 1000 + i, payload: { i } },
          handOver: true,
        }),
      ),
    );
    assert.ok(recorded.every((outcome) => !outcome.duplicate && outcome.pending));
    const taken = new Map<number, string>();
    const take = async (store: ProxyStore, name: string) => {
      for (;;) {
        const events = await store.takeDueWebhookEvents(5000, 7, 60_000);
        if (events.length === 0) return;
        for (const event of events) {
          assert.equal(taken.has(event.seq), false, `event ${event.seq} taken twice`);
          assert.equal(event.attempts, 1);
          taken.set(event.seq, name);
        }
      }
    };
    await Promise.all([take(a, 'a'), take(b, 'b'), take(a, 'a2'), take(b, 'b2')]);
    assert.equal(taken.size, 200);
    const seqs = recorded.map((outcome) => (outcome.duplicate ? -1 : outcome.seq));
    assert.deepEqual([...taken.keys()].sort((x, y) => x - y), [...seqs].sort((x, y) => x - y));
    // Leased: not due again before the lease ends; then every one is due once more.
    assert.deepEqual(await a.takeDueWebhookEvents(59_999, 500, 70_000), []);
    assert.equal((await b.takeDueWebhookEvents(60_000, 500, 70_000)).length, 200);
  });

  it('a delivery recorded through two instances at the same instant is recorded once', async (t) => {
    const { stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    for (let round = 0; round < 20; round += 1) {
      const record = {
        key: `same-${round}`,
        event: { type: 'login_status' as const, loginId: 50, referenceId: null, status: 'active', timestamp: round, receivedAt: 1000 + round, payload: { round } },
        handOver: true,
      };
      const outcomes = await Promise.all([a.recordWebhookEvent(record), b.recordWebhookEvent(record)]);
      assert.equal(outcomes.filter((outcome) => outcome.duplicate).length, 1, `round ${round}`);
    }
    assert.equal((await a.listWebhookEvents([50], 100)).length, 20);
  });

  it('counts requests from two instances exactly: 1 to N, none twice, per window', async (t) => {
    const { stores } = await instances(2, t);
    const [a, b] = stores as [ProxyStore, ProxyStore];
    const windowMs = 60_000;
    const now = 1_733_400_012_345;
    const counts = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).countRequest!('user:u1', windowMs, now + i)));
    assert.deepEqual(
      counts.map((count) => count.count).sort((x, y) => x - y),
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
    const windowEnd = Math.floor(now / windowMs) * windowMs + windowMs;
    assert.ok(counts.every((count) => count.resetAt === windowEnd && typeof count.resetAt === 'number'));
    // The next window starts again at 1; another key and another window length count apart.
    assert.deepEqual(await a.countRequest!('user:u1', windowMs, windowEnd), { count: 1, resetAt: windowEnd + windowMs });
    assert.equal((await b.countRequest!('user:u2', windowMs, now)).count, 1);
    assert.equal((await b.countRequest!('user:u1', 1000, now)).count, 1);
    // Ended windows are forgotten along the way (every 100 calls of an instance).
    for (let i = 0; i < 100; i += 1) await a.countRequest!(`addr:${i}`, windowMs, windowEnd + 5 * windowMs);
    assert.deepEqual(await b.countRequest!('user:u1', windowMs, now), { count: 1, resetAt: windowEnd });
  });

  it('keeps the first customer of a user when two instances save one at the same instant', async (t) => {
    const { stores } = await instances(3, t);
    for (let round = 0; round < 20; round += 1) {
      const kept = await Promise.all(stores.map((store, i) => store.saveCustomer({ userId: `u${round}`, customerId: `c${round}-${i}`, identifier: `u${round}`, createdAt: i })));
      assert.equal(new Set(kept.map((customer) => customer.customerId)).size, 1, `round ${round}`);
    }
  });
});

describe('PostgreSQL store: its rules', () => {
  it('returns int8 columns as numbers, and leaves the global pg type parsers alone', async (t) => {
    const { stores } = await instances(1, t);
    const store = stores[0]!;
    const at = 1_733_400_000_123;
    await store.saveLogin(login('u1', 9_007_199_254, 'secret', { at }));
    const found = await store.getLogin('u1', 9_007_199_254);
    assert.deepEqual(
      [found?.loginId, found?.createdAt, found?.updatedAt, found?.serviceId],
      [9_007_199_254, at, at, 8],
    );
    const outcome = await store.recordWebhookEvent({
      key: null,
      event: { type: 'transactions', loginId: 7, referenceId: 'r', status: null, timestamp: at, receivedAt: at, payload: { a: 1 } },
      handOver: 'if-applied',
    });
    assert.equal(outcome.duplicate ? 'duplicate' : typeof outcome.seq, 'number');
    const [event] = await store.listWebhookEvents([7], 10);
    assert.equal(typeof event?.seq, 'number');
    assert.equal(event?.timestamp, at);
    assert.equal(pg.types.getTypeParser(20)('12'), '12');
  });

  it('saveLogin: refusals, confirmation, secrets under an older key, and removal of others\' unconfirmed claims', async (t) => {
    const { stores } = await instances(1, t);
    const store = stores[0]!;
    // Unconfirmed claims of one id coexist.
    assert.equal(await store.saveLogin(login('u1', 10, 's1', { confirmed: false })), true);
    assert.equal(await store.saveLogin(login('u2', 10, 's2', { confirmed: false, at: 2 })), true);
    assert.deepEqual((await store.unconfirmedLogins(10)).map((row) => row.userId), ['u2', 'u1']);
    assert.deepEqual(await store.loginOwners(10), []);
    // A confirmed write removes the others' unconfirmed claims and blocks new ones.
    assert.equal(await store.saveLogin(login('u1', 10, 's1', { at: 3 })), true);
    assert.deepEqual(await store.loginOwners(10), ['u1']);
    assert.deepEqual(await store.unconfirmedLogins(10), []);
    assert.equal(await store.saveLogin(login('u2', 10, 's2', { confirmed: false })), false);
    // One secret opens one login of one user.
    assert.equal(await store.saveLogin(login('u1', 11, 's1')), false);
    assert.equal(await store.saveLogin(login('u3', 12, 's1')), false);
    // Stays confirmed while its secret is unchanged, even written under a newer key (its old hash is among the hashes)...
    assert.equal(await store.saveLogin(login('u1', 10, 's1', { confirmed: false, keys: ['k2', 'k1'], at: 4 })), true);
    const rekeyed = await store.getLogin('u1', 10);
    assert.equal(rekeyed?.confirmed, true);
    assert.equal(rekeyed?.secretHash, hash('s1', 'k2'));
    assert.equal(rekeyed?.createdAt, 1);
    assert.equal(rekeyed?.updatedAt, 4);
    // ...and another user's secret under the older key is still recognised.
    assert.equal(await store.saveLogin(login('u4', 13, 's1', { keys: ['k2', 'k1'] })), false);
    // A new secret takes its own verdict.
    assert.equal(await store.saveLogin(login('u1', 10, 's1-new', { confirmed: false, at: 5 })), true);
    assert.equal((await store.getLogin('u1', 10))?.confirmed, false);
    assert.deepEqual(await store.loginOwners(10), []);
    // dropUnconfirmedLogin: only an unconfirmed claim with one of those hashes.
    assert.equal(await store.dropUnconfirmedLogin('u1', 10, [hash('other')]), false);
    assert.equal(await store.dropUnconfirmedLogin('u1', 10, [hash('s1-new', 'k9'), hash('s1-new')]), true);
    assert.equal(await store.getLogin('u1', 10), undefined);
  });

  it('lists logins with the status of confirmed ones only, pages through every login, and reseals compare-and-set', async (t) => {
    const { stores } = await instances(1, t);
    const store = stores[0]!;
    await store.saveLogin(login('u1', 20, 'a', { at: 1 }));
    await store.saveLogin(login('u1', 21, 'b', { at: 2, confirmed: false }));
    await store.saveLogin(login('u0', 5, 'c', { at: 3 }));
    await store.saveLogin(login('u2', 1, 'd', { at: 4 }));
    assert.equal(await store.setLoginStatus(20, 'active', 10), true);
    assert.equal(await store.setLoginStatus(21, 'active', 10), true);
    assert.equal(await store.setLoginStatus(20, 'inactive', 9), false);
    assert.deepEqual(await store.listLogins('u1'), [
      { loginId: 21, serviceId: 8, status: null, statusAt: null, createdAt: 2, updatedAt: 2, confirmed: false },
      { loginId: 20, serviceId: 8, status: 'active', statusAt: 10, createdAt: 1, updatedAt: 1, confirmed: true },
    ]);
    // A cleared status is reported as none, and an older one is still not applied after it.
    assert.equal(await store.setLoginStatus(20, null, 11), true);
    assert.equal(await store.setLoginStatus(20, 'active', 10), false);
    assert.equal((await store.listLogins('u1'))[1]?.status, null);

    const pages: string[][] = [];
    let cursor: { userId: string; loginId: number } | null = null;
    for (;;) {
      const page = await store.loginsAfter(cursor, 3);
      if (page.length === 0) break;
      pages.push(page.map((row) => `${row.userId}/${row.loginId}`));
      const last = page[page.length - 1]!;
      cursor = { userId: last.userId, loginId: last.loginId };
    }
    assert.deepEqual(pages, [['u0/5', 'u1/20', 'u1/21'], ['u2/1']]);

    const before = (await store.getLogin('u1', 20))!;
    assert.equal(await store.resealLogin('u1', 20, 'not-what-it-has', 'sealed-new', hash('a', 'k2')), false);
    assert.equal(await store.resealLogin('u1', 20, before.sealedSecret, 'sealed-new', hash('a', 'k2')), true);
    assert.deepEqual(await store.getLogin('u1', 20), { ...before, sealedSecret: 'sealed-new', secretHash: hash('a', 'k2') });
    assert.equal(await store.resealLogin('u1', 20, before.sealedSecret, 'sealed-newer', hash('a', 'k3')), false);
  });

  it('pending states: first binding kept, completion with the login or with error, replays, expiry', async (t) => {
    const { stores } = await instances(1, t);
    const store = stores[0]!;
    const state = (name: string, expiresAt = 100) => ({ state: name, userId: 'u1', flow: 'new' as const, serviceId: 8, loginId: null, expiresAt });
    assert.equal(await store.savePendingState(state('s1'), 1), true);
    assert.equal(await store.savePendingState({ ...state('s1'), userId: 'u2' }, 2), false);
    assert.equal((await store.getPendingState('s1'))?.userId, 'u1');
    assert.equal((await store.getPendingState('s1'))?.completion, null);
    const completion = { status: 'success', loginId: 30, secretDigest: hash('x'), at: 10 };
    const first = await store.completePendingState({ state: 's1', completion, login: login('u1', 30, 'x', { confirmed: false, at: 10 }), keepUntil: 500 });
    assert.deepEqual(first, { completion, replayed: false });
    assert.equal((await store.getLogin('u1', 30))?.confirmed, false);
    const replay = await store.completePendingState({ state: 's1', completion: { ...completion, at: 11 }, login: null, keepUntil: 600 });
    assert.deepEqual(replay, { completion, replayed: true });
    assert.equal((await store.getPendingState('s1'))?.expiresAt, 500);
    // A login the store refuses: the completion is kept with status error, and nothing of the login.
    await store.saveLogin(login('u9', 31, 'owned'));
    await store.savePendingState(state('s2'), 1);
    const refused = await store.completePendingState({
      state: 's2',
      completion: { status: 'success', loginId: 31, secretDigest: hash('y'), at: 10 },
      login: login('u1', 31, 'y', { confirmed: false }),
      keepUntil: 500,
    });
    assert.equal(refused?.completion.status, 'error');
    assert.equal(await store.getLogin('u1', 31), undefined);
    // Expired before its completion: none, and pruned.
    await store.savePendingState(state('s3', 20), 1);
    assert.equal(await store.completePendingState({ state: 's3', completion: { ...completion, at: 20 }, login: null, keepUntil: 500 }), undefined);
    assert.equal(await store.getPendingState('s3'), undefined);
    assert.equal(await store.completePendingState({ state: 'nope', completion, login: null, keepUntil: 500 }), undefined);
    // An expired, completed state is bound anew without its old completion.
    assert.equal(await store.savePendingState({ ...state('s1', 900), userId: 'u3' }, 500), true);
    assert.deepEqual({ ...(await store.getPendingState('s1')) }, { ...state('s1', 900), userId: 'u3', completion: null });
  });

  it('webhook events: duplicates by key, the status rule, hand-over, settling, and the bound on kept events', async (t) => {
    const { stores } = await instances(1, t);
    const store = stores[0]!;
    const event = (key: string | null, status: string | null, timestamp: number, handOver: boolean | 'if-applied' = 'if-applied') => ({
      key,
      event: { type: 'login_status' as const, loginId: 60, referenceId: null, status, timestamp, receivedAt: 1000, payload: { key, nested: { b: 2, a: 1 } } },
      handOver,
    });
    const first = await store.recordWebhookEvent(event('k1', 'active', 10));
    assert.deepEqual(first, { duplicate: false, seq: (first as { seq: number }).seq, applied: true, pending: true });
    assert.deepEqual(await store.recordWebhookEvent(event('k1', 'active', 10)), { duplicate: true });
    const stale = await store.recordWebhookEvent(event('k2', 'inactive', 5));
    assert.equal(!stale.duplicate && !stale.applied && !stale.pending, true);
    const [newest] = await store.listWebhookEvents([60], 1);
    assert.deepEqual(newest?.payload, { key: 'k2', nested: { b: 2, a: 1 } });
    assert.equal(newest?.applied, false);
    const due = await store.takeDueWebhookEvents(2000, 10, 3000);
    assert.deepEqual(due.map((taken) => [taken.seq, taken.attempts]), [[(first as { seq: number }).seq, 1]]);
    await store.settleWebhookEvent(due[0]!.seq, 2500);
    assert.equal((await store.takeDueWebhookEvents(2400, 10, 3000)).length, 0);
    assert.equal((await store.takeDueWebhookEvents(2500, 10, 3000))[0]?.attempts, 2);
    await store.settleWebhookEvent(due[0]!.seq, null);
    assert.deepEqual(await store.takeDueWebhookEvents(10_000, 10, 20_000), []);
    // Beyond the bound the oldest settled events go; a pending one stays whatever its age.
    const keptPending = await store.recordWebhookEvent(event(null, null, 1, true));
    for (let i = 0; i < 1005; i += 1) await store.recordWebhookEvent(event(null, null, 1, false));
    const all = await store.listWebhookEvents([60], 5000);
    assert.equal(all.length, 1001);
    assert.ok(all.some((kept) => !keptPending.duplicate && kept.seq === keptPending.seq && kept.pending));
  });
});

describe('PostgreSQL store: pools', () => {
  it('leaves a pool the partner gave open at close()', async (t) => {
    const db = await createTestDatabase();
    t.after(() => db.drop());
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => {});
    const store = createPostgresStore({ pool });
    await store.saveCustomer({ userId: 'u1', customerId: 'c1', identifier: 'u1', createdAt: 1 });
    await store.close();
    const { rows } = await pool.query<{ customer_id: string }>('SELECT customer_id FROM finsify_customers');
    assert.deepEqual(rows, [{ customer_id: 'c1' }]);
    await assert.rejects(Promise.resolve(store.getCustomer('u1')), /closed/);
    await pool.end();
  });

  it('reports a lost idle connection through its logger, and goes on with a new one', async (t) => {
    const db = await createTestDatabase();
    const errors: string[] = [];
    const store = createPostgresStore({ connectionString: db.url, logger: { error: (message) => errors.push(message) } });
    t.after(async () => {
      await store.close();
      await db.drop();
    });
    await store.ready!();
    await store.getCustomer('u1');
    // Ends the store's connections from the server's side, as a restart or a network cut would.
    await sql(db.url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'finsify-connect'");
    for (let i = 0; i < 50 && errors.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(errors.some((message) => /idle client/.test(message)), String(errors));
    assert.equal(await store.getCustomer('u1'), undefined);
  });

  it('fails clearly when the server cannot be reached', async () => {
    const store = createPostgresStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
    await assert.rejects(store.ready!(), /^Error: finsify-connect\/server: the PostgreSQL store cannot open its database: .*ECONNREFUSED/);
    await store.close();
  });
});

describe('PostgreSQL store: the test helper', () => {
  it('createTestStoreFactory makes empty stores apart from each other, and drops them all', async () => {
    const factory = await createTestStoreFactory();
    const first = factory.make();
    const second = factory.make();
    await first.saveCustomer({ userId: 'u1', customerId: 'c1', identifier: 'u1', createdAt: 1 });
    assert.equal(await second.getCustomer('u1'), undefined);
    assert.equal((await second.saveCustomer({ userId: 'u1', customerId: 'c2', identifier: 'u1', createdAt: 2 })).customerId, 'c2');
    await first.close();
    await factory.drop();
  });
});
