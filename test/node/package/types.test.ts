// The BUILT declarations, used the way partners' TypeScript sees them: test/package/ compiles a
// partner's code (tag maps, typed event details, React props and JSX, the IIFE's global) through
// the package's `exports`, with bundler and with Node's own resolution, and through its
// `typesVersions` with node10 resolution. Needs `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const tsc = `${root}node_modules/.bin/tsc`;

for (const [label, extra] of [
  ['bundler resolution', []],
  ['nodenext resolution', ['--module', 'nodenext', '--moduleResolution', 'nodenext']],
] as const) {
  test(`a partner's TypeScript compiles against the built types (${label})`, () => {
    const result = spawnSync(tsc, ['-p', 'test/package/tsconfig.json', ...extra], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
}

test("a partner's TypeScript compiles against the built types (node10 resolution, through typesVersions)", () => {
  // node10 reads no `exports`: each subpath resolves only through `typesVersions`. Nor does it find
  // a package by its own name, so the partner's code compiles in a scratch folder whose
  // node_modules/finsify-connect is this repository, as after an install.
  const dir = mkdtempSync(join(tmpdir(), 'finsify-types-node10-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'finsify-connect'), 'dir');
    symlinkSync(join(root, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
    const files = ['consumer.ts', 'consumer-react.tsx', 'consumer-iife.ts'];
    for (const file of files) copyFileSync(join(root, 'test/package', file), join(dir, file));
    // A node10 project as `tsc --init` made them: CommonJS output, esModuleInterop (which React's types need).
    const compilerOptions = { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(root, 'test/package/tsconfig.json'), compilerOptions, files }));

    const result = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json'), '--traceResolution'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    assert.equal(result.status, 0, errors.join('\n') + result.stderr);
    // Every subpath the partner imports resolved to its declarations in dist/.
    const expected = { picker: 'picker', connect: 'connect', callback: 'callback', react: 'react', server: 'server', sandbox: 'sandbox', 'dist/finsify-connect.iife.js': 'iife' };
    for (const [subpath, declarations] of Object.entries(expected)) {
      assert.ok(
        result.stdout.includes(`Module name 'finsify-connect/${subpath}' was successfully resolved to '${root}dist/${declarations}.d.ts'`),
        `finsify-connect/${subpath} resolved to dist/${declarations}.d.ts`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
