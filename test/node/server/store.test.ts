import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMemoryStore, createSqliteStore } from '../../../src/server.js';
import { SQLITE_MIGRATIONS } from '../../../src/server/store/sqlite.js';
import { call, read, secretFor, testProxy, TEST_SECRET_KEYS } from './helpers.js';
import { describeStoreConformance, hashesOf, login, sealedOf } from './store-conformance.js';

/** A file as a version before sealed secrets wrote it: a `logins` table with the secrets in plain text. */
async function writePlaintextLogins(file: string, logins: [userId: string, loginId: number, secret: string][]): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  old.exec(`CREATE TABLE logins (user_id TEXT NOT NULL, login_id INTEGER NOT NULL, secret TEXT NOT NULL, service_id INTEGER,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, login_id));`);
  const insert = old.prepare('INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?, ?)');
  old.transaction(() => logins.forEach(([userId, loginId, secret]) => insert.run(userId, loginId, secret, 8, 1, 1, 1)))();
  old.close();
}

const scratch = mkdtempSync(join(tmpdir(), 'finsify-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describeStoreConformance('memory', () => createMemoryStore());
describeStoreConformance('sqlite', () => createSqliteStore({ file: join(scratch, `conformance-${Math.random().toString(36).slice(2)}.sqlite`) }));

describe('sqlite store on disk', () => {
  it('keeps customers, logins and statuses across a reopen of the same file', async () => {
    const file = join(scratch, 'nested', 'dir', 'proxy.sqlite');
    const first = createSqliteStore({ file });
    await first.saveCustomer({ userId: 'u1', customerId: 'c1', identifier: 'u1', createdAt: 1 });
    await first.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's', serviceId: 8, createdAt: 1, updatedAt: 1 }));
    await first.setLoginStatus(10, 'login_account_locked', 5);
    await first.close();
    const second = createSqliteStore({ file });
    assert.equal((await second.getCustomer('u1'))?.customerId, 'c1');
    assert.equal((await second.getLogin('u1', 10))?.sealedSecret, sealedOf('s'));
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
      await a.saveLogin(login({ userId: 'u1', loginId: 10, secret: 's-1', serviceId: null, createdAt: 1, updatedAt: 1 })),
      await b.saveLogin(login({ userId: 'u2', loginId: 10, secret: 's-2', serviceId: null, createdAt: 1, updatedAt: 1 })),
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
    // Its plaintext secrets are carried over marked, with no hash, until the proxy seals them.
    assert.deepEqual(await a.getLogin('u1', 10), { userId: 'u1', loginId: 10, sealedSecret: `plain.${secretFor(10)}`, secretHash: '', serviceId: 8, createdAt: 1, updatedAt: 1, confirmed: false });
    assert.deepEqual([await b.loginOwners(10), await b.loginOwners(5)], [[], []]);
    assert.deepEqual((await b.unconfirmedLogins(5)).map((l) => l.userId), ['mallory']);
    // The squat blocks nobody: alice's confirmed claim takes 5 and removes it; listing u1's accounts confirms 10.
    const { proxy } = testProxy({ store: a, secretKeys: TEST_SECRET_KEYS });
    await proxy.ready();
    assert.match((await b.getLogin('u1', 10))?.sealedSecret ?? '', /^v1\.k1\./);
    assert.equal((await b.unsealedLogins?.(10))?.length, 0);
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
    db.prepare('INSERT INTO logins (user_id, login_id, sealed_secret, secret_hash, service_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('eve', 6, sealedOf('eve'), hashesOf('eve')[0], 8, 1, 1);
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

  it('counts a user\'s requests across two proxies on one file: the limit is not multiplied', async () => {
    const file = join(scratch, 'shared-limit.sqlite');
    const rateLimit = { windowMs: 60_000, maxPerUser: 3, maxPerAddress: 100 };
    const now = () => 120_500;
    const [a, b] = [testProxy({ store: createSqliteStore({ file }), rateLimit, now }), testProxy({ store: createSqliteStore({ file }), rateLimit, now })];
    const statuses: number[] = [];
    for (const { proxy } of [a, b, a, b]) statuses.push((await proxy(call('/accounts?login_id=1', { user: 'greedy' }))).status);
    assert.deepEqual(statuses, [404, 404, 404, 429]);
    const limited = await b.proxy(call('/accounts?login_id=1', { user: 'greedy' }));
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.equal((await a.proxy(call('/accounts?login_id=1', { user: 'someone-else' }))).status, 404);
    await Promise.all([a.proxy.close(), b.proxy.close()]);
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

describe('sqlite store migrations', () => {
  it('records its numbered steps, and refuses a file a newer version migrated further', async () => {
    const file = join(scratch, 'versions.sqlite');
    const store = createSqliteStore({ file });
    await store.ready?.();
    await store.close();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    assert.deepEqual(versions.map((row) => row.version), SQLITE_MIGRATIONS.map((step) => step.version));
    const newer = SQLITE_MIGRATIONS.at(-1)!.version + 1;
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(newer, 'from the future', 1);
    db.close();
    const refused = createSqliteStore({ file });
    await assert.rejects(refused.ready!(), new RegExp(`schema version ${newer}, newer than this version of finsify-connect knows`));
    await refused.close();
  });

  it('migrates a new file once when several stores open it at the same moment', async () => {
    const file = join(scratch, 'racing.sqlite');
    const stores = [0, 1, 2].map(() => createSqliteStore({ file }));
    await Promise.all(stores.map((store) => store.ready?.()));
    await stores[0]!.saveLogin(login({ userId: 'u1', loginId: 1, secret: 's', serviceId: null, createdAt: 1, updatedAt: 1 }));
    assert.equal((await stores[2]!.getLogin('u1', 1))?.sealedSecret, sealedOf('s'));
    await Promise.all(stores.map((store) => store.close()));
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    db.close();
    assert.deepEqual(rows.map((row) => row.version), SQLITE_MIGRATIONS.map((step) => step.version));
  });

  it('migrates in two processes opening one unversioned file at once', async () => {
    const file = join(scratch, 'two-process-migration.sqlite');
    const { default: Database } = await import('better-sqlite3');
    const old = new Database(file);
    old.exec(`CREATE TABLE logins (user_id TEXT NOT NULL, login_id INTEGER NOT NULL, secret TEXT NOT NULL, service_id INTEGER,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (user_id, login_id));`);
    old.prepare('INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?)').run('u1', 10, secretFor(10), 8, 1, 1);
    old.close();
    const script = `
      import { createSqliteStore } from './src/server.ts';
      const store = createSqliteStore({ file: ${JSON.stringify(file)} });
      await store.ready();
      console.log(JSON.stringify(await store.getLogin('u1', 10)));
      await store.close();`;
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd() });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const results = await Promise.all([run(), run()]);
    for (const result of results) {
      assert.equal(result.code, 0, result.err);
      assert.equal(JSON.parse(result.out).sealedSecret, `plain.${secretFor(10)}`);
    }
  });

  it('leaves no login secret readable in the file or its WAL: flows through the proxy, and plaintext carried over from an old file', async () => {
    const file = join(scratch, 'raw-bytes.sqlite');
    const legacy = 'legacy-plaintext-secret-0042';
    await writePlaintextLogins(file, [['old-user', 42, legacy]]);
    const store = createSqliteStore({ file });
    const { proxy } = testProxy({ store, secretKeys: TEST_SECRET_KEYS, secretMode: 'server', publicUrl: 'http://proxy.test' });
    await proxy.ready();
    const secrets = [legacy];
    // Browser mode's POST /logins, and server mode's callback.
    for (const loginId of [101, 102, 103]) {
      assert.equal((await proxy(call('/logins', { user: `user-${loginId}`, body: { login_id: loginId, secret: secretFor(loginId) } }))).status, 201);
      secrets.push(secretFor(loginId));
    }
    const state = 'rawbytes_state_0123456789';
    assert.equal((await proxy(call('/token', { user: 'cb-user', body: { service_id: 8, state } }))).status, 200);
    const result = encodeURIComponent(JSON.stringify({ status: 'success', login_id: 104, secret: secretFor(104) }));
    const callback = await proxy(call(`/callback/${state}/${result}`, { user: 'cb-user' }));
    assert.equal(callback.status, 303);
    assert.match(callback.headers.get('location') ?? '', /status=success/);
    secrets.push(secretFor(104));
    assert.equal((await proxy(call('/accounts?login_id=104', { user: 'cb-user' }))).status, 200);
    const bytes = () => [file, `${file}-wal`].map((path) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0)));
    const [main, wal] = bytes();
    assert.ok(main!.length + wal!.length > 0);
    for (const secret of secrets) {
      for (const [name, content] of [['file', main], ['wal', wal]] as const) {
        assert.equal(content!.includes(secret), false, `${secret} found in the ${name}`);
        // Not even a part of it (a UUID-like secret's tail).
        assert.equal(content!.includes(secret.slice(-12)), false, `the end of ${secret} found in the ${name}`);
      }
    }
    await proxy.close();
    const [mainAfter] = bytes();
    for (const secret of secrets) assert.equal(mainAfter!.includes(secret), false, `${secret} found in the file after close`);
  });

  it('clears the carried-over plaintext from the WAL even while another process was reading the file as it sealed', async () => {
    const file = join(scratch, 'raw-bytes-reader.sqlite');
    const legacy = Array.from({ length: 300 }, (_, index) => `legacy-plaintext-${String(index).padStart(4, '0')}-secret`);
    await writePlaintextLogins(file, legacy.map((secret, index) => [`old-user-${index}`, 1000 + index, secret]));
    const { default: Database } = await import('better-sqlite3');
    const store = createSqliteStore({ file });
    const { proxy } = testProxy({ store, secretKeys: TEST_SECRET_KEYS });
    // Another process on the file (a second instance) holds a read open while this one migrates and seals.
    const reader = new Database(file);
    const walBytes = () => (existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0));
    try {
      await store.ready?.();
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM logins').get();
      await proxy.ready();
      reader.exec('COMMIT');
      // The truncation is retried until no reader holds the old frames back.
      for (let waited = 0; legacy.some((secret) => walBytes().includes(secret)); waited += 50) {
        assert.ok(waited < 10_000, 'carried-over plaintext still in the WAL 10 s after the reader finished');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const main = readFileSync(file);
      for (const secret of legacy) assert.equal(main.includes(secret), false, `${secret} found in the file`);
    } finally {
      reader.close();
      await proxy.close();
    }
  });
});
