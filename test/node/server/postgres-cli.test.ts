// `npm run proxy` with PROXY_DATABASE_URL: the PostgreSQL store, migrated at start, named on the
// startup line without its password.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, it } from 'node:test';
import pg from 'pg';
import { POSTGRES_SCHEMA_VERSION } from '../../../src/server/store/postgres.js';
import { createTestDatabase, dropAllTestDatabases } from './postgres-server.js';

after(dropAllTestDatabases);

it('npm run proxy with PROXY_DATABASE_URL runs on PostgreSQL, migrates it, and never prints the password', async (t) => {
  const db = await createTestDatabase();
  // The test server trusts loopback, so any password connects: enough to see it is not printed.
  const url = new URL(db.url);
  url.password = 'hunter2-not-printed';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts'], {
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: process.env.NODE_OPTIONS,
      FINSIFY_CLIENT_ID: 'client',
      FINSIFY_SERVICE_SECRET: 'secret',
      PROXY_CALLBACK_BASE_URL: 'http://localhost:5173/callback',
      PROXY_ALLOWED_ORIGINS: 'http://localhost:5173',
      PROXY_PORT: '0',
      PROXY_DATABASE_URL: url.toString(),
      PROXY_DATABASE_POOL_MAX: '3',
      PROXY_SECRET_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  t.after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await db.drop();
  });
  for (let i = 0; i < 300 && !/listening on/.test(output) && child.exitCode === null; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.match(output, /Finsify proxy listening on http:\/\/127\.0\.0\.1:\d+ .*store PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/finsify_test_/, output);
  assert.ok(!output.includes('hunter2'), output);

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM finsify_schema_migrations');
    assert.equal(rows[0]?.version, POSTGRES_SCHEMA_VERSION);
  } finally {
    await client.end();
  }
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0, output);
});
