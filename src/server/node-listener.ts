import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { FinsifyProxyHandler } from './types.js';

/**
 * The proxy as a Node `(req, res)` listener, for `http.createServer(...)` or Express
 * (`app.use('/api/finsify', createNodeListener(proxy))`: Express strips the mount path, so leave
 * `basePath` unset there). The socket's address is passed on for per-address rate limiting.
 */
export function createNodeListener(proxy: FinsifyProxyHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return getRequestListener((request, env) => proxy(request, { remoteAddress: env.incoming.socket.remoteAddress }));
}
