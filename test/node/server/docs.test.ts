import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every `status name` pair the proxy answers with itself, read from its sources. */
function answeredErrors(): Map<string, number> {
  const found = new Map<string, number>();
  const dir = join(root, 'src/server');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    // new ProxyError(400, 'Name', …), possibly over several lines: the one way the proxy answers an error
    for (const match of text.matchAll(/ProxyError\(\s*(\d{3}),\s*'([A-Za-z]+)'/g)) found.set(match[2]!, Number(match[1]));
  }
  return found;
}

test('the proxy answers the error names its documentation lists', () => {
  const errors = answeredErrors();
  for (const name of ['CallbackInvalid', 'SignatureInvalid', 'StateInUse', 'CustomerExists', 'ConnectError', 'InternalError']) {
    assert.ok(errors.has(name), `${name} found in src/server`);
  }
  const serverReadme = read('src/server/README.md');
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## The partner backend'), readme.indexOf('## The offline Finsify'));
  for (const [name, status] of errors) {
    assert.ok(serverReadme.includes(`\`${status} ${name}\``), `src/server/README.md lists \`${status} ${name}\``);
    assert.ok(section.includes(`\`${name}\``), `README.md's partner backend section names ${name}`);
  }
});
