// `npm test`: every check the project has, in order, then one closing `N passed, N failed` line.
// `node scripts/test.mjs node browser` runs only the named steps (building dist/ first if absent).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureBrowsers } from './find-browsers.mjs';
import { ensureNode24, NODE24_VERSION } from './node24.mjs';
import { findWebKit, WEBKIT_INSTALL_COMMAND } from './webkit.mjs';
import { startPostgres } from './postgres.mjs';
import { freePort, onProcessEnd } from './system-tools.mjs';

const root = new URL('..', import.meta.url).pathname;
const chosen = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), 'finsify-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Seconds each part took, printed before the total. */
const timings = [];
async function timed(label, work) {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${label} ${Math.round((Date.now() - started) / 1000)} s`);
  }
}
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Set for the test processes once the throwaway PostgreSQL server runs (see {@link withPostgres}). */
const testEnv = {};

/** The commands running now (see {@link exitsCleanly}). */
const children = new Set();

// Ctrl-C reaches every process of the terminal's group; a SIGTERM (a CI runner's timeout) or a
// SIGHUP reaches this one alone. The commands are interrupted as Ctrl-C would: that is the way
// each runner stops its browsers and servers (on SIGTERM, puppeteer closes its browser and the
// test runner goes on without it).
onProcessEnd((signal) => {
  if (signal && signal !== 'SIGINT') for (const child of children) child.kill('SIGINT');
});

/** Runs a command to its end with `stdio`; resolves whether it exited 0. */
function exitsCleanly(command, args, env, stdio) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio, env: { ...process.env, ...testEnv, ...env } });
    children.add(child);
    child.once('error', (error) => {
      console.error(error.message);
      resolve(false);
    });
    child.once('close', (code) => {
      children.delete(child);
      resolve(code === 0);
    });
  });
}

/**
 * Runs a command, its output straight to ours. Not spawnSync: Node 24's preparation
 * ({@link node24Ready}) and the browser lanes go on while it runs.
 */
function run(command, args, env = {}) {
  return exitsCleanly(command, args, env, 'inherit');
}

/**
 * Like {@link run}, but beside other work: the output goes to a file, printed in one piece under
 * `heading` when the command ends, so the output of commands running side by side does not interleave.
 */
async function runAside(heading, command, args, env, logFile) {
  const fd = openSync(logFile, 'w');
  const ok = await exitsCleanly(command, args, env, ['ignore', fd, fd]).finally(() => closeSync(fd));
  console.log(`\n== ${heading} ==`);
  process.stdout.write(readFileSync(logFile, 'utf8'));
  return ok;
}

function filesUnder(dir, suffix) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(suffix))
    .map((file) => relative(root, join(root, dir, file)))
    .sort();
}

/** A check that is one unit of pass or fail (type-check, lint, budgets). */
function check(name, ok) {
  console.log(`\n${ok ? 'ok' : 'FAILED'}: ${name}`);
  if (ok) totals.passed += 1;
  else totals.failed += 1;
}

function readTapCounts(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

function nodeTestArgs(files, label, concurrency, reporter = 'spec') {
  return [
    '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
    `--test-reporter=${reporter}`, '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${join(scratch, `${label}.tap`)}`,
    ...files,
  ];
}

function countTap(label, ok) {
  const counts = readTapCounts(join(scratch, `${label}.tap`));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (!ok && counts.failed === 0) check(`${label} runner exited with an error`, false);
}

async function nodeTests(dir, label, { concurrency = 2 } = {}) {
  const files = filesUnder(dir, '.test.ts');
  if (files.length === 0) return;
  console.log(`\n== ${label}: ${files.length} files ==`);
  countTap(label, await run(process.execPath, nodeTestArgs(files, label, concurrency)));
}

/** The Node-side folders that also run on Node 24: the backend, the sandbox, the catalog and the contract (callback parsing). */
const NODE24_DIRS = ['test/node/server', 'test/node/sandbox', 'test/node/catalog', 'test/node/contract'];

/**
 * The same tests on Node 24, after the machine's Node pass: not beside it, since the tests with real
 * processes and leases (multi-instance, crash) time out on two shared cores when both passes run.
 * NODE_OPTIONS carries the resolve hook to the processes the tests start.
 */
async function node24Tests() {
  const { node, error } = await node24Ready;
  if (!node) {
    console.error(error instanceof Error ? error.message : error);
    check(`Node ${NODE24_VERSION} for the tests (scripts/node24.mjs)`, false);
    return;
  }
  const label = `node tests on Node ${NODE24_VERSION}`;
  const files = NODE24_DIRS.flatMap((dir) => filesUnder(dir, '.test.ts'));
  console.log(`\n== ${label}: ${files.length} files (${NODE24_DIRS.join(', ')}) ==`);
  const hook = `--import=${join(root, 'scripts', 'node24-resolve.mjs')}`;
  const ok = await run(node, nodeTestArgs(files, label, 2, 'dot'), { NODE_OPTIONS: [process.env.NODE_OPTIONS, hook].filter(Boolean).join(' ') });
  countTap(label, ok);
}

/**
 * Chromium runs two test files at a time (a browser context per page keeps each visible);
 * Firefox one, since its pages share a window where only one tab is visible and focused; WebKit
 * one (above that its WebDriver launcher runs files in iframes). WebKit is Debian's WebKitGTK: when
 * it is missing, the step says how to install it and the other engines run.
 *
 * Two lanes side by side, each its own web-test-runner on its own port: Firefox in one, Chromium
 * then WebKit in the other. One engine's run leaves a core mostly idle (its tests wait on timers,
 * popups and animation frames), and the two lanes take about as long each.
 */
async function browserTests() {
  const browsers = ensureBrowsers();
  const webkit = findWebKit();
  const chromium = { name: 'chromium', concurrency: 2, executable: browsers.chromium };
  const firefox = { name: 'firefox', concurrency: 1, executable: browsers.firefox };
  // WebKit failed in 3 of 5 full runs on 2026-12-06, never the same way in the other engines: MiniBrowser
  // stalling (a popup that never read closed after close(), then the runner's own timeouts), and twice
  // the memory test's COOP flow that never ended, which may be ours (a BroadcastChannel result lost as
  // the callback page closes: under investigation). Its failed files run once more, listed at the end.
  const webkitEngine = webkit && { name: 'webkit', concurrency: 1, executable: webkit.driver, rerunFailedFiles: true };
  if (!webkit) console.log(`\n(WebKit not found: its browser tests are not run. Install it with: ${WEBKIT_INSTALL_COMMAND}, or set WEBKIT_WEBDRIVER_PATH)`);
  const lanes = [[firefox], [chromium, webkitEngine].filter(Boolean)];
  console.log(`\n(browser tests: ${lanes.map((lane) => lane.map((engine) => engine.name).join(' then ')).join(', beside ')}; each engine's output follows when it ends)`);
  await Promise.all(lanes.map(async (lane) => {
    for (const engine of lane) await timed(`browser tests (${engine.name})`, () => engineTests(engine));
  }));
}

/** Test files that failed and then passed on their second run, listed above the total line. */
const secondRuns = [];

/**
 * One engine's browser tests. The test files that failed run once more in a new browser, and their
 * second results count, when the browser itself failed in that run (it stopped answering or went
 * away: BROWSER_FAILURES in scripts/wtr-count-reporter.mjs; all files when the runner ended without
 * a report), or always for an engine with `rerunFailedFiles`. A file that passes the second time is
 * listed above the total line. Otherwise a failed test fails the run.
 */
async function engineTests(engine) {
  const first = await engineRun(engine);
  let counts = first;
  const failedFiles = first.files?.filter((file) => file.failed + file.sessionErrors > 0);
  if (!first.files || (failedFiles.length > 0 && (first.browserFailed || engine.rerunFailedFiles))) {
    const why = first.files && !first.browserFailed ? `${engine.name}'s failed files run once more` : `${engine.name}: the browser itself failed in that run; once more`;
    const which = failedFiles ? failedFiles.map((file) => file.file).join(', ') : 'all its files (the runner ended without a report)';
    console.log(`\n(${why} in a new browser: ${which})`);
    const again = await engineRun(engine, { files: failedFiles?.map((file) => file.file) });
    const kept = first.files?.filter((file) => !failedFiles.includes(file)) ?? [];
    counts = { ...again };
    for (const file of kept) {
      counts.passed += file.passed;
      counts.skipped += file.skipped;
    }
    for (const file of failedFiles ?? []) {
      const second = again.files?.find((other) => other.file === file.file);
      if (second && second.failed + second.sessionErrors === 0) secondRuns.push(`${engine.name} ${file.file}`);
    }
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed + counts.sessionErrors;
  totals.skipped += counts.skipped;
}

/**
 * Runs web-test-runner in one engine, on `files` (default: all), and returns its counts (without
 * `files` when it wrote no report). `again` names its output files apart from the first run's.
 */
async function engineRun({ name, concurrency, executable }, again) {
  const label = again ? `${name}-again` : name;
  const countFile = join(scratch, `wtr-${label}.json`);
  const env = { WTR_COUNT_FILE: countFile, WTR_BROWSERS: name, WTR_CONCURRENCY: String(concurrency), WTR_PORT: String(await freePort()) };
  if (again?.files) env.WTR_FILES = again.files.join(' ');
  const heading = `browser tests: ${name} (${executable})${again ? ', again' : ''}`;
  const ok = await runAside(heading, bin('web-test-runner'), [], env, join(scratch, `wtr-${label}.log`));
  const counts = existsSync(countFile) ? JSON.parse(readFileSync(countFile, 'utf8')) : { passed: 0, failed: 0, skipped: 0, sessionErrors: 1 };
  if (!ok && counts.failed + counts.sessionErrors === 0) check(`web-test-runner (${name}) exited with an error`, false);
  return counts;
}

/**
 * End-to-end (test/e2e): the demo stack driven through Chromium, Firefox ESR and WebKit with their popup
 * blockers on. Two files at a time, each with its own stack and browsers: a file spends most of its
 * time waiting on popups, timers and the pages, with a core idle. A failed test keeps screenshots
 * and console logs in test-results/e2e/.
 */
async function e2eTests() {
  const browsers = ensureBrowsers();
  const webkit = findWebKit();
  const webkitNote = webkit ? `WebKit ${webkit.driver}` : `no WebKit (install: ${WEBKIT_INSTALL_COMMAND})`;
  console.log(`\n(e2e: Chromium ${browsers.chromium}, Firefox ${browsers.firefox}, ${webkitNote}; failures keep artifacts in test-results/e2e/)`);
  await nodeTests('test/e2e', 'e2e tests', { concurrency: 2 });
}

/**
 * The PostgreSQL store's tests (and the multi-instance ones) need a server: one throwaway server for the
 * whole run (scripts/postgres.mjs), its URL in FINSIFY_TEST_POSTGRES_URL, stopped at the end (on Ctrl-C
 * too). A URL already set is used as it is. Without a server, the step fails saying what to install.
 */
let postgres;
let postgresTried = false;
async function withPostgres() {
  if (process.env.FINSIFY_TEST_POSTGRES_URL || postgresTried) return;
  postgresTried = true;
  console.log('\n(starting a throwaway PostgreSQL server for the tests)');
  try {
    postgres = await startPostgres();
    testEnv.FINSIFY_TEST_POSTGRES_URL = postgres.url;
    console.log(`(PostgreSQL for the tests: ${postgres.url})`);
  } catch (error) {
    // The other tests still run; the PostgreSQL ones fail, each saying the same.
    console.error(error instanceof Error ? error.message : error);
    check('throwaway PostgreSQL server for the tests (scripts/postgres.mjs)', false);
  }
}

/** The package tests, budgets and integration tests read dist/: build it when the run does not. */
async function ensureBuilt() {
  if (chosen.length && !chosen.includes('build') && !existsSync(join(root, 'dist', 'finsify-connect.iife.js'))) await steps.build();
}

/**
 * Node 24 (and, the first time, better-sqlite3 compiled for it: a minute or more of one core) is
 * got ready from the start, beside the build, type-check and lint, which mostly leave a core free,
 * rather than when its tests are due.
 */
const node24Ready = chosen.length && !chosen.includes('node') ? Promise.resolve({}) : ensureNode24().then((node) => ({ node }), (error) => ({ error }));

const steps = {
  // First: the package tests type-check against dist/'s declarations, as a partner's code would.
  // The Node tests come after the browser tests, so that Node 24's first-time setup (node24Ready)
  // has the build, type-check, lint and the start of the browser tests to run beside.
  build: async () => check('build (npm run build: dist/, custom-elements.json)', await run(process.execPath, ['scripts/build.mjs'])),
  typecheck: async () => {
    await ensureBuilt();
    check('type-check (tsc --noEmit)', await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']));
  },
  lint: async () => check('lint (eslint with lit, lit-a11y, wc)', await run(bin('eslint'), ['.'])),
  size: async () => {
    await ensureBuilt();
    check('size budgets (scripts/size.mjs)', await run(process.execPath, ['scripts/size.mjs']));
  },
  demos: async () => {
    await ensureBuilt();
    check('framework examples build (demo/frameworks/build.mjs)', await run(process.execPath, ['demo/frameworks/build.mjs']));
  },
  browser: async () => {
    await ensureBuilt();
    // The integration tests serve the example apps' builds (git-ignored) as well.
    const examples = ['react/dist', 'vue/dist', 'vue/dist/dev', 'angular/dist'].map((dir) => join(root, 'demo', 'frameworks', dir));
    if (chosen.length && !chosen.includes('demos') && !examples.every((dir) => existsSync(dir))) await steps.demos();
    await browserTests();
  },
  node: async () => {
    await ensureBuilt();
    await withPostgres();
    await timed(`node tests (Node ${process.versions.node})`, () => nodeTests('test/node', 'node tests'));
    await timed(`node tests (Node ${NODE24_VERSION})`, () => node24Tests());
  },
  e2e: async () => {
    await withPostgres();
    await e2eTests();
  },
};

for (const [name, step] of Object.entries(steps)) {
  if (chosen.length && !chosen.includes(name)) continue;
  try {
    await timed(name, step);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    check(name, false);
  }
}

postgres?.stop();

console.log(`\n(time: ${timings.join(', ')})`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
if (secondRuns.length > 0) console.log(`\n(failed, then passed on a second run in a new browser: ${secondRuns.join('; ')})`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
