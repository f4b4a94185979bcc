/**
 * `npm run sandbox`: the offline Finsify API v2 on a local port, configured by environment
 * variables (see `SANDBOX_ENV_HELP`, or run with `--help`). Ctrl-C stops it.
 */
import { parseSandboxEnv, SANDBOX_ENV_HELP } from './cli-config.js';
import { DEFAULT_SANDBOX_CLIENT } from './create-sandbox.js';
import { SANDBOX_TEST_CREDENTIALS } from './credentials.js';
import { startSandbox } from './node.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: npm run sandbox   (settings from the environment)\n');
  for (const [name, meaning] of SANDBOX_ENV_HELP) console.log(`  ${name.padEnd(28)} ${meaning}`);
  process.exit(0);
}

const config = parseSandboxEnv(process.env);
if (!config.ok) {
  console.error('The Finsify sandbox cannot start:');
  for (const error of config.errors) console.error(`  - ${error}`);
  console.error('\nRun `npm run sandbox -- --help` for every setting.');
  process.exit(1);
}

const { options } = config;
let running: Awaited<ReturnType<typeof startSandbox>>;
try {
  running = await startSandbox(options);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${options.host}:${options.port}`;
  if (code === 'EADDRINUSE') console.error(`The Finsify sandbox cannot start: ${where} is already in use (set SANDBOX_PORT to another port).`);
  else if (code === 'EACCES') console.error(`The Finsify sandbox cannot start: no permission to listen on ${where} (set SANDBOX_PORT above 1024).`);
  else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') console.error(`The Finsify sandbox cannot start: SANDBOX_HOST ${JSON.stringify(options.host)} is not an address of this machine.`);
  else console.error(`The Finsify sandbox cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const base = options.publicUrl?.replace(/\/+$/, '') ?? running.url;
const client = options.clients?.[0] ?? DEFAULT_SANDBOX_CLIENT;
const webhooks = options.webhookUrl ? `${options.webhookUrl}${options.webhookSigningSecret ? ' (signed: Finsify-Signature)' : ''}` : 'off (set SANDBOX_WEBHOOK_URL)';
console.log(`
  Finsify sandbox (offline Finsify API v2) listening on ${running.url}

  API base        ${base}/v2
  Catalog         ${base}/service.json
  Test controls   ${base}/_sandbox/state   (local test tool: never expose it)
  Webhooks        ${webhooks}
  COOP on pages   ${options.crossOriginOpenerPolicy ? 'same-origin' : 'off'}

  Client-Id       ${client.clientId}${client.serviceSecret ? `\n  Service-secret  ${client.serviceSecret}` : ''}${client.appSecret ? `\n  App-secret      ${client.appSecret}` : ''}

  Test credentials on the connect page:
${SANDBOX_TEST_CREDENTIALS.map((c) => `    ${`${c.username} / ${c.password}`.padEnd(20)} ${c.outcome}`).join('\n')}

  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
