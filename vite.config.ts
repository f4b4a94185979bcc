import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minify } from 'terser';
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

/**
 * The browser code's private members are ES `#private` names, which every minifier renames (a
 * partner's bundler too). The reactive state of `<finsify-service-picker>` cannot be: Lit makes an
 * accessor of each, by name. Those names are renamed here, in the `<script>` bundle only (the whole
 * program is in that one file, so every use is renamed alike): nothing outside reads them, and no
 * attribute, DOM or Lit name, JSON field or event detail has them. The bundle smoke tests
 * (test/browser/integration/bundles.test.ts, script-tag.test.ts) load the built file in every engine.
 */
const PRIVATE_MEMBERS = ['activeIndex', 'announcement'];

/**
 * Terser over Vite's minified bundle (Oxc's output compresses better as terser's input than the
 * source does): three passes, and the private members renamed, ours (PRIVATE_MEMBERS) and Lit's
 * (already short `_$Xy` names, never read by name from outside: `_$litType$` and the other
 * cross-copy markers are longer and kept). About 0.8 kB brotli less than Oxc alone.
 */
function terserAfterwards(): Plugin {
  const regex = new RegExp(`^(${PRIVATE_MEMBERS.join('|')}|_\\$[A-Z][A-Za-z_])$`);
  return {
    name: 'finsify-terser',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const result = await minify(chunk.code, {
          ecma: 2022,
          compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
          mangle: { properties: { regex } },
          format: { comments: false },
        });
        chunk.code = result.code!;
      }
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
    plugins: [registeringModules(), minifyLiteralsPlugin() as Plugin, terserAfterwards()],
    publicDir: false,
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',

      lib: { entry: src('iife.ts'), name: 'FinsifyConnect', formats: ['iife'], fileName: () => 'finsify-connect.iife.js' },
    },
  };
});
