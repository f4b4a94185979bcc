import { respond } from './respond.js';

/** The answer to a CORS preflight: allowed for listed origins only (others get no CORS headers). */
export function preflight(request: Request, allowed: ReadonlySet<string>): Response {
  const origin = request.headers.get('origin');
  if (origin === null || !allowed.has(origin)) {
    return respond(request, allowed, 403, JSON.stringify({ error: 'OriginForbidden', message: 'This origin may not call the Finsify proxy.' }));
  }
  const headers: Record<string, string> = {
    'access-control-allow-methods': 'GET, POST, PUT',
    'access-control-max-age': '600',
  };
  const requested = request.headers.get('access-control-request-headers');
  // Partners may add their own headers (a CSRF token, say); the origin is trusted, so echo them.
  if (requested) headers['access-control-allow-headers'] = requested;
  return respond(request, allowed, 204, null, headers);
}
