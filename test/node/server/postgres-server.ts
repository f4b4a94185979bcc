// The PostgreSQL server the tests use: FINSIFY_TEST_POSTGRES_URL when set (`npm test` starts one and
// sets it), else a throwaway server started for this test file (scripts/postgres.mjs) and stopped when
// it exits. Never skipped: without a server, the tests fail with what to install.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgres } from '../../../scripts/postgres.mjs';
import { createPostgresStore } from '../../../src/server/store/postgres.js';
import type { ProxyStore } from '../../../src/server/store/types.js';

let server: Promise<string> | undefined;

/** The URL of a server the tests may create databases on (as a superuser). */
export function postgresServerUrl(): Promise<string> {
  const fromEnv = process.env.FINSIFY_TEST_POSTGRES_URL?.trim();
  if (fromEnv) return Promise.resolve(fromEnv);
  // Stopped by scripts/postgres.mjs when this process exits.
  server ??= startPostgres({ log: (line) => console.error(line) }).then((started) => started.url);
  return server;
}

/** A connection string to another database on the same server. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await postgresServerUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** Connects to the new, empty database. */
  url: string;
  name: string;
  /** Drops it, ending any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named, empty database on the test server; `drop()` it when done (every database
 * still undropped is dropped when the process exits normally, as a backstop).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `finsify_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  const url = withDatabase(await postgresServerUrl(), name);
  let dropped: Promise<void> | undefined;
  const database: TestDatabase = {
    url,
    name,
    drop: () => {
      dropped ??= onAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).then(() => {
        undropped.delete(database);
      });
      return dropped;
    },
  };
  undropped.add(database);
  return database;
}

const undropped = new Set<TestDatabase>();

/** Drops what a test file left: call from a top-level `after()`. */
export async function dropAllTestDatabases(): Promise<void> {
  await Promise.all([...undropped].map((database) => database.drop()));
}

export interface TestStoreFactory {
  /** A PostgreSQL store in a schema of its own, empty: what a conformance test expects of `make()`. */
  make(): ProxyStore;
  /** Closes every store made (a pool left open would hold the process for its idle timeout), then drops the database. */
  drop(): Promise<void>;
}

/**
 * Stores for a suite that wants a fresh, empty store per test (the store conformance suite): one
 * database, each store in a schema of its own (cheaper than a database each). Call in a `before()`,
 * and `drop()` in an `after()`:
 *
 *     let factory: TestStoreFactory;
 *     before(async () => (factory = await createTestStoreFactory()));
 *     after(() => factory.drop());
 *     describeStoreConformance('postgres', () => factory.make());
 */
export async function createTestStoreFactory(): Promise<TestStoreFactory> {
  const database = await createTestDatabase();
  const made: ProxyStore[] = [];
  return {
    make() {
      const store = createPostgresStore({ connectionString: database.url, schema: `store_${made.length + 1}`, max: 4 });
      made.push(store);
      return store;
    },
    async drop() {
      await Promise.all(made.map((store) => Promise.resolve(store.close()).catch(() => {})));
      await database.drop();
    },
  };
}
