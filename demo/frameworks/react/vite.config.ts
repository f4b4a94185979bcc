import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// No React plugin is needed to build: Vite compiles JSX itself (the plugin adds fast refresh).
export default defineConfig({
  root: here('.'),
  // The tests serve this app under its folder (demo/frameworks/build.mjs sets it); yours is likely '/'.
  base: process.env.DEMO_BASE ?? '/',
  publicDir: false,
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: here('index.html'), callback: here('callback.html') } },
  },
});
