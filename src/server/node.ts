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
  /**
   * How long `close()` lets running requests finish before it ends their connections, in ms.
   * Default {@link DEFAULT_STOP_GRACE_MS}.
   */
  stopGraceMs?: number;
  /**
   * Stop gracefully on `SIGTERM` and `SIGINT` (a deploy, Ctrl-C): `close()`, then the signal's default
   * (the process ends) unless something else listens for it. Default `true`.
   */
  stopOnSignals?: boolean;
}

/** What `close()` gives running requests by default: inside the 30 s most platforms wait after SIGTERM. */
export const DEFAULT_STOP_GRACE_MS = 25_000;

/** A running proxy. */
export interface RunningProxy {
  /** `http://host:port` it listens on (without `basePath`). */
  url: string;
  /** The handler itself, for mounting elsewhere as well. */
  proxy: FinsifyProxyHandler;
  /**
   * Stops gracefully: no new connections, idle ones closed, running requests given until the grace
   * period ends (then their connections are ended), then the store and the connections to Finsify it
   * opened are closed. Calling it again returns the same promise.
   */
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
  const { port, host = '127.0.0.1', stopGraceMs = DEFAULT_STOP_GRACE_MS, stopOnSignals = true, ...proxyOptions } = options;
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
  let closing: Promise<void> | undefined;
  const server = createServer((req, res) => {
    // While stopping, a kept-alive connection closes as soon as its last answer is out.
    if (closing) res.once('finish', () => server.closeIdleConnections());
    void listener(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const signals = ['SIGTERM', 'SIGINT'] as const;
  // `on`, not `once`: the listener stays until this proxy has stopped, so another proxy of the process
  // still stopping is seen below, and the signal's default waits for it too.
  const onSignal = (signal: NodeJS.Signals) => {
    void running.close().finally(() => {
      // Our handler replaced the signal's default: restore it, unless something else still handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const running: RunningProxy = {
    url: `http://${shownHost}:${address.port}`,
    proxy,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          // Running requests finish (a callback keeping a secret, say); past the grace period they are cut.
          const deadline = setTimeout(() => server.closeAllConnections(), stopGraceMs);
          server.close(() => {
            clearTimeout(deadline);
            resolve();
          });
          server.closeIdleConnections();
        });
        await proxy.close({ waitMs: stopGraceMs });
        await transport?.close();
        for (const signal of signals) process.off(signal, onSignal);
      })();
      return closing;
    },
  };
  if (stopOnSignals) for (const signal of signals) process.on(signal, onSignal);
  return running;
}
