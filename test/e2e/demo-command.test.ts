/**
 * The README's first command, past `npm ci`: `npm run demo` (demo/server.ts) starts the sandbox,
 * the backend and the demo page, prints where they are, serves them, and Ctrl-C stops all of it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoStack, type DemoStack } from '../../demo/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run demo', () => {
  it('prints the demo and sandbox URLs, serves both, and stops everything on Ctrl-C (SIGINT)', { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], {
      cwd: root,
      env: { ...process.env, DEMO_PORT: '0', SANDBOX_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const urls: Record<string, string> = {};
      for await (const line of createInterface({ input: child.stdout! })) {
        const match = /^\s*(Finsify Connect demo|Offline Finsify API):\s+(\S+)/.exec(line);
        if (match) urls[match[1]!] = match[2]!;
        if (Object.keys(urls).length === 2) break;
      }
      const demoUrl = urls['Finsify Connect demo']!;
      const sandboxUrl = urls['Offline Finsify API']!;
      assert.match(demoUrl, /^http:\/\/localhost:\d+\/$/);
      assert.match(sandboxUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(demoUrl);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<finsify-connect/);
      const catalog = await fetch(`${sandboxUrl}/service.json`);
      assert.equal(catalog.status, 200);

      child.kill('SIGINT');
      const [code] = await exited;
      assert.equal(code, 0, 'the demo exits cleanly on Ctrl-C');
      await assert.rejects(fetch(demoUrl), 'the demo page is no longer served');
      await assert.rejects(fetch(`${sandboxUrl}/service.json`), 'the sandbox is no longer served');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('connects a returning demo user after a restart: the backend forgets what the fresh sandbox never saw', { timeout: 120_000 }, async () => {
    const storeFile = join(mkdtempSync(join(tmpdir(), 'finsify-demo-')), 'demo.sqlite');
    const token = async (stack: DemoStack) => {
      const response = await fetch(new URL('api/finsify/token', stack.demoUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(stack.demoUrl).origin, cookie: 'demo_user=alice' },
        body: JSON.stringify({ service_id: 8, state: `restart-${'x'.repeat(20)}-${Math.random().toString(36).slice(2)}` }),
      });
      return [response.status, await response.text()] as const;
    };
    for (let run = 1; run <= 2; run++) {
      const stack = await startDemoStack({ demoPort: 0, sandboxPort: 0, storeFile, logLevel: 'silent', watch: false });
      try {
        const [status, body] = await token(stack);
        assert.equal(status, 200, `run ${run}: ${body}`);
      } finally {
        await stack.close();
      }
    }
  });
});
