import http from 'node:http';
import https from 'node:https';
import { createHttp1Transport } from './http1-client.js';
import { RAW_TRANSPORT, type Transport } from './transport.js';

/** A `fetch` for the proxy's calls to Finsify, plus a way to drop its idle connections. */
export type NodeFetch = typeof fetch & { [RAW_TRANSPORT]: Transport; close(): void };

interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  path: string;
}

function target(input: string): Target {
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
  return { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: url.pathname + url.search };
}

function timeoutError(): Error {
  const error = new Error('The request to Finsify timed out.');
  error.name = 'TimeoutError';
  return error;
}

/**
 * A small `fetch` over `node:http`/`node:https` with keep-alive agents and `TCP_NODELAY`, for the
 * proxy's calls to Finsify. It carries a raw transport (no `Request`/`Response`/`AbortController` per
 * call) that the proxy uses: Node 20's global fetch costs several times more CPU per call, and the
 * proxy's hot path is mostly this call. The raw transport sends `http:` requests through the lean
 * HTTP/1.1 client of http1-client.ts and `https:` ones through `node:https`. `startProxy` uses it unless `options.fetch` is given.
 * As a `fetch` it covers what a JSON API client needs: method, headers, a string body, a signal.
 */
export function createNodeFetch(): NodeFetch {
  // noDelay: without it, Nagle's algorithm and delayed ACKs stall small request/response pairs.
  // timeout: idle sockets are dropped before a typical server's keep-alive timeout (Node's is 5 s),
  // so a request is rarely sent on a socket the server is closing (which fails as ECONNRESET).
  const options = { keepAlive: true, maxSockets: 256, noDelay: true, timeout: 4000 };
  const agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };

  function send(
    to: Target,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    onResponse: (response: http.IncomingMessage) => void,
    onError: (error: Error) => void,
    fresh = false,
  ): http.ClientRequest {
    // fresh: a new connection, not a kept-alive one the server may be closing (for requests not to be sent twice).
    const agent = fresh ? false : agents[to.protocol];
    const request = (to.protocol === 'https:' ? https : http).request(
      { protocol: to.protocol, hostname: to.hostname, port: to.port, path: to.path, method, headers, agent, signal },
      onResponse,
    );
    request.on('error', onError);
    request.end(body);
    return request;
  }

  const lean = createHttp1Transport({ idleTimeoutMs: options.timeout });

  const viaNodeHttp: Transport = ({ method, url, headers, body, timeoutMs, idempotent }) =>
    new Promise((resolve, reject) => {
      const sized = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
      const pending: { request?: http.ClientRequest } = {};
      const timer = setTimeout(() => pending.request?.destroy(timeoutError()), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      pending.request = send(
        target(url),
        method,
        sized,
        body,
        undefined,
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('error', fail);
          response.on('end', () => {
            clearTimeout(timer);
            const retryAfter = response.headers['retry-after'];
            resolve({ status: response.statusCode ?? 502, text, retryAfter: typeof retryAfter === 'string' ? retryAfter : null });
          });
        },
        fail,
        idempotent === false,
      );
    });

  // Plain-HTTP upstreams (the sandbox, a local egress proxy) get the lean client; TLS goes through node:https.
  const raw: Transport = (request) => (request.url.startsWith('http:') ? lean.transport(request) : viaNodeHttp(request));

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
        reject(new TypeError('this fetch sends string bodies only'));
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = init.body ?? undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      send(
        target(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url),
        init.method ?? 'GET',
        headers,
        body,
        init.signal ?? undefined,
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 502;
            const responseHeaders = new Headers();
            const rawHeaders = response.rawHeaders;
            for (let i = 0; i + 1 < rawHeaders.length; i += 2) responseHeaders.append(rawHeaders[i]!, rawHeaders[i + 1]!);
            const empty = status === 204 || status === 205 || status === 304 || status < 200;
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status: status < 200 ? 502 : status, headers: responseHeaders }));
          });
        },
        reject,
      );
    });

  return Object.assign(nodeFetch as typeof fetch, {
    [RAW_TRANSPORT]: raw,
    close() {
      lean.close();
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
