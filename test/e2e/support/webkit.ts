/**
 * WebKit for the end-to-end tests: MiniBrowser through WebKitWebDriver (scripts/webkit.mjs) with
 * webdriverio, behind the part of puppeteer's Browser / BrowserContext / Page / ElementHandle the
 * tests use, so the same test cases run in all three engines. Its popup blocker stays on, as
 * people have it: a real click (WebDriver pointer actions) opens a popup, a script call is blocked.
 *
 * A context is a WebDriver session (a fresh MiniBrowser: its own cookies and storage); its first
 * window is the page, later windows are popups. WebDriver talks to one window at a time, so every
 * command goes through one queue that switches to its page's window first; a poller in that queue
 * sees new and closed windows and each page's address (puppeteer's `popup`, `close`,
 * `framenavigated` events and its synchronous `url()`). A viewport is the window's size less its
 * chrome (`setViewport`). Not available over classic WebDriver: the pages' console (the artifacts
 * of a failed WebKit test have screenshots and events only) and scripts run on each new document
 * (the demo stack puts the event capture in its HTML instead).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { remote } from 'webdriverio';

type WebKitFound = { driver: string; miniBrowser: string; xvfbRun?: string };
interface WebKitModule {
  findWebKit(): WebKitFound | undefined;
  startWebKitDriver(webkit?: WebKitFound, options?: { env?: Record<string, string> }): Promise<{ hostname: string; port: number; stop(): void }>;
  webkitCapabilities(webkit: WebKitFound, options: { popupBlocker?: boolean }): WebdriverIO.Capabilities;
}

async function webkitModule(): Promise<WebKitModule> {
  const url = pathToFileURL(new URL('../../../scripts/webkit.mjs', import.meta.url).pathname).href;
  return (await import(url)) as WebKitModule;
}

export async function findWebKit(): Promise<WebKitFound | undefined> {
  return (await webkitModule()).findWebKit();
}

type Driver = WebdriverIO.Browser;
// Any function sent to the page; its arguments come back through JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageFunction = (...args: any[]) => unknown;

/**
 * Finds elements for puppeteer selectors: `a >>> b` is b anywhere inside a (shadow roots too),
 * `a ::-p-text(t)` the innermost elements inside a whose text holds t.
 */
const DEEP_QUERY = String.raw`
function deepAll(roots, selector) {
  const found = [];
  const visit = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.matches(selector)) found.push(element);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  for (const root of roots) {
    visit(root);
    if (root.shadowRoot) visit(root.shadowRoot);
  }
  return found;
}
function textMatches(roots, text) {
  const holds = (element) => element.textContent.includes(text);
  return deepAll(roots, '*').filter((element) => holds(element) && ![...element.children].some(holds));
}
function queryAll(root, selector) {
  const text = /^(.*?)\s*::-p-text\((.*)\)$/.exec(selector);
  if (text) return textMatches(text[1] ? queryAll(root, text[1]) : [root], text[2]);
  const parts = selector.split('>>>').map((part) => part.trim());
  let roots = [root];
  parts.forEach((part, index) => {
    roots = index === 0 && parts.length === 1 ? [...root.querySelectorAll(part)] : deepAll(roots, part);
  });
  return roots;
}`;

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
type ElementRef = { [ELEMENT_KEY]: string };

/** An element as WebDriver's execute takes it, whether webdriverio handed back a reference or an Element. */
function elementRef(element: unknown): ElementRef {
  const value = element as { elementId?: string } & Partial<ElementRef>;
  return { [ELEMENT_KEY]: value.elementId ?? value[ELEMENT_KEY]! };
}

/**
 * A script for WebDriver's execute: `body` after `__name` (tsx keeps function names) and the deep
 * query. No `new Function` in the page: the sandbox's connect pages have a strict CSP.
 */
function script(body: string): string {
  return `const __name = (f) => f;\n${DEEP_QUERY}\n${body}`;
}

/** Calls `fn` with the script's arguments. */
const call = (fn: PageFunction) => script(`return (${String(fn)}).apply(null, arguments);`);

/** Calls `fn` with the first match of a selector, then the other arguments: (selector, ...rest), or (root element, selector, ...rest). */
const callOnMatch = (fn: PageFunction, rooted: boolean) =>
  script(`const [root, wanted, ...rest] = ${rooted ? '[...arguments]' : '[document, ...arguments]'};
const match = queryAll(root, wanted)[0];
if (!match) throw new Error('no element matches ' + wanted);
return (${String(fn)})(match, ...rest);`);

/** Calls `fn` with every match of a selector, then the other arguments: (selector, ...rest), or (root element, selector, ...rest). */
const callOnAll = (fn: PageFunction, rooted = false) =>
  script(`const [root, wanted, ...rest] = ${rooted ? '[...arguments]' : '[document, ...arguments]'};\nreturn (${String(fn)})(queryAll(root, wanted), ...rest);`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** WebDriver's code points for the keys the tests press. */
const KEYS: Record<string, string> = { Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Backspace: '\uE003', Space: ' ', ArrowDown: '\uE015', ArrowUp: '\uE013', Shift: '\uE008' };
const keyValue = (key: string) => KEYS[key] ?? key;

export class WebKitContext {
  private queue: Promise<unknown> = Promise.resolve();
  private current = '';
  private readonly pages = new Map<string, WebKitPage>();
  private first?: WebKitPage;
  private polling?: NodeJS.Timeout;
  private closed = false;

  constructor(readonly driver: Driver) {}

  /** Runs `work` alone, after switching to `handle` (when given). */
  run<T>(handle: string | undefined, work: (driver: Driver) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      if (handle && handle !== this.current) {
        await this.driver.switchToWindow(handle);
        this.current = handle;
      }
      return work(this.driver);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async newPage(): Promise<WebKitPage> {
    if (this.first) throw new Error('WebKit e2e: one page per context (popups come from it)');
    const handle = await this.run(undefined, (driver) => driver.getWindowHandle());
    this.current = handle;
    this.first = new WebKitPage(this, handle, 'about:blank');
    this.pages.set(handle, this.first);
    this.polling = setInterval(() => void this.poll(), 250);
    return this.first;
  }

  /** New windows are popups of the first page; a window gone is a page closed; each page's address. */
  private async poll(): Promise<void> {
    if (this.closed) return;
    try {
      const handles = await this.run(undefined, (driver) => driver.getWindowHandles());
      for (const [handle, page] of this.pages) if (!handles.includes(handle)) page.markClosed();
      for (const handle of handles) {
        if (this.pages.has(handle)) continue;
        const popup = new WebKitPage(this, handle, '');
        this.pages.set(handle, popup);
        await popup.refreshUrl();
        this.first?.emit('popup', popup);
      }
      for (const page of this.pages.values()) if (!page.isClosed()) await page.refreshUrl();
    } catch {
      // A window closing between two commands: the next poll sees it.
    }
  }

  forget(handle: string): void {
    if (this.current === handle) this.current = '';
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.polling);
    await this.queue;
    await this.driver.deleteSession().catch(() => undefined);
  }
}

class Keyboard {
  constructor(private readonly page: WebKitPage) {}

  press(key: string): Promise<void> {
    return this.page.keys([keyValue(key)]);
  }

  /** Holds `key` (Shift) down until `up`: WebDriver keeps a key pressed between two action calls. */
  down(key: string): Promise<void> {
    return this.page.keyActions([{ type: 'keyDown', value: keyValue(key) }]);
  }

  up(key: string): Promise<void> {
    return this.page.keyActions([{ type: 'keyUp', value: keyValue(key) }]);
  }

  type(text: string): Promise<void> {
    return this.page.keys([...text]);
  }
}

export class WebKitElement {
  constructor(
    private readonly page: WebKitPage,
    private readonly element: unknown,
  ) {}

  private call<T>(fn: PageFunction, ...args: unknown[]): Promise<T> {
    return this.page.run((driver) => driver.execute(call(fn), elementRef(this.element), ...args) as Promise<T>);
  }

  /** A real mouse click in its middle (a user gesture), `count` times. */
  async click({ count = 1 } = {}): Promise<void> {
    const { x, y } = await this.call<{ x: number; y: number }>((element: Element) => {
      element.scrollIntoView({ block: 'center', inline: 'center' });
      const rect = element.getBoundingClientRect();
      return { x: Math.round(rect.x + rect.width / 2), y: Math.round(rect.y + rect.height / 2) };
    });
    const press = [{ type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }];
    const actions = [{ type: 'pointerMove', duration: 0, x, y }, ...Array.from({ length: count }, () => press).flat()];
    await this.page.run((driver) => driver.performActions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }]));
  }

  /** Focuses it and types `text`, a key down and up per character (webdriverio's keys() loses repeated letters). */
  async type(text: string): Promise<void> {
    await this.call((element: HTMLElement) => element.focus());
    await this.page.keys([...text]);
  }

  $eval<T>(selector: string, fn: PageFunction, ...args: unknown[]): Promise<T> {
    return this.page.run((driver) => driver.execute(callOnMatch(fn, true), elementRef(this.element), selector, ...args) as Promise<T>);
  }

  $$eval<T>(selector: string, fn: PageFunction, ...args: unknown[]): Promise<T> {
    return this.page.run((driver) => driver.execute(callOnAll(fn, true), elementRef(this.element), selector, ...args) as Promise<T>);
  }
}

export class WebKitPage extends EventEmitter {
  readonly keyboard = new Keyboard(this);
  private closed = false;
  private readonly frame = { url: () => this.address };

  constructor(
    readonly context: WebKitContext,
    readonly handle: string,
    private address: string,
  ) {
    super();
  }

  run<T>(work: (driver: Driver) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the page is closed'));
    return this.context.run(this.handle, work);
  }

  url(): string {
    return this.address;
  }

  mainFrame(): { url(): string } {
    return this.frame;
  }

  isClosed(): boolean {
    return this.closed;
  }

  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.context.forget(this.handle);
    this.emit('close');
  }

  /** Reads the window's address (in the command queue); a change is a navigation. */
  async refreshUrl(): Promise<void> {
    const url = await this.context.run(this.handle, (driver) => driver.getUrl());
    if (url !== this.address) {
      this.address = url;
      this.emit('framenavigated', this.frame);
    }
  }

  /** The demo stack's HTML carries what puppeteer would run on each new document (see the module comment). */
  async evaluateOnNewDocument(): Promise<void> {}

  async goto(url: string, _options?: unknown): Promise<void> {
    await this.run((driver) => driver.navigateTo(url));
    await this.refreshUrl();
  }

  async reload(_options?: unknown): Promise<void> {
    await this.run((driver) => driver.refresh());
    await this.refreshUrl();
  }

  async close(): Promise<void> {
    await this.run((driver) => driver.closeWindow());
    this.markClosed();
  }

  evaluate<T>(fn: PageFunction, ...args: unknown[]): Promise<T> {
    return this.run((driver) => driver.execute(call(fn), ...args) as Promise<T>);
  }

  /** Polls `fn` in the page until it returns something truthy. */
  async waitForFunction(fn: PageFunction, options: { timeout?: number; polling?: number } = {}, ...args: unknown[]): Promise<unknown> {
    const deadline = Date.now() + (options.timeout ?? 30_000);
    for (;;) {
      const value = await this.evaluate(fn, ...args).catch(() => undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Waiting for ${String(fn).slice(0, 120)} timed out after ${options.timeout ?? 30_000} ms`);
      await sleep(options.polling ?? 100);
    }
  }

  private async elements(selector: string): Promise<WebKitElement[]> {
    const found = (await this.run((driver) => driver.execute(callOnAll((elements: Element[]) => elements), selector))) as unknown[];
    return found.map((element) => new WebKitElement(this, element));
  }

  $$(selector: string): Promise<WebKitElement[]> {
    return this.elements(selector);
  }

  async $(selector: string): Promise<WebKitElement | null> {
    return (await this.elements(selector))[0] ?? null;
  }

  $eval<T>(selector: string, fn: PageFunction, ...args: unknown[]): Promise<T> {
    return this.run((driver) => driver.execute(callOnMatch(fn, false), selector, ...args) as Promise<T>);
  }

  $$eval<T>(selector: string, fn: PageFunction, ...args: unknown[]): Promise<T> {
    return this.run((driver) => driver.execute(callOnAll(fn), selector, ...args) as Promise<T>);
  }

  /** Waits for the first element matching `selector` (shown, with `visible`). */
  async waitForSelector(selector: string, options: { visible?: boolean; timeout?: number } = {}): Promise<WebKitElement> {
    const deadline = Date.now() + (options.timeout ?? 30_000);
    for (;;) {
      const found = await this.$$eval<boolean[]>(selector, (elements: Element[]) =>
        elements.map((element) => {
          const rect = element.getBoundingClientRect();
          return rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility !== 'hidden';
        }),
      ).catch(() => [] as boolean[]);
      const index = options.visible ? found.indexOf(true) : found.length > 0 ? 0 : -1;
      if (index >= 0) {
        const element = (await this.elements(selector))[index];
        if (element) return element;
      }
      if (Date.now() > deadline) throw new Error(`Waiting for selector \`${selector}\` failed: ${options.timeout ?? 30_000} ms exceeded`);
      await sleep(100);
    }
  }

  async click(selector: string): Promise<void> {
    await (await this.waitForSelector(selector, { visible: true })).click();
  }

  /** As puppeteer: sets the `<select>`'s value and fires input and change. */
  async select(selector: string, value: string): Promise<string[]> {
    return this.$eval<string[]>(
      selector,
      (element: HTMLSelectElement, wanted: string) => {
        element.value = wanted;
        element.dispatchEvent(new Event('input', { bubbles: true }));
        element.dispatchEvent(new Event('change', { bubbles: true }));
        return [element.value];
      },
      value,
    );
  }

  /** Each key pressed and released in turn. */
  keys(values: string[]): Promise<void> {
    return this.keyActions(values.flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]));
  }

  async keyActions(actions: Array<{ type: 'keyDown' | 'keyUp'; value: string }>): Promise<void> {
    await this.run((driver) => driver.performActions([{ type: 'key', id: 'keyboard', actions }]));
  }

  /** As puppeteer's: focus without a click (a script's `focus()`). */
  async focus(selector: string): Promise<void> {
    await this.$eval(selector, (element: HTMLElement) => element.focus());
  }

  /**
   * As puppeteer's `addScriptTag({ path | content })`: an inline `<script>` with the file's text,
   * so its top-level declarations are globals as in a page's own script (not in WebDriver's
   * function body). Needs a page whose CSP allows inline scripts, as puppeteer's does.
   */
  async addScriptTag({ path, content }: { path?: string; content?: string }): Promise<void> {
    const text = content ?? readFileSync(path!, 'utf8');
    await this.evaluate((source: string) => {
      const tag = document.createElement('script');
      tag.textContent = source;
      document.head.append(tag);
    }, text);
  }

  /**
   * As puppeteer's `setViewport`: the window resized so that the page's layout viewport
   * (`innerWidth` × `innerHeight`) is the size asked. WebDriver sizes the whole window, so its
   * chrome (MiniBrowser's toolbar) is measured and added; the page sees a resize a moment later.
   * MiniBrowser cannot be narrower than its toolbar: 447 px with its theme's padding, 305 px with
   * the GTK style `WebKitBrowser.launch` gives it, so phone widths (375 px) can be had.
   */
  async setViewport({ width, height }: { width: number; height: number }): Promise<void> {
    const inner = () => this.evaluate<{ width: number; height: number }>(() => ({ width: innerWidth, height: innerHeight }));
    let seen = await inner();
    for (let attempt = 0; attempt < 3 && (seen.width !== width || seen.height !== height); attempt += 1) {
      const window = await this.run((driver) => driver.getWindowRect());
      const wanted = { width: window.width + width - seen.width, height: window.height + height - seen.height };
      await this.run((driver) => driver.setWindowRect(null, null, wanted.width, wanted.height));
      const deadline = Date.now() + 2_000;
      do {
        await sleep(50);
        seen = await inner();
      } while ((seen.width !== width || seen.height !== height) && Date.now() < deadline);
    }
    if (seen.width !== width || seen.height !== height) throw new Error(`WebKit: asked for a ${width}×${height} viewport, got ${seen.width}×${seen.height}`);
  }

  async cookies(_url?: string): Promise<Array<{ name: string; value: string; domain?: string }>> {
    return this.run((driver) => driver.getAllCookies());
  }

  async screenshot({ path }: { path: string; fullPage?: boolean }): Promise<Buffer> {
    return this.run((driver) => driver.saveScreenshot(path));
  }
}

/** One WebKitWebDriver (and X display) per test file; a WebDriver session per test. */
export class WebKitBrowser {
  private constructor(
    private readonly webkit: WebKitFound,
    private readonly module: WebKitModule,
    private readonly env: { XDG_CONFIG_HOME: string },
    private server: { hostname: string; port: number; stop(): void },
  ) {}

  static async launch(): Promise<WebKitBrowser> {
    const module = await webkitModule();
    const webkit = module.findWebKit();
    if (!webkit) throw new Error('WebKit is not installed: sudo apt-get install -y webkit2gtk-driver xvfb (or set WEBKIT_WEBDRIVER_PATH)');
    const env = WebKitBrowser.environment();
    return new WebKitBrowser(webkit, module, env, await module.startWebKitDriver(webkit, { env }));
  }

  /**
   * MiniBrowser's window is never narrower than its toolbar, 447 px with the default GTK theme's
   * padding: too wide for a phone. A user style (GTK reads `$XDG_CONFIG_HOME/gtk-3.0/gtk.css`)
   * without the padding and minimum sizes of its buttons and address bar lets it go down to
   * 305 px. It styles the browser's own widgets only: WebKit draws the page's form controls itself.
   */
  private static environment(): { XDG_CONFIG_HOME: string } {
    const config = mkdtempSync(join(tmpdir(), 'e2e-webkit-gtk-'));
    mkdirSync(join(config, 'gtk-3.0'));
    writeFileSync(join(config, 'gtk-3.0', 'gtk.css'), 'button, entry { min-width: 0; min-height: 0; padding: 0; margin: 0; }\n');
    return { XDG_CONFIG_HOME: config };
  }

  /**
   * A fresh MiniBrowser, popup blocker on. The file's WebKitWebDriver has been seen to stop
   * answering between two tests, refusing the connection ("Unable to connect") or holding a new
   * session's request open, both after a test whose popup took a COOP page: then the driver (and
   * the browsers it left) is stopped and started again, once. A session starts in seconds, so 45 s
   * without an answer is a driver that hangs; no command of these tests waits long in the browser.
   */
  async createBrowserContext(): Promise<WebKitContext> {
    const session = () =>
      remote({
        hostname: this.server.hostname,
        port: this.server.port,
        logLevel: 'silent',
        connectionRetryTimeout: 45_000,
        connectionRetryCount: 0,
        capabilities: this.module.webkitCapabilities(this.webkit, { popupBlocker: true }),
      });
    try {
      return new WebKitContext(await session());
    } catch {
      this.server.stop();
      this.server = await this.module.startWebKitDriver(this.webkit, { env: this.env });
      return new WebKitContext(await session());
    }
  }

  async close(): Promise<void> {
    this.server.stop();
    rmSync(this.env.XDG_CONFIG_HOME, { recursive: true, force: true });
  }
}
