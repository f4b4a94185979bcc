import net from 'node:net';
import type { Transport, TransportAnswer, TransportRequest } from './transport.js';

/** Largest response head and body accepted from Finsify. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNSAFE_VALUE = /[^\t\x20-\x7e]/;
const CRLF = Buffer.from('\r\n');

export interface Http1ClientOptions {
  /** Idle keep-alive sockets are closed after this long; keep it under the server's keep-alive timeout. */
  idleTimeoutMs?: number;
  /** Idle sockets kept per origin at most. */
  maxIdlePerOrigin?: number;
}

function transportError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

interface Parsed {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
  reusable: boolean;
}

/**
 * An incremental HTTP/1.1 response parser: status line, headers, then a body delimited by
 * `Content-Length`, chunked transfer coding, or the end of the connection.
 */
class ResponseParser {
  #buffer: Buffer = Buffer.alloc(0);
  #head: { status: number; headers: Map<string, string>; reusable: boolean } | undefined;
  #mode: 'length' | 'chunked' | 'close' | 'none' = 'none';
  #remaining = 0;
  #chunks: Buffer[] = [];
  #size = 0;
  #chunkState: 'size' | 'data' | 'data-end' | 'trailers' = 'size';
  received = false;

  constructor(private readonly method: string) {}

  /** Feeds bytes; returns the response once complete. Throws on a malformed answer. */
  push(data: Buffer): Parsed | undefined {
    this.received = true;
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, data]) : data;
    if (!this.#head && !this.#readHead()) return undefined;
    return this.#readBody();
  }

  /** The connection ended: completes a close-delimited body, else the answer is cut short. */
  end(): Parsed | undefined {
    if (this.#head && this.#mode === 'close') {
      this.#take(this.#buffer);
      return this.#done();
    }
    return undefined;
  }

  #readHead(): boolean {
    for (;;) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.#buffer.length > MAX_HEAD_BYTES) throw transportError('response head too large', 'HPE_HEADER_OVERFLOW');
        return false;
      }
      const lines = this.#buffer.toString('latin1', 0, end).split('\r\n');
      this.#buffer = this.#buffer.subarray(end + 4);
      const match = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
      if (!match) throw transportError('malformed status line', 'HPE_INVALID_CONSTANT');
      const status = Number(match[2]);
      if (status >= 100 && status < 200) continue; // an interim answer; the real one follows
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon <= 0) throw transportError('malformed header line', 'HPE_INVALID_HEADER_TOKEN');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        const previous = headers.get(name);
        headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
      }
      const connection = headers.get('connection')?.toLowerCase() ?? '';
      const reusable = match[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
      this.#head = { status, headers, reusable };
      const encoding = headers.get('transfer-encoding')?.toLowerCase();
      const length = headers.get('content-length');
      if (this.method === 'HEAD' || status === 204 || status === 304) this.#mode = 'none';
      else if (encoding?.includes('chunked')) this.#mode = 'chunked';
      else if (length !== undefined) {
        if (!/^\d+$/.test(length)) throw transportError('invalid content-length', 'HPE_INVALID_CONTENT_LENGTH');
        this.#mode = 'length';
        this.#remaining = Number(length);
        if (this.#remaining > MAX_BODY_BYTES) throw transportError('response body too large', 'ERR_BODY_TOO_LARGE');
      } else {
        this.#mode = 'close';
        this.#head.reusable = false;
      }
      return true;
    }
  }

  #take(data: Buffer): void {
    if (data.length === 0) return;
    this.#size += data.length;
    if (this.#size > MAX_BODY_BYTES) throw transportError('response body too large', 'ERR_BODY_TOO_LARGE');
    this.#chunks.push(data);
  }

  #readBody(): Parsed | undefined {
    switch (this.#mode) {
      case 'none':
        return this.#done();
      case 'close':
        this.#take(this.#buffer);
        this.#buffer = Buffer.alloc(0);
        return undefined;
      case 'length': {
        const part = this.#buffer.subarray(0, this.#remaining);
        this.#take(part);
        this.#remaining -= part.length;
        this.#buffer = this.#buffer.subarray(part.length);
        return this.#remaining === 0 ? this.#done() : undefined;
      }
      case 'chunked':
        return this.#readChunks();
    }
  }

  #readChunks(): Parsed | undefined {
    for (;;) {
      if (this.#chunkState === 'data') {
        const part = this.#buffer.subarray(0, this.#remaining);
        this.#take(part);
        this.#remaining -= part.length;
        this.#buffer = this.#buffer.subarray(part.length);
        if (this.#remaining > 0) return undefined;
        this.#chunkState = 'data-end';
      }
      const line = this.#buffer.indexOf(CRLF);
      if (line < 0) {
        if (this.#buffer.length > MAX_HEAD_BYTES) throw transportError('chunk header too large', 'HPE_CHUNK_EXTENSIONS_OVERFLOW');
        return undefined;
      }
      const text = this.#buffer.toString('latin1', 0, line);
      this.#buffer = this.#buffer.subarray(line + 2);
      if (this.#chunkState === 'data-end') {
        if (text !== '') throw transportError('malformed chunk', 'HPE_INVALID_CHUNK_SIZE');
        this.#chunkState = 'size';
      } else if (this.#chunkState === 'size') {
        const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(text.trim());
        if (!size) throw transportError('malformed chunk size', 'HPE_INVALID_CHUNK_SIZE');
        this.#remaining = parseInt(size[1]!, 16);
        this.#chunkState = this.#remaining === 0 ? 'trailers' : 'data';
      } else if (text === '') {
        return this.#done(); // the empty line after the (ignored) trailers
      }
    }
  }

  #done(): Parsed {
    const head = this.#head!;
    // Bytes beyond the answer mean the connection is out of step: never reuse it.
    const reusable = head.reusable && this.#buffer.length === 0;
    return { status: head.status, headers: head.headers, body: Buffer.concat(this.#chunks, this.#size), reusable };
  }
}

/**
 * A lean HTTP/1.1 keep-alive client for plain-`http:` upstreams (the sandbox, a local egress proxy):
 * one request per socket at a time, the request written in one piece, the answer parsed incrementally.
 * It spends about half the CPU of `node:http`'s client per call, which is most of what the proxy's
 * token route costs. `https:` goes through `node:http`'s TLS client instead (see node-fetch.ts).
 */
export function createHttp1Transport(options: Http1ClientOptions = {}): { transport: Transport; close(): void } {
  const idleTimeoutMs = options.idleTimeoutMs ?? 4000;
  const maxIdle = options.maxIdlePerOrigin ?? 256;
  const idle = new Map<string, net.Socket[]>();
  const open = new Set<net.Socket>();
  let closed = false;

  function release(key: string, socket: net.Socket): void {
    const list = idle.get(key) ?? [];
    if (closed || list.length >= maxIdle || socket.destroyed) {
      socket.destroy();
      return;
    }
    const drop = () => {
      const at = list.indexOf(socket);
      if (at >= 0) list.splice(at, 1);
      socket.destroy();
    };
    socket.once('close', drop);
    socket.once('error', drop);
    socket.once('data', drop); // an idle socket must not speak
    socket.setTimeout(idleTimeoutMs, drop);
    (socket as net.Socket & { finsifyDrop?: () => void }).finsifyDrop = drop;
    list.push(socket);
    idle.set(key, list);
  }

  function acquire(key: string, host: string, port: number, reuse: boolean): { socket: net.Socket; reused: boolean } {
    const list = idle.get(key);
    const socket = reuse ? list?.pop() : undefined;
    if (socket) {
      const drop = (socket as net.Socket & { finsifyDrop?: () => void }).finsifyDrop;
      if (drop) {
        socket.off('close', drop);
        socket.off('error', drop);
        socket.off('data', drop);
        socket.setTimeout(0, drop); // with the callback: also removes the 'timeout' listener
      }
      return { socket, reused: true };
    }
    const fresh = net.connect({ host, port, noDelay: true });
    open.add(fresh);
    fresh.once('close', () => open.delete(fresh));
    return { socket: fresh, reused: false };
  }

  function once(request: TransportRequest, url: URL, allowRetry: boolean): Promise<TransportAnswer> {
    return new Promise<TransportAnswer>((resolve, reject) => {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const port = Number(url.port || 80);
      const key = `${host}:${port}`;
      let head = `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
      for (const [name, value] of Object.entries(request.headers)) {
        if (!TOKEN.test(name) || UNSAFE_VALUE.test(value)) {
          reject(new TypeError(`invalid header ${JSON.stringify(name)}`));
          return;
        }
        head += `${name}: ${value}\r\n`;
      }
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      if (body) head += `content-length: ${body.length}\r\n`;
      head += '\r\n';

      // A request that must not be sent twice goes on a new connection: a kept-alive one may be closing,
      // and a failure there could not tell whether the server had read the request.
      const { socket, reused } = acquire(key, host, port, allowRetry);
      const parser = new ResponseParser(request.method);
      let settled = false;
      const cleanup = () => {
        settled = true;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onClose);
        socket.off('error', onError);
      };
      const fail = (error: Error) => {
        if (settled) return;
        cleanup();
        socket.destroy();
        // A kept-alive socket the server closed meanwhile: try once more on a new one.
        if (reused && allowRetry && !parser.received && (error as Error & { code?: string }).code !== undefined) {
          once(request, url, false).then(resolve, reject);
          return;
        }
        reject(error);
      };
      const finish = (parsed: Parsed) => {
        cleanup();
        if (parsed.reusable) release(key, socket);
        else socket.destroy();
        const retryAfter = parsed.headers.get('retry-after') ?? null;
        resolve({ status: parsed.status, text: parsed.body.toString('utf8'), retryAfter });
      };
      const onData = (data: Buffer) => {
        try {
          const parsed = parser.push(data);
          if (parsed) finish(parsed);
        } catch (error) {
          fail(error as Error);
        }
      };
      const onEnd = () => {
        const parsed = parser.end();
        if (parsed) finish({ ...parsed, reusable: false });
        else fail(transportError('socket hang up', 'ECONNRESET'));
      };
      const onClose = () => fail(transportError('socket hang up', 'ECONNRESET'));
      const onError = (error: Error) => fail(error);
      const timer = setTimeout(() => {
        const error = new Error('The request to Finsify timed out.');
        error.name = 'TimeoutError';
        fail(error);
      }, request.timeoutMs);
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onClose);
      socket.once('error', onError);
      socket.write(body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1'));
    });
  }

  return {
    transport: (request) => {
      if (closed) return Promise.reject(transportError('the client is closed', 'ERR_CLIENT_CLOSED'));
      const url = new URL(request.url);
      if (url.protocol !== 'http:') return Promise.reject(new TypeError(`the HTTP/1.1 client speaks http: only, not ${url.protocol}`));
      return once(request, url, request.idempotent !== false);
    },
    close() {
      closed = true;
      for (const socket of open) socket.destroy();
      idle.clear();
    },
  };
}
