// Builds and type-checks the framework examples against the BUILT package (`npm run build`
// first): each imports `finsify-connect/...`, which resolves through package.json `exports` to
// dist/. The apps are served by the integration tests under their folders, hence the bases.
//   react    Vite (JSX needs no plugin), tsc
//   vue      Vite + @vitejs/plugin-vue (isCustomElement), vue-tsc; also a development build (dist/dev/)
//   angular  Angular's own builder (@angular/build:application), strict templates
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const here = (path) => join(root, 'demo/frameworks', path);
const bin = (name) => join(root, 'node_modules/.bin', name);

function run(label, command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options, env: { ...process.env, ...options.env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ label, ok: code === 0, output }));
  });
}

const started = performance.now();
// Two cores: the Vite builds one after the other beside Angular's, then the type-checks.
const results = await Promise.all([
  (async () => [
    await run('react (vite build)', bin('vite'), ['build', '--logLevel', 'warn', '-c', here('react/vite.config.ts')], { env: { DEMO_BASE: '/demo/frameworks/react/dist/' } }),
    await run('vue (vite build)', bin('vite'), ['build', '--logLevel', 'warn', '-c', here('vue/vite.config.ts')], { env: { DEMO_BASE: '/demo/frameworks/vue/dist/' } }),
    // Vue's development build as well (into the production one's dist/, after it): only there does
    // Vue warn, e.g. of a finsify-* tag it took for a component it cannot resolve (isCustomElement).
    await run('vue (vite build, development)', bin('vite'), ['build', '--logLevel', 'warn', '-c', here('vue/vite.config.ts'), '--outDir', 'dist/dev'], {
      env: { NODE_ENV: 'development', DEMO_BASE: '/demo/frameworks/vue/dist/dev/' },
    }),
    await run('react (tsc)', bin('tsc'), ['-p', here('react/tsconfig.json')]),
    await run('vue (vue-tsc)', bin('vue-tsc'), ['-p', here('vue/tsconfig.json')]),
  ])(),
  run('angular (@angular/build:application)', bin('architect'), ['finsify-angular-example:build', '--base-href=/demo/frameworks/angular/dist/browser/'], {
    cwd: here('angular'),
    env: { NG_CLI_ANALYTICS: 'false' },
  }),
]);
const failed = results.flat().filter((result) => !result.ok);
for (const result of failed) console.error(`\n${result.label} failed:\n${result.output}`);
if (failed.length) process.exit(1);
console.log(`Built the React, Vue and Angular examples in ${((performance.now() - started) / 1000).toFixed(1)}s.`);
