// Loaded through NODE_OPTIONS (`--import`) in the Node 24 test pass, so the processes tests start
// get it too: under Node 24, `better-sqlite3` resolves to the copy built for its ABI in .node24/native
// (scripts/node24.mjs); node_modules keeps the machine Node's build. Any other Node is left alone.
import module from 'node:module';
import { pathToFileURL } from 'node:url';

const target = pathToFileURL(new URL('../.node24/native/node_modules/better-sqlite3/lib/index.js', import.meta.url).pathname).href;

if (process.versions.node.startsWith('24.')) {
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'better-sqlite3') return { url: target, format: 'commonjs', shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}
