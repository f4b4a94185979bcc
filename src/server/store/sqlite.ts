import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { LOGIN_STATUSES } from '../../contract/login-status.js';
import type { Awaitable } from '../types.js';
import { backoffDelay } from '../retry.js';
import { PLAINTEXT_MARKER } from '../secret-cipher.js';
import { WEBHOOK_EVENTS_KEPT } from './memory.js';
import type {
  CustomerRecord,
  LoginSummary,
  LoginToSave,
  RequestCount,
  StoredLogin,
  ProxyStore,
  StateCompletion,
  StateCompletionInput,
  StoredWebhookEvent,
  WebhookDeliveryRecord,
  WebhookRecordOutcome,
} from './types.js';
import { completionOf, toEvent, toPending, type EventRow, type PendingRow } from './rows.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file; its folder is created when missing. `':memory:'` for a throwaway database. */
  file: string;
}

/** How long a webhook delivery key is remembered for duplicate detection. */
const SEEN_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
/** Tables that grow with traffic are pruned of what expired once in this many inserts. */
const PRUNE_EVERY = 100;

/** What completing a state found: its completion, and whether it was completed before (a replay). */
type CompletedState = { completion: StateCompletion; replayed: boolean };

/** The schema of the versions before migrations were numbered: migration 1 (with {@link upgradeUnversioned}). */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS customers (
  user_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL UNIQUE,
  identifier TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS logins (
  user_id TEXT NOT NULL,
  login_id INTEGER NOT NULL,
  secret TEXT NOT NULL,
  service_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  confirmed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, login_id)
);
CREATE INDEX IF NOT EXISTS logins_by_login ON logins (login_id);
CREATE INDEX IF NOT EXISTS logins_by_secret ON logins (secret);
CREATE TABLE IF NOT EXISTS login_status (
  login_id INTEGER PRIMARY KEY,
  status TEXT NOT NULL,
  status_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_states (
  state TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  flow TEXT NOT NULL,
  service_id INTEGER,
  login_id INTEGER,
  expires_at INTEGER NOT NULL,
  completion_status TEXT,
  completion_login_id INTEGER,
  completion_digest TEXT,
  completed_at INTEGER
);
CREATE INDEX IF NOT EXISTS pending_states_by_expiry ON pending_states (expires_at);
CREATE TABLE IF NOT EXISTS webhook_seen (
  key TEXT PRIMARY KEY,
  seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_seen_by_time ON webhook_seen (seen_at);
CREATE TABLE IF NOT EXISTS webhook_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  login_id INTEGER NOT NULL,
  reference_id TEXT,
  status TEXT,
  timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  payload TEXT NOT NULL,
  pending INTEGER NOT NULL DEFAULT 0,
  due_at INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS webhook_events_by_login ON webhook_events (login_id, seq);
CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (pending, due_at);
`;

/** A numbered step of the schema. Applied in order, each once, recorded in `schema_migrations`. */
interface Migration {
  version: number;
  name: string;
  up(database: BetterSqlite3.Database): void;
}

/**
 * The schema's steps. Never edit one that shipped: add the next. A file records the steps applied to
 * it; one with a step this list does not know (a newer version's) is refused.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the schema of the versions before numbered migrations',
    up(database) {
      upgradeUnversioned(database);
      database.exec(SCHEMA_V1);
    },
  },
  {
    // Login secrets are sealed: no plaintext column. What earlier versions kept in plain text is carried
    // over marked `plain.` with no hash; the proxy seals it in `ready()` (`unsealedLogins`), before it
    // serves. The hash index is not UNIQUE: files of early versions may hold one secret in two rows
    // (their writes are serialised anyway: saveLogin checks and writes in one IMMEDIATE transaction).
    version: 2,
    name: 'login secrets sealed, with a keyed hash',
    up(database) {
      database.exec(`
        CREATE TABLE logins_sealed (
          user_id TEXT NOT NULL,
          login_id INTEGER NOT NULL,
          sealed_secret TEXT NOT NULL,
          secret_hash TEXT,
          service_id INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          confirmed INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (user_id, login_id)
        );
        INSERT INTO logins_sealed (user_id, login_id, sealed_secret, secret_hash, service_id, created_at, updated_at, confirmed)
          SELECT user_id, login_id, '${PLAINTEXT_MARKER}' || secret, NULL, service_id, created_at, updated_at, confirmed FROM logins;
        DROP TABLE logins;
        ALTER TABLE logins_sealed RENAME TO logins;
        CREATE INDEX logins_by_login ON logins (login_id);
        CREATE INDEX logins_by_secret_hash ON logins (secret_hash);
      `);
    },
  },
  {
    version: 3,
    name: 'request counts shared by the processes on one file',
    up(database) {
      database.exec(`
        CREATE TABLE rate_limits (
          key TEXT NOT NULL,
          window_start INTEGER NOT NULL,
          count INTEGER NOT NULL,
          reset_at INTEGER NOT NULL,
          PRIMARY KEY (key, window_start)
        );
        CREATE INDEX rate_limits_by_reset ON rate_limits (reset_at);
      `);
    },
  },
];

/**
 * Brings the file's schema up to {@link SQLITE_MIGRATIONS}' last step in one IMMEDIATE transaction
 * (the write lock first): a second process opening the file at the same time waits (`busy_timeout`),
 * then finds the steps applied. A file with a step this version does not know is refused.
 */
function migrate(database: BetterSqlite3.Database, file: string): void {
  database
    .transaction(() => {
      database.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      const current = database.prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations').get()?.version ?? 0;
      const latest = SQLITE_MIGRATIONS.at(-1)!.version;
      if (current > latest) {
        throw new Error(
          `finsify-connect/server: the SQLite file ${file} has schema version ${current}, newer than this version of finsify-connect knows (${latest}): ` +
            'a newer version opened it. Run that version (or newer), or restore a backup made before it.',
        );
      }
      const record = database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const migration of SQLITE_MIGRATIONS) {
        if (migration.version <= current) continue;
        migration.up(database);
        record.run(migration.version, migration.name, Date.now());
      }
    })
    .immediate();
}

interface CustomerRow { user_id: string; customer_id: string; identifier: string; created_at: number }
interface LoginRow { user_id: string; login_id: number; sealed_secret: string; secret_hash: string | null; service_id: number | null; created_at: number; updated_at: number; confirmed: number }
interface SummaryRow { login_id: number; service_id: number | null; status: string | null; status_at: number | null; created_at: number; updated_at: number; confirmed: number }

/** Loads better-sqlite3 only when a file store is used: it is an optional peer dependency. */
async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    const module = await import('better-sqlite3');
    return module.default;
  } catch (cause) {
    throw new Error(
      'finsify-connect/server: the default store needs the optional package better-sqlite3. ' +
        'Run `npm install better-sqlite3`, or pass `store: createMemoryStore()` (or your own ProxyStore).',
      { cause },
    );
  }
}

function prepare(db: BetterSqlite3.Database) {
  return {
    getCustomer: db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE user_id = ?'),
    insertCustomer: db.prepare(
      'INSERT INTO customers (user_id, customer_id, identifier, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING',
    ),
    getLogin: db.prepare<[string, number], LoginRow>('SELECT * FROM logins WHERE user_id = ? AND login_id = ?'),
    // An unconfirmed claim shows no status: nothing says the login with that id is this user's.
    listLogins: db.prepare<[string], SummaryRow>(
      `SELECT l.login_id, l.service_id, s.status, s.status_at, l.created_at, l.updated_at, l.confirmed
       FROM logins l LEFT JOIN login_status s ON s.login_id = l.login_id AND l.confirmed = 1
       WHERE l.user_id = ? ORDER BY l.created_at DESC, l.login_id DESC`,
    ),
    // saveLogin's refusals: another user holds the id confirmed, or the secret (its hash under any key,
    // a JSON list) is stored under another id or by another user.
    loginRefused: db.prepare<[number, string, string, number, string], { refused: number }>(
      `SELECT EXISTS (SELECT 1 FROM logins WHERE login_id = ? AND user_id <> ? AND confirmed = 1)
           OR EXISTS (SELECT 1 FROM logins WHERE secret_hash IN (SELECT value FROM json_each(?)) AND (login_id <> ? OR user_id <> ?)) AS refused`,
    ),
    dropOthersUnconfirmed: db.prepare('DELETE FROM logins WHERE login_id = ? AND user_id <> ? AND confirmed = 0'),
    // A login stays confirmed while its secret is unchanged; a new secret takes its own verdict.
    upsertLogin: db.prepare<[string, number, string, string, number | null, number, number, number, string]>(
      `INSERT INTO logins (user_id, login_id, sealed_secret, secret_hash, service_id, created_at, updated_at, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, login_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, secret_hash = excluded.secret_hash,
         service_id = COALESCE(excluded.service_id, logins.service_id), updated_at = excluded.updated_at,
         confirmed = CASE WHEN logins.secret_hash IN (SELECT value FROM json_each(?)) THEN MAX(logins.confirmed, excluded.confirmed) ELSE excluded.confirmed END`,
    ),
    loginOwners: db.prepare<[number], { user_id: string }>('SELECT user_id FROM logins WHERE login_id = ? AND confirmed = 1'),
    unconfirmedLogins: db.prepare<[number], LoginRow>('SELECT * FROM logins WHERE login_id = ? AND confirmed = 0 ORDER BY updated_at DESC'),
    dropUnconfirmed: db.prepare<[string, number, string]>(
      'DELETE FROM logins WHERE user_id = ? AND login_id = ? AND secret_hash IN (SELECT value FROM json_each(?)) AND confirmed = 0',
    ),
    firstLogins: db.prepare<[number], LoginRow>('SELECT * FROM logins ORDER BY user_id, login_id LIMIT ?'),
    loginsAfter: db.prepare<[string, number, number], LoginRow>('SELECT * FROM logins WHERE (user_id, login_id) > (?, ?) ORDER BY user_id, login_id LIMIT ?'),
    resealLogin: db.prepare<[string, string, string, number, string]>(
      'UPDATE logins SET sealed_secret = ?, secret_hash = ? WHERE user_id = ? AND login_id = ? AND sealed_secret = ?',
    ),
    unsealedLogins: db.prepare<[number], LoginRow>('SELECT * FROM logins WHERE secret_hash IS NULL LIMIT ?'),
    countRequest: db.prepare<[string, number, number], { count: number }>(
      `INSERT INTO rate_limits (key, window_start, count, reset_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`,
    ),
    forgetCounts: db.prepare<[number]>('DELETE FROM rate_limits WHERE reset_at <= ?'),
    setStatus: db.prepare(
      `INSERT INTO login_status (login_id, status, status_at) VALUES (?, ?, ?)
       ON CONFLICT (login_id) DO UPDATE SET status = excluded.status, status_at = excluded.status_at
       WHERE excluded.status_at >= login_status.status_at`,
    ),
    // A state already pending keeps its first binding; only an expired one may be taken over.
    savePending: db.prepare(
      `INSERT INTO pending_states (state, user_id, flow, service_id, login_id, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (state) DO UPDATE SET user_id = excluded.user_id, flow = excluded.flow, service_id = excluded.service_id,
         login_id = excluded.login_id, expires_at = excluded.expires_at,
         completion_status = NULL, completion_login_id = NULL, completion_digest = NULL, completed_at = NULL
       WHERE pending_states.expires_at <= ?`,
    ),
    getPending: db.prepare<[string], PendingRow>('SELECT * FROM pending_states WHERE state = ?'),
    completePending: db.prepare<[string, number | null, string | null, number, number, string]>(
      `UPDATE pending_states SET completion_status = ?, completion_login_id = ?, completion_digest = ?, completed_at = ?,
         expires_at = MAX(expires_at, ?) WHERE state = ?`,
    ),
    dropPending: db.prepare('DELETE FROM pending_states WHERE state = ?'),
    dropExpired: db.prepare('DELETE FROM pending_states WHERE expires_at <= ?'),
    markSeen: db.prepare('INSERT INTO webhook_seen (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    forgetSeen: db.prepare('DELETE FROM webhook_seen WHERE seen_at < ?'),
    addEvent: db.prepare(
      `INSERT INTO webhook_events (type, login_id, reference_id, status, timestamp, received_at, applied, payload, pending)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Pending events stay whatever their age: the inbox holds them until their hand-over is done.
    trimEvents: db.prepare('DELETE FROM webhook_events WHERE seq <= ? AND pending = 0'),
    dueEvents: db.prepare<[number, number], EventRow>('SELECT * FROM webhook_events WHERE pending = 1 AND due_at <= ? ORDER BY seq LIMIT ?'),
    leaseEvent: db.prepare<[number, number]>('UPDATE webhook_events SET due_at = ?, attempts = attempts + 1 WHERE seq = ?'),
    eventDone: db.prepare<[number]>('UPDATE webhook_events SET pending = 0 WHERE seq = ?'),
    eventDueAt: db.prepare<[number, number]>('UPDATE webhook_events SET due_at = ? WHERE seq = ?'),
  };
}

/** Short waits: the winner's switch takes milliseconds, then the next try finds WAL already on. */
const WAL_SWITCH_BACKOFF = { baseDelayMs: 20, maxDelayMs: 200 };

/**
 * `journal_mode = WAL`, tried again while SQLite answers "database is locked". Processes opening a
 * fresh file together race for that switch, and SQLite then answers the loser at once, without
 * waiting its busy timeout (a reader may not wait for a lock another reader wants): seen as one of
 * three instances started at once failing with "cannot start: database is locked".
 */
async function enterWalMode(database: BetterSqlite3.Database, waitMs = 120_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let retry = 0; ; retry += 1) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(retry, WAL_SWITCH_BACKOFF, Math.random)));
    }
  }
}

/**
 * The default {@link ProxyStore}: one SQLite file (WAL journal, schema brought up to date on open by numbered migrations, prepared
 * statements), so customers and logins survive restarts. better-sqlite3 is loaded on first use; when it
 * is not installed, `ready()` and every method reject, telling the partner to `npm install better-sqlite3`.
 */
export function createSqliteStore(options: SqliteStoreOptions): ProxyStore {
  let db: BetterSqlite3.Database | undefined;
  let statements: ReturnType<typeof prepare> | undefined;
  let saveLogin: ((record: LoginToSave) => boolean) | undefined;
  let completePending: ((input: StateCompletionInput) => CompletedState | undefined) | undefined;
  let takeDue: ((now: number, limit: number, leaseUntil: number) => StoredWebhookEvent[]) | undefined;
  let recordDelivery: ((record: WebhookDeliveryRecord) => WebhookRecordOutcome) | undefined;
  let closed = false;

  const opened = loadDriver().then(async (Database) => {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    const database = new Database(options.file);
    // Whoever opens the file first migrates it: the others wait for that (copying a large logins table
    // takes a while), then go back to waiting 5 s at most for a write lock.
    database.pragma('busy_timeout = 120000');
    // WAL with synchronous=NORMAL: durable across process crashes, no fsync on every commit.
    await enterWalMode(database);
    database.pragma('synchronous = NORMAL');
    // A WAL reset after a checkpoint truncates the file, so frames of replaced content (a migration's
    // plaintext carry-over) do not linger in it until overwritten.
    database.pragma('journal_size_limit = 0');
    // Deleted and replaced content (a plaintext secret a migration removed, a replaced sealed secret) is
    // overwritten with zeros, free pages included, not left readable in the file.
    database.pragma('secure_delete = ON');
    migrate(database, options.file);
    database.pragma('busy_timeout = 5000');
    if (closed) {
      database.close();
      return;
    }
    db = database;
    const prepared = (statements = prepare(database));
    // One IMMEDIATE transaction (the write lock first), so no other process writes between the checks,
    // the removal of other users' unconfirmed claims and the write.
    const writeLogin = (record: LoginToSave): boolean => {
      const hashes = JSON.stringify(record.secretHashes);
      if (prepared.loginRefused.get(record.loginId, record.userId, hashes, record.loginId, record.userId)?.refused) return false;
      const confirmed = record.confirmed !== false;
      if (confirmed) prepared.dropOthersUnconfirmed.run(record.loginId, record.userId);
      prepared.upsertLogin.run(
        record.userId,
        record.loginId,
        record.sealedSecret,
        record.secretHash,
        record.serviceId,
        record.createdAt,
        record.updatedAt,
        confirmed ? 1 : 0,
        hashes,
      );
      return true;
    };
    saveLogin = database.transaction(writeLogin).immediate;
    let seenInserts = 0;
    // The key, the status and the event are one transaction: a crash keeps all of a delivery or none.
    recordDelivery = database.transaction(({ key, event, handOver }: WebhookDeliveryRecord): WebhookRecordOutcome => {
      if (key !== null) {
        seenInserts += 1;
        if (seenInserts % PRUNE_EVERY === 0) prepared.forgetSeen.run(event.receivedAt - SEEN_KEPT_MS);
        if (prepared.markSeen.run(key, event.receivedAt).changes === 0) return { duplicate: true };
      }
      const applied = event.status === null ? true : prepared.setStatus.run(event.loginId, event.status, event.timestamp).changes > 0;
      const pending = handOver === true || (handOver === 'if-applied' && applied);
      const { lastInsertRowid } = prepared.addEvent.run(
        event.type,
        event.loginId,
        event.referenceId,
        event.status,
        event.timestamp,
        event.receivedAt,
        applied ? 1 : 0,
        JSON.stringify(event.payload),
        pending ? 1 : 0,
      );
      const seq = Number(lastInsertRowid);
      prepared.trimEvents.run(seq - WEBHOOK_EVENTS_KEPT);
      return { duplicate: false, seq, applied, pending };
    }).immediate;
    // Taking and leasing are one IMMEDIATE transaction: two processes never take the same event at once.
    takeDue = database.transaction((now: number, limit: number, leaseUntil: number): StoredWebhookEvent[] => {
      const rows = prepared.dueEvents.all(now, limit);
      for (const row of rows) prepared.leaseEvent.run(leaseUntil, row.seq);
      return rows.map((row) => ({ ...toEvent(row), attempts: row.attempts + 1 }));
    }).immediate;
    // The state's completion and the login it carries are one transaction: a crash keeps both or neither.
    completePending = database.transaction(({ state, completion, login, keepUntil }: StateCompletionInput): CompletedState | undefined => {
      const row = prepared.getPending.get(state);
      const before = row && completionOf(row);
      if (before) return { completion: before, replayed: true };
      if (!row || row.expires_at <= completion.at) {
        prepared.dropPending.run(state);
        return undefined;
      }
      const kept = login === null || writeLogin(login) ? completion : { ...completion, status: 'error' };
      prepared.completePending.run(kept.status, kept.loginId, kept.secretDigest, kept.at, keepUntil, state);
      return { completion: kept, replayed: false };
    }).immediate;
  });
  // The rejection is reported by ready() and by each call; do not let it surface as unhandled.
  opened.catch(() => {});

  /** Runs at once when open (the hot path stays synchronous), else after opening. */
  function use<T>(run: (s: ReturnType<typeof prepare>, database: BetterSqlite3.Database) => T): Awaitable<T> {
    if (statements && db) return run(statements, db);
    return opened.then(() => {
      if (!statements || !db) throw new Error('finsify-connect/server: the SQLite store is closed');
      return run(statements, db);
    });
  }

  let pendingInserts = 0;
  let counted = 0;
  /** Whether plaintext rows were handed out to be sealed: once none is left, the WAL is emptied of their pages. */
  let sealingLegacy = false;

  return {
    ready: () => opened,
    ping: async () => {
      await use((_s, database) => database.prepare('SELECT 1').get());
    },
    getCustomer: (userId) =>
      use((s) => {
        const row = s.getCustomer.get(userId);
        return row && { userId: row.user_id, customerId: row.customer_id, identifier: row.identifier, createdAt: row.created_at };
      }),
    saveCustomer: (record) =>
      use((s) => {
        s.insertCustomer.run(record.userId, record.customerId, record.identifier, record.createdAt);
        const row = s.getCustomer.get(record.userId);
        if (!row) throw new Error('finsify-connect/server: customer row vanished after insert');
        return { userId: row.user_id, customerId: row.customer_id, identifier: row.identifier, createdAt: row.created_at } satisfies CustomerRecord;
      }),
    getLogin: (userId, loginId) =>
      use((s) => {
        const row = s.getLogin.get(userId, loginId);
        return row && toLogin(row);
      }),
    listLogins: (userId) => use((s) => s.listLogins.all(userId).map(toSummary)),
    saveLogin: (record) =>
      use(() => {
        if (!saveLogin) throw new Error('finsify-connect/server: the SQLite store is closed');
        return saveLogin(record);
      }),
    loginOwners: (loginId) => use((s) => s.loginOwners.all(loginId).map((row) => row.user_id)),
    unconfirmedLogins: (loginId) => use((s) => s.unconfirmedLogins.all(loginId).map(toLogin)),
    dropUnconfirmedLogin: (userId, loginId, secretHashes) => use((s) => s.dropUnconfirmed.run(userId, loginId, JSON.stringify(secretHashes)).changes > 0),
    loginsAfter: (cursor, limit) =>
      use((s) => (cursor ? s.loginsAfter.all(cursor.userId, cursor.loginId, limit) : s.firstLogins.all(limit)).map(toLogin)),
    resealLogin: (userId, loginId, expectedSealedSecret, sealedSecret, secretHash) =>
      use((s) => s.resealLogin.run(sealedSecret, secretHash, userId, loginId, expectedSealedSecret).changes > 0),
    unsealedLogins: (limit) =>
      use((s, database) => {
        const rows = s.unsealedLogins.all(limit);
        if (rows.length > 0) sealingLegacy = true;
        else if (sealingLegacy) {
          sealingLegacy = false;
          // The plaintext is gone from the tables (zeroed: secure_delete); the WAL's older frames go too,
          // once no other connection reads them.
          truncateWalSoon(database, () => closed);
        }
        return rows.map(toLogin);
      }),
    countRequest: (key, windowMs, now) =>
      use((s) => {
        counted += 1;
        if (counted % PRUNE_EVERY === 0) s.forgetCounts.run(now);
        const start = now - (now % windowMs);
        const row = s.countRequest.get(key, start, start + windowMs);
        return { count: row?.count ?? 1, resetAt: start + windowMs } satisfies RequestCount;
      }),
    setLoginStatus: (loginId, status, at) => use((s) => s.setStatus.run(loginId, status ?? '', at).changes > 0),
    savePendingState: (record, now) =>
      use((s) => {
        // Expired states go as new ones come, not only when a callback arrives: under load without
        // callbacks they piled up (about 100,000 rows a minute).
        pendingInserts += 1;
        if (pendingInserts % PRUNE_EVERY === 0) s.dropExpired.run(now);
        return s.savePending.run(record.state, record.userId, record.flow, record.serviceId, record.loginId, record.expiresAt, now).changes > 0;
      }),
    getPendingState: (state) =>
      use((s) => {
        const row = s.getPending.get(state);
        return row && toPending(row);
      }),
    completePendingState: (input) =>
      use((s) => {
        if (!completePending) throw new Error('finsify-connect/server: the SQLite store is closed');
        s.dropExpired.run(input.completion.at);
        return completePending(input);
      }),
    recordWebhookEvent: (record) =>
      use(() => {
        if (!recordDelivery) throw new Error('finsify-connect/server: the SQLite store is closed');
        return recordDelivery(record);
      }),
    takeDueWebhookEvents: (now, limit, leaseUntil) =>
      use(() => {
        if (!takeDue) throw new Error('finsify-connect/server: the SQLite store is closed');
        return takeDue(now, limit, leaseUntil);
      }),
    settleWebhookEvent: (seq, retryAt) =>
      use((s) => {
        if (retryAt === null) s.eventDone.run(seq);
        else s.eventDueAt.run(retryAt, seq);
      }),
    listWebhookEvents: (loginIds, limit) =>
      use((_s, database) => {
        if (loginIds.length === 0) return [];
        // The list is short (a user's logins); a statement per call is fine off the hot path.
        const marks = loginIds.map(() => '?').join(', ');
        const rows = database
          .prepare<unknown[], EventRow>(`SELECT * FROM webhook_events WHERE login_id IN (${marks}) ORDER BY seq DESC LIMIT ?`)
          .all(...loginIds, limit);
        return rows.map(toEvent);
      }),
    async close() {
      closed = true;
      await opened.catch(() => {});
      db?.close();
      db = undefined;
      statements = undefined;
      saveLogin = undefined;
      completePending = undefined;
      takeDue = undefined;
      recordDelivery = undefined;
    },
  };
}

/**
 * Migration 1's first half: brings a database file of an unversioned schema up to {@link SCHEMA_V1}: `logins`
 * gains `confirmed`, 0 for its rows: the previous version stored a secret Finsify listed no account
 * for as if confirmed, so a row of it may be a squat. Each is confirmed the next time its accounts
 * are listed (`GET /accounts`, `POST /logins`, a webhook), like any unconfirmed claim. The column's
 * default is 0 here and in {@link SCHEMA_V1}. `pending_states` gains its completion columns
 * (empty: a state of the previous version is still waiting). Runs inside {@link migrate}'s transaction.
 */
function upgradeUnversioned(database: BetterSqlite3.Database): void {
  const columns = database.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('logins')").all();
  if (columns.length > 0 && !columns.some((column) => column.name === 'confirmed')) {
    database.exec('ALTER TABLE logins ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0');
  }
  const eventColumns = database.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('webhook_events')").all();
  if (eventColumns.length > 0 && !eventColumns.some((column) => column.name === 'pending')) {
    for (const column of ['pending INTEGER NOT NULL DEFAULT 0', 'due_at INTEGER NOT NULL DEFAULT 0', 'attempts INTEGER NOT NULL DEFAULT 0']) {
      database.exec(`ALTER TABLE webhook_events ADD COLUMN ${column}`);
    }
  }
  // Earlier versions kept any status a webhook sent (markup came back from GET /logins): only the spec's stay.
  const statusTable = database.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'login_status'").get();
  if (statusTable) {
    const kept = ['', ...LOGIN_STATUSES].map((status) => `'${status}'`).join(', ');
    database.exec(`DELETE FROM login_status WHERE status NOT IN (${kept})`);
  }
  const pendingColumns = database.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('pending_states')").all();
  if (pendingColumns.length > 0 && !pendingColumns.some((column) => column.name === 'completion_status')) {
    for (const column of ['completion_status TEXT', 'completion_login_id INTEGER', 'completion_digest TEXT', 'completed_at INTEGER']) {
      database.exec(`ALTER TABLE pending_states ADD COLUMN ${column}`);
    }
  }
}

/** What a login row and a summary row say alike. */
function loginFields(row: LoginRow | SummaryRow) {
  return { loginId: row.login_id, serviceId: row.service_id, createdAt: row.created_at, updatedAt: row.updated_at, confirmed: row.confirmed === 1 };
}

/** How long, at most, the WAL's truncation after sealing waits for other connections' reads to end. */
const WAL_TRUNCATION_PATIENCE_MS = 120_000;

/**
 * Checkpoints the whole WAL into the file and truncates it, retrying while another connection (another
 * process on the file) still reads frames it would drop; warns if it never could.
 */
function truncateWalSoon(database: BetterSqlite3.Database, closed: () => boolean, waitedMs = 0): void {
  if (closed() || !database.open) return;
  const [result] = database.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  if (result && result.busy === 0) return;
  if (waitedMs >= WAL_TRUNCATION_PATIENCE_MS) {
    console.warn(
      'finsify-connect/server: the SQLite WAL could not be truncated after sealing the secrets an earlier version kept in plain text ' +
        '(another connection kept reading); it is truncated at the next checkpoint no reader holds back',
    );
    return;
  }
  setTimeout(() => truncateWalSoon(database, closed, waitedMs + 250), 250).unref();
}

function toLogin(row: LoginRow): StoredLogin {
  return { ...loginFields(row), userId: row.user_id, sealedSecret: row.sealed_secret, secretHash: row.secret_hash ?? '' };
}

function toSummary(row: SummaryRow): LoginSummary {
  // A cleared status is kept as '' (the column is NOT NULL), so an older one is still not applied.
  return { ...loginFields(row), status: row.status || null, statusAt: row.status ? row.status_at : null };
}



