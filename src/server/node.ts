import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createNodeListener } from './node-listener.js';
import { createNodeFetch } from './node-fetch.js';
import { createFinsifyProxy } from './proxy.js';
import type { FinsifyProxyHandler, FinsifyProxyOptions } from './types.js';

/** Options of {@link startProxy}: the proxy's options plus where to listen. */
export interface StartProxyOptions extends FinsifyProxyOptions {
  /** TCP port; `0` picks a free one (read it from `url`). */
  port: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
}

/** A running proxy. */
export interface RunningProxy {
  /** `http://host:port` it listens on (without `basePath`). */
  url: string;
  /** The handler itself, for mounting elsewhere as well. */
  proxy: FinsifyProxyHandler;
  /** Stops listening, ends open connections, and closes the store. */
  close(): Promise<void>;
}

/**
 * Starts {@link createFinsifyProxy} on a Node HTTP server (via `@hono/node-server`). Waits for the
 * store to open first, so a missing `better-sqlite3` fails here rather than on the first request.
 * The socket's address is handed to the proxy for per-address rate limiting. Unless `options.fetch` is
 * given, Finsify is called through a keep-alive `node:http` client rather than the global `fetch`.
 */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const { port, host = '127.0.0.1', ...proxyOptions } = options;
  // Node 20's global fetch costs several times more CPU per call than node:http with keep-alive.
  const nodeFetch = proxyOptions.fetch ? undefined : createNodeFetch();
  const proxy = createFinsifyProxy({ ...proxyOptions, fetch: proxyOptions.fetch ?? nodeFetch });
  try {
    await proxy.ready();
  } catch (error) {
    await proxy.close().catch(() => {});
    nodeFetch?.close();
    throw error;
  }
  const listener = createNodeListener(proxy);
  const server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    proxy,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await proxy.close();
      nodeFetch?.close();
    },
  };
}
