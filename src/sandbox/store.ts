import type { LoginStatusName } from '../contract/login-status.js';

/** Login statuses a bank can put a login in (the spec's "Login status has changed" webhook), from the contract. */
export { LOGIN_STATUSES, type LoginStatusName } from '../contract/login-status.js';

export interface CustomerRecord {
  customer_id: string;
  identifier: string;
  client_id: string;
  created_at: number;
}

export interface TokenRecord {
  id: string;
  client_id: string;
  customer_id: string;
  service_id: number;
  callback_url: string;
  created_at: number;
  expires_at: number;
  /** Set when a connect flow ended on this token (any outcome): it cannot be used again. */
  used_at: number | null;
  /** The login a reconnect token is bound to. */
  login_id: number | null;
  terms_accepted: boolean;
  failed_attempts: number;
}

export interface LoginRecord {
  id: number;
  secret: string;
  client_id: string;
  customer_id: string;
  service_id: number;
  username: string;
  /** `success` while the bank accepts the login; otherwise what the bank last said. */
  status: 'success' | LoginStatusName;
  active: boolean;
  created_at: number;
  last_refresh_at: number;
  next_refresh_possible_at: number;
}

/** An account as `GET /v2/account` returns it. */
export interface AccountRecord {
  id: number;
  original_id: string;
  login_id: number;
  name: string;
  /** A decimal string like the spec's `"291087.00"`; null for services without a balance. */
  balance: string | null;
  currency: string;
  type: 'current' | 'saving' | 'credit_card';
}

/** A transaction as `GET /v2/transaction` returns it. */
export interface TransactionRecord {
  id: number;
  original_id: string;
  date: string;
  amount: string;
  currency: string;
  description: string;
  category: string;
  meta: null;
}

/** Everything the sandbox holds, for tests and the demo (`control.state()`, `GET /_sandbox/state`). */
export interface SandboxState {
  customers: CustomerRecord[];
  tokens: TokenRecord[];
  logins: Array<LoginRecord & { accounts: AccountRecord[]; transaction_count: number }>;
}

// Counters start where the spec's samples are, so generated ids look like Finsify's.
const FIRST_LOGIN_ID = 23456;
const FIRST_ACCOUNT_ID = 14324;
const FIRST_TRANSACTION_ID = 4116357;

/** The sandbox's in-memory data. Lookups are scoped to the partner (client) that created the data. */
export class SandboxStore {
  #customers = new Map<string, CustomerRecord>();
  #tokens = new Map<string, TokenRecord>();
  #logins = new Map<number, LoginRecord>();
  #accounts = new Map<number, AccountRecord[]>();
  #transactions = new Map<number, TransactionRecord[]>();
  #nextLogin = FIRST_LOGIN_ID;
  #nextAccount = FIRST_ACCOUNT_ID;
  #nextTransaction = FIRST_TRANSACTION_ID;

  reset(): void {
    this.#customers.clear();
    this.#tokens.clear();
    this.#logins.clear();
    this.#accounts.clear();
    this.#transactions.clear();
  }

  addCustomer(customer: CustomerRecord): void {
    this.#customers.set(customer.customer_id, customer);
  }

  customer(clientId: string, customerId: string): CustomerRecord | undefined {
    const customer = this.#customers.get(customerId);
    return customer?.client_id === clientId ? customer : undefined;
  }

  customerByIdentifier(clientId: string, identifier: string): CustomerRecord | undefined {
    for (const customer of this.#customers.values()) {
      if (customer.client_id === clientId && customer.identifier === identifier) return customer;
    }
    return undefined;
  }

  addToken(token: TokenRecord): void {
    this.#tokens.set(token.id, token);
  }

  token(id: string): TokenRecord | undefined {
    return this.#tokens.get(id);
  }

  nextLoginId(): number {
    return this.#nextLogin++;
  }

  nextAccountId(): number {
    return this.#nextAccount++;
  }

  nextTransactionId(): number {
    return this.#nextTransaction++;
  }

  addLogin(login: LoginRecord): void {
    this.#logins.set(login.id, login);
  }

  login(id: number): LoginRecord | undefined {
    return this.#logins.get(id);
  }

  loginBySecret(clientId: string, secret: string): LoginRecord | undefined {
    for (const login of this.#logins.values()) {
      if (login.client_id === clientId && login.secret === secret) return login;
    }
    return undefined;
  }

  addAccount(account: AccountRecord): void {
    this.#accounts.set(account.login_id, [...(this.#accounts.get(account.login_id) ?? []), account]);
  }

  accounts(loginId: number): AccountRecord[] {
    return this.#accounts.get(loginId) ?? [];
  }

  addTransactions(accountId: number, transactions: TransactionRecord[]): void {
    const all = [...(this.#transactions.get(accountId) ?? []), ...transactions];
    // Kept in date order (then id), the order the spec's sample lists them in.
    all.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
    this.#transactions.set(accountId, all);
  }

  transactions(accountId: number): TransactionRecord[] {
    return this.#transactions.get(accountId) ?? [];
  }

  snapshot(): SandboxState {
    return structuredClone({
      customers: [...this.#customers.values()],
      tokens: [...this.#tokens.values()],
      logins: [...this.#logins.values()].map((login) => ({
        ...login,
        accounts: this.accounts(login.id),
        transaction_count: this.accounts(login.id).reduce((sum, account) => sum + this.transactions(account.id).length, 0),
      })),
    });
  }
}
