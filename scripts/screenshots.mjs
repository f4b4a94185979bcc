// `npm run screenshots`: starts the demo stack (sandbox, backend, demo page; in-memory store),
// drives Debian's Chromium through it and writes the README's pictures into docs/: the picker
// (light, dark, Vietnamese), the connect flow (the popup's connect pages, the page after success)
// and the whole demo page (desktop and phone width). Prints what it wrote.
import { mkdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import puppeteer from 'puppeteer-core';
import { register } from 'tsx/esm/api';
import { findBrowsers } from './find-browsers.mjs';

const root = new URL('..', import.meta.url).pathname;
const docs = join(root, 'docs');
const TIMEOUT = 60_000;

register();
const { startDemoStack } = await import('../demo/stack.ts');

const written = [];

/** Screenshot of `target` (a page or an element) into docs/<name>.png. */
async function shoot(target, name, options = {}) {
  const path = join(docs, `${name}.png`);
  await target.screenshot({ path, ...options });
  written.push(path);
}

/** Waits until every image on the page and in the picker's shadow root has loaded, and fonts are ready. */
async function settled(page) {
  await page.waitForFunction(
    () => {
      const roots = [document, ...[...document.querySelectorAll('finsify-service-picker, finsify-connect')].map((element) => element.shadowRoot)];
      return roots.every((root) => !root || [...root.querySelectorAll('img')].every((image) => image.complete)) && document.fonts.status === 'loaded';
    },
    { timeout: TIMEOUT },
  );
}

/** A fresh demo page (own context) at `viewport` with `settings` chosen in its form. */
async function openDemo(browser, stack, { viewport = { width: 1280, height: 900 }, scheme = 'light', settings = {} } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ deviceScaleFactor: 1, ...viewport });
  await page.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: scheme },
    { name: 'prefers-reduced-motion', value: 'reduce' },
  ]);
  await page.goto(stack.demoUrl, { waitUntil: 'load', timeout: TIMEOUT });
  await page.waitForFunction(() => !!document.querySelector('#picker')?.shadowRoot?.querySelector('[role="option"]'), { timeout: TIMEOUT });
  for (const [name, value] of Object.entries(settings)) await page.select(`#settings select[name="${name}"]`, value);
  await settled(page);
  return { context, page };
}

async function pickerShots(browser, stack) {
  const variants = [
    { name: 'picker-light', scheme: 'light', settings: { theme: 'light', locale: 'en' } },
    { name: 'picker-dark', scheme: 'dark', settings: { theme: 'dark', locale: 'en' } },
    { name: 'picker-vi', scheme: 'light', settings: { theme: 'light', locale: 'vi' } },
  ];
  for (const { name, scheme, settings } of variants) {
    const { context, page } = await openDemo(browser, stack, { scheme, settings, viewport: { width: 1280, height: 900, deviceScaleFactor: 2 } });
    const widget = await page.$('section.widget');
    await shoot(widget, name);
    await context.close();
  }
}

/**
 * Picks Techcombank in the demo's picker and signs in on the sandbox's connect page as
 * `username` / `password`; `onPopup(popup, step)` may shoot the popup at `terms` and `login`.
 */
async function signIn(page, username, password, onPopup = async () => {}) {
  const search = await page.waitForSelector('#picker >>> #search');
  await search.type('Techcombank');
  const option = await page.waitForSelector('#picker >>> #option-8');
  const popupOpened = new Promise((resolve) => page.once('popup', resolve));
  await option.click();
  const popup = await popupOpened;
  await popup.setViewport({ width: 480, height: 720, deviceScaleFactor: 2 });
  await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await popup.waitForSelector('button[value="accept"]', { visible: true, timeout: TIMEOUT });
  await settled(popup);
  await onPopup(popup, 'terms');
  await popup.click('button[value="accept"]');
  await popup.waitForSelector('#username', { visible: true, timeout: TIMEOUT });
  await popup.type('#username', username);
  await popup.type('#password', password);
  await settled(popup);
  await onPopup(popup, 'login');
  await popup.click('button[value="login"]');
}

async function flowShots(browser, stack) {
  const { context, page } = await openDemo(browser, stack, { settings: { theme: 'light', locale: 'en' } });
  await signIn(page, 'demo', 'demo', (popup, step) => shoot(popup, `connect-${step}`));

  // Back on the page: the result, the login's accounts and transactions through the backend.
  await page.waitForSelector('#log li[data-event="finsify-success"]', { timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelectorAll('#logins tbody tr').length > 5, { timeout: TIMEOUT });
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await settled(page);
  await shoot(page, 'connect-success');
  await shoot(page, 'demo', { fullPage: true });
  await context.close();
}

/** A failure as the person reads it: the bank says the account is locked (the sandbox's `locked` / `locked`). */
async function failureShot(browser, stack) {
  const { context, page } = await openDemo(browser, stack, { settings: { theme: 'light', locale: 'en' } });
  await signIn(page, 'locked', 'locked');
  await page.waitForSelector('#log li[data-event="finsify-error"]', { timeout: TIMEOUT });
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await settled(page);
  await shoot(await page.$('section.widget'), 'connect-failure');
  await context.close();
}

const PHONE = { width: 375, height: 812, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The demo on a phone (375 CSS pixels wide): its first screen, and a connected login's panel. */
async function phoneShots(browser, stack) {
  const { context, page } = await openDemo(browser, stack, { viewport: PHONE, settings: { theme: 'light', locale: 'en' } });
  await shoot(page, 'demo-phone');
  await signIn(page, 'demo', 'demo');
  await page.waitForSelector('#log li[data-event="finsify-success"]', { timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelectorAll('#logins tbody tr').length > 5, { timeout: TIMEOUT });
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await settled(page);
  // The panel's top: the login with its status and actions, the accounts, the first transactions.
  const panel = await page.$('section[aria-labelledby="logins-title"]');
  const box = await panel.boundingBox();
  const top = box.y + (await page.evaluate(() => scrollY));
  await shoot(page, 'demo-phone-logins', { clip: { x: box.x, y: top, width: box.width, height: Math.min(box.height, 1000) }, captureBeyondViewport: true });
  await context.close();
}

const { chromium } = findBrowsers();
if (!chromium) {
  console.error('Chromium is missing: run `node scripts/find-browsers.mjs` (it installs it as root) or set CHROME_PATH.');
  process.exit(1);
}

await mkdir(docs, { recursive: true });
const stack = await startDemoStack({ demoPort: 0, sandboxPort: 0, storeFile: null, logLevel: 'silent', watch: false });
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--hide-scrollbars', '--font-render-hinting=none'],
});
try {
  await pickerShots(browser, stack);
  await flowShots(browser, stack);
  await failureShot(browser, stack);
  await phoneShots(browser, stack);
} finally {
  await browser.close();
  await stack.close();
}

for (const path of written) {
  const { size } = await stat(path);
  console.log(`wrote ${relative(root, path)} (${Math.round(size / 1024)} KB)`);
}
