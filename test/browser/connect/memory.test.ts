import { expect, fixture, html } from '@open-wc/testing';
import type { FinsifyConnect } from '../../../src/connect.js';
import { liveResources } from '../../../src/connect/scope.js';
import { capturePopups, provider, record, seenOnConnectPage, settle, terminals, tokenUrl, until, WAIT_PAGE } from './helpers.js';

/**
 * Counts, independently of the widget's own bookkeeping, what is still held at the end:
 * window listeners, pending timeouts and intervals, open BroadcastChannels.
 */
function trackGlobals() {
  const listeners = new Set<string>();
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const keyOf = (type: string, listener: unknown) => {
    if (!ids.has(listener as object)) ids.set(listener as object, nextId++);
    return `${type}#${ids.get(listener as object)}`;
  };
  const timeouts = new Set<unknown>();
  const intervals = new Set<unknown>();
  let channels = 0;
  const original = {
    add: window.addEventListener,
    remove: window.removeEventListener,
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    setInterval: window.setInterval,
    clearInterval: window.clearInterval,
    BroadcastChannel: window.BroadcastChannel,
  };
  window.addEventListener = function (this: Window, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (listener && this === window) listeners.add(keyOf(type, listener));
    return original.add.call(this, type, listener as EventListenerOrEventListenerObject, options);
  } as typeof window.addEventListener;
  window.removeEventListener = function (this: Window, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
    if (listener && this === window) listeners.delete(keyOf(type, listener));
    return original.remove.call(this, type, listener as EventListenerOrEventListenerObject, options);
  } as typeof window.removeEventListener;
  window.setTimeout = ((callback: () => void, ms?: number) => {
    const id = original.setTimeout.call(window, () => {
      timeouts.delete(id);
      callback();
    }, ms);
    timeouts.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id: number) => {
    timeouts.delete(id);
    original.clearTimeout.call(window, id);
  }) as typeof window.clearTimeout;
  window.setInterval = ((callback: () => void, ms?: number) => {
    const id = original.setInterval.call(window, callback, ms);
    intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id: number) => {
    intervals.delete(id);
    original.clearInterval.call(window, id);
  }) as typeof window.clearInterval;
  window.BroadcastChannel = class extends original.BroadcastChannel {
    constructor(name: string) {
      super(name);
      channels++;
    }
    override close() {
      channels--;
      super.close();
    }
  };
  return {
    held: () => ({ listeners: [...listeners], timeouts: timeouts.size, intervals: intervals.size, channels }),
    restore: () => Object.assign(window, { addEventListener: original.add, removeEventListener: original.remove, ...original }),
  };
}

describe('<finsify-connect> memory', () => {
  it('leaves no listener, timer, channel, popup or stored flow behind after 20 flows of every kind', async function () {
    this.timeout(120_000);
    const capture = capturePopups();
    const tracker = trackGlobals();
    try {
      const el = await fixture<FinsifyConnect>(html`<finsify-connect service-id="8"></finsify-connect>`);
      const kinds = ['location', 'message', 'coop', 'cancelled', 'tokenError', 'closed', 'timeout', 'aborted', 'blocked', 'invalid'];
      for (let i = 0; i < 20; i++) {
        const kind = kinds[i % kinds.length]!;
        let target = el;
        if (kind === 'aborted') target = await fixture<FinsifyConnect>(html`<finsify-connect service-id="9"></finsify-connect>`);
        const events = record(target);
        target.timeout = kind === 'timeout' ? 0.3 : 900;
        target.closedGracePeriod = kind === 'coop' ? 5000 : 50;
        target.tokenProvider = undefined;
        const restoreOpen = window.open;
        if (kind === 'blocked') window.open = () => null;
        if (kind === 'closed' || kind === 'timeout' || kind === 'aborted') target.tokenProvider = provider(() => WAIT_PAGE).fn;
        else if (kind === 'invalid') target.tokenProvider = provider((state) => `${location.origin}/fixtures/connect/callback/${state}/%7B%ZZ`).fn;
        else {
          const params: Record<string, string> = ({ location: { callback: 'plain' }, message: {}, coop: { callback: 'coop' }, cancelled: { status: 'cancelled' }, tokenError: { scenario: 'expire' }, blocked: {} } as Record<string, Record<string, string>>)[kind]!;
          target.tokenUrl = tokenUrl({ login_id: i + 1, ...params }).url;
        }
        const outcome = target.open();
        window.open = restoreOpen;
        if (kind === 'closed' || kind === 'aborted') {
          await until(() => events.some((event) => event.type === 'finsify-open'));
          if (kind === 'closed') {
            await seenOnConnectPage(capture.popups.at(-1)!);
            capture.popups.at(-1)!.close();
          }
          else target.remove();
        }
        // Named, so a flow that never ends says which kind it was rather than the whole test timing out.
        await until(() => terminals(events).length > 0, `${kind}: the flow never ended`, 30_000);
        await settle(outcome, events);
        expect(terminals(events), `${kind}: ${JSON.stringify(terminals(events))}`).to.have.length(1);
      }
      el.remove();
      await until(() => capture.popups.every((popup) => popup.closed), 'a popup stayed open');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(liveResources()).to.equal(0);
      expect(tracker.held()).to.deep.equal({ listeners: [], timeouts: 0, intervals: 0, channels: 0 });
      expect(Object.keys(sessionStorage).filter((key) => key.startsWith('finsify-connect:'))).to.deep.equal([]);
    } finally {
      tracker.restore();
      capture.restore();
      for (const popup of capture.popups) popup.close();
    }
  });

  it('counts what a running flow holds, so the check above can fail', async () => {
    const el = await fixture<FinsifyConnect>(html`<finsify-connect service-id="8"></finsify-connect>`);
    el.tokenProvider = provider(() => WAIT_PAGE).fn;
    // The look for a returning redirect flow, a task after the element connected, is over.
    await new Promise((resolve) => setTimeout(resolve));
    expect(liveResources()).to.equal(0);
    const outcome = el.open();
    // Timeout, poll interval, message listener and channel.
    expect(liveResources()).to.equal(4);
    el.remove();
    await outcome;
    expect(liveResources()).to.equal(0);
  });
});
