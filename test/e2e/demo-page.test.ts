/**
 * End-to-end, issue 5 ("The demo"): the demo page itself as QA meets it. axe finds nothing on it
 * before and after a connected login, light and dark, at desktop and at phone width (where nothing
 * scrolls sideways); the sandbox panel's faults and settings reach the sandbox and its test logins
 * are shown; switching the user switches the logins; the logins panel's Refresh, Deactivate and
 * Activate buttons reach the sandbox through the partner backend, by keyboard.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { e2eSuites, type Session } from './support/harness.js';
import { expectSandboxPopup, successDetail } from './support/expect.js';
import type { DemoPage } from './support/demo-page.js';
import { control } from './support/stack.js';
import { waitFor } from './support/wait.js';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = { width: 390, height: 844 };

interface Violation {
  id: string;
  help: string;
  targets: unknown[];
}

/** axe's violations on the whole page, shadow roots included (rules for WCAG 2.x A and AA, and best practices). */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((violation) => ({ id: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target) }));
  });
}

async function expectAxeClean(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe on the demo page (${state}): ${JSON.stringify(violations, null, 2)}`);
}

/** A connected Vietcombank login, and the logins panel showing its accounts and transactions. */
async function connectOne(session: Session, demo: DemoPage): Promise<number> {
  const popup = await demo.expectPopup(() => demo.clickService('Vietcombank'));
  await expectSandboxPopup(popup, session.stack);
  await popup.connect();
  const { login_id: loginId } = successDetail(await demo.waitForTerminal());
  await demo.page.waitForFunction(
    () => document.querySelectorAll('#logins tbody tr').length > 1 && !!document.querySelector('#logins caption')?.textContent?.match(/^[1-9]\d* transactions/),
    { timeout: 30_000 },
  );
  return loginId;
}

e2eSuites((test) => {
  test('the demo page: axe finds nothing, light and dark, before and after a login, at desktop and phone width', async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup', theme: 'light' });
    await expectAxeClean(demo.page, 'loaded, light');
    await connectOne(session, demo);
    await expectAxeClean(demo.page, 'after a success, light');
    await demo.configure({ theme: 'dark' });
    await expectAxeClean(demo.page, 'after a success, dark');

    await demo.page.setViewport(PHONE);
    const overflow = await demo.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `at ${PHONE.width} px the page scrolls sideways by ${overflow} px`);
    await expectAxeClean(demo.page, 'after a success, dark, phone width');
  });

  test("the sandbox panel: faults, token lifetime and COOP set from the page reach the sandbox; its test logins are shown", async (session) => {
    const demo = await session.openDemo({ user: 'carol', mode: 'popup' });
    const page = demo.page;
    const sandbox = control(session.stack);
    const credentials = await page.$$eval('#sandbox table tbody tr', (rows) => rows.map((row) => [...row.cells].slice(0, 2).map((cell) => cell.textContent?.trim())));
    assert.deepEqual(credentials.slice(0, 2), [['demo', 'demo'], ['demo', 'wrong']]);

    await page.select('#sandbox select[name="endpoint"]', 'token');
    await page.click('#sandbox input[name="maintenance"]');
    await page.click('#sandbox button[type="submit"]');
    await waitFor('the maintenance fault in the sandbox', () => sandbox.faults().token?.maintenance === true || undefined);
    await waitFor('the panel to list it', async () => (await page.$eval('#sandbox .chip', (chip) => chip.textContent)) === 'token: maintenance' || undefined);
    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));
    const failure = await demo.waitForTerminal();
    assert.equal(failure.detail.error, 'ServerMaintenance');
    await waitFor('the popup to close', () => popup.page.isClosed() || undefined);

    await page.click('#sandbox .controls button[type="button"]');
    await waitFor('the faults to be cleared', () => Object.keys(sandbox.faults()).length === 0 || undefined);

    const lifetime = await page.$('#sandbox input[type="number"][min="1"]');
    await lifetime!.click({ count: 3 });
    await lifetime!.type('42');
    await page.keyboard.press('Tab');
    await waitFor('the token lifetime in the sandbox', () => sandbox.settings().tokenLifetimeSeconds === 42 || undefined);
    await page.click('#sandbox .controls input[type="checkbox"]:not([name])');
    await waitFor('COOP on in the sandbox', () => sandbox.settings().crossOriginOpenerPolicy || undefined);
  });

  test('switching the signed-in user switches the logins the backend shows', async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    const loginId = await connectOne(session, demo);
    const listed = () => demo.page.$$eval('#logins select:not(#status-change) option', (options) => options.map((option) => option.textContent?.trim() ?? ''));
    // Carol connects nothing in this file (the stack, and so the backend's store, is the file's).
    await demo.configure({ user: 'carol' });
    await waitFor("carol's (empty) list of logins", async () => (await listed()).join() === 'No login yet: connect one above' || undefined);
    await demo.configure({ user: 'alice' });
    await waitFor("alice's login back in the list", async () => (await listed()).some((text) => text.startsWith(`${loginId} `)) || undefined);
  });

  test('the logins panel: Refresh, Deactivate and Activate by keyboard reach the sandbox through the backend', async (session) => {
    // A login may be refreshed again at once (the refresh rule itself is the sandbox's node tests').
    control(session.stack).updateSettings({ refreshIntervalSeconds: 0 });
    const demo = await session.openDemo({ user: 'bob', mode: 'popup' });
    const loginId = await connectOne(session, demo);
    const sandboxLogin = () => control(session.stack).state().logins.find((login) => login.id === loginId)!;
    const panelStatus = () => demo.page.$eval('#logins .panel-status', (element) => element.textContent?.trim() ?? '');

    /** Focuses the panel's button `name` as a keyboard user would (Tab), then presses Enter on it. */
    async function press(name: string): Promise<void> {
      const reached = await waitFor(`Tab to reach the ${name} button`, async () => {
        await demo.page.keyboard.press('Tab');
        return (await demo.page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent?.trim())) === name || undefined;
      });
      assert.ok(reached);
      await demo.page.keyboard.press('Enter');
      await waitFor(`the panel to say "${name} done."`, async () => (await panelStatus()) === `${name} done.` || undefined);
    }

    await demo.page.focus('#logins select');
    const before = sandboxLogin();
    assert.equal(before.active, true);
    await press('Refresh');
    assert.ok(sandboxLogin().last_refresh_at > before.last_refresh_at, 'the sandbox refreshed the login');
    await press('Deactivate');
    assert.equal(sandboxLogin().active, false, 'the sandbox deactivated the login');
    await press('Activate');
    assert.equal(sandboxLogin().active, true, 'the sandbox activated the login again');
  });
  // Not in WebKit: the demo page's own UI (axe, phone width, focus), no flow across origins; it needs
  // setViewport, addScriptTag and focus, which webkit.ts does not offer.
}, { webkit: false });
