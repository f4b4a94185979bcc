import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore, type ProxyStore } from '../../../src/server.js';
import { read, testProxy } from './helpers.js';

/** A memory store whose `ping` does what the test says. */
function storeWithPing(ping: () => Promise<void>): ProxyStore {
  return Object.assign(createMemoryStore(), { ping });
}

describe('GET /health', () => {
  it('answers 200 without a session, a rate limit or an origin, when the store answers', async () => {
    const { proxy } = testProxy({ rateLimit: { windowMs: 60_000, maxPerUser: 1, maxPerAddress: 1 } });
    for (let i = 0; i < 3; i += 1) {
      const answer = await read(await proxy(new Request('http://proxy.test/health'), { remoteAddress: '10.0.0.1' }));
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'ok' });
      assert.equal(answer.headers.get('cache-control'), 'no-store');
    }
  });

  it('answers 503, saying nothing of why, when the store fails; the reason goes to the log', async () => {
    const { proxy, logger } = testProxy({ store: storeWithPing(() => Promise.reject(new Error('connection refused at 10.1.2.3:5432'))) });
    const answer = await read(await proxy(new Request('http://proxy.test/health')));
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, { status: 'unavailable' });
    assert.match(logger.text(), /health check failed.*connection refused/);
  });

  it('answers 503 when the store does not answer in time', async () => {
    const { proxy } = testProxy({ store: storeWithPing(() => new Promise(() => {})) });
    const answer = await read(await proxy(new Request('http://proxy.test/health')));
    assert.equal(answer.status, 503);
  });

  it('lives under the base path', async () => {
    const { proxy } = testProxy({ basePath: '/api/finsify' });
    assert.equal((await proxy(new Request('http://proxy.test/api/finsify/health'))).status, 200);
    assert.equal((await proxy(new Request('http://proxy.test/health'))).status, 404);
  });
});
