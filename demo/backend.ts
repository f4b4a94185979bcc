import type { Plugin } from 'vite';

export interface DemoBackendOptions {
  /** The sandbox's origin (the offline Finsify API). */
  sandboxUrl: string;
  /** The demo page's own origin. */
  demoOrigin: string;
}

/**
 * The partner's side of the demo, mounted into Vite's server: the page's configuration (where the
 * sandbox lives).
 */
export function demoBackend(options: DemoBackendOptions): Plugin {
  return {
    name: 'finsify-demo-backend',
    configureServer(server) {
      server.middlewares.use('/demo-config.json', (_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.setHeader('cache-control', 'no-store');
        response.end(JSON.stringify({ sandboxUrl: options.sandboxUrl, catalogUrl: `${options.sandboxUrl}/service.json` }));
      });
    },
  };
}
