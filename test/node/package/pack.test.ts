// What `npm pack` would publish: only what partners need, and every `exports` target in it.
// Needs `npm run build` first (npm test runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
// --ignore-scripts: `prepack` would build again; the build has just run.
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files: string[] = packed[0].files.map((file: { path: string }) => file.path);

const LOCALE_SCRIPT = /^dist\/locales\/[a-z]+\.js$/;

/** Every file path an `exports` entry points at, `types` included. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  return Object.values(value as Record<string, unknown>).flatMap(exportTargets);
}

test('the exports are the contract table, each with types', () => {
  assert.deepEqual(Object.keys(pkg.exports), [
    '.',
    './picker',
    './connect',
    './callback',
    './react',
    './server',
    './sandbox',
    './locales/ms',
    './locales/id',
    './locales/th',
    './dist/finsify-connect.iife.js',
    './dist/finsify-connect.iife.js.sri',
    './dist/locales/ms.js',
    './dist/locales/ms.js.sri',
    './dist/locales/id.js',
    './dist/locales/id.js.sri',
    './dist/locales/th.js',
    './dist/locales/th.js.sri',
    './custom-elements.json',
    './package.json',
  ]);
  for (const [name, target] of Object.entries(pkg.exports)) {
    // A locale pack for a <script> tag only registers texts into the IIFE's global: nothing to type.
    if (name.endsWith('.json') || name.endsWith('.sri') || LOCALE_SCRIPT.test(name.slice(2))) continue;
    assert.deepEqual(Object.keys(target as object), ['types', 'default'], `${name}: types first, then default`);
  }
});

test('every exports target, types and custom elements manifest is in the package', () => {
  const wanted = [...exportTargets(pkg.exports), pkg.main, pkg.types, pkg.customElements].map((path: string) => path.replace(/^\.\//, ''));
  for (const path of wanted) assert.ok(files.includes(path), `${path} is not packed`);
  for (const path of Object.values(pkg.typesVersions['*']).flat() as string[]) assert.ok(files.includes(path.replace(/^\.\//, '')), `${path} is not packed`);
});

test('the package holds dist, the manifest and the documents, nothing else', () => {
  const topLevel = new Set(files.map((path) => path.split('/')[0]));
  assert.deepEqual([...topLevel].sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'custom-elements.json', 'dist', 'package.json']);
  const unwanted = files.filter((path) => /\.test\.|\.tsbuildinfo$|(^|\/)\.data(\/|$)|(^|\/)(src|test|demo|scripts)\//.test(path) || path === 'dist/iife.js');
  assert.deepEqual(unwanted, []);
  assert.ok(files.every((path) => !path.endsWith('.ts') || path.endsWith('.d.ts')), 'no TypeScript sources');
});

test('every .js module ships with its .d.ts', () => {
  const missing = files.filter((path) => path.startsWith('dist/') && path.endsWith('.js') && !path.endsWith('.iife.js') && !LOCALE_SCRIPT.test(path) && !files.includes(path.replace(/\.js$/, '.d.ts')));
  assert.deepEqual(missing, []);
});

test('sideEffects lists the modules that register elements, and they exist', () => {
  assert.deepEqual(pkg.sideEffects, [
    './dist/index.js',
    './dist/picker.js',
    './dist/connect.js',
    './dist/react.js',
    './dist/finsify-connect.iife.js',
    './dist/locales/*/index.js',
    './dist/locales/*.js',
  ]);
  for (const path of pkg.sideEffects.filter((path: string) => !path.includes('*'))) assert.ok(files.includes(path.replace(/^\.\//, '')), path);
  for (const code of ['ms', 'id', 'th']) for (const path of [`dist/locales/${code}/index.js`, `dist/locales/${code}.js`]) assert.ok(files.includes(path), path);
  for (const path of ['dist/picker.js', 'dist/connect.js']) assert.match(readFileSync(new URL(path, root), 'utf8'), /defineElement\('finsify-/);
});

test('a bundler keeps the registrations of an import for its side effects alone', async () => {
  // As a partner's bundler reads this package.json: `import 'finsify-connect/react'` for the JSX tags.
  const { build } = await import('esbuild');
  for (const [entry, tags] of [
    ['index.js', ['finsify-service-picker', 'finsify-connect']],
    ['picker.js', ['finsify-service-picker']],
    ['connect.js', ['finsify-connect']],
    ['react.js', ['finsify-service-picker', 'finsify-connect']],
  ] as const) {
    const result = await build({
      stdin: { contents: `import './dist/${entry}';`, resolveDir: fileURLToPath(root) },
      bundle: true,
      write: false,
      format: 'esm',
      external: ['lit', 'lit/*', '@lit/*', 'nanostores', 'react', '@lit/react'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    for (const tag of tags) assert.match(code, new RegExp(`defineElement\\("${tag}"`), `${entry}: ${tag} is registered`);
  }
});

test('custom-elements.json describes both tags, their attributes and events, at their dist paths', () => {
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
  const elements = manifest.modules.flatMap((mod: { path: string; declarations?: Array<Record<string, unknown>> }) =>
    (mod.declarations ?? []).filter((decl) => decl['customElement']).map((decl) => ({ ...decl, path: mod.path })),
  );
  const byTag = Object.fromEntries(elements.map((decl: Record<string, unknown>) => [decl['tagName'], decl]));
  assert.deepEqual(Object.keys(byTag).sort(), ['finsify-connect', 'finsify-service-picker']);
  const names = (decl: Record<string, unknown>, key: string) => ((decl[key] as Array<{ name: string }>) ?? []).map((item) => item.name);
  for (const attribute of ['catalog-url', 'country', 'type', 'query', 'locale']) assert.ok(names(byTag['finsify-service-picker'], 'attributes').includes(attribute), attribute);
  for (const attribute of ['token-url', 'service-id', 'login-id', 'mode', 'timeout']) assert.ok(names(byTag['finsify-connect'], 'attributes').includes(attribute), attribute);
  for (const event of ['finsify-service-select', 'finsify-catalog-load', 'finsify-catalog-error']) assert.ok(names(byTag['finsify-service-picker'], 'events').includes(event), event);
  for (const event of ['finsify-open', 'finsify-success', 'finsify-error', 'finsify-exit', 'finsify-event']) assert.ok(names(byTag['finsify-connect'], 'events').includes(event), event);
  for (const element of elements) assert.ok(files.includes(element.path), `${element.path} (manifest path) is packed`);
  const definitions = manifest.modules.flatMap((mod: { exports?: Array<{ kind: string; name: string }> }) => (mod.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name));
  assert.deepEqual(definitions.sort(), ['finsify-connect', 'finsify-service-picker']);
});

test('react and @lit/react are optional peers; lit and nanostores are dependencies', () => {
  assert.ok(pkg.dependencies.lit && pkg.dependencies.nanostores);
  for (const name of ['react', '@lit/react']) {
    assert.ok(pkg.peerDependencies[name], name);
    assert.equal(pkg.peerDependenciesMeta[name]?.optional, true, name);
    assert.equal(pkg.dependencies[name], undefined, name);
  }
});
