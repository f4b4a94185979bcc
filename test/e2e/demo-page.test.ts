/**
 * End-to-end, issue 5 ("The demo"): the demo page itself as QA meets it. axe finds nothing on it
 * before and after a connected login, light and dark, at desktop and at phone width (where nothing
 * scrolls sideways); the logins panel's Refresh, Deactivate and Activate buttons reach the sandbox
 * through the partner backend, by keyboard.
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
});
