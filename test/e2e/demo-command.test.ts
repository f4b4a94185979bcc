/**
 * The README's first command, past `npm ci`: `npm run demo` (demo/server.ts) starts the sandbox,
 * the backend and the demo page, prints where they are, serves them, and Ctrl-C stops all of it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

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
});
