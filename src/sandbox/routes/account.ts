import { Hono } from 'hono';
import { loginFromHeader } from '../auth.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { isCalendarDate } from '../data/dates.js';
import { dataResponse, FinsifyError, invalidField } from '../errors.js';

function dateParam(value: string | undefined, field: string): string | null {
  if (value === undefined || value === '') return null;
  if (!isCalendarDate(value)) throw invalidField(field, `${field} must be a real date written YYYY-MM-DD`, { value });
  return value;
}

/**
 * `GET /v2/account` and `GET /v2/transaction?account_id=&from_date=&to_date=` (or `end_date`, the
 * spec uses both names), both for the login named by `Login-secret`. Dates are optional and
 * inclusive; only that login's accounts are found (`AccountNotFound` otherwise).
 */
export function accountRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get('/account', (c) => {
    const login = loginFromHeader(ctx, c.get('client').clientId, c.req.header('login-secret'));
    return dataResponse(ctx.store.accounts(login.id));
  });

  app.get('/transaction', (c) => {
    const login = loginFromHeader(ctx, c.get('client').clientId, c.req.header('login-secret'));
    const rawId = c.req.query('account_id');
    if (rawId === undefined || rawId === '') throw invalidField('account_id', 'account_id is required');
    if (!/^\d{1,15}$/.test(rawId)) throw invalidField('account_id', 'account_id must be an integer', { value: rawId });
    const from = dateParam(c.req.query('from_date'), 'from_date');
    const to = dateParam(c.req.query('to_date'), 'to_date');
    const end = dateParam(c.req.query('end_date'), 'end_date');
    if (to !== null && end !== null && to !== end) throw invalidField('end_date', 'to_date and end_date name the same date: send one');
    const until = to ?? end;
    if (from !== null && until !== null && from > until) {
      throw invalidField('from_date', 'from_date must not be after to_date', { from_date: from, to_date: until });
    }
    const accountId = Number(rawId);
    const account = ctx.store.accounts(login.id).find((candidate) => candidate.id === accountId);
    if (!account) throw new FinsifyError('AccountNotFound', `Cannot find Account with id: '${rawId}'.`, { accountId });
    const transactions = ctx.store
      .transactions(account.id)
      .filter((t) => (from === null || t.date >= from) && (until === null || t.date <= until));
    return dataResponse(transactions);
  });

  return app;
}
