import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Finsify's error shape (spec, "Errors"), which the proxy uses for its own errors too. */
export interface ErrorBody {
  error: string;
  message: string;
  extra?: Record<string, unknown>;
}

/**
 * An error the proxy answers with, in Finsify's shape so the widget reads one vocabulary. Routes and
 * middleware throw it; the app's error handler turns it into the response ({@link errorResponse}).
 * The proxy's own names (beyond the spec's table): `CallbackInvalid` 400, `Unauthorized` 401,
 * `SignatureInvalid` 401, `OriginForbidden` 403, `NotFound` 404, `StateInUse` 409, `PayloadTooLarge` 413,
 * `TooManyRequests` 429, `UpstreamInvalid` 502 (and `CustomerExists` as 409, not Finsify's 400).
 */
export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ProxyError';
  }

  get body(): ErrorBody {
    return this.extra ? { error: this.error, message: this.message, extra: this.extra } : { error: this.error, message: this.message };
  }
}

/** The one way an error leaves the proxy: its status, Finsify's shape, and its own headers (`Retry-After`). */
export function errorResponse(c: Context, error: ProxyError): Response {
  return c.json(error.body, error.status as ContentfulStatusCode, error.headers);
}

/** `400 DataInvalid` naming the field, as Finsify does for invalid fields. */
export function dataInvalid(field: string, message: string): ProxyError {
  return new ProxyError(400, 'DataInvalid', message, { field });
}

/** `404 LoginNotFound`: the same answer for a login that does not exist and one that is someone else's. */
export function loginNotFound(loginId: number): ProxyError {
  return new ProxyError(404, 'LoginNotFound', `Cannot find login ${loginId}.`, { login_id: loginId });
}
