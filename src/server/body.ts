import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import type { ProxyEnv } from './context.js';
import { ProxyError } from './errors.js';

/** Largest JSON body the browser-facing routes accept, in bytes. */
export const JSON_BODY_LIMIT = 16 * 1024;
/** Largest webhook body accepted, in bytes: Finsify's are well under 1 KiB; a thousand kept events stay small. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * A body limit in bytes, refusing with `413 PayloadTooLarge`: Hono's `bodyLimit`, which counts the bytes
 * of a body sent without `Content-Length`. A declared length is checked from the header alone, as
 * `bodyLimit` does too, but before it touches the body: on `@hono/node-server` that would build a web
 * stream for every request, a sixth of the token route's CPU. The HTTP parser ends a body at its declared length.
 */
export function limitBody(limit: number): MiddlewareHandler {
  const tooLarge = () => new ProxyError(413, 'PayloadTooLarge', `The body is larger than ${limit} bytes.`);
  const counted = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number(declared) > limit) throw tooLarge();
    await next();
  };
}

/**
 * Requires a JSON object body and sets it as the context's `body`. Only `application/json` is
 * accepted (`400 ContentInputInvalid`, as Finsify answers): a cross-site form cannot send it without
 * a CORS preflight, which keeps these routes out of reach of plain form-based CSRF. Over
 * {@link JSON_BODY_LIMIT} bytes is `413 PayloadTooLarge`; anything but a JSON object, `400 BadRequest`.
 */
export function jsonBody(limit = JSON_BODY_LIMIT): MiddlewareHandler<ProxyEnv> {
  const requireJson: MiddlewareHandler<ProxyEnv> = async (c, next) => {
    if (!isJson(c.req.header('content-type'))) throw new ProxyError(400, 'ContentInputInvalid', 'Only allow data type application/json');
    await next();
  };
  const parse: MiddlewareHandler<ProxyEnv> = async (c, next) => {
    c.set('body', parseJsonObject(await c.req.text()));
    await next();
  };
  return every(requireJson, limitBody(limit), parse);
}

/** `text` as a JSON object, else `400 BadRequest`. */
export function parseJsonObject(text: string): Record<string, unknown> {
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
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}
