import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createNodeListener } from './node-listener.js';
import { createFinsifyProxy } from './proxy.js';
import type { FinsifyProxyHandler, FinsifyProxyOptions } from './types.js';
import { createUndiciTransport } from './undici-transport.js';

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
  /** Stops listening, ends open connections, closes the store and the connections to Finsify it opened. */
  close(): Promise<void>;
}

/**
 * Starts {@link createFinsifyProxy} on a Node HTTP server (via `@hono/node-server`). Waits for the
 * store to open first, so a missing `better-sqlite3` fails here rather than on the first request.
 * The socket's address is handed to the proxy for per-address rate limiting. Unless `options.fetch` or
 * `options.transport` is given, Finsify is called through undici (`createUndiciTransport()`: one
 * keep-alive agent, a whole-call deadline, size limits), which `close()` closes.
 */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const { port, host = '127.0.0.1', ...proxyOptions } = options;
  // A connect slower than half the budget fails as a connect timeout, which even customer creation may retry.
  const connectTimeoutMs = Math.min(5000, Math.ceil((proxyOptions.timeoutMs ?? 10_000) / 2));
  const transport = proxyOptions.fetch || proxyOptions.transport ? undefined : createUndiciTransport({ connectTimeoutMs });
  const proxy = createFinsifyProxy(transport ? { ...proxyOptions, transport } : proxyOptions);
  try {
    await proxy.ready();
  } catch (error) {
    await proxy.close().catch(() => {});
    await transport?.close();
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
      await transport?.close();
    },
  };
}
