import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanStores, onMount } from 'nanostores';
import {
  catalogStateFromServices,
  catalogStore,
  resetCatalogStores,
  type CatalogState,
  type CatalogStore,
} from '../../../src/catalog/store.js';
import { searchServices } from '../../../src/catalog/search.js';
import { rawEntry } from './fixtures.js';
import { startCatalogServer, type CatalogServer } from './catalog-server.js';

/** Resolves with the store's state once `predicate` accepts it, listening like a picker would. */
function waitFor(store: CatalogStore, predicate: (state: CatalogState) => boolean): Promise<CatalogState> {
  return new Promise((resolve) => {
    let done = false;
    const unsubscribe = store.subscribe((state) => {
      if (done || !predicate(state)) return;
      done = true;
      resolve(state);
      // subscribe() calls back before it returns, when the state already matches.
      queueMicrotask(() => unsubscribe());
    });
  });
}

const settled = (state: CatalogState) => state.status !== 'loading';

/** Resolves when nanostores runs the store's unmount (after STORE_UNMOUNT_DELAY with no listener). */
function nextUnmount(store: CatalogStore): Promise<void> {
  return new Promise((resolve) => {
    const stop = onMount(store, () => () => {
      stop();
      resolve();
    });
  });
}

describe('catalogStore', () => {
  let server: CatalogServer;
  const used: CatalogStore[] = [];
  let testNumber = 0;
  /** A URL no earlier test has used, so each test gets a fresh store. */
  const url = (path: string) => `${server.origin}${path}?test=${++testNumber}`;
  const storeFor = (address: string, options = {}) => {
    const store = catalogStore(address, options);
    used.push(store);
    return store;
  };

  before(async () => {
    server = await startCatalogServer();
  });
  afterEach(() => {
    resetCatalogStores();
    cleanStores(...used.splice(0));
  });
  after(() => server.close());

  it('starts in loading and fetches nothing until something listens', async () => {
    const idle = url('/ok');
    const store = storeFor(idle);
    assert.equal(store.value?.status, 'loading');
    // A full request for another store after this one was created: had this one fetched, its
    // request would have arrived by now.
    assert.equal((await waitFor(storeFor(url('/ok')), settled)).status, 'loaded');
    const idlePath = idle.slice(server.origin.length);
    assert.equal(server.requests.filter((request) => request.url === idlePath).length, 0);
  });

  it('loads the catalog with a search index', async () => {
    const state = await waitFor(storeFor(url('/ok')), settled);
    assert.equal(state.status, 'loaded');
    if (state.status !== 'loaded') return;
    assert.deepEqual(state.services.map((service) => service.id), [1, 2]);
    assert.deepEqual(state.rejected, []);
    assert.equal(state.index.services, state.services);
    assert.deepEqual(searchServices(state.index, 'dong a').map((hit) => hit.service.id), [2]);
  });

  it('gives one store and one request for one URL, however many listen', async () => {
    const address = url('/ok');
    const before = server.count('/ok');
    const first = storeFor(address);
    const second = storeFor(address);
    assert.equal(first, second);
    const [a, b] = await Promise.all([waitFor(first, settled), waitFor(second, settled)]);
    assert.equal(a, b);
    assert.equal(a.status, 'loaded');
    assert.equal(server.count('/ok') - before, 1);
  });

  it('resolves a relative URL against document.baseURI', () => {
    const global = globalThis as { document?: unknown };
    global.document = { baseURI: `${server.origin}/catalogs/page.html` };
    try {
      assert.equal(storeFor('../ok?test=relative'), storeFor(`${server.origin}/ok?test=relative`));
    } finally {
      delete global.document;
    }
  });

  it('loads an empty list as a catalog of no services', async () => {
    const state = await waitFor(storeFor(url('/empty')), settled);
    assert.equal(state.status, 'loaded');
    assert.equal(state.status === 'loaded' && state.services.length, 0);
  });

  for (const [path, error] of [
    ['/404', 'CatalogFetchFailed'],
    ['/500', 'CatalogFetchFailed'],
    ['/html', 'CatalogInvalid'],
    ['/invalid-json', 'CatalogInvalid'],
    ['/huge', 'CatalogTooLarge'],
  ] as const) {
    it(`shows ${error} for ${path}`, async () => {
      const state = await waitFor(storeFor(url(path), { maxBytes: 1024 * 1024 }), settled);
      assert.equal(state.status, 'error');
      assert.equal(state.status === 'error' && state.error, error);
      assert.ok(state.status === 'error' && state.message.length > 0);
    });
  }

  it('shows CatalogTimeout for a server that never answers', async () => {
    const state = await waitFor(storeFor(url('/never'), { timeoutMs: 100 }), settled);
    assert.equal(state.status === 'error' && state.error, 'CatalogTimeout');
  });

  it('refetches on retry() after an error', async () => {
    const store = storeFor(url('/fails-once'));
    const unsubscribe = store.listen(() => {});
    try {
      assert.equal((await waitFor(store, settled)).status, 'error');
      store.retry();
      assert.equal(store.get().status, 'loading');
      assert.equal((await waitFor(store, settled)).status, 'loaded');
      assert.equal(server.count('/fails-once'), 2);
    } finally {
      unsubscribe();
    }
  });

  it('starts nothing new on retry() while a fetch runs', async () => {
    const store = storeFor(url('/never'));
    const request = server.nextRequest('/never');
    const unsubscribe = store.listen(() => {});
    const seen = await request;
    const before = server.count('/never');
    store.retry();
    unsubscribe();
    // By the time the one request is aborted (a second later), a second one would have arrived.
    await seen.closed;
    assert.equal(server.count('/never'), before);
  });

  it('tries again after an error when used again once every listener left', async () => {
    const store = storeFor(url('/fails-once'));
    const before = server.count('/fails-once');
    const unmounted = nextUnmount(store);
    assert.equal((await waitFor(store, settled)).status, 'error');
    await unmounted;
    assert.equal((await waitFor(store, settled)).status, 'loaded');
    assert.equal(server.count('/fails-once') - before, 2);
  });

  it('aborts the request when every listener leaves while it loads, and starts again for a new one', async () => {
    const store = storeFor(url('/never'));
    const firstRequest = server.nextRequest('/never');
    const unsubscribeA = store.listen(() => {});
    const unsubscribeB = store.listen(() => {});
    const seen = await firstRequest;
    unsubscribeA();
    unsubscribeB();
    assert.deepEqual(await seen.closed, { early: true });
    assert.equal(store.value?.status, 'loading');

    const secondRequest = server.nextRequest('/never');
    const unsubscribeC = store.listen(() => {});
    await secondRequest;
    unsubscribeC();
  });

  it('keeps a loaded catalog when listeners leave and come back, without fetching again', async () => {
    const address = url('/ok');
    const store = storeFor(address);
    const before = server.count('/ok');
    const unmounted = nextUnmount(store);
    const loaded = await waitFor(store, settled);
    assert.equal(loaded.status, 'loaded');
    await unmounted;
    const again = await waitFor(store, () => true);
    assert.equal(again, loaded);
    assert.equal(server.count('/ok') - before, 1);
  });

  it('shares frozen data, so one picker cannot change what another shows', async () => {
    const state = await waitFor(storeFor(url('/ok')), settled);
    assert.ok(state.status === 'loaded');
    const [service] = state.services;
    assert.ok(Object.isFrozen(state.services));
    assert.ok(service && Object.isFrozen(service) && Object.isFrozen(service.color));
  });
});

describe('catalogStateFromServices', () => {
  it('validates a catalog given directly into a loaded state', () => {
    const state = catalogStateFromServices([rawEntry({ id: 1 }), rawEntry({ id: '2' })]);
    assert.equal(state.status, 'loaded');
    if (state.status !== 'loaded') return;
    assert.deepEqual(state.services.map((service) => service.id), [1]);
    assert.deepEqual(state.rejected, [{ index: 1, id: '2', reason: 'id must be a number, not a string' }]);
    assert.equal(searchServices(state.index, 'amb').length, 1);
  });

  it('accepts the wrapped form and an empty list', () => {
    assert.equal(catalogStateFromServices({ data: [rawEntry()] }).status, 'loaded');
    const empty = catalogStateFromServices([]);
    assert.equal(empty.status === 'loaded' && empty.services.length, 0);
  });

  it('gives an error state for something that is not a catalog, or too large', () => {
    const invalid = catalogStateFromServices('nope');
    assert.equal(invalid.status === 'error' && invalid.error, 'CatalogInvalid');
    const large = catalogStateFromServices([rawEntry({ id: 1 }), rawEntry({ id: 2 })], { maxEntries: 1 });
    assert.equal(large.status === 'error' && large.error, 'CatalogTooLarge');
  });
});
