import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createNodeFetch } from '../../../src/server/node-fetch.js';
import { RAW_TRANSPORT } from '../../../src/server/transport.js';

describe('the Node transport', () => {
  const nodeFetch = createNodeFetch();
  const raw = nodeFetch[RAW_TRANSPORT];
  const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      if (request.url === '/hang') return; // never answers
      if (request.url === '/empty') return void response.writeHead(204).end();
      response.writeHead(request.url === '/busy' ? 503 : 200, { 'content-type': 'application/json', 'retry-after': '7', 'x-two': 'a' });
      response.end(JSON.stringify({ echo: body, path: request.url }));
    });
  });
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    nodeFetch.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body, and reads status, text and Retry-After', async () => {
    const answer = await raw({ method: 'POST', url: `${base}/v2/token?x=1`, headers: { 'client-id': 'c' }, body: '{"a":"é"}', timeoutMs: 5000 });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.text), { echo: '{"a":"é"}', path: '/v2/token?x=1' });
    assert.equal(answer.retryAfter, '7');
    const last = seen.at(-1);
    assert.equal(last?.method, 'POST');
    assert.equal(last?.headers['client-id'], 'c');
    assert.equal(last?.headers['content-length'], String(Buffer.byteLength('{"a":"é"}')));
  });

  it('rejects with a TimeoutError when the server does not answer in time', async () => {
    await assert.rejects(raw({ method: 'GET', url: `${base}/hang`, headers: {}, timeoutMs: 20 }), (error: Error) => error.name === 'TimeoutError');
  });

  it('rejects when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(raw({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {}, timeoutMs: 1000 }), (error: Error & { code?: string }) => error.code === 'ECONNREFUSED');
  });

  it('works as a fetch: Response with status, headers and body; 204 without body; abort', async () => {
    const response = await nodeFetch(`${base}/busy`, { method: 'PUT', headers: new Headers({ 'x-a': '1' }), body: 'hi' });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('x-two'), 'a');
    assert.deepEqual(await response.json(), { echo: 'hi', path: '/busy' });
    const empty = await nodeFetch(`${base}/empty`);
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), '');
    const controller = new AbortController();
    const pending = nodeFetch(`${base}/hang`, { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    await assert.rejects(nodeFetch('ftp://example.test/'), TypeError);
  });
});
