import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMemoryStore, createSqliteStore, parseSecretKeys, reencryptSecrets, type ProxyStore } from '../../../src/server.js';
import { INSECURE_DEVELOPMENT_KEY, SealedSecretError, createSecretCipher } from '../../../src/server/secret-cipher.js';
import { call, captureLogger, read, sealed, secretFor, testProxy } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'finsify-secrets-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const K1 = `k1:${key(1)}`;
const K2 = `k2:${key(2)}`;

describe('secret keys', () => {
  it('reads "<id>:<base64>" lists, newest first, and lists of { id, key }', () => {
    assert.deepEqual(parseSecretKeys(`${K2}, ${K1}`).map((k) => [k.id, k.key.length, k.key[0]]), [['k2', 32, 2], ['k1', 32, 1]]);
    const url = key(3).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    assert.equal(parseSecretKeys(`k3:${url}`)[0]!.key[0], 3);
    assert.deepEqual(parseSecretKeys([{ id: 'a', key: new Uint8Array(32).fill(9) }, { id: 'b', key: key(4) }]).map((k) => k.id), ['a', 'b']);
  });

  it('refuses empty lists, bad ids, repeated ids and keys that are not 32 bytes, never quoting a key', () => {
    const short = btoa('sixteen-byte-key');
    const cases: [Parameters<typeof parseSecretKeys>[0], RegExp][] = [
      ['', /is empty; make a key with `openssl rand -base64 32`/],
      [' , ', /is empty/],
      [[], /is empty/],
      [`k1:${short}`, /key "k1" is 16 bytes, not 32/],
      [`${K1},k1:${key(5)}`, /key id "k1" appears twice/],
      [`with.dot:${key(1)}`, /entry 1 has an invalid key id/],
      [`${'x'.repeat(33)}:${key(1)}`, /entry 1 has an invalid key id/],
      [key(1), /entry 1 is not "<id>:<base64 key>"/],
      [[{ id: 'k', key: new Uint8Array(31) }], /key "k" is 31 bytes/],
    ];
    for (const [input, pattern] of cases) {
      assert.throws(() => parseSecretKeys(input), (error: Error) => {
        assert.match(error.message, pattern);
        for (const material of [short, key(1), key(5)]) assert.ok(!error.message.includes(material), 'no key material');
        return true;
      });
    }
  });
});

describe('secret cipher', () => {
  const cipher = createSecretCipher(parseSecretKeys(K1));

  it('seals with a random IV and opens for the same row', async () => {
    const a = await cipher.seal('the-secret', 'alice', 10);
    const b = await cipher.seal('the-secret', 'alice', 10);
    assert.match(a, /^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.notEqual(a, b);
    assert.ok(!a.includes('the-secret'));
    assert.equal(await cipher.open(a, 'alice', 10), 'the-secret');
    assert.equal(await cipher.open(b, 'alice', 10), 'the-secret');
    assert.equal(cipher.isCurrent(a), true);
    assert.equal(cipher.keyIdOf(a), 'k1');
  });

  it('does not open a sealed secret moved to another row, or changed', async () => {
    const sealedSecret = await cipher.seal('the-secret', 'alice', 10);
    for (const [userId, loginId] of [['bob', 10], ['alice', 11]] as const) {
      await assert.rejects(cipher.open(sealedSecret, userId, loginId), (error: Error) => {
        assert.ok(error instanceof SealedSecretError);
        assert.match(error.message, /sealed under key "k1" failed its integrity check: changed, or moved from another login row/);
        return true;
      });
    }
    const [v, id, iv, data] = sealedSecret.split('.');
    const flipped = `${data!.slice(0, 5)}${data![5] === 'A' ? 'B' : 'A'}${data!.slice(6)}`;
    await assert.rejects(cipher.open(`${v}.${id}.${iv}.${flipped}`, 'alice', 10), /failed its integrity check/);
    await assert.rejects(cipher.open('v1.k1.nonsense', 'alice', 10), /not a sealed secret this version reads/);
    await assert.rejects(cipher.open('plain.the-secret', 'alice', 10), /a plaintext secret left by a migration/);
  });

  it('names an unknown key id, never the data', async () => {
    const other = createSecretCipher(parseSecretKeys(K2));
    const sealedSecret = await other.seal('the-secret', 'alice', 10);
    await assert.rejects(cipher.open(sealedSecret, 'alice', 10), (error: Error) => {
      assert.ok(error instanceof SealedSecretError);
      assert.equal(error.keyId, 'k2');
      assert.match(error.message, /sealed under key "k2", which is not in secretKeys \(PROXY_SECRET_KEYS\)/);
      assert.ok(!error.message.includes(sealedSecret.split('.')[3]!));
      return true;
    });
  });

  it('after a rotation seals under the new key, still opens under the old one, and hashes under both, newest first', async () => {
    const before = await cipher.seal('the-secret', 'alice', 10);
    const rotated = createSecretCipher(parseSecretKeys(`${K2},${K1}`));
    assert.equal(await rotated.open(before, 'alice', 10), 'the-secret');
    assert.equal(rotated.isCurrent(before), false);
    const after = await rotated.seal('the-secret', 'alice', 10);
    assert.match(after, /^v1\.k2\./);
    const hashes = await rotated.hashes('the-secret');
    assert.equal(hashes.length, 2);
    assert.match(hashes[0]!, /^k2\.[0-9a-f]{64}$/);
    assert.equal(hashes[1], await cipher.hash('the-secret'));
    assert.equal(await rotated.hash('the-secret'), hashes[0]);
    assert.notEqual(await cipher.hash('other'), await cipher.hash('the-secret'));
    // The hash key is not the sealing key, and neither is the raw key: an HMAC of the secret under the raw key differs.
    const raw = await crypto.subtle.importKey('raw', parseSecretKeys(K1)[0]!.key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const plainHmac = [...new Uint8Array(await crypto.subtle.sign('HMAC', raw, new TextEncoder().encode('the-secret')))].map((b) => b.toString(16).padStart(2, '0')).join('');
    assert.notEqual(hashes[1], `k1.${plainHmac}`);
  });

  it('has a fixed development key, documented in the source', () => {
    assert.equal(INSECURE_DEVELOPMENT_KEY.id, 'insecure-dev');
    assert.equal(new TextDecoder().decode(INSECURE_DEVELOPMENT_KEY.key), 'finsify-connect-insecure-dev-key');
  });
});

describe('the proxy and its keys', () => {
  const base = () => testProxy({ secretKeys: undefined });

  it('refuses a persistent store without secretKeys, naming the option, the variable and how to make a key', () => {
    assert.throws(
      () => testProxy({ store: createSqliteStore({ file: join(scratch, 'no-keys.sqlite') }), secretKeys: undefined }),
      /secretKeys is required with a persistent store .*PROXY_SECRET_KEYS.*openssl rand -base64 32/,
    );
    assert.throws(() => testProxy({ secretKeys: 'k1:c2hvcnQ=' }), /createFinsifyProxy: secretKeys: key "k1" is 5 bytes, not 32/);
  });

  it('seals under a random key of its own with the memory store and no keys', async () => {
    const { proxy, store } = base();
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: secretFor(23456) } }))).status, 201);
    const login = await store.getLogin('alice', 23456);
    assert.match(login?.sealedSecret ?? '', /^v1\.ephemeral\./);
    assert.equal((await proxy(call('/accounts?login_id=23456'))).status, 200);
  });

  it('warns once that the development key is insecure, and seals under it', async () => {
    const store = createSqliteStore({ file: join(scratch, 'dev-key.sqlite') });
    const { proxy, logger } = testProxy({ store, secretKeys: undefined, insecureDevelopmentKey: true });
    await proxy.ready();
    assert.equal(logger.lines.filter((line) => /insecure development key/.test(line.message)).length, 1);
    assert.equal((await proxy(call('/logins', { body: { login_id: 23456, secret: secretFor(23456) } }))).status, 201);
    assert.match((await store.getLogin('alice', 23456))?.sealedSecret ?? '', /^v1\.insecure-dev\./);
    await proxy.close();
  });

  it('answers 500 for a login whose secret does not open, logging the key id, never the data', async () => {
    const store = createMemoryStore();
    const foreign = createSecretCipher(parseSecretKeys(`gone:${key(7)}`));
    const secret = secretFor(500);
    const sealedSecret = await foreign.seal(secret, 'alice', 500);
    await store.saveLogin({ ...(await sealed({ userId: 'alice', loginId: 500, secret, serviceId: 8, createdAt: 1, updatedAt: 1 })), sealedSecret });
    // Moved from another row: bob's sealed secret copied onto alice's login 501.
    const bobs = await sealed({ userId: 'bob', loginId: 501, secret: secretFor(501), serviceId: 8, createdAt: 1, updatedAt: 1 });
    await store.saveLogin({ ...(await sealed({ userId: 'alice', loginId: 501, secret: 'x-501', serviceId: 8, createdAt: 1, updatedAt: 1 })), sealedSecret: bobs.sealedSecret });
    const { proxy, logger } = testProxy({ store });
    for (const [loginId, keyId, reason] of [[500, 'gone', /not in secretKeys/], [501, 'k1', /integrity check/]] as const) {
      const answer = await read(await proxy(call(`/accounts?login_id=${loginId}`)));
      assert.deepEqual([answer.status, answer.body.error], [500, 'InternalError']);
      const line = logger.lines.findLast((l) => l.message.startsWith('login secret cannot be opened'));
      assert.match(line?.message ?? '', reason);
      assert.deepEqual(line?.fields, { userId: 'alice', loginId, keyId });
    }
    assert.ok(!logger.text().includes(sealedSecret.split('.')[3]!));
    assert.ok(!logger.text().includes(secret));
    // The token route for a reconnect and the login actions answer the same.
    assert.equal((await proxy(call('/logins/500/refresh', { method: 'PUT', body: {} }))).status, 500);
  });

  it('recognises a replayed callback after a key rotation', async () => {
    const store = createMemoryStore();
    const options = { store, secretMode: 'server' as const, publicUrl: 'http://proxy.test' };
    const first = testProxy({ ...options, secretKeys: K1 });
    const state = 'rotation_state_0123456789';
    assert.equal((await first.proxy(call('/token', { body: { service_id: 8, state } }))).status, 200);
    const path = `/callback/${state}/${encodeURIComponent(JSON.stringify({ status: 'success', login_id: 700, secret: secretFor(700) }))}`;
    assert.match((await first.proxy(call(path))).headers.get('location') ?? '', /status=success/);
    const second = testProxy({ ...options, secretKeys: `${K2},${K1}` });
    assert.match((await second.proxy(call(path))).headers.get('location') ?? '', /status=success&login_id=700/);
    // Another secret for the same state is still refused.
    const other = `/callback/${state}/${encodeURIComponent(JSON.stringify({ status: 'success', login_id: 700, secret: secretFor(701) }))}`;
    assert.match((await second.proxy(call(other))).headers.get('location') ?? '', /status=error/);
  });
});

describe('reencryptSecrets', () => {
  async function filled(file: string, count: number): Promise<ProxyStore> {
    const store = createSqliteStore({ file });
    const { proxy } = testProxy({ store, secretKeys: K1 });
    await proxy.ready();
    for (let i = 0; i < count; i += 1) {
      const loginId = 1000 + i;
      assert.equal((await proxy(call('/logins', { user: `user-${i % 3}`, body: { login_id: loginId, secret: secretFor(loginId) } }))).status, 201);
    }
    return store;
  }

  it('moves every login to the newest key, page by page; older keys can go after it', async () => {
    const store = await filled(join(scratch, 'rotate.sqlite'), 7);
    const logger = captureLogger();
    const result = await reencryptSecrets({ store, secretKeys: `${K2},${K1}`, batchSize: 3, logger });
    assert.deepEqual(result, { examined: 7, resealed: 7, alreadyCurrent: 0, changedMeanwhile: 0 });
    assert.deepEqual(await reencryptSecrets({ store, secretKeys: `${K2},${K1}`, batchSize: 3 }), { examined: 7, resealed: 0, alreadyCurrent: 7, changedMeanwhile: 0 });
    assert.ok(!logger.text().includes(secretFor(1000)));
    // Only the new key now: everything opens, uniqueness still holds.
    const { proxy } = testProxy({ store, secretKeys: K2 });
    for (let i = 0; i < 7; i += 1) assert.equal((await proxy(call(`/accounts?login_id=${1000 + i}`, { user: `user-${i % 3}` }))).status, 200);
    const taken = await read(await proxy(call('/logins', { user: 'mallory', body: { login_id: 1000, secret: secretFor(1000) } })));
    assert.equal(taken.status, 404);
    await store.close();
  });

  it('never seals a plain-text value planted in a row that has a hash (only a migration carry-over is plain)', async () => {
    const store = await filled(join(scratch, 'planted.sqlite'), 2);
    const victim = (await store.getLogin('user-1', 1001))!;
    // Someone with write access to the database plants a chosen secret, plain, in another user's row.
    assert.equal(await store.resealLogin('user-1', 1001, victim.sealedSecret, 'plain.chosen-secret', victim.secretHash), true);
    await assert.rejects(reencryptSecrets({ store, secretKeys: `${K2},${K1}` }), /reencryptSecrets: login 1001 of user "user-1"/);
    assert.equal((await store.getLogin('user-1', 1001))?.sealedSecret, 'plain.chosen-secret');
    await store.close();
  });

  it('fails clearly on a login sealed under a key it is not given', async () => {
    const store = await filled(join(scratch, 'unknown-key.sqlite'), 2);
    await assert.rejects(reencryptSecrets({ store, secretKeys: K2 }), /reencryptSecrets: login 1000 of user "user-0": .*sealed under key "k1", which is not in secretKeys/);
    await store.close();
  });

  it('leaves a login a reconnect changed while it ran (compare and set)', async () => {
    const store = await filled(join(scratch, 'concurrent.sqlite'), 4);
    const { proxy } = testProxy({ store, secretKeys: `${K2},${K1}` });
    let reconnected = false;
    // Between reading a page and resealing it, a reconnect of user-1's login 1001 stores a new secret.
    const racing: ProxyStore = {
      ...store,
      async resealLogin(...args) {
        if (!reconnected && args[1] === 1001) {
          reconnected = true;
          const answer = await proxy(call('/logins', { user: 'user-1', body: { login_id: 1001, secret: 'login-1001-secret' } }));
          assert.equal(answer.status, 201);
        }
        return store.resealLogin(...args);
      },
    };
    const result = await reencryptSecrets({ store: racing, secretKeys: `${K2},${K1}`, batchSize: 2 });
    assert.deepEqual(result, { examined: 4, resealed: 3, alreadyCurrent: 0, changedMeanwhile: 1 });
    const kept = await store.getLogin('user-1', 1001);
    assert.match(kept?.sealedSecret ?? '', /^v1\.k2\./);
    // The reconnect's secret, not the one read before it and resealed over it.
    assert.equal(await createSecretCipher(parseSecretKeys(`${K2},${K1}`)).open(kept!.sealedSecret, 'user-1', 1001), 'login-1001-secret');
    assert.equal((await proxy(call('/accounts?login_id=1001', { user: 'user-1' }))).status, 200);
    await store.close();
  });

  it('runs as `npm run proxy -- reencrypt-secrets` from the same environment', async () => {
    const file = join(scratch, 'cli.sqlite');
    const store = await filled(file, 3);
    await store.close();
    const run = (keys: string | undefined) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'reencrypt-secrets'], {
        env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, PROXY_STORE_FILE: file, ...(keys ? { PROXY_SECRET_KEYS: keys } : {}) },
        encoding: 'utf8',
      });
    const missing = run(undefined);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /PROXY_SECRET_KEYS is required/);
    const done = run(`${K2},${K1}`);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /3 logins examined, 3 resealed under the newest key, 0 already under it, 0 changed meanwhile/);
    const again = run(K2);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /3 logins examined, 0 resealed/);
  });
});


