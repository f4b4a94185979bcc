import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { createHttp1Transport } from '../../../src/server/http1-client.js';

/** A raw TCP server answering each request (one per connection at a time) with the scripted bytes. */
function rawServer(answer: (request: string, socket: Socket, index: number) => void): Promise<{ server: Server; url: string; requests: string[]; connections: () => number }> {
  const requests: string[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    let buffer = '';
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const request = buffer.slice(0, end + 4 + length);
      buffer = buffer.slice(end + 4 + length);
      requests.push(request);
      answer(request, socket, requests.length - 1);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, connections: () => connections })),
  );
}

const send = (transport: ReturnType<typeof createHttp1Transport>['transport'], url: string, extra: Partial<Parameters<typeof transport>[0]> = {}) =>
  transport({ method: 'POST', url, headers: { 'client-id': 'c' }, body: '{"ü":1}', timeoutMs: 2000, ...extra });

describe('the lean HTTP/1.1 client', () => {
  const client = createHttp1Transport({ idleTimeoutMs: 1000 });
  const servers: Server[] = [];
  after(() => {
    client.close();
    for (const server of servers) server.close();
  });

  it('writes one well-formed request and reads a Content-Length answer, reusing the connection', async () => {
    const body = JSON.stringify({ data: 'héllo' });
    const s = await rawServer((_request, socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRetry-After: 3\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
    );
    servers.push(s.server);
    const first = await send(client.transport, `${s.url}/v2/token?a=1`);
    const second = await send(client.transport, `${s.url}/v2/token`);
    assert.deepEqual([first.status, first.text, first.retryAfter], [200, body, '3']);
    assert.equal(second.text, body);
    assert.equal(s.connections(), 1, 'the keep-alive connection is reused');
    // Reusing a connection many times leaves no listener behind.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    for (let i = 0; i < 30; i += 1) await send(client.transport, s.url);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.deepEqual(warnings.map((w) => w.name), []);
    assert.equal(s.connections(), 1);
    const request = s.requests[0] ?? '';
    assert.match(request, /^POST \/v2\/token\?a=1 HTTP\/1\.1\r\n/);
    assert.match(request, /\r\nclient-id: c\r\n/);
    assert.match(request, new RegExp(`\\r\\ncontent-length: ${Buffer.byteLength('{"ü":1}')}\\r\\n`));
    assert.ok(Buffer.from(request, 'latin1').toString('utf8').endsWith('{"ü":1}'));
  });

  it('reads chunked answers, split anywhere, and skips interim 100 answers', async () => {
    const text = JSON.stringify({ data: 'ünïcode across chunks' });
    const bytes = Buffer.from(text, 'utf8');
    const wire = Buffer.concat([
      Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n'),
      Buffer.from(`${(5).toString(16)};ext=1\r\n`),
      bytes.subarray(0, 5),
      Buffer.from(`\r\n${(bytes.length - 5).toString(16)}\r\n`),
      bytes.subarray(5),
      Buffer.from('\r\n0\r\nx-trailer: 1\r\n\r\n'),
    ]);
    const s = await rawServer((_request, socket) => {
      // One byte at a time: every boundary is a split point.
      for (let i = 0; i < wire.length; i += 1) socket.write(wire.subarray(i, i + 1));
    });
    servers.push(s.server);
    const answer = await send(client.transport, s.url);
    assert.deepEqual([answer.status, answer.text], [404, text]);
    await send(client.transport, s.url);
    assert.equal(s.connections(), 1);
  });

  it('reads a body delimited by the end of the connection, and does not reuse it', async () => {
    const s = await rawServer((_request, socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n{"error":"ServerMaintenance"}'));
    servers.push(s.server);
    const answer = await send(client.transport, s.url);
    assert.deepEqual([answer.status, answer.text], [503, '{"error":"ServerMaintenance"}']);
    await send(client.transport, s.url);
    assert.equal(s.connections(), 2);
  });

  it('retries once on a new connection when a kept-alive one was closed by the server', async () => {
    const s = await rawServer((_request, socket, index) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
      if (index === 0) setImmediate(() => socket.destroy()); // closes the idle connection
    });
    servers.push(s.server);
    await send(client.transport, s.url);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await send(client.transport, s.url);
    assert.equal(again.text, '{}');
    assert.equal(s.connections(), 2);
  });

  it('sends a request that must not be sent twice on a new connection, and never resends it', async () => {
    const s = await rawServer((_request, socket, index) => {
      // The second request is read, then the connection drops without an answer.
      if (index === 1) socket.destroy();
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
    });
    servers.push(s.server);
    await send(client.transport, s.url);
    assert.equal(s.connections(), 1);
    await assert.rejects(send(client.transport, `${s.url}/v2/customer`, { idempotent: false }), (error: Error & { code?: string }) => error.code === 'ECONNRESET');
    assert.equal(s.connections(), 2, 'not on the kept-alive connection');
    assert.equal(s.requests.length, 2, 'not sent again');
    // The kept-alive connection is still there for the others.
    await send(client.transport, s.url);
    assert.equal(s.connections(), 2);
  });

  it('fails on a cut-short answer, a malformed one, a timeout, and unsafe headers', async () => {
    const cut = await rawServer((_request, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a"'));
    const junk = await rawServer((_request, socket) => socket.write('SMTP ready\r\n\r\n'));
    const silent = await rawServer(() => {});
    servers.push(cut.server, junk.server, silent.server);
    await assert.rejects(send(client.transport, cut.url), (error: Error & { code?: string }) => error.code === 'ECONNRESET');
    await assert.rejects(send(client.transport, junk.url), (error: Error & { code?: string }) => error.code === 'HPE_INVALID_CONSTANT');
    await assert.rejects(send(client.transport, silent.url, { timeoutMs: 20 }), (error: Error) => error.name === 'TimeoutError');
    await assert.rejects(send(client.transport, silent.url, { headers: { 'login-secret': 'a\r\nx-evil: 1' } }), TypeError);
    await assert.rejects(send(client.transport, 'https://example.test/'), TypeError);
  });
});
