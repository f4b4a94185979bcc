import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { rawEntry } from './fixtures.js';

export const HUGE_BODY_BYTES = 20 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/** What the server saw of one request. */
export interface SeenRequest {
  path: string;
  /** Path and query, as requested. */
  url: string;
  headers: IncomingMessage['headers'];
  /** Resolves when the connection for this request closes; `early` when the answer was not complete. */
  closed: Promise<{ early: boolean }>;
}

/** A local catalog server with one route per kind of answer the catalog tests need. */
export interface CatalogServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: SeenRequest[];
  /** How many requests reached `path`. */
  count(path: string): number;
  /** Resolves with the next request to reach `path`. */
  nextRequest(path: string): Promise<SeenRequest>;
  close(): Promise<void>;
}

const catalog = JSON.stringify([rawEntry({ id: 1, name: 'Vietcombank' }), rawEntry({ id: 2, name: 'Đông Á Bank' })]);

/** `seen`: how many requests for this exact path and query, this one included. */
type Route = (request: IncomingMessage, response: ServerResponse, seen: number) => void;

const routes: Record<string, Route> = {
  '/ok': (_, response) => json(response, 200, catalog),
  '/wrapped': (_, response) => json(response, 200, `{"data":${catalog},"version":"v2"}`),
  '/empty': (_, response) => json(response, 200, '[]'),
  '/404': (_, response) => json(response, 404, '{"error":"NotFound","message":"INTERNAL-DETAIL"}'),
  '/500': (_, response) => json(response, 500, 'INTERNAL-DETAIL stack trace'),
  '/html': (_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Login</title><p>INTERNAL-DETAIL</p>');
  },
  '/invalid-json': (_, response) => json(response, 200, '[{"id": 1, "name": '),
  '/not-a-catalog': (_, response) => json(response, 200, '{"message":"hello"}'),
  '/bad-utf8': (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]));
  },
  '/huge': (_, response) => streamHugeBody(response),
  '/huge-length': (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(500 * 1024 * 1024) });
    response.write('[');
  },
  '/never': () => {
    // Never answers: the client has to give up (timeout or abort).
  },
  '/fails-once': (_, response, seen) => (seen === 1 ? json(response, 500, '{}') : json(response, 200, catalog)),
};

function json(response: ServerResponse, status: number, body: string | Buffer) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

/** Writes up to 20 MB with backpressure, stopping as soon as the client goes away. */
function streamHugeBody(response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'application/json' });
  let written = 0;
  const pump = () => {
    while (!response.destroyed && written < HUGE_BODY_BYTES) {
      written += CHUNK.length;
      if (!response.write(CHUNK)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

/** Starts the server on 127.0.0.1 with a free port. */
export async function startCatalogServer(): Promise<CatalogServer> {
  const requests: SeenRequest[] = [];
  const waiting: Array<{ path: string; resolve: (request: SeenRequest) => void }> = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const closed = once(response, 'close').then(() => ({ early: !response.writableFinished }));
    const seen: SeenRequest = { path, url: request.url ?? '', headers: request.headers, closed };
    requests.push(seen);
    for (const waiter of waiting.filter((entry) => entry.path === path)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(seen);
    }
    const route = routes[path];
    if (route) route(request, response, requests.filter((entry) => entry.url === seen.url).length);
    else json(response, 404, '{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((request) => request.path === path).length,
    nextRequest: (path) => new Promise((resolve) => waiting.push({ path, resolve })),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
