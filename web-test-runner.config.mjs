// Browser tests run in Debian's Chromium and Firefox ESR, driven by puppeteer-core, and in WebKitGTK's
// MiniBrowser through WebDriver (no browser downloads are possible on our machines).
// `scripts/find-browsers.mjs` and `scripts/webkit.mjs` locate the executables.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { findBrowsers } from './scripts/find-browsers.mjs';
import { findWebKit } from './scripts/webkit.mjs';
import { keyActions, webkitLauncher } from './scripts/wtr-webkit.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';
import { catalogFixtures } from './test/support/catalog-fixtures.mjs';
import { connectFixtures } from './test/support/connect-fixtures.mjs';
import { cspFixtures, servedAsBuilt } from './test/support/csp-fixtures.mjs';

const { chromium, firefox } = findBrowsers();
const wanted = (process.env.WTR_BROWSERS ?? 'chromium,firefox').split(',');

const browsers = [];
if (wanted.includes('chromium')) {
  browsers.push(
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: {
        executablePath: chromium,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
      // Pages sharing one context are tabs of one window: only one is visible, and a hidden page
      // gets no animation frames or resize observations. A context per page keeps each visible.
      createPage: async ({ browser }) => {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        page.once('close', () => void context.close().catch(() => {}));
        return page;
      },
    }),
  );
}
if (wanted.includes('firefox') && firefox) {
  browsers.push(
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: firefox, headless: true },
    }),
  );
}

// WebKit runs one file at a time (WTR_CONCURRENCY=1): above that the WebDriver launcher runs files
// in iframes. Its popup blocker is off here, as puppeteer turns the other engines' off; the popup
// tests that need it on say so (test/browser/connect/popup-blocker.test.ts).
const webkit = findWebKit();
if (wanted.includes('webkit') && webkit) browsers.push(webkitLauncher(webkit));

/**
 * `executeServerCommand('bring-to-front')`: makes the test's page the focused tab of its
 * window. A popup opened by an earlier test file can leave Firefox's window without focus, and
 * then nothing matches `:focus` there.
 */
const bringToFront = {
  name: 'bring-to-front',
  async executeCommand({ command, session }) {
    if (command !== 'bring-to-front') return undefined;
    // WebDriver: popups an earlier file left open keep the focus (the runner reuses the window): close
    // them, then switching to the test's own window gives it the focus back.
    if (session.browser.type === 'webdriver') {
      const { driver } = session.browser;
      const own = await driver.getWindowHandle();
      for (const handle of await driver.getWindowHandles()) {
        if (handle === own) continue;
        await driver.switchToWindow(handle);
        await driver.closeWindow();
      }
      await driver.switchToWindow(own);
      return true;
    }
    await session.browser.getPage(session.id).bringToFront();
    return true;
  },
};

/**
 * `executeServerCommand('key-chord', 'Control+End')`: presses the key with the modifiers held.
 * The stock send-keys command has key-down/up for puppeteer only.
 */
const keyChord = {
  name: 'key-chord',
  async executeCommand({ command, payload, session }) {
    if (command !== 'key-chord') return undefined;
    if (session.browser.type === 'webdriver') {
      await session.browser.driverManager.performActions(session.id, [{ type: 'key', id: 'keyboard', actions: keyActions(payload) }]);
      return true;
    }
    const { keyboard } = session.browser.getPage(session.id);
    const keys = payload.split('+');
    for (const key of keys) await keyboard.down(key);
    for (const key of keys.reverse()) await keyboard.up(key);
    return true;
  },
};

/**
 * `executeServerCommand('double-click', [x, y])`: two clicks as one gesture. The stock mouse command
 * takes about a second per click under WebDriver.
 */
const doubleClick = {
  name: 'double-click',
  async executeCommand({ command, payload: [x, y], session }) {
    if (command !== 'double-click') return undefined;
    if (session.browser.type === 'webdriver') {
      const press = [{ type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }];
      const actions = [{ type: 'pointerMove', duration: 0, x, y }, ...press, ...press];
      await session.browser.driverManager.performActions(session.id, [{ type: 'pointer', id: 'mouse', actions }]);
      return true;
    }
    await session.browser.getPage(session.id).mouse.click(x, y, { count: 2 });
    return true;
  },
};

export default {
  // WTR_FILES: globs or files, separated by spaces.
  files: process.env.WTR_FILES?.split(/\s+/).filter(Boolean) ?? 'test/browser/**/*.test.ts',
  nodeResolve: true,
  ...(process.env.WTR_PORT ? { port: Number(process.env.WTR_PORT) } : {}),
  middleware: [catalogFixtures, connectFixtures, cspFixtures],
  // Lit's dev-mode notice, and the picker's warning about the entries the hostile test catalogs
  // are built to have left out (a test asserts that warning itself).
  filterBrowserLogs: ({ args }) => !/^(Lit is in dev mode|finsify-service-picker: left out)/.test(String(args[0] ?? '')),
  // scripts/test.mjs runs Firefox alone with 1: its test pages share one window, where all but one
  // are hidden tabs (timers clamped to a second, no focus, keys sent to the visible one).
  concurrency: Number(process.env.WTR_CONCURRENCY ?? 2),
  concurrentBrowsers: 1,
  browsers,
  reporters: [defaultReporter(), ...(process.env.WTR_COUNT_FILE ? [countReporter(process.env.WTR_COUNT_FILE)] : [])],
  testFramework: { config: { timeout: 15000 } },
  testsFinishTimeout: 240000,
  browserStartTimeout: 60000,
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), servedAsBuilt, bringToFront, keyChord, doubleClick],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><script>window.process = { env: { NODE_ENV: 'development' } };</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
};
