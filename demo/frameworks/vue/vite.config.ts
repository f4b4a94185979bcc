import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // The tests serve this app under its folder (demo/frameworks/build.mjs sets it); yours is likely '/'.
  base: process.env.DEMO_BASE ?? '/',
  publicDir: false,
  // Tags starting with finsify- are custom elements, not Vue components: Vue passes their
  // attributes and properties through and listens to their events with @finsify-….
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('finsify-') } } })],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: here('index.html'), callback: here('callback.html') } },
  },
});
