import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore, type ProxyStore, type WebhookEvent } from '../../../src/server.js';
import { WEBHOOK_CONFIRMATION_INTERVAL_MS } from '../../../src/server/claim-confirmation.js';
import { call, happyRoutes, read, secretFor, testProxy, type FakeCall } from './helpers.js';

type Route = (call: FakeCall, index: number) => Response | Promise<Response>;

/**
 * A fake Finsify whose `GET /v2/account` answers per secret from `accounts` (a login id, `[]` for no
 * account yet, or a status for an error); secrets not listed fall back to {@link happyRoutes}.
 */
function claims(onWebhook?: (event: WebhookEvent) => void, extra: Parameters<typeof testProxy>[0] = {}) {
  const accounts = new Map<string, number | [] | 400 | 404>();
  const routes: Record<string, Route> = {
    ...happyRoutes(),
    'GET /v2/account': (c) => {
      const answer = accounts.get(c.headers.get('login-secret') ?? '');
      if (answer === undefined) return happyRoutes()['GET /v2/account'](c);
      if (answer === 400) return Response.json({ error: 'CredentialInvalid', message: 'Credentials is invalid' }, { status: 400 });
      if (answer === 404) return Response.json({ error: 'LoginNotFound', message: 'Login not found' }, { status: 404 });
      return Response.json({ data: typeof answer === 'number' ? [{ id: 1, login_id: answer }] : [], version: 'v2' });
    },
  };
  const setup = testProxy({ allowUnauthenticatedWebhooks: true, ...(onWebhook ? { onWebhook } : {}), ...extra }, routes);
  const claim = async (user: string, loginId: number, secret: string) => read(await setup.proxy(call('/logins', { user, body: { login_id: loginId, secret } })));
  const logins = async (user: string) => (await read(await setup.proxy(call('/logins', { user })))).body.data as { login_id: number; confirmed: boolean; status: string | null }[];
  const feed = async (user: string) => (await read(await setup.proxy(call('/webhooks', { user })))).body.data as { login_id: number }[];
  const webhook = (payload: Record<string, unknown>) =>
    setup.proxy(new Request('http://proxy.test/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }));
  return { ...setup, accounts, claim, logins, feed, webhook };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('unconfirmed logins (Finsify lists no account yet)', () => {
  it('one secret opens one login: it cannot squat other ids, and squats never block the real owner or get their webhooks', async () => {
    const events: WebhookEvent[] = [];
    const { accounts, claim, logins, feed, webhook } = claims((event) => void events.push(event));
    accounts.set('mallory-fresh-login', []);
    const first = await claim('mallory', 5001, 'mallory-fresh-login');
    assert.deepEqual([first.status, (first.body.data as { confirmed: boolean }).confirmed], [201, false]);
    for (const id of [5000, 5002]) assert.deepEqual((await claim('mallory', id, 'mallory-fresh-login')).status, 404, `squat ${id}`);
    // Nor can other accounts of hers claim the id with that secret.
    for (const user of ['m1', 'm2']) assert.equal((await claim(user, 5001, 'mallory-fresh-login')).status, 404, user);
    // Alice really connected login 5001: her confirmed claim replaces mallory's unconfirmed one.
    const alice = await claim('alice', 5001, secretFor(5001));
    assert.deepEqual([alice.status, (alice.body.data as { confirmed: boolean }).confirmed], [201, true]);
    assert.deepEqual(await logins('mallory'), []);
    assert.equal((await webhook({ login_id: 5001, accounts: [{ id: 19316 }], new: 3, referenceId: 'r1' })).status, 200);
    assert.equal((await webhook({ login_id: 5001, status: 'login_account_locked', referenceId: 'r2' })).status, 200);
    await flush();
    assert.deepEqual(events.map((event) => event.user_ids), [['alice'], ['alice']]);
    assert.deepEqual(await feed('mallory'), []);
    assert.equal((await feed('alice')).length, 2);
    // Once confirmed, nobody else's claim of 5001 is taken, unconfirmed or not.
    accounts.set('mallory-other-fresh', []);
    assert.equal((await claim('mallory', 5001, 'mallory-other-fresh')).status, 404);
  });

  it('an unconfirmed claim blocks nobody and sees no status or event until it is confirmed', async () => {
    const { accounts, claim, logins, feed, webhook } = claims();
    accounts.set('bob-fresh', []);
    accounts.set('mallory-fresh', []);
    assert.equal((await claim('mallory', 7000, 'mallory-fresh')).status, 201);
    assert.equal((await claim('bob', 7000, 'bob-fresh')).status, 201);
    await webhook({ login_id: 7000, status: 'login_wrong_credentials', referenceId: 'r-7000' });
    await flush();
    for (const user of ['bob', 'mallory']) {
      assert.deepEqual((await logins(user)).map((l) => [l.login_id, l.confirmed, l.status]), [[7000, false, null]]);
      assert.deepEqual(await feed(user), []);
    }
  });

  it('GET /accounts confirms an unconfirmed login once Finsify lists its accounts, or drops it when they are another login\'s', async () => {
    const { proxy, accounts, claim, logins, feed, webhook } = claims();
    accounts.set('bob-fresh', []);
    accounts.set('mallory-fresh', []);
    accounts.set('carol-fresh', []);
    await claim('mallory', 7000, 'mallory-fresh');
    await claim('bob', 7000, 'bob-fresh');
    await claim('carol', 7001, 'carol-fresh');
    await webhook({ login_id: 7000, status: 'login_wrong_credentials', referenceId: 'r-7000' });
    await flush();
    // Still nothing listed: passed on, still unconfirmed.
    assert.deepEqual((await read(await proxy(call('/accounts?login_id=7000', { user: 'bob' })))).body.data, []);
    assert.equal((await logins('bob'))[0]?.confirmed, false);
    accounts.set('bob-fresh', 7000);
    const listed = await read(await proxy(call('/accounts?login_id=7000', { user: 'bob' })));
    assert.deepEqual([listed.status, (listed.body.data as { login_id: number }[])[0]?.login_id], [200, 7000]);
    assert.deepEqual((await logins('bob')).map((l) => [l.confirmed, l.status]), [[true, 'login_wrong_credentials']]);
    assert.equal((await feed('bob')).length, 1);
    assert.deepEqual(await logins('mallory'), []);
    accounts.set('carol-fresh', 23456);
    const misfiled = await read(await proxy(call('/accounts?login_id=7001', { user: 'carol' })));
    assert.deepEqual([misfiled.status, misfiled.body.error], [404, 'LoginNotFound']);
    assert.deepEqual(await logins('carol'), []);
  });

  it('a repeated POST /logins confirms an unconfirmed login, or drops it when its accounts are another login\'s', async () => {
    const { accounts, claim, logins } = claims();
    accounts.set('bob-fresh', []);
    accounts.set('carol-fresh', []);
    assert.equal((await claim('bob', 7000, 'bob-fresh')).status, 201);
    assert.equal((await claim('carol', 7001, 'carol-fresh')).status, 201);
    accounts.set('bob-fresh', 7000);
    accounts.set('carol-fresh', 7002);
    const again = await claim('bob', 7000, 'bob-fresh');
    assert.deepEqual([again.status, (again.body.data as { confirmed: boolean }).confirmed], [201, true]);
    assert.equal((await logins('bob'))[0]?.confirmed, true);
    assert.deepEqual([(await claim('carol', 7001, 'carol-fresh')).status], [404]);
    assert.deepEqual(await logins('carol'), []);
  });

  it('a confirmed holder that sends a new secret Finsify lists nothing for is unconfirmed, and POST /logins says so', async () => {
    const events: WebhookEvent[] = [];
    const { accounts, claim, logins, feed, webhook, proxy } = claims((event) => void events.push(event));
    assert.equal(((await claim('alice', 5, secretFor(5))).body.data as { confirmed: boolean }).confirmed, true);
    // The same secret again, while Finsify lists nothing for it for a moment: still confirmed, and said so.
    accounts.set(secretFor(5), []);
    const same = await claim('alice', 5, secretFor(5));
    assert.deepEqual([same.status, (same.body.data as { confirmed: boolean }).confirmed], [201, true]);
    assert.deepEqual((await logins('alice')).map((l) => l.confirmed), [true]);
    // A new, unchecked secret: the login takes its verdict, and the answer reports what is stored.
    accounts.set('other-fresh', []);
    const swapped = await claim('alice', 5, 'other-fresh');
    assert.deepEqual([swapped.status, (swapped.body.data as { confirmed: boolean }).confirmed], [201, false]);
    assert.deepEqual((await logins('alice')).map((l) => l.confirmed), [false]);
    await webhook({ login_id: 5, status: 'login_account_locked', referenceId: 'r-5' });
    await flush();
    assert.deepEqual(events.map((event) => event.user_ids), [[]]);
    assert.deepEqual(await feed('alice'), []);
    // Its accounts turn out to be another login's: GET /accounts drops it.
    accounts.set('other-fresh', 99);
    assert.equal((await proxy(call('/accounts?login_id=5', { user: 'alice' }))).status, 404);
    assert.deepEqual(await logins('alice'), []);
  });

  it('a webhook goes to the confirmed owners and to the unconfirmed ones Finsify now confirms; the others do not get it', async () => {
    const events: WebhookEvent[] = [];
    const { accounts, claim, logins, feed, webhook } = claims((event) => void events.push(event));
    for (const secret of ['dave-fresh', 'erin-fresh', 'frank-fresh']) accounts.set(secret, []);
    for (const user of ['dave', 'erin', 'frank']) assert.equal((await claim(user, 7002, `${user}-fresh`)).status, 201);
    accounts.set('dave-fresh', 7002);
    accounts.set('erin-fresh', 7003);
    accounts.set('frank-fresh', 400);
    assert.equal((await webhook({ login_id: 7002, accounts: [{ id: 1 }], new: 1, referenceId: 'r-7002' })).status, 200);
    await flush();
    assert.deepEqual(events.map((event) => event.user_ids), [['dave']]);
    assert.deepEqual((await logins('dave')).map((l) => l.confirmed), [true]);
    assert.equal((await feed('dave')).length, 1);
    // Erin's secret opens another login: dropped. Frank's could not be confirmed, and dave's confirmed
    // claim removed it.
    assert.deepEqual(await logins('erin'), []);
    assert.deepEqual(await logins('frank'), []);
    assert.deepEqual(await feed('frank'), []);
  });

  it('webhooks try a login id\'s claims once a minute at most, round-robin, so refreshed early squats cannot starve its owner', async () => {
    let clock = Date.UTC(2024, 5, 1);
    const events: WebhookEvent[] = [];
    const { finsify, accounts, claim, logins, webhook } = claims((event) => void events.push(event), { now: () => clock });
    const junk = ['a1', 'a2', 'a3'];
    // The squats come first (login ids are sequential: guessable before their owner connects) ...
    for (const user of junk) {
      accounts.set(`${user}-fresh`, []);
      assert.equal((await claim(user, 7020, `${user}-fresh`)).status, 201);
    }
    clock += 1000;
    accounts.set('zoe-fresh', []);
    assert.equal((await claim('zoe', 7020, 'zoe-fresh')).status, 201);
    // ... and are refreshed after the owner's claim.
    clock += 1000;
    for (const user of junk) assert.equal((await claim(user, 7020, `${user}-fresh`)).status, 201);
    accounts.set('zoe-fresh', 7020);
    const tried = () => finsify.calls.filter((c) => c.path.startsWith('/v2/account')).length;
    let before = tried();
    // A burst of webhooks without referenceId or timestamp (nothing to tell them apart): one run.
    for (let i = 0; i < 5; i += 1) assert.equal((await webhook({ login_id: 7020, accounts: [{ id: 1 }], new: i + 1 })).status, 200);
    await flush();
    assert.equal(tried() - before, 3);
    clock += WEBHOOK_CONFIRMATION_INTERVAL_MS - 1;
    before = tried();
    await webhook({ login_id: 7020, accounts: [{ id: 1 }], new: 9 });
    await flush();
    assert.equal(tried() - before, 0);
    assert.deepEqual((await logins('zoe')).map((l) => l.confirmed), [false]);
    // A minute later the next run resumes after the last user tried: zoe is confirmed and gets the event.
    clock += 1;
    await webhook({ login_id: 7020, accounts: [{ id: 1 }], new: 10 });
    // The run is in the background: wait for it (30 ms was too short once on a loaded machine, under Node 24).
    for (let waited = 0; waited < 5000 && !(await logins('zoe'))[0]?.confirmed; waited += 30) await flush();
    assert.deepEqual((await logins('zoe')).map((l) => l.confirmed), [true]);
    assert.deepEqual(events.at(-1)?.user_ids, ['zoe']);
    for (const user of junk) assert.deepEqual(await logins(user), []);
  });

  it('a webhook drops an unconfirmed claim whose secret Finsify no longer knows, so it is not tried again', async () => {
    const { accounts, claim, logins, webhook } = claims();
    accounts.set('gone-fresh', []);
    accounts.set('kept-fresh', []);
    assert.equal((await claim('gina', 7010, 'gone-fresh')).status, 201);
    assert.equal((await claim('hank', 7010, 'kept-fresh')).status, 201);
    accounts.set('gone-fresh', 404);
    await webhook({ login_id: 7010, status: 'login_account_locked', referenceId: 'r-7010' });
    await flush();
    assert.deepEqual(await logins('gina'), []);
    assert.deepEqual((await logins('hank')).map((l) => l.confirmed), [false]);
  });

  it("a store failure while a webhook settles a claim is logged without the claim's secret", async () => {
    const base = createMemoryStore();
    // A driver whose messages quote what it was given.
    const store: ProxyStore = {
      ...base,
      dropUnconfirmedLogin: (...args) => Promise.reject(new Error(`SQLITE_BUSY dropUnconfirmedLogin ${JSON.stringify(args)}`)),
    };
    const { accounts, claim, webhook, logger } = claims(undefined, { store });
    const secret = 'gina-fresh-secret-xyz';
    accounts.set(secret, []);
    assert.equal((await claim('gina', 7010, secret)).status, 201);
    accounts.set(secret, 404);
    await webhook({ login_id: 7010, status: 'login_account_locked', referenceId: 'r-busy' });
    await flush();
    assert.match(logger.text(), /SQLITE_BUSY dropUnconfirmedLogin/);
    assert.ok(!logger.text().includes(secret), logger.text());
  });

  it('a claim stored unconfirmed is reported stored even when reading it back fails', async () => {
    const base = createMemoryStore();
    let failReads = false;
    // Reads fail once the claim is written: the read-back fails, not custody's look before it.
    const store: ProxyStore = {
      ...base,
      getLogin: (...args) => (failReads ? Promise.reject(new Error('SQLITE_BUSY')) : base.getLogin(...args)),
      saveLogin: (record) => {
        const kept = base.saveLogin(record);
        failReads = true;
        return kept;
      },
    };
    const { accounts, claim } = claims(undefined, { store });
    accounts.set('ivy-fresh', []);
    const answer = await claim('ivy', 7020, 'ivy-fresh');
    failReads = false;
    assert.equal(answer.status, 201);
    assert.equal((answer.body as { data: { confirmed: boolean } }).data.confirmed, false);
    assert.deepEqual((await base.listLogins('ivy')).map((login) => [login.loginId, login.confirmed]), [[7020, false]]);
  });

  it('a webhook tries a bounded number of unconfirmed claims, and one Finsify does not confirm keeps its claim without the event', async () => {
    const events: WebhookEvent[] = [];
    const { finsify, accounts, claim, logins, feed, webhook } = claims((event) => void events.push(event));
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    for (const user of users) {
      accounts.set(`${user}-fresh`, []);
      assert.equal((await claim(user, 7004, `${user}-fresh`)).status, 201);
      accounts.set(`${user}-fresh`, 400);
    }
    const before = finsify.calls.length;
    await webhook({ login_id: 7004, status: 'login_account_locked', referenceId: 'r-7004' });
    await flush();
    assert.equal(finsify.calls.length - before, 3);
    assert.deepEqual(events.map((event) => event.user_ids), [[]]);
    for (const user of users) {
      assert.deepEqual((await logins(user)).map((l) => [l.confirmed, l.status]), [[false, null]]);
      assert.deepEqual(await feed(user), []);
    }
  });
});
