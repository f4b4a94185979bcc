// src/contract runs in the browser, in Node and in any fetch-style runtime: it may use the
// language and the standard web globals (URL, URLSearchParams, TextEncoder, crypto), never the
// DOM or Node's APIs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;
const dir = join(root, 'src', 'contract');
const files = readdirSync(dir).filter((file) => file.endsWith('.ts'));

// A DOM or Node global, or a module other than a sibling in src/contract.
const FORBIDDEN: Array<[string, RegExp]> = [
  ['an import of anything but a sibling module', /\bfrom\s+['"](?!\.\/[\w-]+\.js['"])/],
  ['require()', /\brequire\s*\(/],
  ['a dynamic import', /\bimport\s*\(/],
  ['a DOM global', /\b(document|window|navigator|location|localStorage|sessionStorage|HTMLElement|customElements|self)\b/],
  ['a Node global', /\b(process|Buffer|__dirname|__filename|global|setImmediate)\b/],
];

/** The source without comments and string contents, so prose and messages do not count. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

describe('contract: no DOM, no Node', () => {
  it('has modules to check', () => assert.ok(files.length >= 7, files.join()));

  for (const file of files) {
    it(`${file} imports only its siblings and names no DOM or Node global`, () => {
      const text = code(readFileSync(join(dir, file), 'utf8'));
      for (const [what, pattern] of FORBIDDEN) assert.doesNotMatch(text, pattern, `${file} uses ${what}`);
    });
  }

  it('type-checks with the ES2022 library and the worker globals only: no DOM types, no @types/node', () => {
    // WebWorker's library has URL, TextEncoder and crypto but no document or window; without
    // @types/node, `node:` modules, Buffer and process do not exist.
    const scratch = mkdtempSync(join(tmpdir(), 'contract-purity-'));
    try {
      const config = join(scratch, 'tsconfig.json');
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'WebWorker'],
            types: [],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            isolatedModules: true,
            verbatimModuleSyntax: true,
          },
          files: files.map((file) => join(dir, file)),
        }),
      );
      const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { encoding: 'utf8' });
      assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
