import { defineConfig, type UserConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** Browser entry points of the npm package; `server` and `sandbox` are Node code, compiled by tsc. */
export const browserEntries = {
  index: src('index.ts'),
  picker: src('picker.ts'),
  connect: src('connect.ts'),
  callback: src('callback.ts'),
};

// `vite` serves the demo (root `demo/`, importing the sources directly); `vite build` writes the
// ES modules for bundlers and `vite build --mode iife` the single `<script>` file.
export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') {
    return {
      root: fileURLToPath(new URL('./demo', import.meta.url)),
      publicDir: false,
      server: { fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
    };
  }
  if (mode === 'iife') {
    return {
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2021',
        lib: { entry: src('iife.ts'), name: 'FinsifyConnect', formats: ['iife'], fileName: () => 'finsify-connect.iife.js' },
      },
    };
  }
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2021',
      minify: false,
      lib: { entry: browserEntries, formats: ['es'] },
      rollupOptions: {
        external: [/^lit($|\/)/, /^@lit\//, /^nanostores($|\/)/],
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
});
