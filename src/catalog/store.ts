import { atom, onMount, type ReadableAtom } from 'nanostores';
import { fetchCatalog } from './fetch.js';
import { CatalogError, parseCatalog, type ParsedCatalog, type RejectedEntry } from './parse.js';
import { buildSearchIndex, type SearchIndex } from './search.js';
import type { CatalogErrorName, Service } from './types.js';
import { resolveUrl } from './url.js';

/** What a picker renders: a catalog on its way, ready, or failed. */
export type CatalogState =
  | { status: 'loading' }
  | { status: 'loaded'; services: readonly Service[]; rejected: readonly RejectedEntry[]; index: SearchIndex }
  | { status: 'error'; error: CatalogErrorName; message: string };

/** The page-wide state of one catalog URL. */
export interface CatalogStore extends ReadableAtom<CatalogState> {
  /** Fetches again (after an error, typically); does nothing while a fetch is already running. */
  retry(): void;
}

/** Limits for fetching and validating; see `fetchCatalog`. */
export interface CatalogStoreOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxEntries?: number;
}

interface StoreEntry {
  store: CatalogStore;
  /** Stops a running fetch, for {@link resetCatalogStores}. */
  abort(): void;
}

const stores = new Map<string, StoreEntry>();

/**
 * The store for the catalog at `url`: one per absolute URL per page, however many pickers use it,
 * so they share one request. A relative `url` is resolved against `document.baseURI`. The
 * options of the first call for a URL apply.
 *
 * The fetch starts when the store gets its first listener. If every listener leaves while it
 * runs (nanostores waits `STORE_UNMOUNT_DELAY`, 1 s, to be sure), the request is aborted and a
 * later listener starts it again. A loaded catalog is kept for the page's life; an error is kept
 * until {@link CatalogStore.retry} or until the store is used again after every listener left.
 */
export function catalogStore(url: string, options: CatalogStoreOptions = {}): CatalogStore {
  const key = absoluteUrl(url);
  const existing = stores.get(key);
  if (existing) return existing.store;

  const $state = atom<CatalogState>({ status: 'loading' });
  let running: AbortController | undefined;

  const load = () => {
    const controller = new AbortController();
    running = controller;
    $state.set({ status: 'loading' });
    fetchCatalog(key, { ...options, signal: controller.signal })
      .then(loadedState, errorState)
      .then((state) => {
        // A fetch aborted or replaced meanwhile changes nothing.
        if (running !== controller) return;
        running = undefined;
        $state.set(state);
      });
  };
  const abort = () => {
    running?.abort();
    running = undefined;
  };

  onMount($state, () => {
    // `$state.value`, not `get()`: get() on a store being mounted would subscribe to it again.
    if (running === undefined && $state.value?.status !== 'loaded') load();
    return abort;
  });

  const store: CatalogStore = Object.assign($state, {
    retry() {
      if (running === undefined) load();
    },
  });
  stores.set(key, { store, abort });
  return store;
}

/**
 * Validates a catalog given directly (the picker's `services` property) into the same states the
 * store gives: `loaded`, or `error` when it is not a catalog at all. Nothing is fetched.
 */
export function catalogStateFromServices(services: unknown, options: Pick<CatalogStoreOptions, 'maxEntries'> = {}): CatalogState {
  try {
    return loadedState(parseCatalog(services, options));
  } catch (error) {
    return errorState(error);
  }
}

/** Forgets every catalog store and aborts their fetches: for tests. */
export function resetCatalogStores(): void {
  for (const { abort } of stores.values()) abort();
  stores.clear();
}

function loadedState({ services, rejected }: ParsedCatalog): CatalogState {
  // Shared by every picker on the page: freeze it so one cannot change what the others show.
  const frozen = Object.freeze(services.map(freezeService));
  return { status: 'loaded', services: frozen, rejected: Object.freeze(rejected), index: buildSearchIndex(frozen) };
}

function freezeService(service: Service): Service {
  Object.freeze(service.color);
  if (service.call_to_action) Object.freeze(service.call_to_action);
  return Object.freeze(service);
}

function errorState(error: unknown): CatalogState {
  if (error instanceof CatalogError) return { status: 'error', error: error.code, message: error.message };
  return { status: 'error', error: 'CatalogFetchFailed', message: 'The catalog could not be loaded.' };
}

function absoluteUrl(url: string): string {
  try {
    return resolveUrl(url).href;
  } catch {
    // Left as given: fetching it fails, and the store shows that error.
    return url;
  }
}
