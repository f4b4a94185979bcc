// Several real proxy processes on one database behind one sandbox, as a partner runs them behind a load
// balancer: every flow completes exactly once whichever instance each of its steps reaches, nothing is
// lost when one instance dies with SIGKILL, nothing is stored twice or for the wrong user.
// The database is chosen by fixtures/instances.ts (one SQLite file shared by the processes today;
// FINSIFY_MULTI_INSTANCE_DB=postgres with FINSIFY_TEST_POSTGRES_URL runs the same on PostgreSQL).
// No assertion on time: every wait is on a condition.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  chooseDatabase,
  connectUntilCallback,
  killInstance,
  loginsOf,
  postWebhook,
  request,
  restartInstance,
  sendCallback,
  startInstance,
  startInstances,
  startTestSandbox,
  storeCountsRequests,
  successLocation,
  until,
  type ConnectedFlow,
  type Instance,
  type TestDatabase,
  type TestSandbox,
} from './fixtures/instances.js';

const scratch = mkdtempSync(join(tmpdir(), 'finsify-multi-'));
let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A state of the right shape, unique in the run. */
let stateSeq = 0;
const newState = (label: string) => `${label}_${(++stateSeq).toString().padStart(4, '0')}_0123456789abcdef`.slice(0, 40);

/** Runs `count` rounds of `round`. */
async function rounds(count: number, round: (index: number) => Promise<void>): Promise<void> {
  for (let index = 0; index < count; index += 1) await round(index);
}

/** `GET /logins` of each user answers the same on every instance; returns it. */
async function sameLoginsEverywhere(instances: Instance[], user: string): Promise<[number, boolean][]> {
  const answers = await Promise.all(instances.map((instance) => loginsOf(instance, user)));
  for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0], `GET /logins of ${user} differs between instances`);
  return answers[0]!;
}

describe('several CLI instances on one database', () => {
  let database: TestDatabase & { drop(): Promise<void> };
  let instances: Instance[];
  before(async () => {
    database = await chooseDatabase(join(scratch, 'flows.sqlite'));
    instances = await startInstances(3, { database, sandboxUrl: sandbox.url });
  });
  after(async () => {
    await Promise.all(instances.map((instance) => killInstance(instance)));
    await database.drop();
  });

  it('concurrent connect flows, token on one instance and callback on another: each completes once, for its user', async () => {
    const users = ['ann', 'ann', 'ann', 'ben', 'ben', 'cat', 'dan'];
    const flows = await Promise.all(
      users.map(async (user, index) => {
        const flow = await connectUntilCallback(instances[index % 3]!, sandbox, user, newState('flow'));
        const location = await sendCallback(flow, instances[(index + 1) % 3]!);
        assert.equal(location, successLocation(flow));
        return flow;
      }),
    );
    assert.equal(new Set(flows.map((flow) => flow.loginId)).size, flows.length, 'one Finsify login per flow');
    for (const user of new Set(users)) {
      const expected = flows.filter((flow) => flow.user === user).map((flow) => [flow.loginId, true]).sort((a, b) => Number(a[0]) - Number(b[0]));
      assert.deepEqual(await sameLoginsEverywhere(instances, user), expected, `logins of ${user}`);
    }
    // A replay on the third instance completes the same flow again and stores nothing new.
    const replays = await Promise.all(flows.map((flow, index) => sendCallback(flow, instances[(index + 2) % 3]!)));
    assert.deepEqual(replays, flows.map(successLocation));
    // Another user's try at a completed flow's callback ends in an error and takes nothing.
    const intruder = await sendCallback({ ...flows[0]!, user: 'eve' }, instances[1]!);
    assert.match(intruder, /status=error/);
    assert.deepEqual(await sameLoginsEverywhere(instances, 'eve'), []);
    for (const user of new Set(users)) assert.equal((await sameLoginsEverywhere(instances, user)).length, users.filter((u) => u === user).length);
  });

  it('the same login claimed (POST /logins, same secret) by three users on three instances at once: exactly one holds it', async () => {
    const claimants = ['pat', 'quinn', 'ray'];
    const won: Record<string, number[]> = { pat: [], quinn: [], ray: [] };
    await rounds(10, async (round) => {
      const flow = await connectUntilCallback(instances[round % 3]!, sandbox, 'claim-source', newState('claim'));
      const answers = await Promise.all(
        claimants.map((user, index) => request(instances[(index + round) % 3]!, '/logins', user, { login_id: flow.loginId, secret: flow.secret })),
      );
      const winners = answers.flatMap((answer, index) => (answer.status < 300 ? [claimants[index]!] : []));
      assert.equal(winners.length, 1, `round ${round}: ${JSON.stringify(answers)}`);
      assert.deepEqual((answers.find((answer) => answer.status < 300)!.body.data as { confirmed: boolean }).confirmed, true);
      for (const answer of answers.filter((a) => a.status >= 300)) assert.deepEqual([answer.status, answer.body.error], [404, 'LoginNotFound']);
      won[winners[0]!]!.push(flow.loginId);
    });
    for (const user of claimants) {
      assert.deepEqual(await sameLoginsEverywhere(instances, user), won[user]!.sort((a, b) => a - b).map((id) => [id, true]), `logins of ${user}`);
    }
    assert.deepEqual(await sameLoginsEverywhere(instances, 'claim-source'), []);
  });

  it('a server-mode callback sent to two instances at the same instant: one completion, the other a replay of it', async () => {
    await rounds(6, async (round) => {
      const user = `rex-${round}`;
      const flow = await connectUntilCallback(instances[round % 3]!, sandbox, user, newState('replay'));
      const both = await Promise.all([sendCallback(flow, instances[(round + 1) % 3]!), sendCallback(flow, instances[(round + 2) % 3]!)]);
      assert.deepEqual(both, [successLocation(flow), successLocation(flow)]);
      assert.deepEqual(await sameLoginsEverywhere(instances, user), [[flow.loginId, true]]);
    });
  });
});

describe('a rate limit hit through several instances', () => {
  let database: TestDatabase & { drop(): Promise<void> };
  let instances: Instance[];
  let shared = false;
  before(async () => {
    database = await chooseDatabase(join(scratch, 'limits.sqlite'));
    shared = await storeCountsRequests(database);
    // Day-long windows (aligned to multiples of the window by shared counting): the test cannot straddle two.
    instances = await startInstances(3, { database, sandboxUrl: sandbox.url, rateLimit: '86400000,5,1000' });
  });
  after(async () => {
    await Promise.all(instances.map((instance) => killInstance(instance)));
    await database.drop();
  });

  // Until the stores implement countRequest, each process counts its own share: 3 instances let
  // 3 x 5 through. The test runs either way; it is reported as TODO (not as a failure) until then.
  it('answers 429 once the user made 5 requests in total, whichever instances they reached', async (t) => {
    if (!shared) t.todo('the store has no countRequest yet (shared counting comes with the sealed-secrets work): each instance counts its own share');
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      statuses.push((await request(instances[index % 3]!, '/logins/999/refresh', 'lim', {}, 'PUT')).status);
    }
    assert.deepEqual(statuses.slice(0, 5), [404, 404, 404, 404, 404]);
    assert.deepEqual(statuses.slice(5), Array(7).fill(429));
    // Another user has a budget of their own.
    assert.equal((await request(instances[0]!, '/logins/999/refresh', 'other', {}, 'PUT')).status, 404);
  });
});

describe('webhook bursts and a SIGKILL in the middle of flows (instances with an onWebhook)', () => {
  const LEASE_MS = 2000;
  let database: TestDatabase & { drop(): Promise<void> };
  let instances: Instance[];
  const hookOut = join(scratch, 'hooks.txt');
  /** Lines `start|done <event id> <referenceId> <pid>` onWebhook wrote. */
  const hookLines = () =>
    (existsSync(hookOut) ? readFileSync(hookOut, 'utf8').split('\n').filter(Boolean) : []).map((line) => {
      const [phase, id, referenceId, pid] = line.split(' ');
      return { phase: phase!, id: id!, referenceId: referenceId!, pid: Number(pid) };
    });
  const doneReferences = () => new Set(hookLines().filter((line) => line.phase === 'done').map((line) => line.referenceId));
  const owners: { user: string; loginId: number }[] = [];
  const sentReferences: Record<string, string[]> = {};

  before(async () => {
    database = await chooseDatabase(join(scratch, 'webhooks.sqlite'));
    const options = { database, sandboxUrl: sandbox.url, program: 'hook' as const, hookOut, leaseMs: LEASE_MS };
    // The third is slow to hand over (under half the lease, its time limit), so it is caught in the middle of one.
    instances = await Promise.all([
      startInstance('instance 1', { ...options, hookDelayMs: 0 }),
      startInstance('instance 2', { ...options, hookDelayMs: 0 }),
      startInstance('instance 3', { ...options, hookDelayMs: 800 }),
    ]);
    for (const [index, user] of ['wu1', 'wu2', 'wu3'].entries()) {
      const flow = await connectUntilCallback(instances[index]!, sandbox, user, newState('hook'));
      assert.equal(await sendCallback(flow, instances[(index + 1) % 3]!), successLocation(flow));
      owners.push({ user, loginId: flow.loginId });
      sentReferences[user] = [];
    }
  });
  after(async () => {
    await Promise.all(instances.map((instance) => killInstance(instance)));
    await database.drop();
  });

  /** The event `index` about one of the owners' logins, with a reference id of its own. */
  const event = (label: string, index: number) => {
    const owner = owners[index % owners.length]!;
    return { owner, payload: { login_id: owner.loginId, new: 1, accounts: [{ id: index + 1 }], referenceId: `${label}-${index}` } };
  };

  /** Each user's `GET /webhooks` on every instance: the same, and each of their reference ids once. */
  async function eventsListedOnceEverywhere(live: Instance[]): Promise<void> {
    for (const { user } of owners) {
      const lists = await Promise.all(
        live.map(async (instance) => {
          const answer = await request(instance, '/webhooks', user);
          assert.equal(answer.status, 200);
          return (answer.body.data as { referenceId: string }[]).map((e) => e.referenceId).sort();
        }),
      );
      for (const list of lists.slice(1)) assert.deepEqual(list, lists[0]);
      assert.deepEqual(lists[0], [...sentReferences[user]!].sort(), `events of ${user}`);
    }
    // Nobody else sees them.
    const stranger = await request(live[0]!, '/webhooks', 'stranger');
    assert.deepEqual(stranger.body.data, []);
  }

  it('a burst posted round-robin to every instance, with duplicates: each event stored once and handed over by exactly one instance', async () => {
    const distinct = Array.from({ length: 60 }, (_, index) => event('burst', index));
    const duplicates = Array.from({ length: 15 }, (_, index) => distinct[index * 4]!);
    const deliveries = [...distinct, ...duplicates];
    const answers = await Promise.all(deliveries.map((delivery, index) => postWebhook(instances[index % 3]!, delivery.payload)));
    for (const answer of answers) assert.equal(answer?.status, 200);
    for (const { payload, owner } of distinct) {
      const fresh = answers.filter((answer, index) => deliveries[index]!.payload.referenceId === payload.referenceId && answer?.duplicate === false);
      assert.equal(fresh.length, 1, `${payload.referenceId} recorded once`);
      sentReferences[owner.user]!.push(payload.referenceId);
    }
    await until(() => doneReferences().size === distinct.length, 'every event handed over');
    const lines = hookLines();
    for (const { payload } of distinct) {
      const mine = lines.filter((line) => line.referenceId === payload.referenceId);
      assert.equal(new Set(mine.map((line) => line.id)).size, 1, `${payload.referenceId} is one event`);
      assert.equal(mine.filter((line) => line.phase === 'start').length, 1, `${payload.referenceId} handed over once`);
    }
    await eventsListedOnceEverywhere(instances);
  });

  it('SIGKILL of one instance while callbacks and webhooks are in flight: every flow completes once, every event is handed over', async () => {
    const [first, second, victim] = instances as [Instance, Instance, Instance];
    const survivors = [first, second];
    const users = ['kx1', 'kx2', 'kx3', 'kx4', 'kx5', 'kx6'];
    const flows: ConnectedFlow[] = await Promise.all(users.map((user, index) => connectUntilCallback(instances[index % 3]!, sandbox, user, newState('kill'))));
    // Finsify slow to confirm: a callback is caught after its store step (custody) and before its answer.
    sandbox.sandbox.control.setFault('account', { latencyMs: 3000 });
    const toVictim = flows.slice(0, 2);
    const callbacks = flows.map((flow, index) => sendCallback(flow, index < 2 ? victim : survivors[index % 2]!));

    // Events go to the victim first, so it is kicked and takes one; then to all.
    const early = Array.from({ length: 6 }, (_, index) => event('kill', index));
    const record = (delivery: ReturnType<typeof event>) => sentReferences[delivery.owner.user]!.push(delivery.payload.referenceId);
    for (const delivery of early) {
      assert.equal((await postWebhook(victim, delivery.payload))?.status, 200);
      record(delivery);
    }
    const victimMidHandOver = () => {
      const lines = hookLines().filter((line) => line.pid === victim.pid);
      return lines.some((line) => line.phase === 'start' && !lines.some((other) => other.phase === 'done' && other.id === line.id));
    };
    await until(
      () => victimMidHandOver() && toVictim.every((flow) => sandbox.accountChecks.includes(flow.secret)),
      'the victim to hold a leased event and to have kept its callbacks\' logins',
    );
    // More deliveries while it dies: those it never answered are sent again (Finsify retries) to the others.
    const late = Array.from({ length: 9 }, (_, index) => event('kill', 6 + index));
    const lateAnswers = late.map((delivery, index) => postWebhook([victim, first, second][index % 3]!, delivery.payload));
    await killInstance(victim, 'SIGKILL');
    const leased = hookLines().filter((line) => line.pid === victim.pid && line.phase === 'start').map((line) => line.id)
      .filter((id) => !hookLines().some((line) => line.phase === 'done' && line.id === id));
    assert.ok(leased.length > 0);
    for (const [index, answer] of (await Promise.all(lateAnswers)).entries()) {
      let status = answer?.status;
      if (status === undefined) status = (await postWebhook(survivors[index % 2]!, late[index]!.payload))?.status;
      assert.equal(status, 200);
      record(late[index]!);
    }

    const locations = await Promise.all(callbacks);
    assert.deepEqual(locations.slice(0, 2), ['connection lost', 'connection lost']);
    assert.deepEqual(locations.slice(2), flows.slice(2).map(successLocation));
    sandbox.sandbox.control.clearFaults();
    // The person reloads the popup (the edge sends it to a live instance): the same flow completes.
    for (const [index, flow] of toVictim.entries()) assert.equal(await sendCallback(flow, survivors[index]!), successLocation(flow));

    const restarted = await restartInstance(victim);
    instances[2] = restarted;
    const everyone = [first, second, restarted];
    for (const flow of flows) assert.equal(await sendCallback(flow, restarted), successLocation(flow));
    for (const flow of flows) assert.deepEqual(await sameLoginsEverywhere(everyone, flow.user), [[flow.loginId, true]], `logins of ${flow.user}`);

    // Every event is handed over; the one the victim held is taken by another instance once its lease ends.
    const all = [...early, ...late].map((delivery) => delivery.payload.referenceId);
    await until(() => all.every((reference) => doneReferences().has(reference)), 'every event handed over after the crash', 30_000);
    const lines = hookLines();
    for (const id of leased) {
      assert.ok(lines.some((line) => line.id === id && line.phase === 'done' && line.pid !== victim.pid), `event ${id} handed over by another instance`);
    }
    for (const reference of [...all, ...Object.values(sentReferences).flat()]) {
      const mine = lines.filter((line) => line.referenceId === reference);
      assert.equal(new Set(mine.map((line) => line.id)).size, 1, `${reference} stored once`);
      // At least once; more only when the dead instance had it (it may have finished without settling).
      const doneByLive = mine.filter((line) => line.phase === 'done' && line.pid !== victim.pid).length;
      const doneByVictim = mine.filter((line) => line.phase === 'done' && line.pid === victim.pid).length;
      assert.ok(doneByLive + doneByVictim >= 1 && doneByLive <= 1, `${reference}: ${JSON.stringify(mine)}`);
    }
    await eventsListedOnceEverywhere(everyone);
  });
});
