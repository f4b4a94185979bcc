import { html, nothing, render, type TemplateResult } from 'lit';
import { partnerBackend, type Account, type LoginSummary, type SandboxControls, type Transaction } from './api.js';
import { formatDate, formatMoney } from './format.js';
import { codeLabel } from './labels.js';
import { describeLoginStatus } from './login-status.js';
import { pagerTemplate } from './pager.js';
import { pageOf } from './paging.js';
import { newestFirst } from './newest-first.js';

export interface LoginsPanelOptions {
  container: HTMLElement;
  sandbox: SandboxControls;
  serviceName(serviceId: number | null | undefined): string;
  /** Attributes for the reconnect element, so it follows the page's mode, locale and theme. */
  connectSettings(): { mode: string; locale: string; theme: string };
  /** The language the bank's data is written in (money, dates, categories): the page's `lang`. */
  dataLocale(): string;
  report(name: string, detail: unknown): void;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const loginStatuses = ['login_wrong_credentials', 'login_password_expired', 'login_account_locked'];
/** Transactions per page: a phone screen or two. */
export const TRANSACTIONS_PER_PAGE = 20;

/**
 * The signed-in user's logins as the backend holds them; for the chosen one, its accounts and
 * transactions (fetched through the backend, date range), and the actions a partner offers.
 */
export class LoginsPanel {
  private logins: LoginSummary[] = [];
  private selected: number | undefined;
  private accounts: Account[] = [];
  private accountId: number | undefined;
  private transactions: Transaction[] = [];
  private transactionPage = 1;
  private from = isoDate(new Date(Date.now() - 90 * 86_400_000));
  private to = isoDate(new Date());
  private busy = '';
  private message = '';
  private failed = false;
  /** Counts loads: an answer to a load that a later one (another user, say) replaced is dropped. */
  private generation = 0;

  constructor(private readonly options: LoginsPanelOptions) {}

  async reload(select?: number): Promise<void> {
    const generation = ++this.generation;
    // Kept at once, so a reload that replaces this one still selects the login asked for.
    if (select !== undefined) this.selected = select;
    await this.run('Loading logins', async () => {
      const logins = await partnerBackend.logins();
      if (generation !== this.generation) return;
      this.logins = logins;
      const wanted = this.selected;
      this.selected = this.logins.some((login) => login.login_id === wanted) ? wanted : this.logins[0]?.login_id;
    });
    if (generation === this.generation) await this.loadAccounts();
  }

  private async loadAccounts(): Promise<void> {
    const generation = ++this.generation;
    this.accounts = [];
    this.transactions = [];
    if (this.selected === undefined) return this.draw();
    await this.run('Loading accounts', async () => {
      const accounts = await partnerBackend.accounts(this.selected!);
      if (generation !== this.generation) return;
      this.accounts = accounts;
      this.accountId = this.accounts.some((account) => account.id === this.accountId) ? this.accountId : this.accounts[0]?.id;
    });
    if (generation === this.generation) await this.loadTransactions();
  }

  private async loadTransactions(): Promise<void> {
    const generation = ++this.generation;
    if (this.selected === undefined || this.accountId === undefined) return this.draw();
    await this.run('Loading transactions', async () => {
      const transactions = await partnerBackend.transactions(this.selected!, this.accountId!, this.from, this.to);
      if (generation !== this.generation) return;
      this.transactions = newestFirst(transactions);
      this.transactionPage = 1;
    });
  }

  private async action(action: 'refresh' | 'activate' | 'deactivate'): Promise<void> {
    const loginId = this.selected;
    if (loginId === undefined) return;
    await this.run(`${action} login ${loginId}`, async () => {
      const result = await partnerBackend.loginAction(loginId, action);
      this.options.report(`backend: ${action}`, result);
      this.message = `${action[0]!.toUpperCase()}${action.slice(1)} done.`;
    });
    await this.reload(loginId);
  }

  private async triggerStatus(status: string): Promise<void> {
    const loginId = this.selected;
    if (loginId === undefined) return;
    await this.run('Asking the sandbox for a status change', async () => {
      await this.options.sandbox.setLoginStatus(loginId, status);
      this.message = `The sandbox set login ${loginId} to "${describeLoginStatus(status).label}" (${status}) and sent the webhook.`;
    });
  }

  /** A reconnect started: the previous action's message (a status change sent, say) is over. */
  private reconnectStarted(): void {
    this.message = '';
    this.failed = false;
    this.draw();
  }

  private async run(label: string, work: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.failed = false;
    this.draw();
    try {
      await work();
    } catch (error) {
      this.failed = true;
      this.message = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = '';
      this.draw();
    }
  }

  draw(): void {
    render(this.template(), this.options.container);
  }

  private template(): TemplateResult {
    const settings = this.options.connectSettings();
    const login = this.logins.find((entry) => entry.login_id === this.selected);
    const status = describeLoginStatus(login?.status);
    return html`
      <div class="row">
        <label class="grow"
          ><span>Login</span>
          <select
            ?disabled=${this.logins.length === 0}
            @change=${(event: Event) => {
              this.selected = Number((event.target as HTMLSelectElement).value);
              this.message = '';
              void this.loadAccounts();
            }}
          >
            ${this.logins.length === 0 ? html`<option>No login yet: connect one above</option>` : nothing}
            ${this.logins.map(
              (entry) =>
                html`<option value=${entry.login_id} ?selected=${entry.login_id === this.selected}>
                  ${entry.login_id} · ${this.options.serviceName(entry.service_id)}${entry.status ? ` · ${describeLoginStatus(entry.status).label}` : ''}
                </option>`,
            )}
          </select>
        </label>
        <button type="button" @click=${() => void this.reload()}>Reload</button>
      </div>
      <div class="login-status" data-tone=${login ? status.tone : nothing}>
        ${login
          ? html`<span class="status-badge" data-tone=${status.tone}
              ><span aria-hidden="true">${status.tone === 'ok' ? '✓' : '!'}</span> ${status.label}</span
            >`
          : nothing}
        ${login && status.prompt ? html`<p class="reconnect-prompt">${status.prompt}</p>` : nothing}
        <p class="panel-status ${this.failed ? 'error' : ''}" role="status">${this.busy ? `${this.busy}…` : this.message}</p>
      </div>
      ${login
        ? html`
            <div class="actions">
              <button type="button" @click=${() => void this.action('refresh')}>Refresh</button>
              <button type="button" @click=${() => void this.action('deactivate')}>Deactivate</button>
              <button type="button" @click=${() => void this.action('activate')}>Activate</button>
              <finsify-connect
                class="reconnect"
                data-needed=${status.prompt ? 'true' : 'false'}
                token-url="/api/finsify/token"
                login-id=${login.login_id}
                service-name=${this.options.serviceName(login.service_id)}
                mode=${settings.mode}
                locale=${settings.locale || nothing}
                theme=${settings.theme || nothing}
                @finsify-open=${() => this.reconnectStarted()}
              ></finsify-connect>
            </div>
            <div class="row">
              <label
                ><span>Sandbox: change this login's status</span>
                <select id="status-change">
                  ${loginStatuses.map((code) => html`<option value=${code}>${describeLoginStatus(code).label} (${code})</option>`)}
                </select>
              </label>
              <button
                type="button"
                @click=${() => void this.triggerStatus((this.options.container.querySelector('#status-change') as HTMLSelectElement).value)}
              >
                Send status webhook
              </button>
            </div>
            ${this.accountsTemplate()}
          `
        : nothing}
    `;
  }

  private accountsTemplate(): TemplateResult {
    const locale = this.options.dataLocale();
    const page = pageOf(this.transactions, this.transactionPage, TRANSACTIONS_PER_PAGE);
    // Explicit table roles: under the phone breakpoint the rows are laid out as cards (CSS
    // display), which makes some browsers drop a table's implicit semantics.
    return html`
      <h3>Accounts</h3>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Accounts">
        <table class="accounts" role="table">
          <thead>
            <tr role="row">
              <th scope="col" role="columnheader">Account</th>
              <th scope="col" role="columnheader">Type</th>
              <th scope="col" role="columnheader" class="num">Balance</th>
            </tr>
          </thead>
          <tbody>
            ${this.accounts.map(
              (account) => html`<tr role="row">
                <td role="cell" class="name">
                  <label class="radio"
                    ><input
                      type="radio"
                      name="account"
                      .checked=${account.id === this.accountId}
                      @change=${() => {
                        this.accountId = account.id;
                        void this.loadTransactions();
                      }}
                    /><span>${account.name}</span></label
                  >
                </td>
                <td role="cell" class="type">${codeLabel(account.type, locale)}</td>
                <td role="cell" class="num balance">${formatMoney(account.balance, account.currency, locale)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h3>Transactions</h3>
      <form
        class="row"
        @submit=${(event: Event) => {
          event.preventDefault();
          const data = new FormData(event.target as HTMLFormElement);
          this.from = String(data.get('from'));
          this.to = String(data.get('to'));
          void this.loadTransactions();
        }}
      >
        <label><span>From</span><input type="date" name="from" .value=${this.from} required /></label>
        <label><span>To</span><input type="date" name="to" .value=${this.to} required /></label>
        <button type="submit">Show</button>
      </form>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Transactions, newest first">
        <table class="transactions" role="table">
          <caption>${this.transactions.length} transactions, newest first</caption>
          <thead>
            <tr role="row">
              <th scope="col" role="columnheader">Date</th>
              <th scope="col" role="columnheader">Description</th>
              <th scope="col" role="columnheader">Category</th>
              <th scope="col" role="columnheader" class="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            ${page.items.map(
              (row) => html`<tr role="row" data-id=${row.id}>
                <td role="cell" class="date"><time datetime=${row.date}>${formatDate(row.date, locale)}</time></td>
                <td role="cell" class="description">${row.description}</td>
                <td role="cell" class="category">${codeLabel(row.category, locale)}</td>
                <td role="cell" class="num amount ${Number(row.amount) < 0 ? 'out' : 'in'}">${formatMoney(row.amount, row.currency, locale, { sign: true })}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.transactions.length > TRANSACTIONS_PER_PAGE
        ? pagerTemplate(page, {
            noun: 'transactions',
            locale,
            go: (target) => {
              this.transactionPage = target;
              this.draw();
            },
          })
        : nothing}
    `;
  }
}
