/** Adds CORS headers for a listed origin, so a page on another origin (listed) can call the proxy with cookies. */
export function addCorsHeaders(request: Request, headers: Headers, allowed: ReadonlySet<string>): void {
  const origin = request.headers.get('origin');
  headers.append('Vary', 'Origin');
  if (origin === null || !allowed.has(origin)) return;
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Access-Control-Allow-Credentials', 'true');
}

/** The answer to a CORS preflight: allowed for listed origins only (others get no CORS headers). */
export function preflight(request: Request, allowed: ReadonlySet<string>): Response {
  const origin = request.headers.get('origin');
  if (origin === null || !allowed.has(origin)) {
    return Response.json({ error: 'OriginForbidden', message: 'This origin may not call the Finsify proxy.' }, { status: 403 });
  }
  const headers = new Headers({
    'Access-Control-Allow-Methods': 'GET, POST, PUT',
    'Access-Control-Max-Age': '600',
  });
  const requested = request.headers.get('access-control-request-headers');
  // Partners may add their own headers (a CSRF token, say); the origin is trusted, so echo them.
  if (requested) headers.set('Access-Control-Allow-Headers', requested);
  return new Response(null, { status: 204, headers });
}
