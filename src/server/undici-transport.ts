import { Agent, request as undiciRequest } from 'undici';
import type { Transport, TransportRequest } from './transport.js';

/** Options of {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /** Largest response body accepted, in bytes; a longer one fails the call. Default 32 MiB. */
  maxResponseBytes?: number;
  /** Largest response head (status line and headers), in bytes. Default 64 KiB. */
  maxHeaderBytes?: number;
  /**
   * How long opening a connection (TCP, then TLS) may take, in ms. A connect that fails or times out
   * is known not to have sent anything, so even customer creation may then be retried. Default 5000
   * (keep it under the proxy's `timeoutMs`, which bounds the whole call anyway).
   */
  connectTimeoutMs?: number;
  /** Idle kept-alive connections are closed after this long, in ms (keep it under Finsify's keep-alive timeout). Default 4000. */
  keepAliveTimeoutMs?: number;
  /** Connections per origin at most; further calls wait for one. Default 256. */
  connections?: number;
}

/** A {@link Transport} over undici, with a way to close its connections. */
export type UndiciTransport = Transport & {
  /** Lets calls under way finish, then closes every connection; later calls reject (`UND_ERR_CLOSED`). */
  close(): Promise<void>;
};

function timeoutError(timeoutMs: number): Error {
  const error = new Error(`The request to Finsify took longer than ${timeoutMs} ms.`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * The proxy's client for Finsify on Node (`startProxy` uses it): undici's `request()` over one
 * keep-alive `Agent` for `http:` and `https:` alike.
 *
 * - A request marked `idempotent: false` (`POST /v2/customer`) goes on a new connection of a second,
 *   non-reusing agent (`pipelining: 0`: `connection: close`, one request per connection), so it never
 *   meets a kept-alive connection the server is closing; undici does not resend a request it has
 *   written (nothing here adds its retry interceptor), and the client retries it only when the
 *   connection was never made (see `neverSent()` in finsify-client.ts).
 * - `timeoutMs` bounds the whole call (connect, head and body): one timer aborts it with an error named
 *   `TimeoutError`. undici's own per-phase timeouts are off.
 * - Head and body are size-limited (`maxHeaderSize`, `maxResponseSize`); an answer over either, or one
 *   undici's parser refuses, fails the call with undici's error (its code names the case), which the
 *   client answers as `502 UpstreamInvalid`.
 * - undici writes `content-length` itself from the string body.
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const common = {
    maxResponseSize: options.maxResponseBytes ?? 32 * 1024 * 1024,
    maxHeaderSize: options.maxHeaderBytes ?? 64 * 1024,
    connect: { timeout: options.connectTimeoutMs ?? 5000, noDelay: true },
    headersTimeout: 0,
    bodyTimeout: 0,
    connections: options.connections ?? 256,
  };
  const keepAlive = new Agent({ ...common, keepAliveTimeout: options.keepAliveTimeoutMs ?? 4000 });
  const oneShot = new Agent({ ...common, pipelining: 0 });
  let closed = false;

  const transport = async ({ method, url, headers, body, timeoutMs, idempotent }: TransportRequest) => {
    // undici answers a call on a closed agent with UND_ERR_DESTROYED, which a call it destroyed under way gets too.
    if (closed) throw Object.assign(new Error('The Finsify client is closed.'), { name: 'ClientClosedError', code: 'UND_ERR_CLOSED' });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
    try {
      const response = await undiciRequest(url, {
        method,
        headers,
        body,
        signal: controller.signal,
        dispatcher: idempotent === false ? oneShot : keepAlive,
        idempotent: idempotent !== false,
      });
      const text = await response.body.text();
      const retryAfter = response.headers['retry-after'];
      return { status: response.statusCode, text, retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null };
    } finally {
      clearTimeout(timer);
    }
  };

  return Object.assign(transport, {
    async close() {
      closed = true;
      await Promise.all([keepAlive.close(), oneShot.close()]);
    },
  });
}
