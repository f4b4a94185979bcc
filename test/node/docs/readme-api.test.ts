import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs script without type declarations
import { analyze, renderReadme } from '../../../scripts/api-tables.mjs';

test('the README API tables match custom-elements.json (run node scripts/api-tables.mjs --write)', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  assert.equal(readme, renderReadme(readme, analyze()));
});
