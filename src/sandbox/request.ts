import type { Context } from 'hono';
import { isHttp, parseUrl } from '../contract/url.js';
import { FinsifyError, invalidField } from './errors.js';

const MAX_BODY = 64 * 1024;

function isJsonType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/**
 * The JSON object a request carries. A POST must be `application/json` (`ContentInputInvalid`);
 * a PUT may come without a body (the spec's refresh/activate calls send none). Unparseable JSON
 * or anything but an object is `BadRequest`.
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const contentType = c.req.header('content-type');
  const text = await c.req.text();
  const method = c.req.method;
  if (method !== 'POST' && text.trim() === '') return {};
  if (!isJsonType(contentType)) {
    throw new FinsifyError('ContentInputInvalid', 'Only allow data type application/json', { contentType: contentType ?? null });
  }
  if (text.length > MAX_BODY) throw new FinsifyError('BadRequest', 'The request body is too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FinsifyError('BadRequest', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FinsifyError('BadRequest', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A required non-empty string field (at most `max` characters). */
export function stringField(body: Record<string, unknown>, field: string, max = 255): string {
  const value = body[field];
  if (value === undefined || value === null) throw invalidField(field, `${field} is required`);
  if (typeof value !== 'string' || value.trim() === '') throw invalidField(field, `${field} must be a non-empty string`);
  if (value.length > max) throw invalidField(field, `${field} must be at most ${max} characters`);
  return value;
}

/** Schemes a custom-scheme callback may not use: they run code, read files or are the web's own. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'vbscript:', 'data:', 'blob:', 'file:', 'filesystem:', 'about:', 'view-source:', 'ws:', 'wss:', 'ftp:']);

/**
 * True for a mobile app's custom-scheme URL such as the spec's `yourapp://finsify-hub`: a
 * `scheme://host` URL of any scheme but http(s) and those in {@link UNSAFE_SCHEMES}.
 */
export function isAppCallback(url: URL): boolean {
  return !isHttp(url) && !UNSAFE_SCHEMES.has(url.protocol) && /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && url.host !== '';
}

/**
 * A required absolute `http:`/`https:` URL field; for a mobile app (a client calling with
 * `App-secret`, `app: true`) also a custom-scheme URL as the spec's "Describe flow" shows
 * (`yourapp://finsify-hub`). No query or fragment: the connect result is appended to it as one
 * more path segment.
 */
export function callbackUrlField(body: Record<string, unknown>, options: { app?: boolean } = {}, field = 'callback_url'): string {
  const value = stringField(body, field, 2048);
  const url = parseUrl(value);
  const app = options.app === true && url !== undefined && isAppCallback(url);
  if (!url) throw invalidField(field, `${field} must be an absolute http(s) URL`);
  if ((!isHttp(url) && !app) || url.username || url.password) {
    throw invalidField(
      field,
      options.app
        ? `${field} must be an absolute http(s) URL or an app's custom-scheme URL (yourapp://finsify-hub), without credentials`
        : `${field} must be an absolute http(s) URL without credentials`,
    );
  }
  if (value.includes('?') || value.includes('#')) {
    throw invalidField(field, `${field} must have no query or fragment: the result is appended as a path segment`);
  }
  // Normalised (`a b` becomes `a%20b`) and without a trailing `/`, so `callback_url + "/" + result`
  // adds exactly one segment.
  return url.href.replace(/\/+$/, '');
}
