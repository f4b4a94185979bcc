import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import type * as Pg from 'pg';
import type { ProxyLogger } from '../types.js';
import { WEBHOOK_EVENTS_KEPT } from './memory.js';
import type {
  CustomerRecord,
  LoginSummary,
  LoginToSave,
  ProxyStore,
  StateCompletion,
  StateCompletionInput,
  StoredLogin,
  WebhookDeliveryRecord,
  WebhookRecordOutcome,
} from './types.js';
import { completionOf, toEvent, toPending, type EventRow, type PendingRow } from './rows.js';

/** What the store needs of a query's answer. */
export interface PostgresQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** What the store needs of a query: text, parameters and its own type parsers (so a partner's global `pg.types` stay as they are). */
export interface PostgresQueryConfig {
  text: string;
  values?: unknown[];
  types?: { getTypeParser(oid: number, format?: 'text' | 'binary'): unknown };
}

/** A client checked out of a pool, as the store uses it (node-postgres' `PoolClient` fits). */
export interface PostgresPoolClient {
  query(config: PostgresQueryConfig): Promise<PostgresQueryResult>;
  release(error?: Error | boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** A connection pool, as the store uses it (node-postgres' `pg.Pool` fits). */
export interface PostgresPool {
  connect(): Promise<PostgresPoolClient>;
  query(config: PostgresQueryConfig): Promise<PostgresQueryResult>;
  end(): Promise<void>;
}

/** What every form of {@link PostgresStoreOptions} may add. */
interface PostgresStoreCommon {
  /**
   * The schema holding the store's tables (all named `finsify_…`); created by `ready()` when missing.
   * Letters, digits and `_`, starting with a letter or `_`. Default `public`.
   */
  schema?: string;
  /** Where connection errors of idle clients are reported (they never crash the process). Default: the console. */
  logger?: Pick<ProxyLogger, 'error'>;
}

/**
 * Options of {@link createPostgresStore}: a connection string (the store makes its own pool, and
 * `close()` ends it), or the partner's own `pg.Pool` (left open by `close()`; give it an `'error'`
 * listener, as node-postgres asks of every pool).
 */
export type PostgresStoreOptions = PostgresStoreCommon &
  (
    | {
        /** `postgres://user:password@host:5432/database` (node-postgres' connection string, `?sslmode=` included). */
        connectionString: string;
        /** Connections in the pool, at most. Default 10. */
        max?: number;
        /** node-postgres' `ssl` option, when the connection string does not say enough. */
        ssl?: boolean | ConnectionOptions;
        /** How long to wait for a connection before failing, in ms. Default 10000. */
        connectionTimeoutMillis?: number;
        /** How long an idle connection stays open, in ms. Default 30000. */
        idleTimeoutMillis?: number;
        pool?: never;
      }
    | { pool: PostgresPool; connectionString?: never }
  );

/** How long a webhook delivery key is remembered for duplicate detection. */
const SEEN_KEPT_MS = 30 * 24 * 60 * 60 * 1000;
/** Tables that grow with traffic are pruned of what expired once in this many inserts (per instance). */
const PRUNE_EVERY = 100;
/** The session-level advisory lock held while migrating (`'finsify'` in ASCII): one instance migrates at a time. */
export const MIGRATION_LOCK_KEY = '28826370728093305';
/** PostgreSQL's type id of `int8`/`bigint`, which node-postgres returns as a string by default. */
const INT8_OID = 20;
/** Errors after which a transaction is tried again from the start: deadlock, serialization failure. */
const RETRIED_CODES = new Set(['40P01', '40001']);
const UNIQUE_VIOLATION = '23505';

/** What completing a state found: its completion, and whether it was completed before (a replay). */
type CompletedState = { completion: StateCompletion; replayed: boolean };

/** One step of the schema; `up` gets the qualified name of a table from its short name. */
interface Migration {
  version: number;
  description: string;
  up: (table: (name: string) => string) => string[];
}

/**
 * The schema's versions, in order. Never edit a released one: add the next. Each runs in its own
 * transaction with its row in `finsify_schema_migrations`.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'initial schema: customers, sealed logins, statuses, pending states, webhook inbox, request counts',
    up: (t) => [
      `CREATE TABLE ${t('customers')} (
        user_id TEXT COLLATE "C" PRIMARY KEY,
        customer_id TEXT NOT NULL UNIQUE,
        identifier TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      // user_id in byte order ("C"), as the other stores order it, so loginsAfter's pages are stable.
      `CREATE TABLE ${t('logins')} (
        user_id TEXT COLLATE "C" NOT NULL,
        login_id BIGINT NOT NULL,
        sealed_secret TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        service_id BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        confirmed BOOLEAN NOT NULL DEFAULT false,
        PRIMARY KEY (user_id, login_id)
      )`,
      // What saveLogin's checks promise, kept by the database itself as well: one secret, one row;
      // one confirmed holder per login id.
      `CREATE UNIQUE INDEX finsify_logins_one_row_per_secret ON ${t('logins')} (secret_hash)`,
      `CREATE UNIQUE INDEX finsify_logins_one_confirmed_holder ON ${t('logins')} (login_id) WHERE confirmed`,
      `CREATE INDEX finsify_logins_by_login ON ${t('logins')} (login_id)`,
      `CREATE TABLE ${t('login_status')} (
        login_id BIGINT PRIMARY KEY,
        status TEXT NOT NULL,
        status_at BIGINT NOT NULL
      )`,
      `CREATE TABLE ${t('pending_states')} (
        state TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        flow TEXT NOT NULL,
        service_id BIGINT,
        login_id BIGINT,
        expires_at BIGINT NOT NULL,
        completion_status TEXT,
        completion_login_id BIGINT,
        completion_digest TEXT,
        completed_at BIGINT
      )`,
      `CREATE INDEX finsify_pending_states_by_expiry ON ${t('pending_states')} (expires_at)`,
      `CREATE TABLE ${t('webhook_seen')} (
        key TEXT PRIMARY KEY,
        seen_at BIGINT NOT NULL
      )`,
      `CREATE INDEX finsify_webhook_seen_by_time ON ${t('webhook_seen')} (seen_at)`,
      `CREATE TABLE ${t('webhook_events')} (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type TEXT NOT NULL,
        login_id BIGINT NOT NULL,
        reference_id TEXT,
        status TEXT,
        timestamp BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        applied BOOLEAN NOT NULL,
        payload TEXT NOT NULL,
        pending BOOLEAN NOT NULL DEFAULT false,
        due_at BIGINT NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE INDEX finsify_webhook_events_by_login ON ${t('webhook_events')} (login_id, seq)`,
      `CREATE INDEX finsify_webhook_events_due ON ${t('webhook_events')} (seq) WHERE pending`,
      // UNLOGGED: a count is worth no WAL write and no flush to disk per request (a crash or a failover
      // empties the table: every budget starts afresh, which a rate limit can afford).
      `CREATE UNLOGGED TABLE ${t('request_counts')} (
        key TEXT NOT NULL,
        window_ms BIGINT NOT NULL,
        window_start BIGINT NOT NULL,
        reset_at BIGINT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (key, window_ms, window_start)
      )`,
      `CREATE INDEX finsify_request_counts_by_reset ON ${t('request_counts')} (reset_at)`,
    ],
  },
];

/** The newest schema version this code knows. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

interface CustomerRow { user_id: string; customer_id: string; identifier: string; created_at: number }
interface LoginRow {
  user_id: string; login_id: number; sealed_secret: string; secret_hash: string; service_id: number | null;
  created_at: number; updated_at: number; confirmed: boolean;
}
interface SummaryRow { login_id: number; service_id: number | null; status: string | null; status_at: number | null; created_at: number; updated_at: number; confirmed: boolean }

type PgModule = typeof Pg;

/** Loads node-postgres only when a PostgreSQL store is used: it is an optional peer dependency. */
async function loadDriver(): Promise<PgModule> {
  try {
    const module = (await import('pg')) as PgModule & { default?: PgModule };
    return module.default ?? module;
  } catch (cause) {
    throw new Error(
      'finsify-connect/server: the PostgreSQL store needs the optional package pg (node-postgres). Run `npm install pg`.',
      { cause },
    );
  }
}

/** A PostgreSQL error's SQLSTATE, if it has one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An advisory lock key (a signed 64-bit integer, as text) for one thing saveLogin serialises on. */
function lockKey(what: string): bigint {
  return createHash('sha256').update(what).digest().readBigInt64BE(0);
}

function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`finsify-connect/server: the PostgreSQL schema must be letters, digits and _ (starting with a letter or _), got ${JSON.stringify(name)}`);
  }
  return `"${name}"`;
}

/**
 * A {@link ProxyStore} on PostgreSQL, for several instances of the backend on one database: every rule
 * of the store is kept by the database (row locks, advisory locks, unique indexes, `SKIP LOCKED`), not
 * by one process. node-postgres (`pg`, an optional peer dependency) is loaded on first use; `ready()`
 * brings the schema up to date by versioned migrations, one instance at a time, and refuses a schema
 * newer than this code knows.
 */
export function createPostgresStore(options: PostgresStoreOptions): ProxyStore {
  const schema = quoteIdentifier(options.schema ?? 'public');
  const schemaName = options.schema ?? 'public';
  const table = (name: string) => `${schema}.finsify_${name}`;
  const T = {
    migrations: table('schema_migrations'),
    customers: table('customers'),
    logins: table('logins'),
    status: table('login_status'),
    pending: table('pending_states'),
    seen: table('webhook_seen'),
    events: table('webhook_events'),
    counts: table('request_counts'),
  };
  const logger = options.logger ?? { error: (message: string, fields?: Record<string, unknown>) => console.error(`[finsify-proxy] ${message}`, fields ?? '') };
  const ownPool = options.pool === undefined;

  let pool: PostgresPool | undefined;
  let types: PostgresQueryConfig['types'];
  let opening: Promise<void> | undefined;
  let closed = false;
  let seenInserts = 0;
  let pendingInserts = 0;
  let countCalls = 0;

  const reportClientError = (error: Error) => {
    logger.error('PostgreSQL connection error on a checked-out client (it is discarded)', { error: error.message });
  };

  async function open(): Promise<void> {
    const pg = await loadDriver();
    // int8 (BIGINT: timestamps in ms, ids, seq) as numbers, on this store's queries only.
    const parseInt8 = (value: string) => Number(value);
    types = { getTypeParser: (oid, format) => (oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) };
    if (!pool) {
      if (options.pool) pool = options.pool;
      else {
        const created = new pg.Pool({
          connectionString: options.connectionString,
          max: options.max ?? 10,
          ssl: options.ssl,
          connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
          idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
          application_name: 'finsify-connect',
        });
        // An idle client's lost connection (a server restart, a network cut) is reported, not thrown:
        // without a listener it would end the process. The pool replaces the client.
        created.on('error', (error) => logger.error('PostgreSQL connection error on an idle client (the pool replaces it)', { error: error.message }));
        pool = created as unknown as PostgresPool;
      }
    }
    await migrate();
  }

  /** Opens once; a failed opening (the database unreachable) is tried again by the next call. */
  function ensureOpen(): Promise<void> {
    if (closed) return Promise.reject(new Error('finsify-connect/server: the PostgreSQL store is closed'));
    if (!opening) {
      opening = open().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (message.startsWith('finsify-connect/server:')) throw error;
        // pg's own messages (ECONNREFUSED, password authentication failed, …) say what, not where from.
        throw new Error(`finsify-connect/server: the PostgreSQL store cannot open its database: ${message}`, { cause: error });
      });
      opening.catch(() => {
        opening = undefined;
      });
    }
    return opening;
  }

  function q<R = Record<string, unknown>>(db: { query(config: PostgresQueryConfig): Promise<PostgresQueryResult> }, text: string, values: unknown[] = []) {
    return db.query({ text, values, types }) as Promise<{ rows: R[]; rowCount: number | null }>;
  }

  /**
   * Runs `run` with a client of its own. A client whose connection failed (an error without SQLSTATE,
   * or `run` says so) is discarded rather than given back to the pool.
   */
  async function withClient<T>(run: (client: PostgresPoolClient, discard: (error: unknown) => void) => Promise<T>): Promise<T> {
    const client = await pool!.connect();
    // Checked out, a client has no listener of the pool's: a lost connection would otherwise end the process.
    client.on('error', reportClientError);
    let broken: Error | undefined;
    const discard = (error: unknown) => {
      broken ??= error instanceof Error ? error : new Error(String(error));
    };
    try {
      return await run(client, discard);
    } catch (error) {
      if (codeOf(error) === undefined) discard(error);
      throw error;
    } finally {
      client.removeListener('error', reportClientError);
      client.release(broken);
    }
  }

  /** Runs `run` in one transaction (READ COMMITTED); tried again from the start after a deadlock. */
  async function transaction<T>(run: (client: PostgresPoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await withClient(async (client, discard) => {
          await q(client, 'BEGIN');
          try {
            const result = await run(client);
            await q(client, 'COMMIT');
            return result;
          } catch (error) {
            await q(client, 'ROLLBACK').catch(discard);
            throw error;
          }
        });
      } catch (error) {
        if (attempt < 5 && RETRIED_CODES.has(codeOf(error) ?? '')) continue;
        throw error;
      }
    }
  }

  /** Runs one statement on any pooled connection, once the store is open. */
  async function query<R = Record<string, unknown>>(text: string, values: unknown[] = []) {
    await ensureOpen();
    return q<R>(pool!, text, values);
  }

  async function migrate(): Promise<void> {
    await withClient(async (client, discard) => {
      // Session-level: held across the migrations' own transactions; released by the server if we die.
      await q(client, 'SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      try {
        const found = await q<{ exists: boolean }>(client, 'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists', [schemaName]);
        if (!found.rows[0]?.exists) await q(client, `CREATE SCHEMA ${schema}`);
        await q(client, `CREATE TABLE IF NOT EXISTS ${T.migrations} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL, description TEXT NOT NULL DEFAULT '')`);
        const current = (await q<{ version: number }>(client, `SELECT COALESCE(MAX(version), 0)::integer AS version FROM ${T.migrations}`)).rows[0]?.version ?? 0;
        if (current > POSTGRES_SCHEMA_VERSION) {
          throw new Error(
            `finsify-connect/server: the PostgreSQL store's schema version ${current} (in ${schemaName}) is newer than this finsify-connect ` +
              `(knows up to ${POSTGRES_SCHEMA_VERSION}): upgrade finsify-connect on this instance, or point it at another database.`,
          );
        }
        for (const migration of MIGRATIONS) {
          if (migration.version <= current) continue;
          await q(client, 'BEGIN');
          try {
            for (const statement of migration.up(table)) await q(client, statement);
            await q(client, `INSERT INTO ${T.migrations} (version, applied_at, description) VALUES ($1, $2, $3)`, [
              migration.version,
              Date.now(),
              migration.description,
            ]);
            await q(client, 'COMMIT');
          } catch (error) {
            await q(client, 'ROLLBACK').catch(discard);
            throw new Error(`finsify-connect/server: PostgreSQL schema migration ${migration.version} failed: ${error instanceof Error ? error.message : String(error)}`, {
              cause: error,
            });
          }
        }
      } finally {
        // Were the unlock to fail, the client is discarded: closing its session releases the lock.
        await q(client, 'SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(discard);
      }
    });
  }

  /**
   * saveLogin's checks, removal and write, inside the caller's transaction. Serialised across every
   * instance by transaction-level advisory locks on the login id and on each of the secret's hashes
   * (taken in one order, so two writers never wait on each other in a cycle): any two writes that
   * could conflict (same id, or same secret) share a lock. The unique indexes back it up.
   */
  async function writeLogin(client: PostgresPoolClient, record: LoginToSave): Promise<boolean> {
    const hashes = record.secretHashes.length > 0 ? [...record.secretHashes] : [record.secretHash];
    const keys = [...new Set([lockKey(`login:${record.loginId}`), ...hashes.map((hash) => lockKey(`secret:${hash}`))])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // One statement, the locks taken left to right.
    await q(client, `SELECT ${keys.map((_, i) => `pg_advisory_xact_lock($${i + 1}::bigint)`).join(', ')}`, keys.map(String));
    const refused = await q<{ refused: boolean }>(
      client,
      `SELECT EXISTS (SELECT 1 FROM ${T.logins} WHERE login_id = $1 AND user_id <> $2 AND confirmed)
           OR EXISTS (SELECT 1 FROM ${T.logins} WHERE secret_hash = ANY($3::text[]) AND (login_id <> $1 OR user_id <> $2)) AS refused`,
      [record.loginId, record.userId, hashes],
    );
    if (refused.rows[0]?.refused) return false;
    const confirmed = record.confirmed !== false;
    if (confirmed) await q(client, `DELETE FROM ${T.logins} WHERE login_id = $1 AND user_id <> $2 AND NOT confirmed`, [record.loginId, record.userId]);
    // A login stays confirmed while its secret is unchanged; a new secret takes its own verdict.
    await q(
      client,
      `INSERT INTO ${T.logins} AS l (user_id, login_id, sealed_secret, secret_hash, service_id, created_at, updated_at, confirmed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id, login_id) DO UPDATE SET sealed_secret = EXCLUDED.sealed_secret, secret_hash = EXCLUDED.secret_hash,
         service_id = COALESCE(EXCLUDED.service_id, l.service_id), updated_at = EXCLUDED.updated_at,
         confirmed = CASE WHEN l.secret_hash = ANY($9::text[]) THEN l.confirmed OR EXCLUDED.confirmed ELSE EXCLUDED.confirmed END`,
      [record.userId, record.loginId, record.sealedSecret, record.secretHash, record.serviceId, record.createdAt, record.updatedAt, confirmed, hashes],
    );
    return true;
  }

  /** Records a login status unless a newer one is known; `''` is a cleared one (so an older one is still not applied). */
  async function setStatus(db: { query(config: PostgresQueryConfig): Promise<PostgresQueryResult> }, loginId: number, status: string | null, at: number) {
    const result = await q(
      db,
      `INSERT INTO ${T.status} AS s (login_id, status, status_at) VALUES ($1, $2, $3)
       ON CONFLICT (login_id) DO UPDATE SET status = EXCLUDED.status, status_at = EXCLUDED.status_at
       WHERE EXCLUDED.status_at >= s.status_at`,
      [loginId, status ?? '', at],
    );
    return (result.rowCount ?? 0) > 0;
  }

  return {
    ready: ensureOpen,
    async ping() {
      await query('SELECT 1');
    },
    async getCustomer(userId) {
      const { rows } = await query<CustomerRow>(`SELECT * FROM ${T.customers} WHERE user_id = $1`, [userId]);
      return rows[0] && toCustomer(rows[0]);
    },
    async saveCustomer(record) {
      // First writer wins: a concurrent insert waits on the key, then does nothing; the read sees the winner.
      await query(
        `INSERT INTO ${T.customers} (user_id, customer_id, identifier, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO NOTHING`,
        [record.userId, record.customerId, record.identifier, record.createdAt],
      );
      const { rows } = await query<CustomerRow>(`SELECT * FROM ${T.customers} WHERE user_id = $1`, [record.userId]);
      if (!rows[0]) throw new Error('finsify-connect/server: customer row vanished after insert');
      return toCustomer(rows[0]);
    },
    async getLogin(userId, loginId) {
      const { rows } = await query<LoginRow>(`SELECT * FROM ${T.logins} WHERE user_id = $1 AND login_id = $2`, [userId, loginId]);
      return rows[0] && toLogin(rows[0]);
    },
    async listLogins(userId) {
      // An unconfirmed claim shows no status: nothing says the login with that id is this user's.
      const { rows } = await query<SummaryRow>(
        `SELECT l.login_id, l.service_id, s.status, s.status_at, l.created_at, l.updated_at, l.confirmed
         FROM ${T.logins} l LEFT JOIN ${T.status} s ON s.login_id = l.login_id AND l.confirmed
         WHERE l.user_id = $1 ORDER BY l.created_at DESC, l.login_id DESC`,
        [userId],
      );
      return rows.map(toSummary);
    },
    async saveLogin(record) {
      await ensureOpen();
      try {
        return await transaction((client) => writeLogin(client, record));
      } catch (error) {
        // The unique indexes refuse what the checks would have: a writer that bypassed the locks.
        if (codeOf(error) === UNIQUE_VIOLATION) return false;
        throw error;
      }
    },
    async loginOwners(loginId) {
      const { rows } = await query<{ user_id: string }>(`SELECT user_id FROM ${T.logins} WHERE login_id = $1 AND confirmed ORDER BY user_id`, [loginId]);
      return rows.map((row) => row.user_id);
    },
    async unconfirmedLogins(loginId) {
      const { rows } = await query<LoginRow>(`SELECT * FROM ${T.logins} WHERE login_id = $1 AND NOT confirmed ORDER BY updated_at DESC, user_id`, [loginId]);
      return rows.map(toLogin);
    },
    async dropUnconfirmedLogin(userId, loginId, secretHashes) {
      const result = await query(
        `DELETE FROM ${T.logins} WHERE user_id = $1 AND login_id = $2 AND NOT confirmed AND secret_hash = ANY($3::text[])`,
        [userId, loginId, [...secretHashes]],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async loginsAfter(cursor, limit) {
      const { rows } = cursor
        ? await query<LoginRow>(`SELECT * FROM ${T.logins} WHERE (user_id, login_id) > ($1, $2) ORDER BY user_id, login_id LIMIT $3`, [
            cursor.userId,
            cursor.loginId,
            limit,
          ])
        : await query<LoginRow>(`SELECT * FROM ${T.logins} ORDER BY user_id, login_id LIMIT $1`, [limit]);
      return rows.map(toLogin);
    },
    async resealLogin(userId, loginId, expectedSealedSecret, sealedSecret, secretHash) {
      // Compare-and-set: a reconnect that stored a new secret meanwhile is left as it is.
      const result = await query(
        `UPDATE ${T.logins} SET sealed_secret = $4, secret_hash = $5 WHERE user_id = $1 AND login_id = $2 AND sealed_secret = $3`,
        [userId, loginId, expectedSealedSecret, sealedSecret, secretHash],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async countRequest(key, windowMs, now) {
      await ensureOpen();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const resetAt = windowStart + windowMs;
      countCalls += 1;
      if (countCalls % PRUNE_EVERY === 0) {
        await q(pool!, `DELETE FROM ${T.counts} WHERE (key, window_ms, window_start) IN
           (SELECT key, window_ms, window_start FROM ${T.counts} WHERE reset_at <= $1 FOR UPDATE SKIP LOCKED)`, [now]);
      }
      // One statement: concurrent callers on any instance each get their own count.
      const { rows } = await q<{ count: number }>(
        pool!,
        `INSERT INTO ${T.counts} AS c (key, window_ms, window_start, reset_at, count) VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (key, window_ms, window_start) DO UPDATE SET count = c.count + 1 RETURNING c.count`,
        [key, windowMs, windowStart, resetAt],
      );
      return { count: rows[0]!.count, resetAt };
    },
    async setLoginStatus(loginId, status, at) {
      await ensureOpen();
      return setStatus(pool!, loginId, status, at);
    },
    async savePendingState(record, now) {
      await ensureOpen();
      // Expired states go as new ones come, not only when a callback arrives.
      pendingInserts += 1;
      if (pendingInserts % PRUNE_EVERY === 0) await dropExpiredStates(pool!, now);
      // A state already pending keeps its first binding; only an expired one may be taken over.
      const result = await q(
        pool!,
        `INSERT INTO ${T.pending} AS p (state, user_id, flow, service_id, login_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (state) DO UPDATE SET user_id = EXCLUDED.user_id, flow = EXCLUDED.flow, service_id = EXCLUDED.service_id,
           login_id = EXCLUDED.login_id, expires_at = EXCLUDED.expires_at,
           completion_status = NULL, completion_login_id = NULL, completion_digest = NULL, completed_at = NULL
         WHERE p.expires_at <= $7`,
        [record.state, record.userId, record.flow, record.serviceId, record.loginId, record.expiresAt, now],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async getPendingState(state) {
      const { rows } = await query<PendingRow>(`SELECT * FROM ${T.pending} WHERE state = $1`, [state]);
      return rows[0] && toPending(rows[0]);
    },
    async completePendingState({ state, completion, login, keepUntil }: StateCompletionInput) {
      await ensureOpen();
      return transaction(async (client): Promise<CompletedState | undefined> => {
        await dropExpiredStates(client, completion.at);
        // The row lock: a second completion (another instance) waits here, then reads the first one's.
        const { rows } = await q<PendingRow>(client, `SELECT * FROM ${T.pending} WHERE state = $1 FOR UPDATE`, [state]);
        const row = rows[0];
        const before = row && completionOf(row);
        if (before) return { completion: before, replayed: true };
        if (!row || row.expires_at <= completion.at) {
          if (row) await q(client, `DELETE FROM ${T.pending} WHERE state = $1`, [state]);
          return undefined;
        }
        let kept = completion;
        if (login !== null) {
          // A unique index refusing the login (see saveLogin) must not undo the completion: a savepoint.
          await q(client, 'SAVEPOINT finsify_login');
          let stored: boolean;
          try {
            stored = await writeLogin(client, login);
            await q(client, 'RELEASE SAVEPOINT finsify_login');
          } catch (error) {
            if (codeOf(error) !== UNIQUE_VIOLATION) throw error;
            await q(client, 'ROLLBACK TO SAVEPOINT finsify_login');
            stored = false;
          }
          if (!stored) kept = { ...completion, status: 'error' };
        }
        await q(
          client,
          `UPDATE ${T.pending} SET completion_status = $1, completion_login_id = $2, completion_digest = $3, completed_at = $4,
             expires_at = GREATEST(expires_at, $5) WHERE state = $6`,
          [kept.status, kept.loginId, kept.secretDigest, kept.at, keepUntil, state],
        );
        return { completion: kept, replayed: false };
      });
    },
    async recordWebhookEvent({ key, event, handOver }: WebhookDeliveryRecord): Promise<WebhookRecordOutcome> {
      await ensureOpen();
      // The key, the status and the event are one transaction: a crash keeps all of a delivery or none.
      // A second delivery of one key (another instance) waits on the key's index entry, then is a duplicate.
      return transaction(async (client): Promise<WebhookRecordOutcome> => {
        if (key !== null) {
          seenInserts += 1;
          if (seenInserts % PRUNE_EVERY === 0) {
            await q(client, `DELETE FROM ${T.seen} WHERE key IN (SELECT key FROM ${T.seen} WHERE seen_at < $1 FOR UPDATE SKIP LOCKED)`, [
              event.receivedAt - SEEN_KEPT_MS,
            ]);
          }
          const marked = await q(client, `INSERT INTO ${T.seen} (key, seen_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, event.receivedAt]);
          if ((marked.rowCount ?? 0) === 0) return { duplicate: true };
        }
        const applied = event.status === null ? true : await setStatus(client, event.loginId, event.status, event.timestamp);
        const pending = handOver === true || (handOver === 'if-applied' && applied);
        const { rows } = await q<{ seq: number }>(
          client,
          `INSERT INTO ${T.events} (type, login_id, reference_id, status, timestamp, received_at, applied, payload, pending)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`,
          [event.type, event.loginId, event.referenceId, event.status, event.timestamp, event.receivedAt, applied, JSON.stringify(event.payload), pending],
        );
        const seq = rows[0]!.seq;
        // Pending events stay whatever their age; rows another transaction holds are left for a later trim.
        await q(client, `DELETE FROM ${T.events} WHERE seq IN (SELECT seq FROM ${T.events} WHERE seq <= $1 AND NOT pending FOR UPDATE SKIP LOCKED)`, [
          seq - WEBHOOK_EVENTS_KEPT,
        ]);
        return { duplicate: false, seq, applied, pending };
      });
    },
    async takeDueWebhookEvents(now, limit, leaseUntil) {
      await ensureOpen();
      // One statement: the due rows are locked (rows another instance is taking are skipped, not waited
      // for), leased and counted; a row taken meanwhile is re-checked and no longer due.
      const { rows } = await q<EventRow>(
        pool!,
        `WITH due AS (
           SELECT seq FROM ${T.events} WHERE pending AND due_at <= $1 ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE ${T.events} e SET due_at = $3, attempts = e.attempts + 1 FROM due WHERE e.seq = due.seq RETURNING e.*`,
        [now, limit, leaseUntil],
      );
      return rows.map(toEvent).sort((a, b) => a.seq - b.seq);
    },
    async settleWebhookEvent(seq, retryAt) {
      if (retryAt === null) await query(`UPDATE ${T.events} SET pending = false WHERE seq = $1`, [seq]);
      else await query(`UPDATE ${T.events} SET due_at = $2 WHERE seq = $1`, [seq, retryAt]);
    },
    async listWebhookEvents(loginIds, limit) {
      if (loginIds.length === 0) return [];
      const { rows } = await query<EventRow>(`SELECT * FROM ${T.events} WHERE login_id = ANY($1::bigint[]) ORDER BY seq DESC LIMIT $2`, [loginIds, limit]);
      return rows.map(toEvent);
    },
    async close() {
      if (closed) return;
      closed = true;
      await opening?.catch(() => {});
      // A pool the partner gave is theirs to end.
      if (ownPool && pool) await pool.end();
      pool = undefined;
    },
  };

  /** Deletes expired states, skipping those another transaction holds (no waiting, no deadlock). */
  async function dropExpiredStates(db: { query(config: PostgresQueryConfig): Promise<PostgresQueryResult> }, now: number) {
    await q(db, `DELETE FROM ${T.pending} WHERE state IN (SELECT state FROM ${T.pending} WHERE expires_at <= $1 FOR UPDATE SKIP LOCKED)`, [now]);
  }
}

function toCustomer(row: CustomerRow): CustomerRecord {
  return { userId: row.user_id, customerId: row.customer_id, identifier: row.identifier, createdAt: row.created_at };
}

function toLogin(row: LoginRow): StoredLogin {
  return {
    userId: row.user_id,
    loginId: row.login_id,
    sealedSecret: row.sealed_secret,
    secretHash: row.secret_hash,
    serviceId: row.service_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmed: row.confirmed,
  };
}

function toSummary(row: SummaryRow): LoginSummary {
  // A cleared status is kept as '' (the column is NOT NULL), so an older one is still not applied.
  return {
    loginId: row.login_id,
    serviceId: row.service_id,
    status: row.status || null,
    statusAt: row.status ? row.status_at : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmed: row.confirmed,
  };
}



