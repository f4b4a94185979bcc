import { ProxyError } from './errors.js';

/** Largest JSON body the browser-facing routes accept. */
export const JSON_BODY_LIMIT = 16 * 1024;
/** Largest webhook body accepted. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * Reads the body as text, refusing more than `limit` bytes (`413 PayloadTooLarge`) whether or not
 * `Content-Length` says so up front.
 */
export async function readText(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (declared !== null) {
    // Length known and within the limit: one read. Node adapters read text() straight from the socket,
    // while touching request.body would build a web stream: keep this the token route's hot path.
    const text = await request.text();
    if (text.length > limit) throw tooLarge(limit);
    return text;
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The JSON object a browser-facing route was sent. Only `application/json` is accepted
 * (`400 ContentInputInvalid`, as Finsify answers): a cross-site form cannot send it without a CORS
 * preflight, which keeps these routes out of reach of plain form-based CSRF.
 */
export async function readJsonObject(request: Request, limit = JSON_BODY_LIMIT): Promise<Record<string, unknown>> {
  if (!isJson(request.headers.get('content-type'))) {
    throw new ProxyError(400, 'ContentInputInvalid', 'Only allow data type application/json');
  }
  const text = await readText(request, limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProxyError(400, 'BadRequest', 'The body is not valid JSON.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProxyError(400, 'BadRequest', 'The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** `application/json`, with or without parameters such as `charset`. */
export function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return type === 'application/json';
}

function tooLarge(limit: number): ProxyError {
  return new ProxyError(413, 'PayloadTooLarge', `The body is larger than ${limit} bytes.`);
}
