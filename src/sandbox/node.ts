import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createSandbox } from './create-sandbox.js';
import type { SandboxHandler, SandboxOptions } from './types.js';

/** Options of {@link startSandbox}: where to listen, plus every {@link SandboxOptions}. */
export interface StartSandboxOptions extends SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1` (the sandbox is a local tool). */
  host?: string;
}

/** A sandbox listening on a Node HTTP server. */
export interface RunningSandbox {
  /** Its origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The handler, with its test controls. */
  sandbox: SandboxHandler;
  /** Stops listening, drops open connections and stops the sandbox's timers. */
  close(): Promise<void>;
}

/** Starts {@link createSandbox} on a Node HTTP server (via `@hono/node-server`). */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  const { server, address } = await new Promise<{ server: Server; address: AddressInfo }>((resolve, reject) => {
    const server = serve({ fetch: sandbox, port, hostname: host }, (info) => resolve({ server, address: info })) as Server;
    server.once('error', reject);
  });
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    sandbox,
    close() {
      closed ??= (async () => {
        await sandbox.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closed;
    },
  };
}
