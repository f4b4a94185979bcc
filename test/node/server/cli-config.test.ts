import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { TEST_SECRET_KEYS } from './helpers.js';
import { demoIdentify, describeStore, readCliConfig, redactDatabaseUrl } from '../../../src/server/cli-config.js';

const valid = {
  FINSIFY_CLIENT_ID: 'client',
  FINSIFY_SERVICE_SECRET: 'secret',
  PROXY_CALLBACK_BASE_URL: 'http://localhost:5173/callback',
  PROXY_ALLOWED_ORIGINS: 'http://localhost:5173, http://127.0.0.1:5173',
  PROXY_SECRET_KEYS: TEST_SECRET_KEYS,
};

describe('proxy CLI configuration', () => {
  it('reads a valid environment with defaults', () => {
    const result = readCliConfig(valid);
    assert.ok(result.ok);
    assert.equal(result.config.port, 8788);
    assert.equal(result.config.host, '127.0.0.1');
    assert.equal(result.config.finsifyBaseUrl, 'https://api.finsify.com');
    assert.deepEqual(result.config.allowedOrigins, ['http://localhost:5173', 'http://127.0.0.1:5173']);
    assert.equal(result.config.storeFile, '.data/finsify-proxy.sqlite');
    assert.deepEqual(result.config.rateLimit, { windowMs: 60_000, maxPerUser: 120, maxPerAddress: 600 });
    assert.equal(result.config.secretMode, 'browser');
    assert.equal(result.config.trustedHops, 0);
    assert.equal(result.config.forwardPageHints, false);
  });

  it('forwards page hints to connect_url with PROXY_FORWARD_PAGE_HINTS=1', () => {
    const result = readCliConfig({ ...valid, PROXY_FORWARD_PAGE_HINTS: '1' });
    assert.ok(result.ok);
    assert.equal(result.config.forwardPageHints, true);
  });

  it('reads the trusted proxy hops, and the former PROXY_TRUST_X_FORWARDED_FOR=1 as one hop', () => {
    const hops = (env: Record<string, string>) => {
      const result = readCliConfig({ ...valid, ...env });
      return result.ok ? result.config.trustedHops : result.errors.join();
    };
    assert.equal(hops({ PROXY_TRUSTED_HOPS: '2' }), 2);
    assert.equal(hops({ PROXY_TRUST_X_FORWARDED_FOR: '1' }), 1);
    assert.equal(hops({ PROXY_TRUST_X_FORWARDED_FOR: '1', PROXY_TRUSTED_HOPS: '0' }), 0);
    assert.match(String(hops({ PROXY_TRUSTED_HOPS: 'many' })), /^PROXY_TRUSTED_HOPS must be a whole number/);
  });

  it('requires PROXY_SECRET_KEYS, checks it without quoting it, and takes PROXY_INSECURE_DEVELOPMENT_KEY=1 instead', () => {
    const { PROXY_SECRET_KEYS: _keys, ...withoutKeys } = valid;
    const missing = readCliConfig(withoutKeys);
    assert.ok(!missing.ok);
    assert.equal(missing.errors.length, 1);
    assert.match(missing.errors[0]!, /^PROXY_SECRET_KEYS is required .*openssl rand -base64 32.*PROXY_INSECURE_DEVELOPMENT_KEY=1/);
    const development = readCliConfig({ ...withoutKeys, PROXY_INSECURE_DEVELOPMENT_KEY: '1' });
    assert.ok(development.ok);
    assert.deepEqual([development.config.secretKeys, development.config.insecureDevelopmentKey], [undefined, true]);
    const configured = readCliConfig(valid);
    assert.ok(configured.ok);
    assert.deepEqual([configured.config.secretKeys, configured.config.insecureDevelopmentKey], [TEST_SECRET_KEYS, false]);
    const short = 'c2hvcnQta2V5LW1hdGVyaWFs';
    for (const [keys, pattern] of [
      [`k1:${short}`, /key "k1" is 18 bytes, not 32/],
      [`bad id!:${short}`, /entry 1 has an invalid key id/],
      [`${TEST_SECRET_KEYS},k1:${short}`, /key id "k1" appears twice/],
      [short, /entry 1 is not "<id>:<base64 key>"/],
      ['k1:not base64 at all', /key "k1" is not valid base64/],
    ] as const) {
      const result = readCliConfig({ ...valid, PROXY_SECRET_KEYS: keys });
      assert.ok(!result.ok, keys);
      assert.match(result.errors.join('\n'), pattern);
      assert.match(result.errors.join('\n'), /^PROXY_SECRET_KEYS/);
      assert.ok(!result.errors.join('\n').includes(short), 'no key material in the message');
    }
  });

  it('names every missing or invalid variable', () => {
    const missing = readCliConfig({});
    assert.ok(!missing.ok);
    const text = missing.errors.join('\n');
    for (const name of ['FINSIFY_CLIENT_ID', 'FINSIFY_SERVICE_SECRET or FINSIFY_APP_SECRET', 'PROXY_CALLBACK_BASE_URL', 'PROXY_ALLOWED_ORIGINS']) {
      assert.ok(text.includes(name), name);
    }
    const invalid = readCliConfig({
      ...valid,
      PROXY_PORT: '99999',
      FINSIFY_BASE_URL: 'ftp://x',
      PROXY_SECRET_MODE: 'cloud',
      PROXY_RATE_LIMIT: '1,2',
      PROXY_ALLOWED_ORIGINS: 'localhost',
    });
    assert.ok(!invalid.ok);
    const names = invalid.errors.map((error) => error.split(' ')[0]);
    assert.deepEqual(names.sort(), ['FINSIFY_BASE_URL', 'PROXY_ALLOWED_ORIGINS', 'PROXY_PORT', 'PROXY_RATE_LIMIT', 'PROXY_SECRET_MODE'].sort());
    const server = readCliConfig({ ...valid, PROXY_SECRET_MODE: 'server' });
    assert.ok(!server.ok && server.errors.some((error) => error.startsWith('PROXY_PUBLIC_URL')));
    const off = readCliConfig({ ...valid, PROXY_RATE_LIMIT: 'off' });
    assert.ok(off.ok && off.config.rateLimit === false);
  });

  it('exits 1 naming the variable when started without settings', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts'], { env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS }, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /FINSIFY_CLIENT_ID is required/);
  });

  it('demo identify reads the X-Demo-User header or the demo_user cookie, and nothing odd', () => {
    const request = (headers: Record<string, string>) => new Request('http://x/', { headers });
    assert.equal(demoIdentify(request({ 'x-demo-user': 'alice' })), 'alice');
    assert.equal(demoIdentify(request({ cookie: 'a=b; demo_user=bob%40example.com' })), 'bob@example.com');
    assert.equal(demoIdentify(request({ cookie: 'demo_user=%E0%A4' })), null);
    assert.equal(demoIdentify(request({ 'x-demo-user': 'a b' })), null);
    assert.equal(demoIdentify(request({})), null);
  });
});

describe('proxy CLI store choice', () => {
  it('PROXY_DATABASE_URL picks PostgreSQL (postgres:// or postgresql://), with an optional pool size; else the SQLite file', () => {
    const pick = (env: Record<string, string>) => {
      const result = readCliConfig({ ...valid, ...env });
      if (!result.ok) return result.errors.join('; ');
      return describeStore(result.config);
    };
    assert.equal(pick({}), 'SQLite .data/finsify-proxy.sqlite');
    assert.equal(pick({ PROXY_STORE_FILE: '/var/lib/proxy.sqlite' }), 'SQLite /var/lib/proxy.sqlite');
    assert.equal(pick({ PROXY_DATABASE_URL: 'postgres://app:hunter2@db:5432/finsify' }), 'PostgreSQL postgres://app:***@db:5432/finsify');
    assert.equal(pick({ PROXY_DATABASE_URL: 'postgresql://app@db/finsify', PROXY_DATABASE_POOL_MAX: '20' }), 'PostgreSQL postgresql://app@db/finsify');
    const config = readCliConfig({ ...valid, PROXY_DATABASE_URL: 'postgresql://app@db/finsify', PROXY_DATABASE_POOL_MAX: '20' });
    assert.ok(config.ok);
    assert.equal(config.config.databasePoolMax, 20);
    assert.match(pick({ PROXY_DATABASE_URL: 'mysql://app:hunter2@db/x' }), /^PROXY_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/app:\*\*\*@db\/x"$/);
    assert.match(pick({ PROXY_DATABASE_URL: 'postgres://db/x', PROXY_STORE_FILE: 'a.sqlite' }), /PROXY_STORE_FILE and PROXY_DATABASE_URL are both set/);
    assert.match(pick({ PROXY_DATABASE_POOL_MAX: '5' }), /PROXY_DATABASE_POOL_MAX is set without PROXY_DATABASE_URL/);
    assert.match(pick({ PROXY_DATABASE_URL: 'postgres://db/x', PROXY_DATABASE_POOL_MAX: '0' }), /PROXY_DATABASE_POOL_MAX must be a whole number from 1 to 1000/);
  });

  it('never prints a database password', () => {
    assert.equal(redactDatabaseUrl('postgres://u:p%40ss@h:5432/db?sslmode=require'), 'postgres://u:***@h:5432/db?sslmode=require');
    assert.equal(redactDatabaseUrl('postgres://h/db?password=secret&application_name=x'), 'postgres://h/db?password=***&application_name=x');
    assert.equal(redactDatabaseUrl('postgres://u@h/db'), 'postgres://u@h/db');
    assert.ok(!redactDatabaseUrl('postgres://u:secret@[::1/db').includes('secret'));
  });
});
