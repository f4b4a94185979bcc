/** One HTTP exchange with Finsify, as the client needs it: the whole answer as text. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /**
   * `false` for a request that must not reach Finsify twice (`POST /v2/customer`): a transport then
   * sends it on a fresh connection and never resends it by itself. Default: true.
   */
  idempotent?: boolean;
}

export interface TransportAnswer {
  status: number;
  text: string;
  retryAfter: string | null;
}

/**
 * Sends one request. Rejects on transport failure; a request that outlives `timeoutMs` rejects with an
 * error named `TimeoutError` (or `AbortError`).
 */
export type Transport = (request: TransportRequest) => Promise<TransportAnswer>;

/** The portable transport: any `fetch`, with an `AbortController` per call for the timeout. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async ({ method, url, headers, body, timeoutMs }) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // Never followed: a redirect to another origin would carry Service-secret and login-secret there.
      const response = await fetchImpl(url, { method, headers, body, signal: controller.signal, redirect: 'manual' });
      const text = await response.text();
      return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
    } finally {
      clearTimeout(timer);
    }
  };
}
