// The load generators for `npm run bench:server`. wrk (a native tool from Debian's packages) is the
// default: it needs a few µs of CPU a request, where autocannon, running in Node, needs about as much as
// the servers it measures. On a machine with few cores that CPU is taken from the servers, so
// autocannon's figures tell more about the machine than about the proxy. autocannon stays as the
// fallback where wrk cannot be had, and on request (BENCH_LOADGEN=autocannon).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canInstallDebianPackages, findExecutable, installDebianPackages } from '../system-tools.mjs';

export interface LoadRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /**
   * Makes each request's body distinct: every occurrence of this placeholder in `body` is replaced by
   * `<sequencePrefix><n>`, n counting the requests of the run (e.g. a webhook's `referenceId`).
   */
  sequencePlaceholder?: string;
  /** Tells apart runs that go at once (several load generators against several instances). */
  sequencePrefix?: string;
}

/** The body of request number `n`. */
export function bodyNumber(request: LoadRequest, n: number): string {
  return request.sequencePlaceholder ? request.body.split(request.sequencePlaceholder).join(`${request.sequencePrefix ?? ''}${n}`) : request.body;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds, with microsecond resolution where the tool has it. */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface LoadGenerator {
  name: string;
  run(request: LoadRequest, options: { connections: number; durationSeconds: number }): Promise<LoadResult>;
}

const WRK_PATHS = ['WRK_PATH', '/usr/bin/wrk', '/usr/local/bin/wrk'];
const findWrk = () => findExecutable(WRK_PATHS);

/** A Lua long string that cannot be closed early by the text inside it. */
function luaString(text: string): string {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

// wrk's own summary rounds latencies for display; `done` hands over the exact figures (in µs) as JSON.
// The spaces in `headers[ [[name]] ]` matter: `[[[` would open a long string.
function wrkScript(request: LoadRequest): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`)
    .join('\n');
  // A distinct body per request: the placeholder (split and joined, no Lua pattern) replaced by a counter.
  const sequence = request.sequencePlaceholder
    ? `local parts, counter = {}, 0
local template, placeholder = ${luaString(request.body)}, ${luaString(request.sequencePlaceholder)}
local from = 1
while true do
  local at, last = string.find(template, placeholder, from, true)
  if not at then break end
  table.insert(parts, string.sub(template, from, at - 1))
  from = last + 1
end
table.insert(parts, string.sub(template, from))
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, table.concat(parts, ${luaString(request.sequencePrefix ?? '')} .. counter))
end
`
    : '';
  return `wrk.method = ${luaString(request.method)}
wrk.body = ${luaString(request.body)}
${headers}
${sequence}done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

function wrk(path: string): LoadGenerator {
  return {
    name: 'wrk',
    async run(request, { connections, durationSeconds }) {
      const scratch = mkdtempSync(join(tmpdir(), 'finsify-wrk-'));
      const script = join(scratch, 'request.lua');
      writeFileSync(script, wrkScript(request));
      try {
        // One thread: this machine's cores belong to the servers being measured.
        const args = ['-t1', `-c${connections}`, `-d${durationSeconds}s`, '--timeout', '10s', '-s', script, request.url];
        const stdout = await new Promise<string>((resolve, reject) =>
          execFile(path, args, (error, out, err) => (error ? reject(new Error(`wrk failed: ${err || error.message}`)) : resolve(out))),
        );
        const line = /^RESULT (.*)$/m.exec(stdout)?.[1];
        if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
        const result = JSON.parse(line) as { requests: number; durationUs: number; non2xx: number; errors: number; p50Us: number; p99Us: number };
        return {
          requestsPerSecond: result.requests / (result.durationUs / 1e6),
          p50Ms: result.p50Us / 1000,
          p99Ms: result.p99Us / 1000,
          non2xx: result.non2xx,
          errors: result.errors,
        };
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (
  options: Omit<LoadRequest, 'sequencePlaceholder' | 'sequencePrefix'> & {
    connections: number;
    duration: number;
    requests?: { setupRequest: (request: { body?: string }) => { body?: string } }[];
  },
) => Promise<AutocannonResult>;

function autocannon(): LoadGenerator {
  const run = createRequire(import.meta.url)('autocannon') as Autocannon;
  return {
    name: 'autocannon',
    async run(request, { connections, durationSeconds }) {
      let n = 0;
      const { sequencePlaceholder, sequencePrefix, ...fixed } = request;
      const requests = sequencePlaceholder
        ? [{ setupRequest: (each: { body?: string }) => ({ ...each, body: bodyNumber({ ...request, sequencePlaceholder, sequencePrefix }, ++n) }) }]
        : undefined;
      const result = await run({ ...fixed, connections, duration: durationSeconds, ...(requests && { requests }) });
      return {
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      };
    },
  };
}

/**
 * The load generator to use: BENCH_LOADGEN (`wrk` or `autocannon`) if set, else wrk, installed
 * from Debian's packages when this machine allows it, else autocannon with a warning.
 */
export function chooseLoadGenerator(log: (line: string) => void = console.log): LoadGenerator {
  const wanted = process.env.BENCH_LOADGEN;
  if (wanted === 'autocannon') return autocannon();
  if (wanted !== undefined && wanted !== 'wrk') throw new Error(`BENCH_LOADGEN must be wrk or autocannon, not ${JSON.stringify(wanted)}`);
  let path = findWrk();
  if (!path && canInstallDebianPackages()) {
    installDebianPackages(['wrk'], { log });
    path = findWrk();
  }
  if (path) return wrk(path);
  if (wanted === 'wrk') throw new Error('wrk is missing: install it with `sudo apt-get install -y wrk`, or set WRK_PATH.');
  log('wrk is missing (install it with `sudo apt-get install -y wrk`): using autocannon, which shares the CPU with the servers it measures.');
  return autocannon();
}
