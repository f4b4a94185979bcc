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
 * TypeScript `private` members of the browser code renamed in the `<script>` bundle (the whole
 * program is in that one file, so every use is renamed alike). Only names that nothing outside
 * reads: not the public API, not a reactive property with an attribute, not a DOM or Lit name,
 * not a field of JSON or of an event's detail. A private member left off this list merely stays
 * long; the bundle smoke tests (test/browser/integration/bundles.test.ts, script-tag.test.ts)
 * load the built file in both browsers.
 */
const PRIVATE_MEMBERS = [
  // <finsify-service-picker>
  'activeIndex', 'announcement', 'windowing', 'failedLogos', 'resolvedLocale', 'translator', 'offered', 'offeredFrom',
  'fixedCountries', 'fixedTypes', 'hits', 'countryChoices', 'typeChoices', 'choicesLocale', 'reportedState',
  'pendingAnnouncement', 'announceTimer', 'renderFilters', 'renderFilter', 'renderMessage', 'renderListbox',
  'renderCallToAction', 'showsEmpty', 'statusText', 'scheduleAnnouncement', 'choose', 'onInput', 'onKeyDown', 'onFilterChange',
  'onRetry', 'onClear', 'onListMouseDown', 'onListClick', 'onLogoError', 'givenState',
  // <finsify-connect> and its popup session
  'triggerElement', 'currentLocale', 'displayName', 'onServiceSelect', 'tokenAbort', 'stopPolling', 'seenAway',
  'leaveForConnect', 'keepPending', 'onCutOff', 'storeKey',
  // windowing and search
  'liveViewportHeight', 'computedRanges', 'resizeObserver', 'prefixLength', 'folded',
];

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
          ecma: 2020,
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
      target: 'es2021',

      lib: { entry: src('iife.ts'), name: 'FinsifyConnect', formats: ['iife'], fileName: () => 'finsify-connect.iife.js' },
    },
  };
});
