/**
 * The demo stack (`npm run demo`) answers its own page only: a page on another local origin gets
 * no CORS from Vite, the backend or the sandbox's controls, and a visitor who has not chosen a
 * demo user is nobody (401), not Alice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemoStack, type DemoStack } from '../../../demo/stack.js';

describe('the demo stack and other local origins', () => {
  let stack: DemoStack;
  let demoOrigin: string;
  let otherOrigin: string;
  before(async () => {
    stack = await startDemoStack({ demoPort: 0, sandboxPort: 0, storeFile: null, logLevel: 'silent', watch: false });
    demoOrigin = new URL(stack.demoUrl).origin;
    otherOrigin = `http://localhost:${Number(new URL(stack.demoUrl).port) + 1}`;
  });
  after(() => stack?.close());

  const backend = (path: string, init: RequestInit = {}) => fetch(new URL(`api/finsify/${path}`, stack.demoUrl), init);

  it('gives another local origin no CORS, on the backend and the page alike (preflights too)', async () => {
    for (const origin of [otherOrigin, 'http://127.0.0.1:5174', 'http://localhost:3000']) {
      for (const path of ['api/finsify/logins', 'demo-config.json', '']) {
        const get = await fetch(new URL(path, stack.demoUrl), { headers: { origin, cookie: 'demo_user=alice' } });
        assert.equal(get.headers.get('access-control-allow-origin'), null, `GET /${path} from ${origin}`);
        await get.body?.cancel();
        const preflight = await fetch(new URL(path, stack.demoUrl), {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        assert.equal(preflight.headers.get('access-control-allow-origin'), null, `OPTIONS /${path} from ${origin}`);
        assert.equal(preflight.headers.get('access-control-allow-credentials'), null, `OPTIONS /${path} from ${origin}`);
        await preflight.body?.cancel();
      }
    }
    // The demo's own origin is still answered as before.
    const own = await fetch(new URL('demo-config.json', stack.demoUrl), { headers: { origin: demoOrigin } });
    assert.equal(own.headers.get('access-control-allow-origin'), demoOrigin);
    await own.body?.cancel();
  });

  it('takes a request without a chosen demo user for nobody (401), not Alice', async () => {
    for (const cookie of [undefined, '', 'demo_user=', 'demo_user=mallory', 'demo_user=%E0%A4%A', 'other=alice']) {
      const response = await backend('logins', { headers: cookie === undefined ? {} : { cookie } });
      assert.equal(response.status, 401, `cookie ${JSON.stringify(cookie)}: ${await response.text()}`);
    }
    const alice = await backend('logins', { headers: { cookie: 'demo_user=alice' } });
    assert.equal(alice.status, 200, await alice.text());
  });

  it('lets the demo page drive the sandbox controls, and no other origin', async () => {
    const own = await fetch(`${stack.sandboxUrl}/_sandbox/state`, { headers: { origin: demoOrigin } });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), demoOrigin);
    await own.body?.cancel();
    for (const origin of [otherOrigin, stack.sandboxUrl.replace('127.0.0.1', 'localhost')]) {
      const other = await fetch(`${stack.sandboxUrl}/_sandbox/reset`, { method: 'POST', headers: { origin } });
      assert.equal(other.status, 403, origin);
      assert.equal(other.headers.get('access-control-allow-origin'), null, origin);
      await other.body?.cancel();
    }
  });
});
