/**
 * The browsers of the end-to-end tests, Debian's Chromium and Firefox ESR, driven by puppeteer-core
 * (CDP for Chromium, WebDriver BiDi for Firefox), and WebKitGTK's MiniBrowser through classic
 * WebDriver behind the same interface (webkit.ts), all with their popup blocker ON (puppeteer turns
 * it off by default): a window opened outside a person's gesture is blocked, as real people's
 * browsers do.
 */
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type BrowserContext } from 'puppeteer-core';
import { WebKitBrowser } from './webkit.js';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';
export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox', 'webkit'];

interface FoundBrowsers {
  chromium?: string;
  firefox?: string;
}

/** `scripts/find-browsers.mjs` (plain JS, shared with the other test steps): the executables, never downloaded. */
async function findBrowsers(): Promise<FoundBrowsers> {
  const url = pathToFileURL(new URL('../../../scripts/find-browsers.mjs', import.meta.url).pathname).href;
  const module = (await import(url)) as { findBrowsers(): FoundBrowsers };
  return module.findBrowsers();
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Launches one browser, headless, popup blocker on. Throws with the install command when it is missing. */
export async function launchBrowser(name: BrowserName): Promise<Browser> {
  // The part of puppeteer's interface the tests use (webkit.ts): the shared test code stays typed as puppeteer's.
  if (name === 'webkit') return (await WebKitBrowser.launch()) as unknown as Browser;
  const executablePath = (await findBrowsers())[name];
  if (!executablePath) {
    throw new Error(`${name} is not installed: run \`node scripts/find-browsers.mjs\` (as root it installs it) or set ${name === 'chromium' ? 'CHROME_PATH' : 'FIREFOX_PATH'}`);
  }
  if (name === 'chromium') {
    return puppeteer.launch({
      browser: 'chrome',
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      // Keeps Chromium's popup blocker on.
      ignoreDefaultArgs: ['--disable-popup-blocking'],
      protocolTimeout: 120_000,
    });
  }
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // Puppeteer's Firefox profile turns the popup blocker off; this turns it back on.
    extraPrefsFirefox: { 'dom.disable_open_during_load': true },
    protocolTimeout: 120_000,
  });
}

/** A fresh, isolated context (cookies, storage) for one test. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.createBrowserContext();
}
