/**
 * The frame of every end-to-end test file: one demo stack per file, then the same tests once in
 * Chromium, once in Firefox ESR and (where the file asks) once in WebKit (a `describe` per browser,
 * one browser process each), every
 * test in a fresh browser context with a fresh demo page. A failing test saves a screenshot of
 * each open page and every page's console to `test-results/e2e/<browser> <test>/` and names that
 * folder in its failure message.
 */
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { ConsoleLog, saveArtifacts } from './artifacts.js';
import { BROWSERS, launchBrowser, newContext, type BrowserName } from './browsers.js';
import { DemoPage, type DemoSettings } from './demo-page.js';
import { findWebKit } from './webkit.js';
import { Backend, resetSandbox, startStack, type DemoStack, type DemoUser, type SecretMode } from './stack.js';

/** One test's limit: a whole flow with generous waits on a loaded machine. */
export const TEST_TIMEOUT_MS = 180_000;
const SETUP_TIMEOUT_MS = 120_000;

/** What a test gets: its browser context, the stack, and helpers to open the demo page. */
export class Session {
  readonly log = new ConsoleLog();
  private readonly pages: Array<{ label: string; page: Page }> = [];
  private demoPage?: DemoPage;

  constructor(
    readonly browserName: BrowserName,
    readonly context: BrowserContext,
    readonly stack: DemoStack,
  ) {}

  /** Keeps `page`'s console and, on failure, its screenshot. */
  track(page: Page, label: string): void {
    this.pages.push({ label, page });
    this.log.watch(page, label);
  }

  /** Opens the demo page in this test's context with `settings` applied through its form. */
  async openDemo(settings: DemoSettings = {}): Promise<DemoPage> {
    const page = await this.context.newPage();
    this.track(page, 'demo');
    let popups = 0;
    this.demoPage = new DemoPage(page, this.stack, (popup) => this.track(popup, `popup-${++popups}`));
    await this.demoPage.open(settings);
    return this.demoPage;
  }

  /** The backend as `user` sees it from Node (the same cookies the page sends). */
  backend(user: DemoUser, secretMode: SecretMode = 'browser'): Backend {
    return new Backend(this.stack, user, secretMode);
  }

  /** Saves the artifacts (see the module comment) and returns their folder. */
  async saveArtifacts(name: string): Promise<string> {
    const events = this.demoPage && !this.demoPage.page.isClosed() ? await this.demoPage.events().catch(() => []) : [];
    return saveArtifacts(name, this.pages, this.log, { events, sandboxState: this.sandboxStateWithoutData() });
  }

  private sandboxStateWithoutData(): unknown {
    const state = this.stack.sandbox.sandbox.control.state();
    return { ...state, logins: state.logins.map(({ accounts, ...login }) => ({ ...login, accounts: accounts.length })) };
  }
}

export type E2eBody = (session: Session) => Promise<void>;
export type E2eTest = (name: string, body: E2eBody) => void;

async function run(browser: Browser, stack: DemoStack, browserName: BrowserName, name: string, body: E2eBody): Promise<void> {
  resetSandbox(stack);
  const context = await newContext(browser);
  const session = new Session(browserName, context, stack);
  try {
    await body(session);
  } catch (error) {
    const folder = await session.saveArtifacts(`${browserName} ${name}`).catch((saveError: unknown) => `(artifacts not saved: ${String(saveError)})`);
    const note = `\n  screenshots and console log: ${folder}`;
    if (error instanceof Error) {
      error.message += note;
      // Reporters print the stack, which copied the message when the error was made.
      if (error.stack && !error.stack.includes(note)) error.stack = error.stack.includes('\n    at ') ? error.stack.replace('\n    at ', `${note}\n    at `) : error.stack + note;
      throw error;
    }
    throw new Error(`${String(error)}${note}`);
  } finally {
    await context.close().catch(() => undefined);
    resetSandbox(stack);
  }
}

const WEBKIT_INSTALL = 'sudo apt-get install -y webkit2gtk-driver xvfb';
const webkitFound = !!(await findWebKit());
/** `E2E_BROWSERS=webkit` (comma-separated) runs those browsers only, while working on them. */
const onlyBrowsers = process.env.E2E_BROWSERS?.split(',');

/**
 * Declares the file's tests for each browser: `register` is called once per browser, inside its
 * `describe`, with a `test(name, body)` function.
 */
export function e2eSuites(register: (test: E2eTest, browserName: BrowserName) => void): void {
  let stack: DemoStack | undefined;
  before(async () => {
    stack = await startStack();
  }, { timeout: SETUP_TIMEOUT_MS });
  after(async () => {
    await stack?.close();
  });

  for (const browserName of BROWSERS) {
    if (onlyBrowsers && !onlyBrowsers.includes(browserName)) continue;
    describe(browserName, { skip: browserName === 'webkit' && !webkitFound ? `WebKit not installed: ${WEBKIT_INSTALL}` : false }, () => {
      let browser: Browser | undefined;
      before(async () => {
        browser = await launchBrowser(browserName);
      }, { timeout: SETUP_TIMEOUT_MS });
      after(async () => {
        await browser?.close();
      });
      register((name, body) => {
        it(name, { timeout: TEST_TIMEOUT_MS }, async () => {
          if (!browser || !stack) throw new Error(`${browserName} or the demo stack did not start`);
          await run(browser, stack, browserName, name, body);
        });
      }, browserName);
    });
  }
}
