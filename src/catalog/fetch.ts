import { CatalogError, parseCatalog, type ParsedCatalog } from './parse.js';
import { resolveUrl } from './url.js';

/** The largest catalog body accepted; the real catalog is well under 1 MB. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
/** How long the whole request, body included, may take. */
export const DEFAULT_TIMEOUT_MS = 15000;

/** Options of {@link fetchCatalog}. */
export interface FetchCatalogOptions {
  /** Aborting it rejects with the signal's reason (an `AbortError`), not a {@link CatalogError}. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  maxEntries?: number;
  /** The `fetch` to use; the global one by default. */
  fetch?: typeof fetch;
}

/**
 * Fetches and validates a catalog, without cookies or other credentials, within `timeoutMs` for
 * the whole exchange and `maxBytes` for the body, which is read as a stream and abandoned as soon
 * as it is too large, so a hostile answer never sits in memory whole.
 *
 * Rejects with a {@link CatalogError}: `CatalogFetchFailed` (network error or non-2xx status),
 * `CatalogTimeout`, `CatalogTooLarge` (body, declared length or entry count) or `CatalogInvalid`
 * (not JSON, or not a catalog). Messages name the URL's origin and path (not its query, which may
 * hold a key) and never quote the response. An abort through `options.signal` rejects with the
 * signal's reason instead, so callers can tell "nobody needs it any more" from a failure.
 */
export async function fetchCatalog(url: string, options: FetchCatalogOptions = {}): Promise<ParsedCatalog> {
  const { signal } = options;
  signal?.throwIfAborted();
  const timeoutMs = positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxBytes = positiveOr(options.maxBytes, DEFAULT_MAX_BYTES);
  const where = describeUrl(url);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });

  try {
    const body = await download(url, where, maxBytes, controller.signal, options.fetch ?? globalThis.fetch);
    return parseCatalog(parseJson(body, where), { maxEntries: options.maxEntries });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timedOut) throw new CatalogError('CatalogTimeout', `The catalog at ${where} did not arrive within ${timeoutMs} ms.`);
    if (error instanceof CatalogError) throw error;
    throw new CatalogError('CatalogFetchFailed', `The catalog at ${where} could not be fetched (network error).`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}

async function download(
  url: string,
  where: string,
  maxBytes: number,
  signal: AbortSignal,
  fetchImpl: typeof fetch,
): Promise<ArrayBuffer> {
  const response = await fetchImpl(url, { credentials: 'omit', signal, headers: { accept: 'application/json' } });
  const refused = !response.ok
    ? new CatalogError('CatalogFetchFailed', `The catalog at ${where} answered HTTP ${response.status}.`)
    : Number(response.headers.get('content-length')) > maxBytes // the declared length
      ? tooLarge(where, maxBytes)
      : undefined;
  if (refused) {
    // Lets the connection go without reading an error page (or a huge body) we will not use.
    await response.body?.cancel().catch(() => undefined);
    throw refused;
  }
  return readBounded(response, where, maxBytes);
}

/** Reads the body chunk by chunk, cancelling the stream the moment it passes `maxBytes`. */
async function readBounded(response: Response, where: string, maxBytes: number): Promise<ArrayBuffer> {
  if (response.body === null) return new ArrayBuffer(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(where, maxBytes);
    }
    chunks.push(value);
  }
  // A Blob joins the chunks into one buffer without a copy loop of our own.
  return new Blob(chunks as BlobPart[]).arrayBuffer();
}

function parseJson(body: ArrayBuffer, where: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new CatalogError('CatalogInvalid', `The catalog at ${where} is not valid JSON.`);
  }
}

function tooLarge(where: string, maxBytes: number): CatalogError {
  return new CatalogError('CatalogTooLarge', `The catalog at ${where} is larger than ${maxBytes} bytes.`);
}

const MAX_DESCRIBED_URL_LENGTH = 200;

/** Origin and path only: a query string may carry a key that does not belong in an error report. */
function describeUrl(url: string): string {
  try {
    const parsed = resolveUrl(url);
    // An opaque origin (`data:`, `file:`) reads "null": its scheme says more.
    const described = `${parsed.origin === 'null' ? parsed.protocol : parsed.origin}${parsed.pathname}`;
    return described.length > MAX_DESCRIBED_URL_LENGTH ? `${described.slice(0, MAX_DESCRIBED_URL_LENGTH)}…` : described;
  } catch {
    return 'an invalid URL';
  }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
