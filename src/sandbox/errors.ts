/** The error names of Finsify API v2 ("Errors" in the spec) with their HTTP status. */
export const FINSIFY_ERRORS = {
  BadRequest: { status: 400, message: 'Invalid Request' },
  AccountNotFound: { status: 404, message: 'Account is not found - Your account request not found in server' },
  ClientNotFound: { status: 404, message: "Can't find client with your id" },
  ConnectError: { status: 503, message: "We're temporarily offline. Please try again later." },
  ContentInputInvalid: { status: 400, message: 'Only allow data type application/json' },
  CredentialInvalid: { status: 400, message: 'Credentials is invalid' },
  CustomerCreateError: { status: 500, message: "Can't create new customer. Please try later." },
  CustomerExists: { status: 400, message: 'Your customer is exists' },
  CustomerNotFound: { status: 404, message: "Can't find your customer." },
  DataInvalid: { status: 400, message: 'Data is invalid' },
  InternalError: { status: 500, message: 'Sorry server is crash. Please try again.' },
  LoginNotFound: { status: 404, message: "Login is not found - Can't find your login in server" },
  ServerMaintenance: { status: 503, message: 'Servers are currently undergoing maintenance. Please try later' },
  ServiceNotFound: { status: 404, message: 'Service is not found - Your service request is not define' },
  TokenCreateError: { status: 500, message: "Can't create a token. Please try again." },
  TokenExpire: { status: 400, message: 'Your token is expired. Please create new token.' },
  // Not in the spec's table: answered for paths and methods the API does not have.
  NotFound: { status: 404, message: 'Not found' },
  // Not in the spec's table: the sandbox's test controls refuse a browser on an origin not allowed.
  Forbidden: { status: 403, message: 'Forbidden' },
} as const;

export type FinsifyErrorName = keyof typeof FINSIFY_ERRORS;

/** The body of every error answer: `{error, message, extra?}`. */
export interface FinsifyErrorBody {
  error: FinsifyErrorName;
  message: string;
  extra?: Record<string, unknown>;
}

/** Thrown by route code; turned into the spec's error answer in one place. */
export class FinsifyError extends Error {
  readonly status: number;
  constructor(
    readonly error: FinsifyErrorName,
    message?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message ?? FINSIFY_ERRORS[error].message);
    this.name = 'FinsifyError';
    this.status = FINSIFY_ERRORS[error].status;
  }

  toJSON(): FinsifyErrorBody {
    return this.extra ? { error: this.error, message: this.message, extra: this.extra } : { error: this.error, message: this.message };
  }
}

/** `DataInvalid` naming the offending field in `extra.field`. */
export function invalidField(field: string, message: string, extra: Record<string, unknown> = {}): FinsifyError {
  return new FinsifyError('DataInvalid', message, { field, ...extra });
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** The spec's error answer. */
export function errorResponse(error: FinsifyError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(error.toJSON()), { status: error.status, headers: { ...jsonHeaders, ...headers } });
}

/** The spec's success envelope `{data, version: "v2"}`. */
export function dataResponse(data: unknown, status = 200): Response {
  return new Response(JSON.stringify({ data, version: 'v2' }), { status, headers: jsonHeaders });
}
