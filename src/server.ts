/**
 * `finsify-connect/server`: the reference partner backend. `createFinsifyProxy` is a Web-standard
 * handler for any fetch-style runtime; `startProxy` runs it on Node and `createUndiciTransport` is its
 * client for Finsify there (both loaded lazily, so importing this entry pulls in neither a Node HTTP
 * server nor undici where none is wanted).
 * @module
 */
import type { RunningProxy, StartProxyOptions } from './server/node.js';
import type { UndiciTransport, UndiciTransportOptions } from './server/undici-transport.js';

export * from './server/index.js';
export { createNodeListener } from './server/node-listener.js';
export type { RunningProxy, StartProxyOptions } from './server/node.js';
export type { UndiciTransport, UndiciTransportOptions } from './server/undici-transport.js';

/** Starts the proxy on a Node HTTP server. See `createFinsifyProxy` for the options. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const node = await import('./server/node.js');
  return node.startProxy(options);
}

/**
 * The Node client `startProxy` calls Finsify through (undici, loaded lazily like `startProxy`), for
 * mounting `createFinsifyProxy` on your own Node server: pass it as the `transport` option, and
 * `close()` it when you stop.
 */
export async function createUndiciTransport(options?: UndiciTransportOptions): Promise<UndiciTransport> {
  const module = await import('./server/undici-transport.js');
  return module.createUndiciTransport(options);
}
