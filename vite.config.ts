import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs build script without type declarations
import { minifyLiteralsPlugin } from './scripts/minify-literals.mjs';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/**
 * package.json's `sideEffects` describes the published dist/ files, but Vite applies it to this
 * package's own sources too: it would drop `import './index.js'` from the IIFE entry, and with it
 * the element registrations. The modules that register elements keep their side effects here.
 */
function registeringModules(): Plugin {
  const ids = new Set(['index.ts', 'picker.ts', 'connect.ts', 'iife.ts'].map(src));
  return {
    name: 'finsify-registering-modules',
    transform(code, id) {
      return ids.has(id) ? { code, map: null, moduleSideEffects: true } : undefined;
    },
  };
}

// `vite` serves the demo (root `demo/`, importing the sources directly). `vite build` writes the
// single `<script>` file, dist/finsify-connect.iife.js; the ES modules for bundlers and Node are
// tsc's (tsconfig.build.json), and scripts/build.mjs runs both.
export default defineConfig(({ command }): UserConfig => {
  if (command === 'serve') {
    return {
      root: fileURLToPath(new URL('./demo', import.meta.url)),
      publicDir: false,
      // No CORS unless demo/stack.ts allows the demo's own origin: Vite's default answers every
      // localhost origin, so a page on another local port could read the demo backend's answers.
      server: { cors: false, fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
      preview: { cors: false },
      // The demo's own pages only: the framework examples under demo/frameworks import the
      // built package, which a fresh clone does not have until `npm run build`.
      optimizeDeps: { entries: ['index.html', 'callback.html'] },
    };
  }
  return {
    // nanostores (and Lit) read it; partners' pages have no `process`.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [registeringModules(), minifyLiteralsPlugin() as Plugin],
    publicDir: false,
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2021',
      lib: { entry: src('iife.ts'), name: 'FinsifyConnect', formats: ['iife'], fileName: () => 'finsify-connect.iife.js' },
    },
  };
});
