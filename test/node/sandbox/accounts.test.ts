import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, fakeClock, newLogin, sandbox, seeded } from './helpers.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+\.\d{2}$/;

async function accountsOf(handler: ReturnType<typeof sandbox>, secret: string) {
  const { status, json } = await api(handler, 'GET', '/v2/account', undefined, { 'login-secret': secret });
  assert.equal(status, 200);
  assert.equal(json.version, 'v2');
  return json.data as Array<{ id: number; original_id: string; login_id: number; name: string; balance: string | null; currency: string; type: string }>;
}

function transactions(handler: ReturnType<typeof sandbox>, secret: string, query: string) {
  return api(handler, 'GET', `/v2/transaction?${query}`, undefined, { 'login-secret': secret });
}

describe('sandbox API: GET /v2/account', () => {
  it('lists a bank login\'s current, saving and credit-card accounts in the spec\'s shape', async () => {
    const handler = sandbox();
    const login = await newLogin(handler, 8);
    const accounts = await accountsOf(handler, login.secret);
    assert.deepEqual(accounts.map((a) => a.type), ['current', 'saving', 'credit_card']);
    for (const account of accounts) {
      assert.deepEqual(Object.keys(account), ['id', 'original_id', 'login_id', 'name', 'balance', 'currency', 'type']);
      assert.ok(Number.isSafeInteger(account.id));
      assert.equal(account.login_id, login.login_id);
      assert.match(account.original_id, /^techcombank-[0-9a-f]{16}$/);
      assert.match(account.balance!, DECIMAL);
      assert.equal(account.currency, 'VND');
    }
    assert.ok(Number(accounts[0]!.balance) > 0, 'current account in credit');
    assert.ok(Number(accounts[2]!.balance) < 0, 'credit card owes');
  });

  it('uses the service country\'s currency, and one account for wallets and statements', async () => {
    const handler = sandbox();
    const currencies: Record<number, string> = { 60: 'MYR', 100: 'SGD', 130: 'THB', 160: 'IDR', 190: 'PHP', 21: 'VND' };
    for (const [serviceId, currency] of Object.entries(currencies)) {
      const accounts = await accountsOf(handler, (await newLogin(handler, Number(serviceId))).secret);
      assert.ok(accounts.every((a) => a.currency === currency), `${serviceId}: ${currency}`);
    }
    const wallet = await accountsOf(handler, (await newLogin(handler, 21)).secret);
    assert.deepEqual(wallet.map((a) => a.name), ['MoMo Wallet']);
    const statement = await accountsOf(handler, (await newLogin(handler, 18)).secret);
    assert.equal(statement.length, 1);
    assert.equal(statement[0]?.balance, null, 'a service without balance has none');
  });

  it('answers LoginNotFound (404) with the spec\'s message and extra, DataInvalid without the header', async () => {
    const handler = sandbox();
    const { status, json } = await api(handler, 'GET', '/v2/account', undefined, { 'login-secret': 'd16bdfd0-5bd2-46d3-96c2-12313sdsda' });
    assert.equal(status, 404);
    assert.deepEqual(json, {
      error: 'LoginNotFound',
      message: "Cannot find Login with login secret: 'd16bdfd0-5bd2-46d3-96c2-12313sdsda'.",
      extra: { loginSecret: 'd16bdfd0-5bd2-46d3-96c2-12313sdsda' },
    });
    const missing = await api(handler, 'GET', '/v2/account');
    assert.equal(missing.status, 400);
    assert.equal(missing.json.extra.field, 'Login-secret');
  });

  it('generates the same data for the same seed', async () => {
    const run = async () => {
      const handler = sandbox({ random: seeded(42), now: fakeClock().now });
      const login = await newLogin(handler, 60);
      const accounts = await accountsOf(handler, login.secret);
      const tx = await transactions(handler, login.secret, `account_id=${accounts[0]!.id}`);
      return { accounts, tx: tx.json.data };
    };
    assert.deepEqual(await run(), await run());
  });
});

describe('sandbox API: GET /v2/transaction', () => {
  const clock = fakeClock(Date.parse('2024-05-15T08:00:00Z'));
  const handler = sandbox({ now: clock.now });
  const ready = (async () => {
    const login = await newLogin(handler, 8);
    const accounts = await accountsOf(handler, login.secret);
    return { login, account: accounts[0]!, card: accounts[2]! };
  })();

  it('returns months of realistic transactions in the spec\'s shape', async () => {
    const { login, account } = await ready;
    const { status, json } = await transactions(handler, login.secret, `account_id=${account.id}`);
    assert.equal(status, 200);
    const list = json.data as Array<Record<string, unknown>>;
    assert.ok(list.length > 100, `${list.length} transactions`);
    for (const t of list) {
      assert.deepEqual(Object.keys(t), ['id', 'original_id', 'date', 'amount', 'currency', 'description', 'category', 'meta']);
      assert.match(String(t.date), DATE);
      assert.match(String(t.amount), DECIMAL);
      assert.equal(t.currency, 'VND');
      assert.equal(t.meta, null);
      assert.match(String(t.original_id), /^techcombank-[0-9a-f]{32}$/);
      assert.match(String(t.category), /^[a-z_]+$/);
    }
    const dates = list.map((t) => String(t.date));
    assert.deepEqual(dates, [...dates].sort(), 'in date order');
    assert.ok(dates[0]! <= '2023-11-20' && dates.at(-1)! <= '2024-05-15', `${dates[0]} .. ${dates.at(-1)}`);
    assert.ok(list.some((t) => t.category === 'income' && Number(t.amount) > 0 && /TRA LUONG/.test(String(t.description))), 'salary credits');
    assert.ok(list.some((t) => t.category === 'auto_and_transport' && Number(t.amount) < 0), 'spending is negative');
    assert.ok(list.some((t) => /^GD THE QUA POS SO THE 422149\.\.\.\d{4} NGAY \d{2}\/\d{2}\/\d{4} TAI /.test(String(t.description))));
    assert.equal(new Set(list.map((t) => t.id)).size, list.length);
  });

  it('filters by from_date and to_date (or end_date), both included', async () => {
    const { login, account } = await ready;
    const all = (await transactions(handler, login.secret, `account_id=${account.id}`)).json.data as Array<{ date: string }>;
    const expected = all.filter((t) => t.date >= '2024-03-01' && t.date <= '2024-03-31');
    assert.ok(expected.length > 5);
    const viaTo = await transactions(handler, login.secret, `account_id=${account.id}&from_date=2024-03-01&to_date=2024-03-31`);
    const viaEnd = await transactions(handler, login.secret, `account_id=${account.id}&from_date=2024-03-01&end_date=2024-03-31`);
    assert.deepEqual(viaTo.json.data, expected);
    assert.deepEqual(viaEnd.json.data, expected);
    const fromOnly = await transactions(handler, login.secret, `account_id=${account.id}&from_date=2024-05-01`);
    assert.deepEqual(fromOnly.json.data, all.filter((t) => t.date >= '2024-05-01'));
    const oneDay = await transactions(handler, login.secret, `account_id=${account.id}&from_date=2024-03-25&to_date=2024-03-25`);
    assert.ok((oneDay.json.data as Array<{ date: string }>).every((t) => t.date === '2024-03-25'));
    const none = await transactions(handler, login.secret, `account_id=${account.id}&from_date=2016-08-26&to_date=2017-10-25`);
    assert.deepEqual(none.json.data, []);
  });

  it('answers DataInvalid for bad dates, reversed ranges and a bad account_id, naming the field', async () => {
    const { login, account } = await ready;
    const cases: Array<[string, string]> = [
      [`account_id=${account.id}&from_date=2024-02-30`, 'from_date'],
      [`account_id=${account.id}&from_date=2024-13-01`, 'from_date'],
      [`account_id=${account.id}&from_date=24-01-01`, 'from_date'],
      [`account_id=${account.id}&to_date=2024/01/31`, 'to_date'],
      [`account_id=${account.id}&end_date=tomorrow`, 'end_date'],
      [`account_id=${account.id}&from_date=2024-04-01&to_date=2024-03-01`, 'from_date'],
      [`account_id=${account.id}&to_date=2024-04-01&end_date=2024-03-01`, 'end_date'],
      ['from_date=2024-01-01', 'account_id'],
      ['account_id=abc', 'account_id'],
      ['account_id=-1', 'account_id'],
    ];
    for (const [query, field] of cases) {
      const { status, json } = await transactions(handler, login.secret, query);
      assert.equal(status, 400, query);
      assert.equal(json.error, 'DataInvalid', query);
      assert.equal(json.extra.field, field, query);
    }
    const leap = await transactions(handler, login.secret, `account_id=${account.id}&from_date=2024-02-29`);
    assert.equal(leap.status, 200);
  });

  it('answers AccountNotFound for an unknown account or another login\'s account', async () => {
    const { login, account } = await ready;
    const other = await newLogin(handler, 60);
    const theirs = await transactions(handler, other.secret, `account_id=${account.id}`);
    assert.equal(theirs.status, 404);
    assert.deepEqual(theirs.json, { error: 'AccountNotFound', message: `Cannot find Account with id: '${account.id}'.`, extra: { accountId: account.id } });
    const unknown = await transactions(handler, login.secret, 'account_id=1');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error, 'AccountNotFound');
    const noLogin = await transactions(handler, 'nope', `account_id=${account.id}`);
    assert.equal(noLogin.json.error, 'LoginNotFound');
  });
});
