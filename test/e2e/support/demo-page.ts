/**
 * The demo page (`demo/index.html`) as a person and as the partner's code see it: its settings
 * form, the picker inside `<finsify-connect>`, the button and its status line, the event log, the
 * logins panel and the webhook feed; plus what a partner's listeners hear, captured in the page
 * from its first script on (so a redirect-mode return is heard too).
 */
import type { Page } from 'puppeteer-core';
import { ConnectPage } from './connect-page.js';
import type { DemoStack, DemoUser, SecretMode } from './stack.js';
import { waitFor, within, WAIT_MS } from './wait.js';

export const FLOW_EVENTS = [
  'finsify-service-select',
  'finsify-catalog-load',
  'finsify-catalog-error',
  'finsify-open',
  'finsify-success',
  'finsify-error',
  'finsify-exit',
  'finsify-event',
] as const;
export type FlowEventName = (typeof FLOW_EVENTS)[number];
export const TERMINAL_EVENTS: readonly string[] = ['finsify-success', 'finsify-error', 'finsify-exit'];

/** One DOM event as a listener of the partner's saw it. */
export interface CapturedEvent {
  name: FlowEventName;
  /** `id`, else `class`, of the element that dispatched it (`connect`, `reconnect`, `picker`). */
  target: string;
  detail: Record<string, unknown>;
  /** `Date.now()` in the page when it was dispatched. */
  at: number;
}

/** One call of the page to the backend's token endpoint. */
export interface TokenRequest {
  url: string;
  body: string;
}

interface Capture {
  events: CapturedEvent[];
  tokenRequests: TokenRequest[];
}

declare global {
  interface Window {
    __e2e: Capture;
  }
}

/**
 * Runs before the page's own scripts in every document of the main tab: listeners for every
 * widget event (capture phase on `window`, before anything else can stop them), and a spy on the
 * token requests. Nothing is stored anywhere but in this document's memory.
 */
function installCapture(names: readonly string[]): void {
  // Installed twice where the browser also runs it on each new document (see captureScript()).
  if ((window as { __e2e?: Capture }).__e2e) return;
  const capture: Capture = { events: [], tokenRequests: [] };
  Object.defineProperty(window, '__e2e', { value: capture });
  for (const name of names) {
    window.addEventListener(
      name,
      (event) => {
        const target = event.target instanceof Element ? event.target.id || event.target.className || event.target.tagName : '';
        const detail = JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)) as Record<string, unknown>;
        capture.events.push({ name: name as FlowEventName, target: String(target), detail, at: Date.now() });
      },
      true,
    );
  }
  const original = window.fetch;
  window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/api/finsify/token')) capture.tokenRequests.push({ url, body: typeof init?.body === 'string' ? init.body : '' });
    return original.call(this, input, init);
  } as typeof window.fetch;
}

/**
 * The capture as the first script of every page the demo's Vite server sends. WebDriver (WebKit)
 * cannot run a script on each new document as puppeteer does (`evaluateOnNewDocument`), so the stack
 * puts it in the HTML; in Chromium and Firefox it finds the capture already there.
 */
export function captureScript(): string {
  return `globalThis.__name ??= (fn) => fn;\n(${installCapture.toString()})(${JSON.stringify(FLOW_EVENTS)});`;
}

export interface DemoSettings {
  user?: DemoUser;
  secretMode?: SecretMode;
  mode?: 'popup' | 'redirect' | 'auto';
  locale?: '' | 'en' | 'vi';
  theme?: '' | 'light' | 'dark';
}

export interface ButtonState {
  label: string;
  busy: boolean;
  status: string;
  statusIsError: boolean;
}

export class DemoPage {
  private readonly popupListeners = new Set<(popup: Page) => void>();

  constructor(
    readonly page: Page,
    readonly stack: DemoStack,
    onPopup: (popup: Page) => void,
  ) {
    page.on('popup', (popup) => {
      if (!popup) return;
      onPopup(popup);
      for (const listener of this.popupListeners) listener(popup);
    });
  }

  /** Opens the demo page with the capture installed, waits for the catalog, and applies `settings` through the form. */
  async open(settings: DemoSettings = {}): Promise<void> {
    // tsx compiles with esbuild's keepNames: functions sent to the page may call `__name`.
    await this.page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
    await this.page.evaluateOnNewDocument(installCapture, FLOW_EVENTS);
    await this.page.goto(this.stack.demoUrl, { waitUntil: 'load', timeout: 60_000 });
    await this.waitForCatalog();
    await this.configure(settings);
  }

  async waitForCatalog(): Promise<void> {
    await this.page.waitForFunction(() => !!document.querySelector('#picker')?.shadowRoot?.querySelector('[role="option"]'), { timeout: 60_000 });
  }

  /** Chooses settings in the page's form, as QA does (each change applies at once). */
  async configure(settings: DemoSettings): Promise<void> {
    if (settings.user) await this.page.select('#user', settings.user);
    for (const name of ['secretMode', 'mode', 'locale', 'theme'] as const) {
      const value = settings[name];
      if (value !== undefined) await this.page.select(`#settings select[name="${name}"]`, value);
    }
    // The page writes the backend's cookies from its settings: wait until they are in place.
    await this.page.waitForFunction(
      (user, secretMode) => (!user || document.cookie.includes(`demo_user=${user}`)) && (!secretMode || document.cookie.includes(`demo_secret_mode=${secretMode}`)),
      { timeout: WAIT_MS },
      settings.user ?? '',
      settings.secretMode ?? '',
    );
  }

  /** Types `query` into the picker's search box (clicking it first). */
  async search(query: string): Promise<void> {
    const input = await this.page.waitForSelector('#picker >>> #search', { visible: true, timeout: WAIT_MS });
    await input!.click({ count: 3 });
    await input!.type(query);
  }

  /** Clicks the picker's option named `name` (after a search for it); the flow starts within this click. */
  async clickService(name: string): Promise<void> {
    await this.search(name);
    const option = await waitFor(`the option "${name}" in the picker`, async () => {
      for (const handle of await this.page.$$('#picker >>> [role="option"]')) {
        const text = await handle.$eval('[part="name"]', (element) => element.textContent?.trim() ?? '');
        if (text === name) return handle;
      }
      return undefined;
    });
    await option.click();
  }

  /**
   * Starts a flow for `serviceId` the way a popup blocker refuses: `connect.open()` from a timer,
   * once the page has no transient user activation left (puppeteer's own `evaluate` grants one,
   * for about five seconds). Returns once the timer is set; the flow then runs on its own.
   */
  async openOutsideGesture(serviceId: number, host = '#connect'): Promise<void> {
    await this.page.evaluate(
      (selector, id) => {
        const connect = document.querySelector(selector) as HTMLElement & { open(): Promise<unknown> };
        connect.setAttribute('service-id', String(id));
        if (!('userActivation' in navigator)) throw new Error('navigator.userActivation is missing: cannot tell a gesture from none');
        const timer = setInterval(() => {
          if (navigator.userActivation.isActive) return;
          clearInterval(timer);
          void connect.open();
        }, 100);
      },
      host,
      serviceId,
    );
  }

  /** Runs `action` and returns the popup it opened, as a connect page. */
  async expectPopup(action: () => Promise<unknown>): Promise<ConnectPage> {
    let listener!: (popup: Page) => void;
    const opened = new Promise<Page>((resolve) => (listener = resolve));
    this.popupListeners.add(listener);
    try {
      await action();
      const popup = await within('a popup window to open', opened);
      return new ConnectPage(popup, this.stack.sandboxUrl);
    } finally {
      this.popupListeners.delete(listener);
    }
  }

  /** Every widget event this document heard so far, oldest first. */
  events(): Promise<CapturedEvent[]> {
    return this.page.evaluate(() => window.__e2e.events);
  }

  tokenRequests(): Promise<TokenRequest[]> {
    return this.page.evaluate(() => window.__e2e.tokenRequests);
  }

  async terminalEvents(): Promise<CapturedEvent[]> {
    return (await this.events()).filter((event) => TERMINAL_EVENTS.includes(event.name));
  }

  /** Waits for the first event `name` (and `match`), returns it. */
  async waitForEvent(name: FlowEventName, timeout = WAIT_MS): Promise<CapturedEvent> {
    await this.page.waitForFunction((wanted) => window.__e2e.events.some((event) => event.name === wanted), { timeout, polling: 100 }, name);
    return (await this.events()).find((event) => event.name === name)!;
  }

  /** Waits for the flow's terminal event (success, error or exit) and returns it. */
  async waitForTerminal(timeout = WAIT_MS): Promise<CapturedEvent> {
    await this.page.waitForFunction((names) => window.__e2e.events.some((event) => names.includes(event.name)), { timeout, polling: 100 }, TERMINAL_EVENTS);
    return (await this.terminalEvents())[0]!;
  }

  /** The built-in button and status line of a `<finsify-connect>` (the main one by default). */
  buttonState(host = '#connect'): Promise<ButtonState> {
    return this.page.$eval(host, (element) => {
      const root = element.shadowRoot!;
      const button = root.querySelector('[part~="button"]');
      const status = root.querySelector('[part~="status"]');
      return {
        label: root.querySelector('[part~="label"]')?.textContent?.trim() ?? '',
        busy: element.hasAttribute('busy') || button?.getAttribute('aria-busy') === 'true',
        status: status?.textContent?.trim() ?? '',
        statusIsError: status?.getAttribute('part')?.includes('status-error') ?? false,
      };
    });
  }

  /** Waits until the button shows `expected` (a subset of its state) and returns the whole state. */
  async waitForButton(expected: Partial<ButtonState>, host = '#connect'): Promise<ButtonState> {
    let last: ButtonState | undefined;
    try {
      return await waitFor(`the button of ${host} to be ${JSON.stringify(expected)}`, async () => {
        last = await this.buttonState(host);
        return Object.entries(expected).every(([key, value]) => last![key as keyof ButtonState] === value) ? last : undefined;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; it is ${JSON.stringify(last)}`);
    }
  }

  /** Where focus is, through shadow roots: `tag#id` of each level, joined by ` > `. */
  deepFocus(): Promise<string> {
    return this.page.evaluate(() => {
      const path: string[] = [];
      let active: Element | null = document.activeElement;
      while (active && active !== document.body) {
        const part = active.getAttribute('part');
        path.push(`${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''}${part ? `[part="${part}"]` : ''}`);
        active = active.shadowRoot?.activeElement ?? null;
      }
      return path.join(' > ') || 'body';
    });
  }

  /** Presses Tab until `deepFocus()` is `expected` (at most `max` times). */
  async tabTo(expected: string, max = 15): Promise<void> {
    for (let i = 0; i < max && (await this.deepFocus()) !== expected; i += 1) await this.page.keyboard.press('Tab');
    const focus = await this.deepFocus();
    if (focus !== expected) throw new Error(`Tab never reached ${expected}; focus is on ${focus}`);
  }

  /** The names in the page's event log, newest first (`data-event` of each entry). */
  logNames(): Promise<string[]> {
    return this.page.$$eval('#log li', (items) => items.map((item) => item.getAttribute('data-event') ?? ''));
  }

  /** The page's event log entry texts, newest first. */
  logTexts(): Promise<string[]> {
    return this.page.$$eval('#log li', (items) => items.map((item) => item.textContent ?? ''));
  }

  async waitForLog(name: string): Promise<void> {
    await this.page.waitForFunction((wanted) => [...document.querySelectorAll('#log li')].some((item) => item.getAttribute('data-event') === wanted), { timeout: WAIT_MS }, name);
  }

  /** Everything of the page a secret could hide in: its address, storage, cookies and markup. */
  async exposedText(): Promise<{ url: string; localStorage: string; sessionStorage: string; cookie: string; html: string; historyLength: number }> {
    return this.page.evaluate(() => {
      const dump = (storage: Storage) => JSON.stringify(Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key)])));
      return {
        url: location.href,
        localStorage: dump(localStorage),
        sessionStorage: dump(sessionStorage),
        cookie: document.cookie,
        html: document.documentElement.outerHTML,
        historyLength: history.length,
      };
    });
  }
}
