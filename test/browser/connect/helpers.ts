// Shared helpers of the <finsify-connect> browser tests.
import { fixture, html } from '@open-wc/testing';
import '../../../src/connect.js';
import type { FinsifyConnect } from '../../../src/connect.js';
import type { ConnectOutcome } from '../../../src/connect/types.js';

export const EVENT_NAMES = ['finsify-open', 'finsify-success', 'finsify-error', 'finsify-exit', 'finsify-event'] as const;
export const TERMINAL = ['finsify-success', 'finsify-error', 'finsify-exit'];

export interface Recorded {
  type: string;
  detail: Record<string, unknown>;
}

/** Records every event of the element, in order. */
export function record(target: EventTarget): Recorded[] {
  const events: Recorded[] = [];
  for (const name of EVENT_NAMES) {
    target.addEventListener(name, (event) => events.push({ type: name, detail: (event as CustomEvent).detail }));
  }
  return events;
}

export const terminals = (events: Recorded[]) => events.filter((event) => TERMINAL.includes(event.type));
export const steps = (events: Recorded[]) => events.filter((event) => event.type === 'finsify-event').map((event) => event.detail['name']);

let counter = 0;
/** A token URL of the fake endpoint with its own key, so tests never see each other's requests. */
export function tokenUrl(params: Record<string, string | number> = {}): { url: string; key: string } {
  const key = `k${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const query = new URLSearchParams({ key, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  return { url: `/fixtures/connect/token?${query}`, key };
}

export async function tokenRequests(key: string): Promise<Array<{ body: Record<string, unknown>; contentType: string; csrf?: string }>> {
  const response = await fetch(`/fixtures/connect/requests?key=${encodeURIComponent(key)}`);
  return response.json();
}

/** Captures the windows `window.open` returns, so tests can close or inspect the popup. */
export function capturePopups(): { popups: Window[]; restore: () => void } {
  const original = window.open;
  const popups: Window[] = [];
  window.open = function (this: Window, ...args: Parameters<typeof window.open>) {
    const popup = original.apply(this, args);
    if (popup) popups.push(popup);
    return popup;
  } as typeof window.open;
  return { popups, restore: () => (window.open = original) };
}

export async function connectElement(template = html`<finsify-connect service-id="8" service-name="Vietcombank"></finsify-connect>`): Promise<FinsifyConnect> {
  return fixture<FinsifyConnect>(template);
}

export function button(element: FinsifyConnect): HTMLButtonElement {
  return element.shadowRoot!.querySelector('[part~="button"]')!;
}

export function statusText(element: FinsifyConnect): string {
  return element.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim();
}

/** Waits for the flow's one outcome and a little more, so a second terminal event would be seen. */
export async function settle(outcome: Promise<ConnectOutcome>, events: Recorded[]): Promise<ConnectOutcome> {
  const result = await outcome;
  await new Promise((resolve) => setTimeout(resolve, 300));
  await until(() => terminals(events).length >= 1, 'no terminal event');
  return result;
}

/** No `finsify-event` detail may hold the secret or the connect URL, whatever the flow. */
export function assertCleanSteps(events: Recorded[], secret?: string): void {
  for (const event of events.filter((e) => e.type === 'finsify-event' || e.type === 'finsify-open')) {
    const text = JSON.stringify(event.detail);
    if (secret && text.includes(secret)) throw new Error(`secret in ${event.type}: ${text}`);
    if (/connect_url|\/fixtures\/connect\/page|https?:/.test(text)) throw new Error(`URL in ${event.type}: ${text}`);
  }
}

export const SECRET = '78cea84c-7eb8-4425-2312-3a1ac8383afe';
export const WAIT_PAGE = `${location.origin}/fixtures/connect/page?callback=wait`;
export const OTHER_ORIGIN = location.origin.includes('localhost') ? location.origin.replace('localhost', '127.0.0.1') : location.origin.replace('127.0.0.1', 'localhost');

/** The wire format of a result message, written out so the protocol cannot drift unnoticed. */
export function resultMessage(state: string, result: Record<string, unknown>): Record<string, unknown> {
  return { type: 'finsify-connect:result', state, result };
}

/** A callback URL as Finsify builds it: base, state, JSON result (percent-encoded or raw). */
export function callbackUrl(state: string, result: Record<string, unknown> | string, kind = 'callback', encode: 'percent' | 'raw' = 'percent'): string {
  const json = typeof result === 'string' ? result : JSON.stringify(result);
  return `${location.origin}/fixtures/connect/${kind}/${state}/${encode === 'raw' ? json : encodeURIComponent(json)}`;
}

/** A page that posts `messages` to its opener (served on `origin`). */
export function postPage(messages: unknown[], targetOrigin = location.origin, origin = location.origin): string {
  return `${origin}/test/browser/connect/pages/post.html#${encodeURIComponent(JSON.stringify({ messages, targetOrigin }))}`;
}

/** A token provider answering with `connectUrl(state)`, remembering each request. */
export function provider(connectUrl: (state: string) => string) {
  const calls: Array<{ request: Record<string, unknown>; signal: AbortSignal }> = [];
  const fn = async (request: { state: string }, { signal }: { signal: AbortSignal }) => {
    calls.push({ request, signal });
    return { data: { id: 'tok-provided', connect_url: connectUrl(request.state) } };
  };
  return { fn, calls, state: () => calls[0]!.request['state'] as string };
}

/** Resolves when the test window receives a message matching `test`. */
export function windowMessage(test: (event: MessageEvent) => boolean): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (!test(event)) return;
      window.removeEventListener('message', listener);
      resolve(event);
    };
    window.addEventListener('message', listener);
  });
}

/** Posts `message` on the flow's BroadcastChannel, as completeConnect() does without an opener. */
export function broadcast(state: string, message: unknown): void {
  const channel = new BroadcastChannel(`finsify-connect:${state}`);
  channel.postMessage(message);
  channel.close();
}

/**
 * Waits for `predicate`, with room for Firefox (slower to open windows and load pages). Unlike
 * `waitUntil`, it leaves no timer pending once done, so the memory test can count timers.
 */
export async function until(predicate: () => unknown, message = 'condition not met', timeout = 10000): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`Timeout: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until `popup` reads closed: WebKit closes a window a moment after `close()`, past `settle`'s 300 ms on a loaded machine. */
export const popupClosed = (popup: Window) => until(() => popup.closed, 'the popup is still open');

export const nextTask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the popup shows the fake connect page and the widget has had time to see it there
 * (it polls every 250 ms, a hidden page once a second). A popup that reads closed before it was
 * seen past the blank page may have been cut off by COOP: it is never ended as closed by itself
 * (see `ConnectFlow.poll()`). A readable page of our origin counts as seen at the first poll.
 */
export async function seenOnConnectPage(popup: Window): Promise<void> {
  await until(() => {
    try {
      return popup.location.href.startsWith(WAIT_PAGE) && popup.document.readyState === 'complete';
    } catch {
      return false;
    }
  }, 'the popup never showed the connect page');
  await nextTask(1100);
}
