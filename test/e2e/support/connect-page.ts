/**
 * The sandbox's connect pages (`/v2/connect/term/:id` on `127.0.0.1`), driven as a person does:
 * the terms (Accept / Cancel), then the bank's login form. Works on the popup, or on the main tab
 * in redirect mode.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { waitFor, WAIT_MS } from './wait.js';

export const TERMS_ACCEPT = 'button[value="accept"]';
export const CANCEL = 'button[value="cancel"]';
export const USERNAME = '#username';
export const PASSWORD = '#password';
export const LOGIN = 'button[value="login"]';
export const FORM_ERROR = '#form-error';

export class ConnectPage {
  constructor(
    readonly page: Page,
    readonly sandboxUrl: string,
  ) {}

  /** Waits until the page is on the sandbox's connect pages, and returns its URL. */
  async waitForSandbox(): Promise<URL> {
    const prefix = `${this.sandboxUrl}/v2/connect/term/`;
    const href = await waitFor(`the window to open ${prefix}…`, () => (this.page.url().startsWith(prefix) ? this.page.url() : undefined));
    return new URL(href);
  }

  private async element(selector: string, timeout = WAIT_MS): Promise<ElementHandle> {
    const handle = await this.page.waitForSelector(selector, { visible: true, timeout });
    if (!handle) throw new Error(`No ${selector} on ${this.page.url()}`);
    return handle;
  }

  /** The terms page is shown (its heading). */
  async waitForTerms(): Promise<string> {
    await this.element(TERMS_ACCEPT);
    return this.text('h1');
  }

  /** Presses "Accept and continue"; by default also waits for the login form it leads to. */
  async acceptTerms({ expectLoginForm = true } = {}): Promise<void> {
    await (await this.element(TERMS_ACCEPT)).click();
    if (expectLoginForm) await this.element(USERNAME);
  }

  /** Presses Cancel on whichever connect page is shown. */
  async cancel(): Promise<void> {
    await (await this.element(CANCEL)).click();
  }

  /** Types the credentials into the login form and presses the submit button. */
  async submitLogin(username: string, password: string): Promise<void> {
    const user = await this.element(USERNAME);
    // A reconnect pre-fills the username: replace whatever is there.
    await user.click({ count: 3 });
    await user.type(username);
    await (await this.element(PASSWORD)).type(password);
    await (await this.element(LOGIN)).click();
  }

  /** The terms, then the login form, with these credentials. */
  async connect(username = 'demo', password = 'demo'): Promise<void> {
    await this.waitForTerms();
    await this.acceptTerms();
    await this.submitLogin(username, password);
  }

  /** The login form's error after a wrong password. */
  async formError(): Promise<string> {
    await this.element(FORM_ERROR);
    return this.text(FORM_ERROR);
  }

  async text(selector: string): Promise<string> {
    return this.page.$eval(selector, (element) => element.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  }

  /** The selector of the element that has focus (tag, id, value), for keyboard tests. */
  activeElement(): Promise<string> {
    return this.page.evaluate(() => {
      const active = document.activeElement;
      if (!active || active === document.body) return 'body';
      const value = active instanceof HTMLButtonElement ? `[value="${active.value}"]` : '';
      return `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''}${value}`;
    });
  }

  /** Presses Tab until `selector` has focus (at most `max` times); throws when it never does. */
  async tabTo(selector: string, max = 12): Promise<void> {
    for (let i = 0; i < max; i += 1) {
      if ((await this.activeElement()) === selector) return;
      await this.page.keyboard.press('Tab');
    }
    if ((await this.activeElement()) !== selector) throw new Error(`Tab never reached ${selector} on ${this.page.url()} (focus is on ${await this.activeElement()})`);
  }
}
