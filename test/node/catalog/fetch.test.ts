import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchCatalog } from '../../../src/catalog/fetch.js';
import { CatalogError } from '../../../src/catalog/parse.js';
import { startCatalogServer, type CatalogServer } from './catalog-server.js';

function isCatalogError(code: string, check?: (error: CatalogError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${String(error)}`);
    assert.equal(error.code, code);
    check?.(error);
    return true;
  };
}

describe('fetchCatalog', () => {
  let server: CatalogServer;
  before(async () => {
    server = await startCatalogServer();
  });
  after(() => server.close());
  const url = (path: string) => `${server.origin}${path}`;

  it('fetches and validates a catalog, as an array or wrapped in data', async () => {
    const parsed = await fetchCatalog(url('/ok'));
    assert.deepEqual(parsed.services.map((service) => service.name), ['Vietcombank', 'Đông Á Bank']);
    assert.deepEqual(parsed.rejected, []);
    assert.equal((await fetchCatalog(url('/wrapped'))).services.length, 2);
  });

  it('asks for JSON, without credentials', async () => {
    const next = server.nextRequest('/ok');
    let init: RequestInit | undefined;
    await fetchCatalog(url('/ok'), {
      fetch: (input, requestInit) => {
        init = requestInit;
        return fetch(input, requestInit);
      },
    });
    assert.equal(init?.credentials, 'omit');
    assert.equal((await next).headers.accept, 'application/json');
  });

  it('gives an empty catalog for an empty list, not an error', async () => {
    assert.deepEqual(await fetchCatalog(url('/empty')), { services: [], rejected: [] });
  });

  it('fails with CatalogFetchFailed naming the status, and never quotes the body or query', async () => {
    for (const [path, status] of [['/404', 404], ['/500', 500]] as const) {
      await assert.rejects(
        fetchCatalog(url(`${path}?key=SECRET-KEY`)),
        isCatalogError('CatalogFetchFailed', (error) => {
          assert.match(error.message, new RegExp(`${server.origin}${path}`));
          assert.match(error.message, new RegExp(String(status)));
          assert.doesNotMatch(error.message, /INTERNAL-DETAIL|SECRET-KEY/);
        }),
      );
    }
  });

  it('fails with CatalogInvalid for an HTML page, invalid JSON, bad UTF-8 or JSON that is not a catalog', async () => {
    for (const path of ['/html', '/invalid-json', '/bad-utf8', '/not-a-catalog']) {
      await assert.rejects(
        fetchCatalog(url(path)),
        isCatalogError('CatalogInvalid', (error) => assert.doesNotMatch(error.message, /INTERNAL-DETAIL|<html|doctype/i)),
      );
    }
  });

  it('stops reading a 20 MB answer once it passes maxBytes, and hangs up', async () => {
    const request = server.nextRequest('/huge');
    await assert.rejects(fetchCatalog(url('/huge'), { maxBytes: 1024 * 1024 }), isCatalogError('CatalogTooLarge'));
    assert.deepEqual(await (await request).closed, { early: true });
  });

  it('refuses a declared Content-Length above maxBytes before reading', async () => {
    const request = server.nextRequest('/huge-length');
    await assert.rejects(fetchCatalog(url('/huge-length')), isCatalogError('CatalogTooLarge'));
    assert.deepEqual(await (await request).closed, { early: true });
  });

  it('refuses more entries than maxEntries', async () => {
    await assert.rejects(fetchCatalog(url('/ok'), { maxEntries: 1 }), isCatalogError('CatalogTooLarge'));
  });

  it('gives up with CatalogTimeout on a server that never answers', async () => {
    const request = server.nextRequest('/never');
    await assert.rejects(
      fetchCatalog(url('/never'), { timeoutMs: 100 }),
      isCatalogError('CatalogTimeout', (error) => assert.match(error.message, /\/never/)),
    );
    assert.deepEqual(await (await request).closed, { early: true });
  });

  it('fails with CatalogFetchFailed when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    await assert.rejects(fetchCatalog(`http://127.0.0.1:${port}/ok`), isCatalogError('CatalogFetchFailed'));
  });

  it('fails with CatalogFetchFailed for a URL fetch cannot use', async () => {
    await assert.rejects(fetchCatalog('not a url'), isCatalogError('CatalogFetchFailed'));
  });

  it('rejects with the AbortError, not a CatalogError, when the caller aborts, and hangs up', async () => {
    const controller = new AbortController();
    const request = server.nextRequest('/never');
    const pending = fetchCatalog(url('/never'), { signal: controller.signal });
    const seen = await request;
    controller.abort();
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(!(error instanceof CatalogError));
      assert.equal((error as Error).name, 'AbortError');
      return true;
    });
    assert.deepEqual(await seen.closed, { early: true });
  });

  it('does not even ask when the signal is already aborted', async () => {
    const before = server.requests.length;
    await assert.rejects(fetchCatalog(url('/ok'), { signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(server.requests.length, before);
  });
});
