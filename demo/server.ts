/**
 * `npm run demo`: the offline Finsify sandbox on its own origin, and the demo page with the
 * reference partner backend mounted in the same server, so the page, its backend and its callback
 * page share one origin as they would at a partner. Prints the URL to open; Ctrl-C stops all of it.
 */
import { startDemoStack } from './stack.js';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  return value;
}

const stack = await startDemoStack({ demoPort: port('DEMO_PORT', 5173), sandboxPort: port('SANDBOX_PORT', 4010) }).catch((error: unknown) => {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`
  Finsify Connect demo:   ${stack.demoUrl}
  Offline Finsify API:    ${stack.sandboxUrl}   (sandbox, another origin)

  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(): Promise<void> {
  // A second Ctrl-C while the servers close: the person does not want to wait.
  if (stopping) process.exit(130);
  stopping = true;
  await stack.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
