// `npm run bench:server`: the token route through the reference proxy against the same request straight
// to the sandbox, on loopback, in one run. Sandbox and proxy each run in their own process (as they
// would in production); the load generator (wrk, else autocannon: see bench/load.ts) drives them.
//
// The proxy runs with its SQLite store (WAL) and its rate limiter ON but with budgets too high to trip
// (1e9 per window), so the limiter's cost is measured while its 429s are not.
// BENCH_DURATION (seconds per run, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 50) and
// BENCH_WARMUP (default 3) tune it;
// BENCH_LOADGEN picks `wrk` or `autocannon`; BENCH_NODE_ARGS passes Node options to the servers (sandbox,
// proxy, bare pass-through).
//
// `npm run bench:server -- --mode=stores` compares the stores instead: webhook events durably stored per
// second (`POST /webhook`, a distinct event each) and `POST /token` per second, with p50/p99, for SQLite
// (one instance, and two processes on one file) and PostgreSQL (one and two instances on one database),
// as ratios against the SQLite figure of the same run. PostgreSQL: FINSIFY_BENCH_POSTGRES_URL (a
// throwaway database: the bench writes events into it), else a throwaway server from scripts/postgres.mjs
// when that exists; else that part is skipped, saying so.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chooseLoadGenerator, type LoadRequest, type LoadResult } from './bench/load.js';
import { startPostgres } from './postgres.mjs';

const ORIGIN = 'http://localhost:5173';
const CLIENT_ID = 'sandbox-client';
const SERVICE_SECRET = 'sandbox-service-secret';
const USER = 'bench-user';
const STATE = 'benchstate_0123456789abcdef';
const script = fileURLToPath(import.meta.url);
const WEBHOOK_TOKEN = 'bench-webhook-token-0123456789abcdefghij';
/** A fixed sealing key (`secretKeys`): a persistent store needs one once login secrets are sealed at rest. */
const BENCH_SECRET_KEYS = `bench:${Buffer.alloc(32, 3).toString('base64')}`;

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
  const { startProxy, createSqliteStore, createPostgresStore } = await import('../src/server.js');
  const store = args.database ? createPostgresStore({ connectionString: String(args.database) }) : createSqliteStore({ file: String(args.store) });
  const running = await startProxy({
    port: 0,
    finsifyBaseUrl: args.finsify,
    clientId: CLIENT_ID,
    serviceSecret: SERVICE_SECRET,
    identify: (request) => request.headers.get('x-bench-user'),
    callbackBaseUrl: `${ORIGIN}/callback`,
    allowedOrigins: [ORIGIN],
    store,
    secretKeys: BENCH_SECRET_KEYS,
    webhookToken: WEBHOOK_TOKEN,
    rateLimit: { windowMs: 60_000, maxPerUser: 1e9, maxPerAddress: 1e9 },
    logger: { info() {}, warn() {}, error: (message, fields) => console.error(message, fields ?? '') },
  });
  console.log(JSON.stringify({ url: running.url }));
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
} else if (args.role === 'bare') {
  answerCpuQueries();
  await startBarePassThrough(String(args.finsify));
  process.once('SIGTERM', () => process.exit(0));
} else if (args.mode === 'stores') {
  await storesMain();
} else {
  await main();
}

/**
 * The floor under the proxy, for scale: the same stack (Hono on @hono/node-server, the same
 * keep-alive undici client to Finsify) passing the body through with no checks, no store and no
 * rewriting. What it keeps of the sandbox's throughput is about the most any proxy on this stack
 * could keep on this machine.
 */
async function startBarePassThrough(finsify: string): Promise<void> {
  const [{ Hono }, { getRequestListener }, { createUndiciTransport }, { createServer }] = await Promise.all([
    import('hono'),
    import('@hono/node-server'),
    import('../src/server/undici-transport.js'),
    import('node:http'),
  ]);
  const send = createUndiciTransport();
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'client-id': CLIENT_ID, 'service-secret': SERVICE_SECRET };
  const app = new Hono();
  app.post('/token', async (c) => {
    const answer = await send({ method: 'POST', url: `${finsify}/v2/token`, headers, body: await c.req.text(), timeoutMs: 10_000 });
    return new Response(answer.text, { status: answer.status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  });
  const listener = getRequestListener((request) => app.fetch(request));
  const server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}` }));
}

interface Round {
  direct: LoadResult;
  proxied: LoadResult;
  bare: LoadResult;
  keptPercent: number;
  bareKeptPercent: number;
  addedMedianMs: number;
  cpuMicrosPerRequest: { sandboxDirect: number; proxy: number; sandboxProxied: number; bare: number; sandboxBare: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Each figure's median over the rounds. */
function medianResult(results: LoadResult[]): LoadResult {
  const of = (key: keyof LoadResult) => median(results.map((result) => result[key]));
  return { requestsPerSecond: of('requestsPerSecond'), p50Ms: of('p50Ms'), p99Ms: of('p99Ms'), non2xx: of('non2xx'), errors: of('errors') };
}

/** Starts this script in a role and waits for the URL it prints. */
function child(role: string, extra: string[] = []): Promise<{ process: ChildProcess; url: string }> {
  // BENCH_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=prof`, profiles each server.
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
  const load = chooseLoadGenerator();
  const duration = Number(process.env.BENCH_DURATION ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const warmup = Number(process.env.BENCH_WARMUP ?? 3);
  const scratch = mkdtempSync(join(tmpdir(), 'finsify-bench-'));
  const sandbox = await child('sandbox');
  const proxy = await child('proxy', [`--finsify=${sandbox.url}`, `--store=${join(scratch, 'proxy.sqlite')}`]);
  const bare = await child('bare', [`--finsify=${sandbox.url}`]);
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

    const bareRequest = { ...directRequest, url: `${bare.url}/token` };
    const run = (request: LoadRequest, durationSeconds: number) => load.run(request, { connections, durationSeconds });
    console.log(`Load generator: ${load.name}. Warming up (${warmup} s each) ...`);
    await run(directRequest, warmup);
    await run(proxyRequest, warmup);
    await run(bareRequest, warmup);
    // Rounds alternate direct and proxied runs, so a slow spell of the machine (other tenants, a
    // timer tick, the page cache) lands on both sides rather than skewing one.
    console.log(`Measuring POST /token, ${connections} connections, ${rounds} rounds of ${duration} s each way ...`);
    const measured: Round[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const cpu0 = await cpuOf(sandbox.process);
      const direct = await run(directRequest, duration);
      const [cpu1, proxyCpu1] = [await cpuOf(sandbox.process), await cpuOf(proxy.process)];
      const proxied = await run(proxyRequest, duration);
      const [cpu2, proxyCpu2, bareCpu0] = [await cpuOf(sandbox.process), await cpuOf(proxy.process), await cpuOf(bare.process)];
      const passedThrough = await run(bareRequest, duration);
      const [cpu3, bareCpu1] = [await cpuOf(sandbox.process), await cpuOf(bare.process)];
      const perRequest = (micros: number, result: LoadResult) => micros / (result.requestsPerSecond * duration);
      measured.push({
        direct,
        proxied,
        bare: passedThrough,
        keptPercent: (proxied.requestsPerSecond / direct.requestsPerSecond) * 100,
        bareKeptPercent: (passedThrough.requestsPerSecond / direct.requestsPerSecond) * 100,
        addedMedianMs: proxied.p50Ms - direct.p50Ms,
        cpuMicrosPerRequest: {
          sandboxDirect: perRequest(cpu1 - cpu0, direct),
          proxy: perRequest(proxyCpu2 - proxyCpu1, proxied),
          sandboxProxied: perRequest(cpu2 - cpu1, proxied),
          bare: perRequest(bareCpu1 - bareCpu0, passedThrough),
          sandboxBare: perRequest(cpu3 - cpu2, passedThrough),
        },
      });
      const last = measured.at(-1)!;
      console.log(`  round ${round + 1}: proxy ${last.keptPercent.toFixed(1)} % kept, bare pass-through ${last.bareKeptPercent.toFixed(1)} %`);
    }
    const ms = (value: number) => value.toFixed(2).padStart(6);
    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(28)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   median ${ms(r.p50Ms)} ms   p99 ${ms(r.p99Ms)} ms`;
    const summary = {
      direct: medianResult(measured.map((r) => r.direct)),
      proxied: medianResult(measured.map((r) => r.proxied)),
      bare: medianResult(measured.map((r) => r.bare)),
      keptPercent: median(measured.map((r) => r.keptPercent)),
      bareKeptPercent: median(measured.map((r) => r.bareKeptPercent)),
      addedMedianMs: median(measured.map((r) => r.addedMedianMs)),
    };
    const cpu = (key: keyof Round['cpuMicrosPerRequest']) => median(measured.map((r) => r.cpuMicrosPerRequest[key])).toFixed(0);
    console.log('');
    console.log(`Medians over ${rounds} rounds:`);
    console.log(row('sandbox POST /v2/token', summary.direct));
    console.log(row('proxy POST /token', summary.proxied));
    console.log(row('bare pass-through (floor)', summary.bare));
    console.log('');
    console.log(`throughput kept: ${summary.keptPercent.toFixed(1)} %  (rounds: ${measured.map((r) => r.keptPercent.toFixed(1)).join(', ')})`);
    console.log(`the bare pass-through on the same stack keeps ${summary.bareKeptPercent.toFixed(1)} % (a proxy that does nothing, for scale)`);
    console.log(`added at the median: ${summary.addedMedianMs.toFixed(2)} ms`);
    console.log(`added at p99: ${(summary.proxied.p99Ms - summary.direct.p99Ms).toFixed(2)} ms`);
    console.log(`CPU per request: sandbox ${cpu('sandboxDirect')} µs (direct run); proxy ${cpu('proxy')} µs + sandbox ${cpu('sandboxProxied')} µs (proxied run); bare ${cpu('bare')} µs + sandbox ${cpu('sandboxBare')} µs`);
    // The token route runs once per connect flow: what counts is the proxy's own cost against the same stack doing nothing.
    const ratios = measured.map((r) => r.cpuMicrosPerRequest.proxy / r.cpuMicrosPerRequest.bare);
    console.log(`proxy CPU per token request: ${median(ratios).toFixed(2)}x the bare pass-through (target <= 2x; rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(
      join('bench-results', 'server.json'),
      JSON.stringify({ loadGenerator: load.name, connections, duration, rounds, cores: availableParallelism(), summary, measured }, null, 2),
    );
    const failures = measured.reduce((sum, r) => sum + r.direct.non2xx + r.direct.errors + r.proxied.non2xx + r.proxied.errors + r.bare.non2xx + r.bare.errors, 0);
    if (failures > 0) console.error(`${failures} requests failed: the figures above are not valid.`);
    process.exitCode = failures > 0 ? 1 : 0;
  } finally {
    sandbox.process.kill('SIGTERM');
    proxy.process.kill('SIGTERM');
    bare.process.kill('SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL server to bench on: `FINSIFY_BENCH_POSTGRES_URL` (a server whose URL may create databases),
 * else a throwaway one with PostgreSQL's durable defaults (fsync and synchronous commit on, as in
 * production), or why there is none. Each setup gets a database of its own.
 */
async function postgresForBench(): Promise<{ database(name: string): Promise<string>; stop(): void } | { skipped: string }> {
  let url = process.env.FINSIFY_BENCH_POSTGRES_URL;
  let stop = () => {};
  if (!url) {
    try {
      const started = await startPostgres({ durable: true, log: (line) => console.log(line) });
      ({ url, stop } = started);
    } catch (error) {
      return { skipped: error instanceof Error ? error.message : String(error) };
    }
  }
  const server = url;
  return {
    async database(name) {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const parsed = new URL(server);
      parsed.pathname = `/${name}`;
      return parsed.toString();
    },
    stop,
  };
}

interface StoreSetup {
  name: string;
  /** The proxy processes, all on one store. */
  proxies: { process: ChildProcess; url: string }[];
}

interface StoreFigures {
  webhook: LoadResult;
  token: LoadResult;
}

/**
 * One load generator per instance at once, the connections split between them: requests per second
 * summed, p50 and p99 the worst of them (each generator sees its own share of the latencies).
 */
async function runSpread(
  load: ReturnType<typeof chooseLoadGenerator>,
  requests: LoadRequest[],
  connections: number,
  durationSeconds: number,
): Promise<LoadResult> {
  const each = Math.max(1, Math.floor(connections / requests.length));
  const results = await Promise.all(requests.map((request) => load.run(request, { connections: each, durationSeconds })));
  return {
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function storesMain(): Promise<void> {
  const load = chooseLoadGenerator();
  const duration = Number(process.env.BENCH_DURATION ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const warmup = Number(process.env.BENCH_WARMUP ?? 3);
  const scratch = mkdtempSync(join(tmpdir(), 'finsify-bench-stores-'));
  const sandbox = await child('sandbox');
  const setups: StoreSetup[] = [];
  const postgres = await postgresForBench();
  const started: ChildProcess[] = [sandbox.process];
  const proxies = async (count: number, extra: string[]) => {
    const list = [];
    // One after the other: each store prepares its schema as it opens.
    for (let index = 0; index < count; index += 1) {
      const proxy = await child('proxy', [`--finsify=${sandbox.url}`, ...extra]);
      started.push(proxy.process);
      list.push(proxy);
    }
    return list;
  };
  try {
    setups.push({ name: 'SQLite, 1 instance', proxies: await proxies(1, [`--store=${join(scratch, 'one.sqlite')}`]) });
    setups.push({ name: 'SQLite (one file), 2 instances', proxies: await proxies(2, [`--store=${join(scratch, 'two.sqlite')}`]) });
    if ('database' in postgres) {
      setups.push({ name: 'PostgreSQL, 1 instance', proxies: await proxies(1, [`--database=${await postgres.database('finsify_bench_one')}`]) });
      const shared = await postgres.database('finsify_bench_two');
      setups.push({ name: 'PostgreSQL, 2 instances', proxies: await proxies(2, [`--database=${shared}`]) });
    } else {
      console.log(`PostgreSQL part skipped: ${postgres.skipped}.`);
    }
    const services = (await (await fetch(`${sandbox.url}/service.json`)).json()) as { id: number }[] | { data: { id: number }[] };
    const serviceId = (Array.isArray(services) ? services : services.data)[0]?.id;
    if (!serviceId) throw new Error('the sandbox catalog is empty');
    const tokenRequest = (url: string): LoadRequest => ({
      url: `${url}/token`,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'x-bench-user': USER },
      body: JSON.stringify({ service_id: serviceId, state: STATE }),
    });
    let runId = 0;
    // A distinct event per request (its referenceId), about a login nobody holds: recorded once, not handed over.
    const webhookRequest = (url: string): LoadRequest => ({
      url: `${url}/webhook?token=${WEBHOOK_TOKEN}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login_id: 990001, new: 1, accounts: [{ id: 1 }], referenceId: 'bench-@SEQ@' }),
      sequencePlaceholder: '@SEQ@',
      sequencePrefix: `r${++runId}-${Date.now().toString(36)}-`,
    });
    for (const setup of setups) {
      for (const proxy of setup.proxies) {
        // The first token makes the customer (once per store); then every instance has it.
        const first = await fetch(tokenRequest(proxy.url).url, tokenRequest(proxy.url));
        if (first.status !== 200) throw new Error(`${setup.name}: token request failed: ${first.status} ${await first.text()}`);
      }
    }
    const measure = (setup: StoreSetup, kind: keyof StoreFigures, seconds: number) =>
      runSpread(load, setup.proxies.map((proxy) => (kind === 'token' ? tokenRequest(proxy.url) : webhookRequest(proxy.url))), connections, seconds);
    console.log(`Load generator: ${load.name}. Warming up (${warmup} s each) ...`);
    for (const setup of setups) for (const kind of ['webhook', 'token'] as const) await measure(setup, kind, warmup);
    console.log(`Measuring stores: POST /webhook and POST /token, ${connections} connections, ${rounds} rounds of ${duration} s each ...`);
    // Rounds go through every setup in turn, so a slow spell of the machine lands on all of them.
    const measured: Record<string, StoreFigures[]> = Object.fromEntries(setups.map((setup) => [setup.name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const setup of setups) {
        measured[setup.name]!.push({ webhook: await measure(setup, 'webhook', duration), token: await measure(setup, 'token', duration) });
      }
      console.log(`  round ${round + 1} done`);
    }
    const summary = Object.fromEntries(
      setups.map((setup) => [setup.name, { webhook: medianResult(measured[setup.name]!.map((m) => m.webhook)), token: medianResult(measured[setup.name]!.map((m) => m.token)) }]),
    ) as Record<string, StoreFigures>;
    const baseline = summary[setups[0]!.name]!;
    const ms = (value: number) => value.toFixed(2).padStart(7);
    const cell = (r: LoadResult, base: LoadResult) =>
      `${r.requestsPerSecond.toFixed(0).padStart(7)}/s ${ms(r.p50Ms)} ${ms(r.p99Ms)} ms ${(r.requestsPerSecond / base.requestsPerSecond).toFixed(2).padStart(5)}x`;
    console.log('');
    console.log(`Medians over ${rounds} rounds (p50, p99; ratio: throughput against ${setups[0]!.name}, same run):`);
    console.log(`${''.padEnd(32)} ${'webhook events stored'.padEnd(36)} POST /token`);
    for (const setup of setups) {
      const figures = summary[setup.name]!;
      console.log(`${setup.name.padEnd(32)} ${cell(figures.webhook, baseline.webhook)}   ${cell(figures.token, baseline.token)}`);
    }
    if ('skipped' in postgres) console.log(`(PostgreSQL not measured: ${postgres.skipped})`);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(
      join('bench-results', 'server-stores.json'),
      JSON.stringify({ loadGenerator: load.name, connections, duration, rounds, cores: availableParallelism(), postgres: 'url' in postgres, summary, measured }, null, 2),
    );
    const failures = Object.values(measured).flat().reduce((sum, m) => sum + m.webhook.non2xx + m.webhook.errors + m.token.non2xx + m.token.errors, 0);
    if (failures > 0) console.error(`${failures} requests failed: the figures above are not valid.`);
    process.exitCode = failures > 0 ? 1 : 0;
  } finally {
    for (const proc of started) proc.kill('SIGTERM');
    if ('stop' in postgres) postgres.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
