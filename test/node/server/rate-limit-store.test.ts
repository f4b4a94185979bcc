// Rate limits counted in the store (ProxyStore.countRequest) when it can, so several instances on one
// store share each budget; counted in the process when it cannot. The store here is a fake: the SQL and
// memory stores' own countRequest is checked by the store tests.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createMemoryStore, type ProxyStore } from '../../../src/server.js';
import { call, read, testProxy } from './helpers.js';

/** The memory store (without a countRequest of its own) plus a fake shared counter, recording its calls. */
function countingStore(): { store: ProxyStore; calls: [string, number, number][] } {
  const calls: [string, number, number][] = [];
  const windows = new Map<string, number>();
  const store = withCounting(createMemoryStore(), (key, windowMs, now) => {
    calls.push([key, windowMs, now]);
    const start = Math.floor(now / windowMs) * windowMs;
    const count = (windows.get(`${key}@${start}`) ?? 0) + 1;
    windows.set(`${key}@${start}`, count);
    return Promise.resolve({ count, resetAt: start + windowMs });
  });
  return { store, calls };
}

/**
 * The store with `countRequest` replaced (`undefined`: none, whatever the implementation has), standing
 * for a persistent store (not `ephemeral`: the proxy counts a memory store's requests in the process).
 */
function withCounting(store: ProxyStore, countRequest: ProxyStore['countRequest']): ProxyStore {
  const replaced: Partial<Record<PropertyKey, unknown>> = { countRequest, ephemeral: false };
  return new Proxy(store, { get: (target, name) => (name in replaced ? replaced[name] : Reflect.get(target, name, target)) });
}

const limits = { windowMs: 10_000, maxPerUser: 3, maxPerAddress: 100 };
/** What the store is given for a budget's key: its SHA-256 with the window length, never the user id or address. */
const storedKey = (key: string, windowMs = limits.windowMs) => createHash('sha256').update(`${windowMs}\u0000${key}`).digest('hex');
const refresh = (user: string) => call('/logins/999/refresh', { method: 'PUT', user, body: {} });

describe('rate limits counted in the store', () => {
  it('two proxies on one store share the budget: the 4th request in total is refused, Retry-After until the window ends', async () => {
    const { store, calls } = countingStore();
    const clock = 1_000_000 + 4_000;
    const a = testProxy({ store, rateLimit: limits, now: () => clock });
    const b = testProxy({ store, rateLimit: limits, now: () => clock });
    const statuses: number[] = [];
    for (const proxy of [a, b, a]) statuses.push((await proxy.proxy(refresh('alice'))).status);
    const limited = await read(await b.proxy(refresh('alice')));
    assert.deepEqual(statuses, [404, 404, 404]);
    assert.deepEqual([limited.status, limited.body.error, limited.headers.get('retry-after')], [429, 'TooManyRequests', '6']);
    assert.equal((await a.proxy(refresh('bob'))).status, 404, 'another user has a budget of their own');
    assert.deepEqual(calls[0], [storedKey('u:alice'), 10_000, clock]);
  });

  it('counts per address in the store too, before anything else', async () => {
    const { store, calls } = countingStore();
    const { proxy } = testProxy({ store, rateLimit: { ...limits, maxPerAddress: 2 }, clientAddress: (request) => request.headers.get('x-forwarded-for') ?? undefined });
    const from = (user: string) => proxy(call('/logins/999/refresh', { method: 'PUT', user, body: {}, headers: { 'x-forwarded-for': '203.0.113.9' } }));
    assert.deepEqual([(await from('a')).status, (await from('b')).status, (await from('c')).status], [404, 404, 429]);
    assert.deepEqual(calls.filter(([key]) => key === storedKey('a:203.0.113.9')).length, 3);
    assert.ok(!JSON.stringify(calls).includes('203.0.113.9'), 'the address itself never reaches the store');
  });

  it('a store that cannot count fails the request rather than letting it through unlimited', async () => {
    const store = withCounting(createMemoryStore(), () => Promise.reject(new Error('database down')));
    const { proxy } = testProxy({ store, rateLimit: limits });
    assert.equal((await proxy(refresh('alice'))).status, 500);
  });

  it('without countRequest, each proxy counts its own share (one process only)', async () => {
    const store = withCounting(createMemoryStore(), undefined);
    const a = testProxy({ store, rateLimit: limits });
    const b = testProxy({ store, rateLimit: limits });
    const statuses: number[] = [];
    for (const proxy of [a, b, a, b, a, b]) statuses.push((await proxy.proxy(refresh('alice'))).status);
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 404]);
    assert.equal((await a.proxy(refresh('alice'))).status, 429);
  });
});
