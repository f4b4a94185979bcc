/**
 * `npm run demo`: the offline Finsify sandbox on its own origin, and the demo page (Vite) with the
 * reference partner backend mounted in the same server, so the page, its backend and its callback
 * page share one origin as they would at a partner. Prints the URL to open; Ctrl-C stops all of it.
 */
import { createServer } from 'vite';
import { startSandbox } from '../src/sandbox/node.js';
import { demoBackend } from './backend.js';

const demoPort = Number(process.env.DEMO_PORT ?? 5173);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
for (const [name, value] of [['DEMO_PORT', demoPort], ['SANDBOX_PORT', sandboxPort]] as const) {
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), got ${JSON.stringify(process.env[name])}`);
    process.exit(1);
  }
}

const demoOrigin = `http://localhost:${demoPort}`;
const sandbox = await startSandbox({
  port: sandboxPort,
  host: '127.0.0.1',
  webhookUrl: `${demoOrigin}/api/finsify/webhook`,
});

const vite = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  server: { port: demoPort, strictPort: true, host: 'localhost' },
  plugins: [demoBackend({ sandboxUrl: sandbox.url, demoOrigin })],
});
await vite.listen();

console.log(`
  Finsify Connect demo:   ${demoOrigin}/
  Offline Finsify API:    ${sandbox.url}   (sandbox, another origin)

  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([vite.close(), sandbox.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
