import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { sampleServices } from '../data/services.js';
import { MEDIA_HEADERS, renderMedia } from '../media.js';

/** `GET /service.json` and `GET /media/services/:file`: public, for any origin, without credentials. */
export function catalogRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get('/service.json', (c) => {
    const body = JSON.stringify(sampleServices(`${ctx.publicUrl(c.req.raw)}/media/services/`));
    return new Response(body, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        // The picker fetches it cross-origin with credentials omitted: `*` is enough and safe.
        'access-control-allow-origin': '*',
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  app.get('/media/services/:file', (c) => {
    const svg = renderMedia(c.req.param('file'));
    if (svg === null) {
      return new Response('Not found', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' },
      });
    }
    return new Response(svg, { headers: MEDIA_HEADERS });
  });

  return app;
}
