import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createSandbox } from '../../../src/sandbox.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

test('the READMEs give the size of the catalog the sandbox serves', async () => {
  const answer = (await (await createSandbox({})(new Request('http://sandbox.test/service.json'))).json()) as unknown[] | { data: unknown[] };
  const count = (Array.isArray(answer) ? answer : answer.data).length;
  assert.match(read('src/sandbox/README.md'), new RegExp(`\\| \`GET /service\\.json\` \\| ${count} services `));
  assert.match(read('README.md'), new RegExp(`\\b${count}-service catalog\\b`));
});
