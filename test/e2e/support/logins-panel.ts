/**
 * The demo page's logins panel as QA reads it: which login it shows, its status badge, the
 * transactions (dates, amounts, the pager) and the page's width at a phone's size.
 */
import type { DemoPage } from './demo-page.js';
import { waitFor, WAIT_MS } from './wait.js';

export const LOGIN_SELECT = '#logins select:not(#status-change)';

/** Waits until the panel shows `loginId`, idle, with its accounts and at least one transaction. */
export async function waitForLoginShown(demo: DemoPage, loginId: number): Promise<void> {
  await demo.page.waitForFunction(
    (selector, id) => {
      const select = document.querySelector<HTMLSelectElement>(selector);
      const status = document.querySelector('#logins .panel-status')?.textContent ?? '';
      return select?.value === String(id) && !status.includes('…') && document.querySelectorAll('#logins .transactions tbody tr').length > 0;
    },
    { timeout: WAIT_MS },
    LOGIN_SELECT,
    loginId,
  );
}

/**
 * Sends a status change for the shown login from the panel, and waits until the panel has settled:
 * the badge says so and the sandbox's message is shown. Both push the actions down as they appear,
 * so a click aimed at an action before that can land beside it.
 */
export async function sendStatusFromPanel(demo: DemoPage, status: string): Promise<void> {
  await demo.page.select('#status-change', status);
  const send = await demo.page.waitForSelector('#logins ::-p-text(Send status webhook)');
  await send!.click();
  await demo.page.waitForFunction(
    () => {
      const panel = document.querySelector('#logins');
      const message = panel?.querySelector('.panel-status')?.textContent ?? '';
      return !!panel?.querySelector('.status-badge[data-tone="attention"]') && message.includes('sent the webhook');
    },
    { timeout: WAIT_MS },
  );
}

export interface ShownTransaction {
  id: number;
  date: string;
  amount: string;
}

/** The transactions of the panel's current page, top to bottom. */
export function shownTransactions(demo: DemoPage): Promise<ShownTransaction[]> {
  return demo.page.$$eval('#logins .transactions tbody tr', (rows) =>
    rows.map((row) => ({
      id: Number(row.getAttribute('data-id')),
      date: row.querySelector('time')?.getAttribute('datetime') ?? '',
      amount: row.querySelector('.amount')?.textContent?.trim() ?? '',
    })),
  );
}

export function pagerSummary(demo: DemoPage): Promise<string> {
  return demo.page.$eval('#logins .pager-summary', (element) => element.textContent?.trim() ?? '');
}

/** Waits until the pager reads `expected`. */
export async function waitForPagerSummary(demo: DemoPage, expected: string): Promise<void> {
  let last = '';
  await waitFor(`the pager to read "${expected}"`, async () => {
    last = await pagerSummary(demo);
    return last === expected || undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; it reads "${last}"`);
  });
}

export interface WidthReport {
  scrollWidth: number;
  /** Elements of the logins panel whose right edge passes their panel's (or the screen's). */
  spilling: string[];
  /** Scrolling regions (tables) wider than their box: their last column would be cut off. */
  clipped: string[];
}

/** How the page fits the window: its scroll width, and what spills out or is cut inside. */
export function measureWidth(demo: DemoPage): Promise<WidthReport> {
  return demo.page.evaluate(() => {
    const name = (element: Element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
    const spilling: string[] = [];
    for (const panel of document.querySelectorAll('.panel')) {
      const edge = panel.getBoundingClientRect().right;
      for (const element of panel.querySelectorAll('select, input, button, table, .status-badge, .pager')) {
        if (element.getBoundingClientRect().right > Math.min(edge, window.innerWidth) + 0.5) spilling.push(name(element));
      }
    }
    const clipped = [...document.querySelectorAll('#logins .table-wrap')].filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1).map(name);
    return { scrollWidth: document.documentElement.scrollWidth, spilling, clipped };
  });
}
