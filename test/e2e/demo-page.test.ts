/**
 * End-to-end, issue 5 ("The demo"): the demo page itself as QA meets it. axe finds nothing on it
 * before and after a connected login, light and dark, at desktop and at phone width (where nothing
 * scrolls sideways); the sandbox panel's faults and settings reach the sandbox and its test logins
 * are shown; switching the user switches the logins; the logins panel's Refresh, Deactivate and
 * Activate buttons reach the sandbox through the partner backend, by keyboard. And the page as a
 * new user reads it: at 375 px nothing spills or is cut off after a connect, with a status badge,
 * in Vietnamese; money, dates and categories follow the page's language; transactions come newest
 * first and page by keyboard; each webhook is logged once, at its arrival, across a reload.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { e2eSuites, type Session } from './support/harness.js';
import { expectSandboxPopup, successDetail } from './support/expect.js';
import type { DemoPage } from './support/demo-page.js';
import { measureWidth, sendStatusFromPanel, shownTransactions, waitForLoginShown, waitForPagerSummary } from './support/logins-panel.js';
import { control, type BackendWebhook } from './support/stack.js';
import { isoDaysAgo, waitFor } from './support/wait.js';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = { width: 390, height: 844 };
/** The narrowest phone the page is held to. */
const NARROW_PHONE = { width: 375, height: 812 };

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

/** `amount` as the page writes money in `locale`, computed by the browser's own Intl (same ICU as the page). */
function browserMoney(page: Page, amount: number, currency: string, locale: string, sign = false): Promise<string> {
  return page.evaluate(
    (value, code, language, signed) => new Intl.NumberFormat(language, { style: 'currency', currency: code, signDisplay: signed ? 'exceptZero' : 'auto' }).format(value),
    amount,
    currency,
    locale,
    sign,
  );
}

/** The same in Node's Intl; ICU builds may space differently (narrow or plain no-break space), so spaces are compared as one. */
function nodeMoney(amount: number, currency: string, locale: string, sign = false): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: sign ? 'exceptZero' : 'auto' }).format(amount);
}
const sameSpaces = (text: string) => text.replace(/\s/gu, ' ');

/** Whole-dong amounts, grouped the locale's way: no decimals, ever. */
const VND_PATTERN = { en: /^[+-]?₫\d{1,3}(,\d{3})*$/u, vi: /^[+-]?\d{1,3}(\.\d{3})*\s₫$/u } as const;

async function expectFits(demo: DemoPage, state: string): Promise<void> {
  const report = await measureWidth(demo);
  assert.ok(report.scrollWidth <= NARROW_PHONE.width, `${state}: at ${NARROW_PHONE.width} px the page is ${report.scrollWidth} px wide`);
  assert.deepEqual(report.spilling, [], `${state}: elements spill out of their panel`);
  assert.deepEqual(report.clipped, [], `${state}: a table is wider than its box (a column cut off)`);
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

  test("a logo file the sandbox's catalog names but does not have: the picker shows the initials", async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    await demo.waitForCatalog();
    await demo.search('Đông Á');
    const badge = await waitFor('the initials of Đông Á Bank', async () => {
      for (const handle of await demo.page.$$('#picker >>> [role="option"]')) {
        if ((await handle.$eval('[part="name"]', (element) => element.textContent?.trim())) !== 'Đông Á Bank') continue;
        const parts = await handle.$$eval('[part]', (elements) => elements.map((element) => [element.getAttribute('part'), element.textContent?.trim() ?? '']));
        const initials = parts.find(([part]) => part?.split(' ').includes('initials'));
        if (initials && !parts.some(([part]) => part?.split(' ').includes('logo'))) return initials[1];
      }
      return undefined;
    });
    assert.ok(badge, 'an initials badge with text');
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

  test('at 375 px the page fits after a connect, with a status to act on, and in Vietnamese; axe finds nothing, light and dark', async (session) => {
    // Alice or Bob only: Carol must connect nothing in this file (the user-switching test counts on it).
    const demo = await session.openDemo({ user: 'alice', mode: 'popup', theme: 'light', locale: 'en' });
    await demo.page.setViewport(NARROW_PHONE);
    await expectFits(demo, 'loaded');
    const loginId = await connectOne(session, demo);
    await waitForLoginShown(demo, loginId);
    await expectFits(demo, 'after a connect');
    await expectAxeClean(demo.page, 'after a connect, 375 px');

    await sendStatusFromPanel(demo, 'login_password_expired');
    assert.match(await demo.page.$eval('#logins .status-badge', (badge) => badge.textContent ?? ''), /Password expired/);
    assert.match(await demo.page.$eval('#logins .reconnect-prompt', (prompt) => prompt.textContent ?? ''), /reconnect/i);
    await expectFits(demo, 'with a status that asks for a reconnect');

    await demo.configure({ locale: 'vi' });
    await demo.page.waitForFunction(() => document.querySelector('#logins .transactions .amount')?.textContent?.includes('₫') && document.documentElement.lang === 'vi');
    await expectFits(demo, 'in Vietnamese');
    await expectAxeClean(demo.page, 'status badge, Vietnamese, 375 px');
    // The badge's and the prompt's colours hold their contrast in the dark theme too.
    await demo.configure({ theme: 'dark' });
    await expectAxeClean(demo.page, 'status badge, Vietnamese, dark, 375 px');
  });

  test("money, dates and categories follow the page's language: en and vi, VND without decimals", async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup', locale: 'en' });
    const loginId = await connectOne(session, demo);
    await waitForLoginShown(demo, loginId);
    const accounts = await session.backend('alice').accounts(loginId);
    const account = accounts[0]!;
    assert.equal(account.currency, 'VND');
    const balanceCell = () => demo.page.$eval('#logins .accounts tbody tr .num', (cell) => cell.textContent?.trim() ?? '');
    const firstAmount = async () => (await shownTransactions(demo))[0]!.amount;
    const transactions = await session.backend('alice').transactions(loginId, account.id, isoDaysAgo(90), isoDaysAgo(0));
    const newest = transactions.reduce((best, row) => (row.date > best.date || (row.date === best.date && row.id > best.id) ? row : best));

    for (const locale of ['en', 'vi'] as const) {
      await demo.configure({ locale });
      const expected = await browserMoney(demo.page, Number(account.balance), 'VND', locale);
      await waitFor(`the balance written the ${locale} way`, async () => (await balanceCell()) === expected || undefined);
      assert.equal(sameSpaces(expected), sameSpaces(nodeMoney(Number(account.balance), 'VND', locale)), 'the browser and Node agree');
      assert.match(await balanceCell(), VND_PATTERN[locale]);
      const amount = await firstAmount();
      assert.equal(amount, await browserMoney(demo.page, Number(newest.amount), 'VND', locale, true));
      assert.match(amount, VND_PATTERN[locale]);
      const texts = await demo.page.$$eval('#logins .transactions tbody tr', (rows) => rows.map((row) => [row.querySelector('.date')?.textContent ?? '', row.querySelector('.category')?.textContent ?? '']));
      const expectedDate = await demo.page.evaluate((date, language) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${date}T00:00:00Z`)), newest.date, locale);
      assert.equal(texts[0]![0], expectedDate);
      for (const [, category] of texts) assert.doesNotMatch(category ?? '', /_/, `a category read as words: ${category}`);
    }
    // The account types too (Vietnamese while vi is chosen).
    const types = await demo.page.$$eval('#logins .accounts tbody tr td:nth-child(2)', (cells) => cells.map((cell) => cell.textContent?.trim()));
    assert.deepEqual(types, ['Tài khoản thanh toán', 'Tiết kiệm', 'Thẻ tín dụng']);
  });

  test('transactions come newest first, and the pager works by keyboard', async (session) => {
    const demo = await session.openDemo({ user: 'bob', mode: 'popup', locale: 'en' });
    const loginId = await connectOne(session, demo);
    await waitForLoginShown(demo, loginId);
    const account = (await session.backend('bob').accounts(loginId))[0]!;
    const all = await session.backend('bob').transactions(loginId, account.id, isoDaysAgo(90), isoDaysAgo(0));
    assert.ok(all.length > 40, `enough transactions for three pages: ${all.length}`);
    const order = [...all].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id)).map((row) => row.id);
    const total = all.length;

    const shown = await shownTransactions(demo);
    assert.deepEqual(shown.map((row) => row.id), order.slice(0, 20), 'page 1: the newest twenty');
    for (let i = 1; i < shown.length; i += 1) assert.ok(shown[i - 1]!.date >= shown[i]!.date, `newest first: ${shown[i - 1]!.date} before ${shown[i]!.date}`);
    await waitForPagerSummary(demo, `Showing 1–20 of ${total} transactions`);
    assert.equal(await demo.page.$eval('#transactions-previous', (button) => button.getAttribute('aria-disabled')), 'true');

    // A keyboard user: Tab from the table to Next, Enter; focus stays on Next.
    await demo.page.focus('#logins .table-wrap[aria-label^="Transactions"]');
    await demo.tabTo('button#transactions-next');
    await demo.page.keyboard.press('Enter');
    await waitForPagerSummary(demo, `Showing 21–40 of ${total} transactions`);
    assert.deepEqual((await shownTransactions(demo)).map((row) => row.id), order.slice(20, 40));
    assert.equal(await demo.deepFocus(), 'button#transactions-next');
    // Space too, to the last page, where Next says it is unavailable and does nothing.
    const pages = Math.ceil(total / 20);
    for (let page = 3; page <= pages; page += 1) await demo.page.keyboard.press(' ');
    await waitForPagerSummary(demo, `Showing ${(pages - 1) * 20 + 1}–${total} of ${total} transactions`);
    assert.equal(await demo.page.$eval('#transactions-next', (button) => button.getAttribute('aria-disabled')), 'true');
    await demo.page.keyboard.press('Enter');
    assert.equal(await demo.deepFocus(), 'button#transactions-next', 'focus stays on the unavailable button');
    await waitForPagerSummary(demo, `Showing ${(pages - 1) * 20 + 1}–${total} of ${total} transactions`);
    // Back with Shift+Tab to Previous.
    await demo.page.keyboard.down('Shift');
    await demo.page.keyboard.press('Tab');
    await demo.page.keyboard.up('Shift');
    assert.equal(await demo.deepFocus(), 'button#transactions-previous');
    await demo.page.keyboard.press('Enter');
    await waitForPagerSummary(demo, `Showing ${(pages - 2) * 20 + 1}–${(pages - 1) * 20} of ${total} transactions`);
    await expectAxeClean(demo.page, 'transactions, a middle page');
  });

  test('each webhook is logged once, at its arrival time; a reload does not log it again', async (session) => {
    const demo = await session.openDemo({ user: 'bob', mode: 'popup' });
    const loginId = await connectOne(session, demo);
    await waitForLoginShown(demo, loginId);
    await sendStatusFromPanel(demo, 'login_account_locked');
    const webhook = await waitFor('the backend to list the status webhook', async () =>
      (await session.backend('bob').webhooks()).find((event) => event.login_id === loginId && event.status === 'login_account_locked'),
    );
    const arrival = (webhook as BackendWebhook & { received_at: string }).received_at;
    const logged = () =>
      demo.page.$$eval('#log li[data-event="webhook received"]', (items, ref) => items.filter((item) => item.textContent?.includes(String(ref))).map((item) => item.querySelector('time')?.getAttribute('datetime')), webhook.referenceId);
    await waitFor('the event log to show the webhook', async () => ((await logged()).length > 0 ? true : undefined));
    assert.deepEqual(await logged(), [arrival], 'once, stamped with its arrival');

    await demo.page.reload({ waitUntil: 'load' });
    await demo.waitForCatalog();
    // Two answers of the feed after the reload: had it taken the listed webhook for news, it would have logged it by now.
    await demo.page.waitForFunction(() => Number((document.querySelector('#webhooks') as HTMLElement | null)?.dataset['polls'] ?? 0) >= 2, { timeout: 30_000 });
    assert.deepEqual(await logged(), [arrival], 'still once after a reload');
    assert.match(await demo.page.$eval('#webhooks', (feed) => feed.textContent ?? ''), /status: login_account_locked/);
  });
});
