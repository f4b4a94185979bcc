let live = 0;

/**
 * Listeners, timers and channels currently held by connect flows, all elements together.
 * Zero whenever no flow runs; the memory tests read it.
 */
export function liveResources(): number {
  return live;
}

/**
 * Everything one flow holds on to, released together by `dispose()`, so no end of a flow
 * (result, error, timeout, removal) can forget a listener, a timer or a channel.
 */
export class Scope {
  readonly #releases = new Set<() => void>();

  #hold(release: () => void): () => void {
    live++;
    const once = (): void => {
      if (!this.#releases.delete(once)) return;
      live--;
      release();
    };
    this.#releases.add(once);
    return once;
  }

  listen<E extends Event>(target: EventTarget, type: string, listener: (event: E) => void): () => void {
    const handler = listener as EventListener;
    target.addEventListener(type, handler);
    return this.#hold(() => target.removeEventListener(type, handler));
  }

  interval(callback: () => void, ms: number): () => void {
    const id = setInterval(callback, ms);
    return this.#hold(() => clearInterval(id));
  }

  timeout(callback: () => void, ms: number): () => void {
    const release = this.#hold(() => clearTimeout(id));
    const id = setTimeout(() => {
      release();
      callback();
    }, ms);
    return release;
  }

  /** Listens on a `BroadcastChannel`; nothing when the browser has none. */
  channel(name: string, listener: (event: MessageEvent) => void): void {
    if (typeof BroadcastChannel !== 'function') return;
    const channel = new BroadcastChannel(name);
    channel.addEventListener('message', listener);
    this.#hold(() => channel.close());
  }

  dispose(): void {
    for (const release of [...this.#releases]) release();
  }
}
