/**
 * `finsify-connect/server`: the reference partner backend. `createFinsifyProxy` is a Web-standard
 * handler for any fetch-style runtime; `startProxy` runs it on Node (loaded lazily, so importing this
 * entry pulls in no Node HTTP server where none is wanted).
 * @module
 */
import type { RunningProxy, StartProxyOptions } from './server/node.js';

export * from './server/index.js';
export { createNodeListener } from './server/node-listener.js';
export type { RunningProxy, StartProxyOptions } from './server/node.js';

/** Starts the proxy on a Node HTTP server. See `createFinsifyProxy` for the options. */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const node = await import('./server/node.js');
  return node.startProxy(options);
}
