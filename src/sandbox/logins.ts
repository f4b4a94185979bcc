import type { SandboxContext } from './context.js';
import { addDays, dateAt } from './data/dates.js';
import { generateAccounts } from './data/generate-accounts.js';
import { createPersona, TransactionFactory } from './data/generate-transactions.js';
import { Dice } from './data/random.js';
import { seedById } from './data/services.js';
import { FinsifyError } from './errors.js';
import { uuid } from './ids.js';
import type { LoginRecord, TokenRecord } from './store.js';

/** Days of history a new login comes with. */
export const HISTORY_DAYS = 180;

// The persona stays with its login, so later refreshes continue the same story.
const personas = new WeakMap<LoginRecord, TransactionFactory>();

/** A new login for a finished connect flow, with its accounts and months of transactions. */
export function createLogin(ctx: SandboxContext, token: TokenRecord, username: string): LoginRecord {
  const seed = seedById(token.service_id);
  if (!seed) throw new FinsifyError('ServiceNotFound', `Cannot find Service with id: ${token.service_id}.`, { serviceId: token.service_id });
  const now = ctx.now();
  const login: LoginRecord = {
    id: ctx.store.nextLoginId(),
    secret: uuid(),
    client_id: token.client_id,
    customer_id: token.customer_id,
    service_id: token.service_id,
    username,
    status: 'success',
    active: true,
    created_at: now,
    // Connecting fetches everything once, so it counts as the first refresh.
    last_refresh_at: now,
    next_refresh_possible_at: now + ctx.settings.refreshIntervalSeconds * 1000,
  };
  const dice = new Dice(ctx.random);
  const persona = createPersona(seed.slug, seed.country, seed.type === 'other', dice);
  const factory = new TransactionFactory(persona, dice, () => ctx.store.nextTransactionId());
  const today = dateAt(now, persona.profile.utcOffsetHours);
  ctx.store.addLogin(login);
  for (const account of generateAccounts(seed, persona, login.id, dice, () => ctx.store.nextAccountId())) {
    ctx.store.addAccount(account);
    ctx.store.addTransactions(account.id, factory.history(account, addDays(today, -HISTORY_DAYS), today));
  }
  personas.set(login, factory);
  return login;
}

/** What `PUT /v2/login/refresh` answers. */
export interface RefreshResult {
  id: number;
  refreshed: true;
  last_refresh_at: string;
  next_refresh_possible_at: string;
}

/**
 * Refreshes a login: refused (400 `DataInvalid`) for a deactivated login, a login the bank no
 * longer accepts, or before `next_refresh_possible_at`; otherwise adds today's new transactions
 * and sends the "new transaction" webhook.
 */
export function refreshLogin(ctx: SandboxContext, login: LoginRecord): RefreshResult {
  const now = ctx.now();
  if (!login.active) {
    throw new FinsifyError('DataInvalid', `Login ${login.id} is deactivated: activate it before refreshing.`, { login_id: login.id, active: false });
  }
  if (login.status !== 'success') {
    throw new FinsifyError('DataInvalid', `Login ${login.id} needs to reconnect (${login.status}) before it can refresh.`, {
      login_id: login.id,
      status: login.status,
    });
  }
  if (now < login.next_refresh_possible_at) {
    const next = new Date(login.next_refresh_possible_at).toISOString();
    throw new FinsifyError('DataInvalid', `Login ${login.id} was refreshed recently; the next refresh is possible at ${next}.`, {
      login_id: login.id,
      next_refresh_possible_at: next,
    });
  }
  const factory = personas.get(login);
  const accounts = ctx.store.accounts(login.id);
  const changed: Array<{ id: number }> = [];
  let count = 0;
  if (factory) {
    const today = dateAt(now, factory.persona.profile.utcOffsetHours);
    accounts.forEach((account, index) => {
      // Every refresh finds something on the first account, so the webhook always has news.
      const fresh = factory.fresh(account, today, index === 0 ? factory.dice.int(1, 3) : factory.dice.int(0, 2));
      if (fresh.length === 0) return;
      ctx.store.addTransactions(account.id, fresh);
      if (account.balance !== null) {
        const sum = fresh.reduce((total, t) => total + Number(t.amount), 0);
        account.balance = (Number(account.balance) + sum).toFixed(2);
      }
      changed.push({ id: account.id });
      count += fresh.length;
    });
  }
  login.last_refresh_at = now;
  login.next_refresh_possible_at = now + ctx.settings.refreshIntervalSeconds * 1000;
  if (count > 0) ctx.webhooks.send('new_transaction', { login_id: login.id, timestamp: now, accounts: changed, new: count });
  return {
    id: login.id,
    refreshed: true,
    last_refresh_at: new Date(login.last_refresh_at).toISOString(),
    next_refresh_possible_at: new Date(login.next_refresh_possible_at).toISOString(),
  };
}
