import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../../../src/sandbox.js';
import { parseSandboxEnv } from '../../../src/sandbox/cli-config.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/node.js';

const AUTH = { 'client-id': 'sandbox-client', 'service-secret': 'sandbox-service-secret', 'content-type': 'application/json' };
const root = new URL('../../../', import.meta.url).pathname;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
  });
}

describe('startSandbox over real HTTP on 127.0.0.1', () => {
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let failNext = 1;
  const receiver = createServer(async (request, response) => {
    const body = await readBody(request);
    // The first delivery fails, so the retry path runs over the network too.
    if (failNext-- > 0) return void response.writeHead(500).end();
    received.push({ headers: request.headers, body });
    response.writeHead(204).end();
  });
  let running: RunningSandbox;

  before(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    running = await startSandbox({
      port: 0,
      webhookUrl: `http://127.0.0.1:${port}/webhook`,
      webhookSigningSecret: 'whsec_http',
      webhookRetry: { baseDelayMs: 5 },
      refreshIntervalSeconds: 0,
      slowBankDelayMs: 1,
    });
  });

  after(async () => {
    await running.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('listens on a free port and serves the catalog with CORS', async () => {
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${running.url}/service.json`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const services = (await response.json()) as Array<{ media_path: string; logo_file_name: string | null }>;
    const withLogo = services.find((s) => s.logo_file_name)!;
    const logo = await fetch(withLogo.media_path + withLogo.logo_file_name);
    assert.equal(logo.status, 200);
    assert.match(logo.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  });

  it('runs the whole flow: customer, token, connect pages, callback, accounts, refresh and a signed webhook', async () => {
    const customer = (await (await fetch(`${running.url}/v2/customer`, { method: 'POST', headers: AUTH, body: JSON.stringify({ identifier: 'http-user' }) })).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const callback = 'http://localhost:5173/finsify/callback/abc';
    const tokenResponse = await fetch(`${running.url}/v2/token`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ customer_id: customer.data.customer_id, service_id: 67, callback_url: callback }),
    });
    const token = ((await tokenResponse.json()) as { data: { connect_url: string } }).data;
    assert.ok(token.connect_url.startsWith(`${running.url}/v2/connect/term/`));
    assert.equal((await fetch(token.connect_url)).status, 200);
    const form = (fields: Record<string, string>) => fetch(token.connect_url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
    assert.equal((await form({ action: 'accept' })).status, 303);
    const done = await form({ action: 'login', username: 'demo', password: 'demo' });
    assert.equal(done.status, 303);
    const location = done.headers.get('location')!;
    assert.ok(location.startsWith(`${callback}/`));
    const result = JSON.parse(decodeURIComponent(location.slice(callback.length + 1))) as { status: string; login_id: number; secret: string };
    assert.equal(result.status, 'success');

    const accounts = await fetch(`${running.url}/v2/account`, { headers: { ...AUTH, 'login-secret': result.secret } });
    const list = ((await accounts.json()) as { data: Array<{ currency: string }> }).data;
    assert.ok(list.length === 3 && list.every((a) => a.currency === 'MYR'));

    const refresh = await fetch(`${running.url}/v2/login/refresh`, { method: 'PUT', headers: { ...AUTH, 'login-secret': result.secret } });
    assert.equal(refresh.status, 200);
    await running.sandbox.control.webhooksIdle();
    assert.equal(received.length, 1);
    const [hook] = received;
    const body = JSON.parse(hook!.body);
    assert.equal(body.login_id, result.login_id);
    const signature = String(hook!.headers['finsify-signature']);
    const t = Number(/^t=(\d+),/.exec(signature)?.[1]);
    assert.equal(signature, await signWebhook('whsec_http', hook!.body, t));
    assert.deepEqual(running.sandbox.control.webhooks()[0]?.attempts.map((a) => a.status), [500, 204]);
  });
});

describe('sandbox CLI settings', () => {
  it('defaults to 127.0.0.1:4010 with the default client', () => {
    const config = parseSandboxEnv({});
    assert.ok(config.ok);
    assert.equal(config.options.port, 4010);
    assert.equal(config.options.host, '127.0.0.1');
    assert.equal(config.options.clients, undefined);
    assert.equal(config.options.crossOriginOpenerPolicy, false);
  });

  it('reads every variable', () => {
    const config = parseSandboxEnv({
      SANDBOX_PORT: '4999',
      SANDBOX_HOST: '0.0.0.0',
      SANDBOX_PUBLIC_URL: 'https://sandbox.example',
      SANDBOX_WEBHOOK_URL: 'http://localhost:5173/api/finsify/webhook',
      SANDBOX_WEBHOOK_SECRET: 's3cret',
      SANDBOX_TOKEN_LIFETIME: '30',
      SANDBOX_COOP: '1',
      SANDBOX_CONTROL_ORIGINS: 'http://localhost:5173, http://localhost:3000',
      SANDBOX_CLIENT_ID: 'partner',
      SANDBOX_SERVICE_SECRET: 'svc',
    });
    assert.ok(config.ok);
    assert.deepEqual(config.options.clients, [{ clientId: 'partner', serviceSecret: 'svc' }]);
    assert.equal(config.options.tokenLifetimeSeconds, 30);
    assert.equal(config.options.crossOriginOpenerPolicy, true);
    assert.equal(config.options.webhookSigningSecret, 's3cret');
    assert.deepEqual(config.options.controlOrigins, ['http://localhost:5173', 'http://localhost:3000']);
  });

  it('names each bad variable and what it expects', () => {
    const config = parseSandboxEnv({
      SANDBOX_PORT: '80a',
      SANDBOX_TOKEN_LIFETIME: '0',
      SANDBOX_WEBHOOK_URL: 'localhost:5173/webhook',
      SANDBOX_COOP: 'maybe',
      SANDBOX_CONTROL_ORIGINS: 'http://localhost:5173/',
      SANDBOX_SERVICE_SECRET: 'svc',
    });
    assert.equal(config.ok, false);
    const errors = config.ok ? [] : config.errors;
    assert.ok(errors.some((e) => e.startsWith('SANDBOX_PORT must be a whole number from 0 to 65535, got "80a"')));
    assert.ok(errors.some((e) => e.startsWith('SANDBOX_TOKEN_LIFETIME must be a whole number from 1')));
    assert.ok(errors.some((e) => e.startsWith('SANDBOX_WEBHOOK_URL must be an absolute http:// or https:// URL')));
    assert.ok(errors.some((e) => e.startsWith('SANDBOX_COOP must be 1 or 0')));
    assert.ok(errors.some((e) => e.startsWith('SANDBOX_CONTROL_ORIGINS entries must be http(s) origins')));
    assert.ok(errors.some((e) => e.startsWith('SANDBOX_CLIENT_ID is required')));
  });

  it('exits 1 with a clear message on a bad setting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts'], {
      cwd: root,
      env: { ...process.env, SANDBOX_PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /SANDBOX_PORT must be a whole number from 0 to 65535, got "not-a-port"/);
  });

  it('starts, prints the URL and credentials, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts'], {
      cwd: root,
      env: { ...process.env, SANDBOX_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match && stdout.includes('Press Ctrl-C')) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before listening`)));
    });
    assert.match(stdout, /Client-Id\s+sandbox-client/);
    assert.match(stdout, /Service-secret\s+sandbox-service-secret/);
    assert.match(stdout, /demo \/ demo\s+success/);
    assert.equal((await fetch(`${url}/service.json`)).status, 200);
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGTERM');
    assert.deepEqual(await exited, [0, null]);
  });
});
