import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { catalogStateFromServices, catalogStore, type CatalogState, type CatalogStore } from '../catalog/index.js';

const loading: CatalogState = { status: 'loading' };

/**
 * Gives the host the current catalog state. A fetched catalog comes from the page-wide store for
 * its URL (one request however many pickers use it), subscribed only while the host is
 * connected, so the store can abort a fetch nobody waits for. A given catalog goes through the
 * same validation, memoised by identity.
 */
export class CatalogSource implements ReactiveController {
  #store: CatalogStore | undefined;
  #storeKey = '';
  #unsubscribe: (() => void) | undefined;
  #given: unknown;
  #givenState: CatalogState | undefined;

  readonly #host: ReactiveControllerHost & Element;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * Points the source at the host's current settings; call before each render. `services`, when
   * neither `undefined` nor `null`, is a catalog given directly and `url` is not fetched.
   */
  configure(services: unknown, url: string, timeoutMs: number | undefined): void {
    if (services != null) {
      this.#release();
      this.#store = undefined;
      if (services !== this.#given) this.#givenState = catalogStateFromServices(services);
      this.#given = services;
      return;
    }
    this.#given = this.#givenState = undefined;
    const key = `${url}\n${timeoutMs}`;
    if (key === this.#storeKey && this.#store) return;
    this.#release();
    this.#storeKey = key;
    this.#store = catalogStore(url, { timeoutMs });
    if (this.#host.isConnected) this.#attach();
  }

  /** The state to render: `loading` until a source is configured or while it loads. */
  get state(): CatalogState {
    return this.#givenState ?? (this.#unsubscribe && this.#store?.get()) ?? loading;
  }

  /** Fetches again after an error (a given catalog has nothing to retry). */
  retry(): void {
    this.#store?.retry();
  }

  hostConnected(): void {
    this.#attach();
  }

  hostDisconnected(): void {
    this.#release();
  }

  #attach(): void {
    if (!this.#store || this.#unsubscribe) return;
    // `listen` rather than `subscribe`: the host reads `get()` when it renders, so the
    // immediate call would only schedule a redundant update.
    this.#unsubscribe = this.#store.listen(() => this.#host.requestUpdate());
    this.#host.requestUpdate();
  }

  #release(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
