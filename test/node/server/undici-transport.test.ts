// The proxy's undici client against a fake Finsify on node:net that writes raw bytes: malformed
// answers, resets, hangs, and what the proxy itself sends, read byte for byte.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { createMemoryStore, startProxy, type RunningProxy, type StartProxyOptions } from '../../../src/server.js';
import { malformedAnswer, neverSent } from '../../../src/server/finsify-client.js';
import { createUndiciTransport } from '../../../src/server/undici-transport.js';
import { captureLogger, ORIGIN, SERVICE_SECRET, STATE } from './helpers.js';

/** Put in every malformed answer: none of it may reach the browser or the log. */
const MARKER = 'MALFORMED-7f3a9c';

interface RawRequest {
  method: string;
  path: string;
  /** The request head as sent, header lines and all. */
  head: string;
  body: string;
  /** Which connection it came on, counted from 1. */
  connection: number;
}

type Answer = (request: RawRequest, socket: net.Socket) => void;

/** A well-formed keep-alive JSON answer. */
const json =
  (status: number, body: unknown, extra = ''): Answer =>
  (_request, socket) => {
    const text = JSON.stringify(body);
    socket.write(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${extra}\r\n${text}`);
  };

/** Writes these bytes as the whole answer, leaving the connection open (the client must see the fault itself). */
const raw =
  (bytes: string): Answer =>
  (_request, socket) =>
    void socket.write(bytes);

const TOKEN_OK = { data: { id: 'tok-1', connect_url: 'https://api.finsify.com/v2/connect/term/tok-1' }, version: 'v2' };
const CUSTOMER_OK = (request: RawRequest) => json(200, { data: { customer_id: 'cust-new', identifier: JSON.parse(request.body).identifier }, version: 'v2' });

/** A fake Finsify speaking raw HTTP/1.1 from `answers` (by `METHOD /path`), recording each request as it came. */
async function rawFinsify(answers: Record<string, Answer>) {
  const requests: RawRequest[] = [];
  const sockets = new Set<net.Socket>();
  const closedConnections: number[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closedConnections.push(connection);
    });
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.toString('latin1', 0, end);
        const length = Number(/^content-length:\s*(\d+)/im.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const body = buffer.toString('utf8', end + 4, end + 4 + length);
        buffer = buffer.subarray(end + 4 + length);
        const [method = '', target = ''] = head.split(' ');
        const request = { method, path: new URL(target, 'http://x').pathname, head, body, connection };
        requests.push(request);
        const answer = answers[`${method} ${request.path}`] ?? json(404, { error: 'NotFound', message: 'no fake' });
        answer(request, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    closedConnections,
    connections: () => connections,
    openSockets: () => sockets.size,
    of: (key: string) => requests.filter((r) => `${r.method} ${r.path}` === key),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type Fake = Awaited<ReturnType<typeof rawFinsify>>;

/** startProxy in front of the fake, with alice's customer already stored (so `POST /token` calls `/v2/token` alone). */
async function proxyTo(fake: Fake, extra: Partial<StartProxyOptions> = {}, { storedCustomer = true } = {}) {
  const store = createMemoryStore();
  if (storedCustomer) await store.saveCustomer({ userId: 'alice', customerId: 'cust-alice', identifier: 'alice', createdAt: Date.now() });
  const logger = captureLogger();
  const running = await startProxy({
    port: 0,
    finsifyBaseUrl: fake.url,
    clientId: 'test-client',
    serviceSecret: SERVICE_SECRET,
    identify: (request) => request.headers.get('x-user'),
    callbackBaseUrl: `${ORIGIN}/callback`,
    allowedOrigins: [ORIGIN],
    store,
    logger,
    rateLimit: false,
    random: () => 0, // shortest backoff: 100, 200, 400 ms
    timeoutMs: 2000,
    ...extra,
  });
  return { running, logger };
}

async function token(running: RunningProxy): Promise<{ status: number; text: string; body: { error?: string; data?: unknown } }> {
  const response = await fetch(`${running.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-user': 'alice' },
    body: JSON.stringify({ service_id: 8, state: STATE }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

/** Runs `body` with a fake and a proxy in front of it, closing both after. */
async function withProxy(
  answers: Record<string, Answer>,
  body: (fake: Fake, proxy: Awaited<ReturnType<typeof proxyTo>>) => Promise<void>,
  extra: Partial<StartProxyOptions> = {},
  setup: { storedCustomer?: boolean } = {},
): Promise<void> {
  const fake = await rawFinsify(answers);
  const proxy = await proxyTo(fake, extra, setup);
  try {
    await body(fake, proxy);
  } finally {
    await proxy.running.close();
    await fake.close();
  }
}

const MALFORMED: Record<string, Answer> = {
  'Content-Length and chunked coding together': raw(
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 24\r\ntransfer-encoding: chunked\r\n\r\n18\r\n{"data":"${MARKER}"}\r\n0\r\n\r\n`,
  ),
  'a control character in a header value': raw(`HTTP/1.1 200 OK\r\nx-note: a\x01${MARKER}\r\ncontent-length: 2\r\n\r\n{}`),
  'a space in a header name': raw(`HTTP/1.1 200 OK\r\nx ${MARKER}: 1\r\ncontent-length: 2\r\n\r\n{}`),
  'a 70 KB head (over the 64 KiB limit)': raw(`HTTP/1.1 200 OK\r\nx-big: ${MARKER}${'a'.repeat(70_000)}\r\ncontent-length: 2\r\n\r\n{}`),
  'a garbage status line': raw(`HTTX/9.9 ${MARKER}\r\ncontent-length: 2\r\n\r\n{}`),
  'two different Content-Length headers': raw(`HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 30\r\n\r\n{"data":"${MARKER}"}`),
  'a body over the 32 MiB size cap': (_request, socket) => {
    // A 40 MiB answer, written until the client hangs up.
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${40 * 1024 * 1024}\r\n\r\n{"data":"${MARKER}`);
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < 40 && !socket.destroyed) {
        sent += 1;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  },
};

describe('the proxy on undici, against malformed answers from Finsify', () => {
  for (const [name, answer] of Object.entries(MALFORMED)) {
    it(`answers 502 UpstreamInvalid to ${name}, passing nothing of it on, without retrying`, async () => {
      await withProxy({ 'POST /v2/token': answer }, async (fake, { running, logger }) => {
        const result = await token(running);
        assert.equal(result.status, 502, result.text);
        assert.equal(result.body.error, 'UpstreamInvalid');
        assert.ok(!result.text.includes(MARKER), result.text);
        assert.ok(!logger.text().includes(MARKER));
        assert.equal(fake.of('POST /v2/token').length, 1, 'a malformed answer is not asked for again');
      });
    });
  }

  it('retries a body cut short (the connection closed mid-answer), then answers 503 ConnectError, passing none of it on', async () => {
    const truncated: Answer = (_request, socket) => socket.end(`HTTP/1.1 200 OK\r\ncontent-length: 64\r\n\r\n{"data":"${MARKER}`);
    await withProxy({ 'POST /v2/token': truncated }, async (fake, { running }) => {
      const result = await token(running);
      assert.equal(result.status, 503, result.text);
      assert.equal(result.body.error, 'ConnectError');
      assert.ok(!result.text.includes(MARKER));
      assert.equal(fake.of('POST /v2/token').length, 4, 'the first attempt and 3 retries');
    });
  });

  it('passes a good answer after a cut-short one on (the retry reaches Finsify on a new connection)', async () => {
    let calls = 0;
    const flaky: Answer = (request, socket) => {
      if (++calls === 1) socket.end(`HTTP/1.1 200 OK\r\ncontent-length: 64\r\n\r\n{"data":"${MARKER}`);
      else json(200, TOKEN_OK)(request, socket);
    };
    await withProxy({ 'POST /v2/token': flaky }, async (fake, { running }) => {
      const result = await token(running);
      assert.equal(result.status, 200, result.text);
      assert.deepEqual(result.body, TOKEN_OK);
      assert.equal(fake.of('POST /v2/token').length, 2);
    });
  });
});

describe('what the proxy sends to Finsify over undici', () => {
  it('sends exactly one Content-Length, even when a caller passes one', async () => {
    await withProxy(
      { 'POST /v2/customer': (request, socket) => CUSTOMER_OK(request)(request, socket), 'POST /v2/token': json(200, TOKEN_OK) },
      async (fake, { running }) => {
        assert.equal((await token(running)).status, 200);
        const transport = createUndiciTransport();
        try {
          const body = JSON.stringify({ identifier: 'bob' });
          const answer = await transport({ method: 'POST', url: `${fake.url}/v2/customer`, headers: { 'Content-Length': String(body.length), 'content-type': 'application/json' }, body, timeoutMs: 2000 });
          assert.equal(answer.status, 200);
        } finally {
          await transport.close();
        }
        assert.equal(fake.requests.length, 3);
        for (const request of fake.requests) {
          const lengths = request.head.match(/^content-length:.*$/gim) ?? [];
          assert.deepEqual(lengths.map((line) => line.toLowerCase()), [`content-length: ${Buffer.byteLength(request.body)}`], request.head);
        }
      },
      {},
      { storedCustomer: false },
    );
  });

  it('reuses one kept-alive connection for calls in a row, and sends customer creation alone on a new one', async () => {
    await withProxy(
      { 'POST /v2/customer': (request, socket) => CUSTOMER_OK(request)(request, socket), 'POST /v2/token': json(200, TOKEN_OK) },
      async (fake, { running }) => {
        for (let i = 0; i < 5; i += 1) assert.equal((await token(running)).status, 200);
        const [customer, ...tokens] = fake.requests;
        assert.equal(customer?.path, '/v2/customer');
        assert.match(customer?.head ?? '', /^connection: close$/im);
        assert.equal(fake.requests.filter((r) => r.connection === customer?.connection).length, 1);
        assert.equal(tokens.length, 5);
        assert.equal(new Set(tokens.map((r) => r.connection)).size, 1, 'all token calls on one connection');
        assert.match(tokens[0]?.head ?? '', /^connection: keep-alive$/im);
        assert.equal(fake.connections(), 2);
      },
      {},
      { storedCustomer: false },
    );
  });

  it('never sends POST /v2/customer twice when the connection is reset after the request was sent', async () => {
    const reset: Answer = (_request, socket) => void socket.resetAndDestroy();
    await withProxy(
      { 'POST /v2/customer': reset, 'POST /v2/token': json(200, TOKEN_OK) },
      async (fake, { running, logger }) => {
        const result = await token(running);
        assert.equal(result.status, 503, result.text);
        assert.equal(result.body.error, 'ConnectError');
        await new Promise((resolve) => setTimeout(resolve, 300)); // room for a late resend, which must not come
        assert.equal(fake.of('POST /v2/customer').length, 1);
        assert.equal(fake.of('POST /v2/token').length, 0);
        assert.match(logger.text(), /not retried/);
      },
      {},
      { storedCustomer: false },
    );
  });

  it('ends a call to a Finsify that never finishes its answer at the whole-call deadline, not per phase', async () => {
    // The head at once, then a byte every 50 ms: no per-phase (headers, body idle) timeout would ever fire.
    const dribble: Answer = (_request, socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"data":"');
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('a')), 50);
      socket.once('close', () => clearInterval(timer));
    };
    await withProxy(
      { 'POST /v2/customer': dribble },
      async (fake, { running }) => {
        const started = performance.now();
        const result = await token(running);
        const elapsed = performance.now() - started;
        assert.equal(result.status, 503, result.text);
        assert.equal(result.body.error, 'ConnectError');
        assert.match(String((result.body as { message?: string }).message), /did not answer within \d+ ms/);
        assert.ok(elapsed >= 350 && elapsed < 1500, `ended after ${elapsed.toFixed(0)} ms`);
        assert.equal(fake.of('POST /v2/customer').length, 1);
      },
      // Customer creation gets what the request has left: the request's budget is the deadline here.
      { timeoutMs: 400, requestBudgetMs: 400 },
      { storedCustomer: false },
    );
  });

  it('close() closes the connections to Finsify', async () => {
    const fake = await rawFinsify({ 'POST /v2/token': json(200, TOKEN_OK) });
    try {
      const { running } = await proxyTo(fake);
      assert.equal((await token(running)).status, 200);
      assert.equal(fake.openSockets(), 1, 'the kept-alive connection is open');
      await running.close();
      // The fake sees the close a moment later; a connection left open would stay open.
      for (let waited = 0; fake.openSockets() > 0 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(fake.openSockets(), 0);
      assert.deepEqual(fake.closedConnections, [1]);
    } finally {
      await fake.close();
    }
  });
});

describe('createUndiciTransport', () => {
  it('reads status, text and Retry-After, and rejects calls after close() as never sent', async () => {
    const fake = await rawFinsify({ 'GET /v2/account': json(503, { error: 'ServerMaintenance' }, 'retry-after: 7\r\n') });
    const transport = createUndiciTransport();
    try {
      const answer = await transport({ method: 'GET', url: `${fake.url}/v2/account`, headers: { accept: 'application/json' }, timeoutMs: 2000 });
      assert.deepEqual(answer, { status: 503, text: '{"error":"ServerMaintenance"}', retryAfter: '7' });
    } finally {
      await transport.close();
      await fake.close();
    }
    const after = await transport({ method: 'GET', url: `${fake.url}/v2/account`, headers: {}, timeoutMs: 2000 }).catch((error: unknown) => error);
    assert.ok(neverSent(after), String(after));
  });

  it("classifies undici's failures: refused is never sent, a reset after sending is not, a parse error is malformed", async () => {
    const transport = createUndiciTransport();
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const fake = await rawFinsify({
      'POST /v2/customer': (_request, socket) => void socket.resetAndDestroy(),
      'GET /v2/account': raw(`HTTP/1.1 200 OK\r\nx-bad: \x7f\r\ncontent-length: 2\r\n\r\n{}`),
    });
    try {
      const failure = (url: string, method = 'GET', idempotent?: boolean) =>
        transport({ method, url, headers: {}, body: method === 'POST' ? '{}' : undefined, timeoutMs: 2000, idempotent }).then(
          () => assert.fail('should have failed'),
          (error: unknown) => error,
        );
      const refused = await failure(`http://127.0.0.1:${closedPort}/v2/customer`, 'POST', false);
      assert.ok(neverSent(refused) && !malformedAnswer(refused), String(refused));
      const reset = await failure(`${fake.url}/v2/customer`, 'POST', false);
      assert.ok(!neverSent(reset) && !malformedAnswer(reset), String(reset));
      const parse = await failure(`${fake.url}/v2/account`);
      assert.ok(malformedAnswer(parse) && !neverSent(parse), String(parse));
      // fetch wraps undici's errors: the cause is read as well.
      assert.ok(neverSent(new TypeError('fetch failed', { cause: refused })));
      assert.ok(neverSent(Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' })));
      assert.equal(fake.of('POST /v2/customer').length, 1);
    } finally {
      await transport.close();
      await fake.close();
    }
  });
});
