import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import type { FinsifyProxyHandler, SecretMode } from '../src/server/index.js';

/** Shared by the sandbox (signs) and the backend (verifies) so the demo shows verified webhooks. */
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-signing-secret';

/** The demo's stand-in for partner sign-in: a cookie naming one of these users. */
export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // malformed: nobody, not a crash
    }
  }
  return undefined;
}

/**
 * Who is signed in, from the `demo_user` cookie, which the demo page sets from its user select.
 * No cookie (or an unknown user) is nobody: the backend answers 401, so a request that did not
 * come from the demo page never reads a demo user's logins. Demo only: a real partner reads its
 * own session here.
 */
export function identifyDemoUser(request: Request): string | null {
  const user = cookie(request, 'demo_user');
  return user !== undefined && (DEMO_USERS as readonly string[]).includes(user) ? user : null;
}

/** Who keeps the login secret, from the page's "secret handling" switch (`demo_secret_mode` cookie). */
export function demoSecretMode(request: Request): SecretMode {
  return cookie(request, 'demo_secret_mode') === 'server' ? 'server' : 'browser';
}

export interface DemoBackendOptions {
  /** The sandbox's origin (the offline Finsify API). */
  sandboxUrl: string;
  /** The reference backend, mounted at `/api/finsify`. */
  proxy: FinsifyProxyHandler;
}

/**
 * The partner's side of the demo inside Vite's server: the reference backend at `/api/finsify`,
 * the callback page at `/callback/<state>/<result>` (browser-kept secret) and `/done/<state>?…`
 * (backend-kept secret), and the page's configuration.
 */
export function demoBackend(options: DemoBackendOptions): Plugin {
  const backend = getRequestListener((request, env) =>
    options.proxy(request, { remoteAddress: (env as HttpBindings).incoming.socket.remoteAddress }),
  );
  return {
    name: 'finsify-demo-backend',
    configureServer(server) {
      server.middlewares.use((request: IncomingMessage, response: ServerResponse, next: () => void) => {
        const url = request.url ?? '/';
        if (url.startsWith('/api/finsify/') || url === '/api/finsify') {
          void backend(request, response);
          return;
        }
        if (url.startsWith('/callback/') || url.startsWith('/done/')) {
          // The address holds the result (and, in browser mode, the secret): keep it out of caches
          // and Referer headers; the page strips it from history before anything else.
          response.setHeader('cache-control', 'no-store');
          response.setHeader('referrer-policy', 'no-referrer');
          request.url = '/callback.html';
        }
        if (url === '/demo-config.json') {
          response.setHeader('content-type', 'application/json');
          response.setHeader('cache-control', 'no-store');
          response.end(JSON.stringify({ sandboxUrl: options.sandboxUrl, catalogUrl: `${options.sandboxUrl}/service.json`, users: DEMO_USERS }));
          return;
        }
        next();
      });
    },
  };
}
