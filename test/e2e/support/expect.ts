/** Assertions shared by the end-to-end tests. */
import assert from 'node:assert/strict';
import type { DemoStack } from './stack.js';
import type { Account, Backend, Transaction } from './stack.js';
import type { CapturedEvent, DemoPage } from './demo-page.js';
import type { ConnectPage } from './connect-page.js';
import { isoDaysAgo, waitFor } from './wait.js';

const ACCOUNT_TYPES = new Set(['current', 'saving', 'credit_card']);
const DECIMAL = /^-?\d+\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Case 10: what the backend returns for a new login, through its own routes with the user's
 * cookie: accounts (named, typed, in the service's currency) and, for a 90-day range, transactions
 * that are dated inside it, in the account's currency, with both spending and income.
 */
export async function expectRealisticData(backend: Backend, loginId: number, currency: string): Promise<{ accounts: Account[]; transactions: Transaction[] }> {
  const accounts = await backend.accounts(loginId);
  assert.ok(accounts.length > 0, `the backend returned no account for login ${loginId}`);
  for (const account of accounts) {
    assert.ok(Number.isSafeInteger(account.id) && account.id > 0, `account id ${account.id}`);
    assert.ok(account.name.trim().length > 2, `account name ${JSON.stringify(account.name)}`);
    assert.ok(ACCOUNT_TYPES.has(account.type), `account type ${account.type}`);
    assert.equal(account.currency, currency, `currency of account ${account.id}`);
    assert.ok(account.balance === null || DECIMAL.test(account.balance), `balance ${account.balance}`);
  }
  assert.equal(new Set(accounts.map((account) => account.id)).size, accounts.length, 'account ids are unique');

  const from = isoDaysAgo(90);
  const to = isoDaysAgo(0);
  const transactions: Transaction[] = [];
  for (const account of accounts) {
    const rows = await backend.transactions(loginId, account.id, from, to);
    for (const row of rows) {
      assert.match(row.date, DATE);
      assert.ok(row.date >= from && row.date <= to, `transaction ${row.id} dated ${row.date}, outside ${from}..${to}`);
      assert.match(row.amount, DECIMAL, `amount of transaction ${row.id}`);
      assert.notEqual(Number(row.amount), 0, `transaction ${row.id} has a zero amount`);
      assert.equal(row.currency, account.currency, `currency of transaction ${row.id}`);
      assert.ok(row.description.trim().length > 3, `description of transaction ${row.id}: ${JSON.stringify(row.description)}`);
      assert.ok(row.category.trim().length > 0, `category of transaction ${row.id}`);
    }
    transactions.push(...rows);
  }
  assert.ok(transactions.length >= 10, `only ${transactions.length} transactions in 90 days for login ${loginId}`);
  assert.equal(new Set(transactions.map((row) => row.id)).size, transactions.length, 'transaction ids are unique');
  assert.ok(transactions.some((row) => row.amount.startsWith('-')), 'no spending among the transactions');
  assert.ok(transactions.some((row) => !row.amount.startsWith('-')), 'no income among the transactions');
  return { accounts, transactions };
}

/** The popup went to the sandbox's connect pages, on the other origin (`127.0.0.1`). */
export async function expectSandboxPopup(popup: ConnectPage, stack: DemoStack): Promise<void> {
  const url = await popup.waitForSandbox();
  assert.equal(url.origin, stack.sandboxUrl);
  assert.equal(url.hostname, '127.0.0.1');
  assert.notEqual(url.origin, new URL(stack.demoUrl).origin);
}

/** Waits until the widget closed its popup. */
export async function expectPopupClosed(popup: ConnectPage): Promise<void> {
  await waitFor('the popup to be closed', () => popup.page.isClosed());
}

/** Exactly one terminal event (success, error or exit) so far, and it is `name`; returns it. */
export async function expectOneTerminal(demo: DemoPage, name: CapturedEvent['name']): Promise<CapturedEvent> {
  const terminal = await demo.terminalEvents();
  assert.deepEqual(
    terminal.map((event) => event.name),
    [name],
    `terminal events: ${JSON.stringify(terminal)}`,
  );
  return terminal[0]!;
}

/** The `finsify-success` of the flow, checked against the contract's shape. */
export function successDetail(event: CapturedEvent): { login_id: number; secret?: string; service_id?: number } {
  assert.equal(event.name, 'finsify-success', `expected finsify-success, got ${event.name} ${JSON.stringify(event.detail)}`);
  const detail = event.detail as { status?: unknown; login_id?: unknown; secret?: unknown; service_id?: unknown };
  assert.equal(detail.status, 'success');
  assert.ok(typeof detail.login_id === 'number' && Number.isSafeInteger(detail.login_id) && detail.login_id > 0, `login_id ${String(detail.login_id)}`);
  return detail as { login_id: number; secret?: string; service_id?: number };
}

/** The states the widget sends to the token endpoint: 22-64 characters of A-Z a-z 0-9 _ -. */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
