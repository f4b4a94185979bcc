// The one-time login secret survives the proxy process dying mid-callback: a real `npm run proxy`
// child (SQLite file) in front of the sandbox, killed with SIGKILL or stopped with SIGTERM while Finsify
// is slow to answer the callback's check, then restarted on the same file and the callback replayed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/node.js';
import { driveConnectPages, freePort, TEST_SECRET_KEYS } from './helpers.js';

const ORIGIN = 'http://localhost:5173';
const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'finsify-custody-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface ProxyProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** `npm run proxy` (the CLI) as a child process, in server mode, on `port` with the store `file`. */
async function startProxyProcess(sandboxUrl: string, port: number, file: string): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: process.env.NODE_OPTIONS,
      FINSIFY_CLIENT_ID: 'sandbox-client',
      FINSIFY_SERVICE_SECRET: 'sandbox-service-secret',
      FINSIFY_BASE_URL: sandboxUrl,
      PROXY_CALLBACK_BASE_URL: `${ORIGIN}/callback`,
      PROXY_ALLOWED_ORIGINS: ORIGIN,
      PROXY_PORT: String(port),
      PROXY_STORE_FILE: file,
      PROXY_SECRET_KEYS: TEST_SECRET_KEYS,
      PROXY_SECRET_MODE: 'server',
      PROXY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PROXY_DONE_URL: `${ORIGIN}/done`,
      PROXY_RATE_LIMIT: 'off',
      PROXY_STOP_GRACE_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!text.includes('Finsify proxy listening')) {
    if (child.exitCode !== null || Date.now() - started > 20_000) throw new Error(`proxy did not start:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => text, exited };
}

const asUser = (user: string) => ({ origin: ORIGIN, 'x-demo-user': user });

describe('custody of the login secret across a crash or a stop mid-callback (real processes)', () => {
  let sandbox: RunningSandbox;
  let serviceId: number;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    const catalog = (await (await fetch(`${sandbox.url}/service.json`)).json()) as { id: number }[] | { data: { id: number }[] };
    serviceId = (Array.isArray(catalog) ? catalog : catalog.data)[0]!.id;
  });
  after(() => sandbox.close());

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} 1.5 s into a callback whose check Finsify answers in 4 s: the restarted proxy completes the replayed callback`, async () => {
      const port = await freePort();
      const file = join(scratch, `custody-${signal}.sqlite`);
      let proxy = await startProxyProcess(sandbox.url, port, file);
      const state = `custody_${signal}_0123456789abcdef`;
      // A user of its own: the sandbox outlives each proxy's store, and Finsify makes one customer per identifier.
      const user = `alice-${signal.toLowerCase()}`;
      try {
        const token = await fetch(`${proxy.url}/token`, {
          method: 'POST',
          headers: { ...asUser(user), 'content-type': 'application/json' },
          body: JSON.stringify({ service_id: serviceId, state }),
        });
        assert.equal(token.status, 200);
        const callbackUrl = await driveConnectPages(((await token.json()) as { data: { connect_url: string } }).data.connect_url);
        assert.ok(callbackUrl.startsWith(`${proxy.url}/callback/${state}/`), callbackUrl);
        const loginId = (JSON.parse(decodeURIComponent(callbackUrl.slice(`${proxy.url}/callback/${state}/`.length))) as { login_id: number }).login_id;

        sandbox.sandbox.control.setFault('account', { latencyMs: 4000 });
        const first = fetch(callbackUrl, { headers: asUser(user), redirect: 'manual' }).then(
          (response) => response.headers.get('location'),
          () => 'connection lost',
        );
        await new Promise((resolve) => setTimeout(resolve, 1500));
        proxy.child.kill(signal);
        const firstAnswer = await first;
        await proxy.exited;
        if (signal === 'SIGTERM') {
          // A graceful stop lets the running callback finish before the process ends.
          assert.equal(firstAnswer, `${ORIGIN}/done/${state}?status=success&login_id=${loginId}`);
        } else {
          assert.equal(firstAnswer, 'connection lost');
        }
        sandbox.sandbox.control.clearFaults();

        proxy = await startProxyProcess(sandbox.url, port, file);
        const replay = await fetch(callbackUrl, { headers: asUser(user), redirect: 'manual' });
        assert.equal(replay.status, 303);
        assert.equal(replay.headers.get('location'), `${ORIGIN}/done/${state}?status=success&login_id=${loginId}`);
        const logins = (await (await fetch(`${proxy.url}/logins`, { headers: asUser(user) })).json()) as { data: { login_id: number; confirmed: boolean }[] };
        assert.deepEqual(logins.data.map((login) => [login.login_id, login.confirmed]), [[loginId, true]]);
        // Kept for the flow's user only, once.
        const bob = (await (await fetch(`${proxy.url}/logins`, { headers: asUser('bob') })).json()) as { data: unknown[] };
        assert.deepEqual(bob.data, []);
        const accounts = await fetch(`${proxy.url}/accounts?login_id=${loginId}`, { headers: asUser(user) });
        assert.equal(accounts.status, 200);
        assert.ok(!proxy.output().includes(decodeURIComponent(callbackUrl).split('"secret":"')[1]!.split('"')[0]!));
      } finally {
        sandbox.sandbox.control.clearFaults();
        proxy.child.kill('SIGKILL');
        await proxy.exited;
      }
    });
  }
});
