// A customer creation whose answer is lost (Finsify slower than the proxy's deadline) recovers at the
// next attempt, against the real sandbox over HTTP: the user moves on to a fresh identifier.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/node.js';
import { createMemoryStore, startProxy, type ProxyStore, type RunningProxy } from '../../../src/server.js';
import { captureLogger } from './helpers.js';

const ORIGIN = 'http://localhost:5173';

/** The proxy in front of `sandbox`, users named by the `x-user` header. */
function proxyTo(sandbox: RunningSandbox, store: ProxyStore, limits: { timeoutMs: number; requestBudgetMs?: number }): Promise<RunningProxy> {
  return startProxy({
    port: 0,
    finsifyBaseUrl: sandbox.url,
    clientId: 'sandbox-client',
    serviceSecret: 'sandbox-service-secret',
    identify: (request) => request.headers.get('x-user'),
    callbackBaseUrl: `${ORIGIN}/callback`,
    allowedOrigins: [ORIGIN],
    store,
    ...limits,
    logger: captureLogger(),
    stopOnSignals: false,
  });
}

describe('customer recovery against the sandbox', () => {
  let sandbox: RunningSandbox;
  let proxy: RunningProxy;
  const store = createMemoryStore();
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    // The whole request's budget: a customer creation slower than it has its answer lost.
    proxy = await proxyTo(sandbox, store, { timeoutMs: 800, requestBudgetMs: 800 });
  });
  after(async () => {
    await proxy.close();
    await sandbox.close();
  });

  it('a creation Finsify finished after the proxy gave up does not lock the user out', async () => {
    const token = (state: string) =>
      fetch(`${proxy.url}/token`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'x-user': 'carol', 'content-type': 'application/json' },
        body: JSON.stringify({ service_id: 8, state }),
      });
    sandbox.sandbox.control.setFault('customer', { latencyMs: 1200 });
    const first = await token('recovery_state_0000000001');
    assert.deepEqual([first.status, ((await first.json()) as { error: string }).error], [503, 'ConnectError']);
    // The sandbox made the customer after the proxy stopped waiting: its customer_id is lost.
    await new Promise((resolve) => setTimeout(resolve, 600));
    sandbox.sandbox.control.clearFaults();
    const second = await token('recovery_state_0000000002');
    assert.equal(second.status, 200, await second.clone().text());
    assert.match((await store.getCustomer('carol'))?.identifier ?? '', /^carol~[a-z0-9]{10}$/);
    assert.equal((await token('recovery_state_0000000003')).status, 200);
  });
});

describe('customer creation against a slow sandbox', () => {
  it('gets the whole request budget, not one attempt\'s timeout: a slow Finsify uses no identifier up', async () => {
    const sandbox = await startSandbox({ port: 0 });
    const store = createMemoryStore();
    const proxy = await proxyTo(sandbox, store, { timeoutMs: 800 });
    try {
      sandbox.sandbox.control.setFault('customer', { latencyMs: 1200 });
      const answer = await fetch(`${proxy.url}/token`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'x-user': 'dave', 'content-type': 'application/json' },
        body: JSON.stringify({ service_id: 8, state: 'slow_customer_state_00001' }),
      });
      assert.equal(answer.status, 200);
      assert.equal((await store.getCustomer('dave'))?.identifier, 'dave');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
