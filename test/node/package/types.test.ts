// The BUILT declarations, used the way partners' TypeScript sees them: test/package/ compiles a
// partner's code (tag maps, typed event details, React props and JSX, the IIFE's global) through
// the package's `exports`, with bundler and with Node's own resolution. Needs `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

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
