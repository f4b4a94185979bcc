// `npm run bench:server`: the token route through the reference proxy against the same request straight
// to the sandbox, on loopback, in one run. Sandbox and proxy each run in their own process (as they
// would in production); autocannon drives them from this one.
//
// The proxy runs with its SQLite store (WAL) and its rate limiter ON but with budgets too high to trip
// (1e9 per window), so the limiter's cost is measured while its 429s are not.
// BENCH_DURATION (seconds, default 10), BENCH_CONNECTIONS (default 50) and BENCH_WARMUP (default 3) tune it;
// BENCH_NODE_ARGS passes Node options to the two servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ORIGIN = 'http://localhost:5173';
const CLIENT_ID = 'sandbox-client';
const SERVICE_SECRET = 'sandbox-service-secret';
const USER = 'bench-user';
const STATE = 'benchstate_0123456789abcdef';
const script = fileURLToPath(import.meta.url);

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=', 2) as [string, string]));

/** Children report their CPU time over IPC, so the bench can show CPU per request beside throughput. */
function answerCpuQueries(): void {
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.(process.cpuUsage());
  });
  // The parent went away (killed, or its output pipe closed): do not linger.
  process.once('disconnect', () => process.exit(0));
}

if (args.role === 'sandbox') {
  answerCpuQueries();
  const { startSandbox } = await import('../src/sandbox/node.js');
  const running = await startSandbox({ port: 0 });
  console.log(JSON.stringify({ url: running.url }));
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
} else if (args.role === 'proxy') {
  answerCpuQueries();
  const { startProxy, createSqliteStore } = await import('../src/server.js');
  const running = await startProxy({
    port: 0,
    finsifyBaseUrl: args.finsify,
    clientId: CLIENT_ID,
    serviceSecret: SERVICE_SECRET,
    identify: (request) => request.headers.get('x-bench-user'),
    callbackBaseUrl: `${ORIGIN}/callback`,
    allowedOrigins: [ORIGIN],
    store: createSqliteStore({ file: String(args.store) }),
    rateLimit: { windowMs: 60_000, maxPerUser: 1e9, maxPerAddress: 1e9 },
  });
  console.log(JSON.stringify({ url: running.url }));
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
} else {
  await main();
}

/** Starts this script in a role and waits for the URL it prints. */
function child(role: string, extra: string[] = []): Promise<{ process: ChildProcess; url: string }> {
  // BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=prof`, profiles the sandbox and the proxy.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, `--role=${role}`, ...extra], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code} before starting`)));
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve({ process: proc, url: (JSON.parse(line) as { url: string }).url }));
  });
}

/** CPU time (user + system) a child has used so far, in µs. */
function cpuOf(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.once('message', (usage) => {
      const { user, system } = usage as NodeJS.CpuUsage;
      resolve(user + system);
    });
    proc.send('cpu');
  });
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const warmup = Number(process.env.BENCH_WARMUP ?? 3);
  const scratch = mkdtempSync(join(tmpdir(), 'finsify-bench-'));
  const sandbox = await child('sandbox');
  const proxy = await child('proxy', [`--finsify=${sandbox.url}`, `--store=${join(scratch, 'proxy.sqlite')}`]);
  try {
    const services = (await (await fetch(`${sandbox.url}/service.json`)).json()) as { id: number }[] | { data: { id: number }[] };
    const serviceId = (Array.isArray(services) ? services : services.data)[0]?.id;
    if (!serviceId) throw new Error('the sandbox catalog is empty');

    const proxyRequest = {
      url: `${proxy.url}/token`,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'x-bench-user': USER },
      body: JSON.stringify({ service_id: serviceId, state: STATE }),
    };
    // The first token makes the customer; the direct request then uses that same customer.
    const first = await fetch(proxyRequest.url, proxyRequest);
    if (first.status !== 200) throw new Error(`proxy token request failed: ${first.status} ${await first.text()}`);
    const { createSqliteStore } = await import('../src/server.js');
    const store = createSqliteStore({ file: join(scratch, 'proxy.sqlite') });
    const customer = await store.getCustomer(USER);
    await store.close();
    if (!customer) throw new Error('the proxy stored no customer');
    const directRequest = {
      url: `${sandbox.url}/v2/token`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'client-id': CLIENT_ID, 'service-secret': SERVICE_SECRET },
      body: JSON.stringify({ customer_id: customer.customerId, service_id: serviceId, callback_url: `${ORIGIN}/callback/${STATE}` }),
    };

    console.log(`Warming up (${warmup} s each) ...`);
    await autocannon({ ...directRequest, connections, duration: warmup });
    await autocannon({ ...proxyRequest, connections, duration: warmup });
    console.log(`Measuring POST /token, ${connections} connections, ${duration} s each ...`);
    const cpu0 = await cpuOf(sandbox.process);
    const direct = await autocannon({ ...directRequest, connections, duration });
    const [cpu1, proxyCpu1] = [await cpuOf(sandbox.process), await cpuOf(proxy.process)];
    const proxied = await autocannon({ ...proxyRequest, connections, duration });
    const [cpu2, proxyCpu2] = [await cpuOf(sandbox.process), await cpuOf(proxy.process)];
    const perRequest = (micros: number, result: AutocannonResult) => (micros / (result.requests.average * duration)).toFixed(0);

    const row = (name: string, r: AutocannonResult) =>
      `${name.padEnd(28)} ${r.requests.average.toFixed(0).padStart(8)} req/s   median ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors + r.timeouts}`;
    const kept = (proxied.requests.average / direct.requests.average) * 100;
    const added = proxied.latency.p50 - direct.latency.p50;
    console.log('');
    console.log(row('sandbox POST /v2/token', direct));
    console.log(row('proxy POST /token', proxied));
    console.log('');
    console.log(`throughput kept: ${kept.toFixed(1)} %  (target >= 80 %)`);
    console.log(`added at the median: ${added.toFixed(2)} ms  (target < 2 ms)`);
    console.log(`added at p99: ${(proxied.latency.p99 - direct.latency.p99).toFixed(2)} ms`);
    console.log(
      `CPU per request: sandbox ${perRequest(cpu1 - cpu0, direct)} µs (direct run); ` +
        `proxy ${perRequest(proxyCpu2 - proxyCpu1, proxied)} µs + sandbox ${perRequest(cpu2 - cpu1, proxied)} µs (proxied run)`,
    );
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(
      join('bench-results', 'server.json'),
      JSON.stringify({ connections, duration, direct, proxied, throughputKeptPercent: kept, addedMedianMs: added, cores: availableParallelism() }, null, 2),
    );
    const failed = direct.non2xx + proxied.non2xx + direct.errors + proxied.errors > 0;
    if (failed) console.error('Some requests failed: the figures above are not valid.');
    process.exitCode = failed ? 1 : 0;
  } finally {
    sandbox.process.kill('SIGTERM');
    proxy.process.kill('SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }
}
