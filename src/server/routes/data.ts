import type { Hono } from 'hono';
import { ownLogin, parseId, type ProxyDeps, type ProxyEnv } from '../context.js';
import { dataInvalid, loginNotFound } from '../errors.js';
import type { Guards } from '../guards.js';
import { verdictOf } from '../login-verdict.js';
import { sendUpstream } from '../upstream.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date as `YYYY-MM-DD`, or undefined when absent; `400 DataInvalid` otherwise. */
function parseDate(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const match = DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) throw dataInvalid(field, `${field} must be a date as YYYY-MM-DD.`);
  return value;
}

/**
 * `GET /accounts?login_id=` and `GET /transactions?login_id=&account_id=&from_date=&to_date=`:
 * Finsify's answers for one of the signed-in user's logins (another user's login: `404 LoginNotFound`).
 * Listing the accounts of an unconfirmed login settles it (see `LoginClaims.settle`): accounts under its
 * id confirm it; accounts under another id drop it, answering `404 LoginNotFound`.
 */
export function registerDataRoutes(app: Hono<ProxyEnv>, deps: ProxyDeps, guards: Guards): void {
  app.get('/accounts', guards.limitedRead, async (c) => {
    const loginId = parseId(c.req.query('login_id'), 'login_id');
    const login = await ownLogin(c, deps.vault, loginId);
    const response = await c.get('finsify').listAccounts(login.secret);
    if (login.confirmed === false && response.status >= 200 && response.status < 300) {
      const verdict = verdictOf(response, loginId);
      if (verdict && !(await deps.claims.settle(login, verdict))) throw loginNotFound(loginId);
    }
    return sendUpstream(c, response, [...deps.secrets, login.secret]);
  });

  app.get('/transactions', guards.limitedRead, async (c) => {
    const loginId = parseId(c.req.query('login_id'), 'login_id');
    const accountId = parseId(c.req.query('account_id'), 'account_id');
    const fromDate = parseDate(c.req.query('from_date'), 'from_date');
    const toDate = parseDate(c.req.query('to_date') ?? c.req.query('end_date'), 'to_date');
    if (fromDate && toDate && fromDate > toDate) throw dataInvalid('from_date', 'from_date must not be after to_date.');
    const login = await ownLogin(c, deps.vault, loginId);
    const response = await c.get('finsify').listTransactions(login.secret, { account_id: accountId, from_date: fromDate, to_date: toDate });
    return sendUpstream(c, response, [...deps.secrets, login.secret]);
  });
}
