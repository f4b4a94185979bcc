// `npm run build`: everything the npm package ships, into dist/ (and custom-elements.json).
//   tsc -p tsconfig.build.json   ES modules + .d.ts for every entry, browser and Node alike
//   vite build --mode iife       dist/finsify-connect.iife.js, for a <script> tag
//   cem analyze                  custom-elements.json (custom-elements-manifest.config.mjs)
//   locale packs                 dist/locales/<code>.js, <script> tags for after the IIFE, from tsc's
//                                dist/locales/<code>/messages.js (the ES packs are tsc's dist/locales/<code>/index.js)
// The three run side by side; then the output is checked and the SRI hashes written and printed.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { minifyLiterals } from './minify-literals.mjs';
import { sriHash } from './sri.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = performance.now();

function run(label, command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ label, ok: code === 0, output }));
  });
}

rmSync(dist, { recursive: true, force: true });
const results = await Promise.all([
  run('tsc', bin('tsc'), ['-p', 'tsconfig.build.json']),
  run('vite (iife)', bin('vite'), ['build', '--mode', 'iife', '--logLevel', 'warn']),
  run('cem analyze', bin('cem'), ['analyze', '--quiet']),
]);
const failed = results.filter((result) => !result.ok);
for (const result of failed) console.error(`\n${result.label} failed:\n${result.output}`);
if (failed.length) process.exit(1);

// tsc also compiles src/iife.ts as a module; only its .d.ts (the `window.FinsifyConnect` types) ships.
rmSync(join(dist, 'iife.js'));

// The browser modules' css`` and html`` literals, minified as the IIFE's are (Node code has none).
const nodeOnly = /^(server|sandbox)(\.js$|\/)/;
for (const file of readdirSync(dist, { recursive: true }).map(String)) {
  if (!file.endsWith('.js') || nodeOnly.test(file) || file === 'finsify-connect.iife.js') continue;
  const path = join(dist, file);
  const code = readFileSync(path, 'utf8');
  const minified = await minifyLiterals(code, path);
  if (minified !== code) writeFileSync(path, minified);
}

// Vite leaves decorators as they are in files it does not compile as TypeScript: a browser cannot
// parse them. tsc never does, but a stray one in any output is a broken build, whatever made it.
const problems = [];
for (const file of readdirSync(dist, { recursive: true }).map(String)) {
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(join(dist, file), 'utf8');
  if (/^\s*@[A-Za-z]+\(/m.test(text)) problems.push(`${file}: undecorated decorator syntax`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

// A locale pack for a <script> tag: one call to the global the IIFE sets, with the pack's texts as JSON.
const LOCALE_PACKS = ['ms', 'id', 'th'];
for (const code of LOCALE_PACKS) {
  const { default: messages } = await import(pathToFileURL(join(dist, 'locales', code, 'messages.js')).href);
  // Keys are identifiers: unquoted, as a minifier would write them (the pack's budget is tight).
  const texts = JSON.stringify(messages).replace(/"([A-Za-z]\w*)":/g, '$1:');
  const call = `registerLocale("${code}",${texts})`;
  const script = `/*! finsify-connect locale ${code} */\n(f=>f?f.${call}:console.error("finsify-connect: load locales/${code}.js after finsify-connect.iife.js"))(self.FinsifyConnect);\n`;
  writeFileSync(join(dist, 'locales', `${code}.js`), script);
}

const scripts = ['finsify-connect.iife.js', ...LOCALE_PACKS.map((code) => `locales/${code}.js`)];
const hashes = scripts.map((file) => {
  const integrity = sriHash(readFileSync(join(dist, file)));
  writeFileSync(join(dist, `${file}.sri`), `${integrity}\n`); // the same hash, machine-readable: shipped, and checked by the SRI browser test
  return [file, integrity];
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Built dist/ and custom-elements.json in ${seconds}s.`);
for (const [file, integrity] of hashes) console.log(`dist/${file}  integrity="${integrity}"`);
console.log(`<script src="/finsify-connect.iife.js" integrity="${hashes[0][1]}" crossorigin="anonymous"></script>`);
