/**
 * The whole local stack a partner and QA meet: the offline Finsify sandbox on its own origin
 * (`127.0.0.1`), and the partner's site on another (`localhost`): the demo page, its callback
 * page, and the reference backend (`createFinsifyProxy`) mounted at `/api/finsify`.
 * Used by `npm run demo`, the end-to-end tests and the screenshots.
 */
import { rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { createServer, type PluginOption, type ViteDevServer } from 'vite';
import { startSandbox, type RunningSandbox } from '../src/sandbox/node.js';
import { createFinsifyProxy, createMemoryStore, createSqliteStore, type FinsifyProxyHandler } from '../src/server/index.js';
import { DEFAULT_SANDBOX_CLIENT } from '../src/sandbox.js';
import { demoBackend, DEMO_WEBHOOK_SECRET, identifyDemoUser, demoSecretMode } from './backend.js';

export interface DemoStackOptions {
  /** Port of the partner's site; 0 picks a free one. Default 5173. */
  demoPort?: number;
  /** Port of the sandbox; 0 picks a free one. Default 4010. */
  sandboxPort?: number;
  /** SQLite file of the backend's store; `null` keeps it in memory (tests). Default `.data/demo.sqlite`. */
  storeFile?: string | null;
  /** Vite's log level. Default `info`. */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
  /**
   * Reload open pages when a source file changes (Vite's watcher and HMR). Default `true`; tests and
   * screenshots turn it off, so an edit made meanwhile never reloads a page in the middle of a flow.
   */
  watch?: boolean;
  /** More Vite plugins for the partner's site (the end-to-end tests add their event capture). */
  plugins?: PluginOption[];
}

export interface DemoStack {
  demoUrl: string;
  sandboxUrl: string;
  sandbox: RunningSandbox;
  proxy: FinsifyProxyHandler;
  vite: ViteDevServer;
  close(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const demoPort = options.demoPort || (await freePort('localhost'));
  const demoOrigin = `http://localhost:${demoPort}`;
  const apiBase = `${demoOrigin}/api/finsify`;

  const sandbox = await startSandbox({
    port: options.sandboxPort ?? 4010,
    host: '127.0.0.1',
    webhookUrl: `${apiBase}/webhook`,
    webhookSigningSecret: DEMO_WEBHOOK_SECRET,
    // The name the sandbox's connect pages give the partner ("Finsify Demo uses Finsify to read…").
    clients: [{ ...DEFAULT_SANDBOX_CLIENT, name: 'Finsify Demo' }],
    // The demo page's sandbox panel drives the test controls from the demo's origin, and only it.
    controlOrigins: [demoOrigin],
  });

  const storeFile = options.storeFile === undefined ? '.data/demo.sqlite' : options.storeFile;
  // The sandbox starts empty on every run, so the backend's memory of it must too: customers and
  // logins kept from a previous run name nothing the sandbox knows (the first connect of a
  // returning demo user answered CustomerNotFound).
  if (storeFile) for (const suffix of ['', '-wal', '-shm']) rmSync(`${storeFile}${suffix}`, { force: true });
  const proxy = createFinsifyProxy({
    finsifyBaseUrl: sandbox.url,
    clientId: DEFAULT_SANDBOX_CLIENT.clientId,
    serviceSecret: DEFAULT_SANDBOX_CLIENT.serviceSecret,
    identify: identifyDemoUser,
    secretMode: demoSecretMode,
    callbackBaseUrl: `${demoOrigin}/callback`,
    doneUrl: `${demoOrigin}/done`,
    // The sandbox reads them: its connect pages follow the demo page's language and theme.
    forwardPageHints: true,
    publicUrl: apiBase,
    basePath: '/api/finsify',
    allowedOrigins: [demoOrigin],
    webhookSecret: DEMO_WEBHOOK_SECRET,
    store: storeFile === null ? createMemoryStore() : createSqliteStore({ file: storeFile }),
    // The demo's file is thrown away on every run and holds sandbox logins only: no key to set up.
    // A real backend sets secretKeys (PROXY_SECRET_KEYS).
    insecureDevelopmentKey: storeFile !== null,
    logger: { info: () => {}, warn: (message) => console.warn(`[backend] ${message}`), error: (message) => console.error(`[backend] ${message}`) },
  });
  try {
    await proxy.ready();
  } catch (error) {
    await sandbox.close();
    throw error;
  }

  const vite = await createServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    // CORS for the demo's own origin only (Vite's default answers every localhost and 127.0.0.1
    // origin, before the backend runs): a page on another local port cannot read the answers.
    server: { port: demoPort, strictPort: true, host: 'localhost', cors: { origin: [demoOrigin] }, ...(options.watch === false ? { hmr: false, watch: null } : {}) },
    logLevel: options.logLevel ?? 'info',
    plugins: [demoBackend({ sandboxUrl: sandbox.url, proxy }), ...(options.plugins ?? [])],
  });
  await vite.listen();

  let closed: Promise<void> | undefined;
  return {
    demoUrl: `${demoOrigin}/`,
    sandboxUrl: sandbox.url,
    sandbox,
    proxy,
    vite,
    close() {
      closed ??= Promise.allSettled([vite.close(), sandbox.close(), proxy.close()]).then(() => undefined);
      return closed;
    },
  };
}
