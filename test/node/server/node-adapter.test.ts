import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createFinsifyProxy, createMemoryStore, createNodeListener, startProxy } from '../../../src/server.js';
import { fakeFinsify, happyRoutes, ORIGIN, SERVICE_SECRET, STATE } from './helpers.js';

const options = () => ({
  clientId: 'test-client',
  serviceSecret: SERVICE_SECRET,
  identify: (request: Request) => request.headers.get('x-user'),
  callbackBaseUrl: `${ORIGIN}/callback`,
  allowedOrigins: [ORIGIN],
  store: createMemoryStore(),
  fetch: fakeFinsify(happyRoutes()).fetch,
  rateLimit: { windowMs: 60_000, maxPerUser: 100, maxPerAddress: 2 },
});

const token = (url: string, user: string) =>
  fetch(`${url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-user': user },
    body: JSON.stringify({ service_id: 8, state: STATE }),
  }).then(async (response) => ({ status: response.status, cache: response.headers.get('cache-control'), body: (await response.json()) as { error?: string } }));

describe('Node adapters', () => {
  it('createNodeListener serves the proxy from a plain http server, limiting by socket address', async () => {
    const server = createServer(createNodeListener(createFinsifyProxy(options())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.deepEqual((await token(url, 'a')).status, 200);
      assert.deepEqual((await token(url, 'b')).status, 200);
      const third = await token(url, 'c');
      assert.deepEqual([third.status, third.body.error, third.cache], [429, 'TooManyRequests', 'no-store']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('startProxy listens on the given host and port and stops cleanly', async () => {
    const running = await startProxy({ ...options(), port: 0 });
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await token(running.url, 'a')).status, 200);
    await running.close();
    await assert.rejects(fetch(`${running.url}/token`, { method: 'POST' }));
  });

  it('counts the body limit in bytes, as declared by Content-Length', async () => {
    const running = await startProxy({ ...options(), port: 0, rateLimit: false });
    try {
      // 6,000 three-byte characters: 18,000 bytes, over the 16 KiB limit, in fewer than 16,384 characters.
      const body = JSON.stringify({ service_id: 8, state: STATE, pad: '\u20ac'.repeat(6000) });
      assert.ok(body.length < 16 * 1024 && Buffer.byteLength(body) > 16 * 1024);
      const response = await fetch(`${running.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-user': 'a' },
        body,
      });
      assert.deepEqual([response.status, ((await response.json()) as { error?: string }).error], [413, 'PayloadTooLarge']);
    } finally {
      await running.close();
    }
  });
});
