/** Headers on every proxy response: nothing cached (tokens, account data), no sniffing, no referrer. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Responses made here already carry the base and CORS headers; the handler adds them to any other. */
const finished = new WeakSet<Response>();

export function isFinished(response: Response): boolean {
  return finished.has(response);
}

/** CORS headers for a listed origin (credentials allowed), and `Vary: Origin` always. */
export function corsHeaders(request: Request, allowed: ReadonlySet<string>): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null || !allowed.has(origin)) return { vary: 'Origin' };
  return { vary: 'Origin', 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
}

/**
 * A response with every standard header set at construction: headers as a plain object let the Node
 * adapter write them straight out, which matters on the token route's hot path.
 */
export function respond(
  request: Request,
  allowed: ReadonlySet<string>,
  status: number,
  body: string | null,
  headers: Record<string, string> = {},
): Response {
  const response = new Response(body, {
    status,
    headers: { ...(body === null ? {} : { 'content-type': 'application/json' }), ...BASE_HEADERS, ...corsHeaders(request, allowed), ...headers },
  });
  finished.add(response);
  return response;
}

/** Adds the standard headers to a response made elsewhere (the slow path, for anything unexpected). */
export function finish(request: Request, allowed: ReadonlySet<string>, response: Response): Response {
  const headers = response.headers;
  for (const [name, value] of Object.entries({ ...BASE_HEADERS, ...corsHeaders(request, allowed) })) headers.set(name, value);
  return response;
}
