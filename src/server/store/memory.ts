import type { CustomerRecord, LoginSummary, LoginToSave, PendingState, ProxyStore, RequestCount, StoredLogin, StoredWebhookEvent } from './types.js';

/** Past this many pending states, expired ones are swept out as new ones come. */
const PRUNE_AT = 1000;

/** How many webhook delivery keys are remembered for duplicate detection, at most. */
const SEEN_KEPT = 100_000;

/** How many webhook events the recent list keeps. */
export const WEBHOOK_EVENTS_KEPT = 1000;

/** How many request-count keys one window keeps, at most (the oldest go first beyond it). */
const COUNTED_KEYS_KEPT = 100_000;

/**
 * A {@link ProxyStore} in process memory: for tests and throwaway demos. Everything is lost on exit
 * (`ephemeral`: without `secretKeys`, the proxy seals secrets under a random key of its own).
 */
export function createMemoryStore(): ProxyStore {
  const customers = new Map<string, CustomerRecord>();
  const logins = new Map<string, StoredLogin>();
  /** Request counts by key, in two generations swapped as windows pass: memory stays bounded without a scan. */
  let counts = new Map<string, RequestCount>();
  let previousCounts = new Map<string, RequestCount>();
  let swapAt = 0;
  const statuses = new Map<number, { status: string | null; at: number }>();
  const pending = new Map<string, PendingState>();
  const seen = new Set<string>();
  const events: StoredWebhookEvent[] = [];
  /** When each pending event is next due for its hand-over. */
  const due = new Map<number, number>();
  let seq = 0;
  const loginKey = (userId: string, loginId: number) => `${loginId}\u0000${userId}`;

  function setStatus(loginId: number, status: string | null, at: number): boolean {
    const current = statuses.get(loginId);
    if (current && current.at > at) return false;
    statuses.set(loginId, { status, at });
    return true;
  }

  function saveLogin(input: LoginToSave): boolean {
    // Synchronous from check to write, so nothing else can run in between.
    const { secretHashes, ...record } = input;
    const confirmed = record.confirmed !== false;
    for (const login of logins.values()) {
      if (login.loginId === record.loginId && login.userId !== record.userId && login.confirmed) return false;
      // One secret opens one login of one user: refused under another login id, or for another user.
      if (secretHashes.includes(login.secretHash) && (login.loginId !== record.loginId || login.userId !== record.userId)) return false;
    }
    if (confirmed) {
      for (const [key, login] of logins) if (login.loginId === record.loginId && login.userId !== record.userId && !login.confirmed) logins.delete(key);
    }
    const key = loginKey(record.userId, record.loginId);
    const existing = logins.get(key);
    logins.set(key, {
      ...record,
      serviceId: record.serviceId ?? existing?.serviceId ?? null,
      createdAt: existing?.createdAt ?? record.createdAt,
      // Stays confirmed while its secret is unchanged; a new secret takes its own verdict.
      confirmed: confirmed || (existing?.confirmed === true && secretHashes.includes(existing.secretHash)),
    });
    return true;
  }

  return {
    ephemeral: true,
    getCustomer: (userId) => customers.get(userId),
    saveCustomer(record) {
      const existing = customers.get(record.userId);
      if (existing) return existing;
      customers.set(record.userId, { ...record });
      return record;
    },
    getLogin(userId, loginId) {
      const login = logins.get(loginKey(userId, loginId));
      return login && { ...login };
    },
    listLogins(userId) {
      const mine: LoginSummary[] = [];
      for (const login of logins.values()) {
        if (login.userId !== userId) continue;
        const status = login.confirmed ? statuses.get(login.loginId) : undefined;
        mine.push({
          loginId: login.loginId,
          serviceId: login.serviceId,
          status: status?.status ?? null,
          statusAt: status?.status ? status.at : null,
          createdAt: login.createdAt,
          updatedAt: login.updatedAt,
          confirmed: login.confirmed === true,
        });
      }
      return mine.sort((a, b) => b.createdAt - a.createdAt || b.loginId - a.loginId);
    },
    saveLogin,
    loginOwners(loginId) {
      return [...logins.values()].filter((login) => login.loginId === loginId && login.confirmed).map((login) => login.userId);
    },
    unconfirmedLogins(loginId) {
      return [...logins.values()]
        .filter((login) => login.loginId === loginId && !login.confirmed)
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .map((login) => ({ ...login }));
    },
    dropUnconfirmedLogin(userId, loginId, secretHashes) {
      const key = loginKey(userId, loginId);
      const login = logins.get(key);
      if (!login || login.confirmed || !secretHashes.includes(login.secretHash)) return false;
      return logins.delete(key);
    },
    loginsAfter(cursor, limit) {
      const after = (login: StoredLogin) =>
        !cursor || login.userId > cursor.userId || (login.userId === cursor.userId && login.loginId > cursor.loginId);
      return [...logins.values()]
        .filter(after)
        .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.loginId - b.loginId))
        .slice(0, limit)
        .map((login) => ({ ...login }));
    },
    resealLogin(userId, loginId, expectedSealedSecret, sealedSecret, secretHash) {
      const login = logins.get(loginKey(userId, loginId));
      if (!login || login.sealedSecret !== expectedSealedSecret) return false;
      login.sealedSecret = sealedSecret;
      login.secretHash = secretHash;
      return true;
    },
    countRequest(key, windowMs, now) {
      if (now >= swapAt) {
        // Everything in `previousCounts` has ended by now; `counts` may still hold running windows.
        previousCounts = counts;
        counts = new Map();
        swapAt = now + windowMs;
      }
      const start = now - (now % windowMs);
      let window = counts.get(key) ?? previousCounts.get(key);
      if (!window || window.resetAt !== start + windowMs) window = { count: 0, resetAt: start + windowMs };
      counts.delete(key);
      counts.set(key, window);
      if (counts.size > COUNTED_KEYS_KEPT) for (const oldest of counts.keys()) if (counts.size > COUNTED_KEYS_KEPT) counts.delete(oldest); else break;
      window.count += 1;
      return { ...window };
    },
    setLoginStatus: setStatus,
    savePendingState(record, now) {
      if (pending.size >= PRUNE_AT) for (const [key, other] of pending) if (other.expiresAt <= now) pending.delete(key);
      const existing = pending.get(record.state);
      if (existing && existing.expiresAt > now) return false;
      pending.set(record.state, { ...record });
      return true;
    },
    getPendingState(state) {
      const found = pending.get(state);
      return found && { ...found, completion: found.completion ?? null };
    },
    completePendingState({ state, completion, login, keepUntil }) {
      const found = pending.get(state);
      for (const [key, record] of pending) if (record.expiresAt <= completion.at && key !== state) pending.delete(key);
      if (found?.completion) return { completion: { ...found.completion }, replayed: true };
      if (!found || found.expiresAt <= completion.at) {
        pending.delete(state);
        return undefined;
      }
      const kept = login === null || saveLogin(login) ? completion : { ...completion, status: 'error' };
      pending.set(state, { ...found, completion: { ...kept }, expiresAt: Math.max(found.expiresAt, keepUntil) });
      return { completion: kept, replayed: false };
    },
    recordWebhookEvent({ key, event, handOver }) {
      // Synchronous from the check to the last write: one atomic step.
      if (key !== null) {
        if (seen.has(key)) return { duplicate: true };
        seen.add(key);
        // Bounded: the oldest keys go first (a Set keeps insertion order).
        if (seen.size > SEEN_KEPT) for (const oldest of seen) if (seen.size > SEEN_KEPT) seen.delete(oldest); else break;
      }
      const applied = event.status === null ? true : setStatus(event.loginId, event.status, event.timestamp);
      const pending = handOver === true || (handOver === 'if-applied' && applied);
      events.push({ ...event, applied, pending, seq: ++seq, attempts: 0 });
      due.set(seq, 0);
      if (events.length > WEBHOOK_EVENTS_KEPT) {
        // Beyond the bound, the oldest events that are no longer pending go.
        let surplus = events.length - WEBHOOK_EVENTS_KEPT;
        for (let i = 0; i < events.length && surplus > 0; ) {
          if (events[i]!.pending) i += 1;
          else {
            due.delete(events[i]!.seq);
            events.splice(i, 1);
            surplus -= 1;
          }
        }
      }
      return { duplicate: false, seq, applied, pending };
    },
    takeDueWebhookEvents(now, limit, leaseUntil) {
      const taken: StoredWebhookEvent[] = [];
      for (const event of events) {
        if (taken.length >= limit) break;
        if (!event.pending || (due.get(event.seq) ?? 0) > now) continue;
        event.attempts += 1;
        due.set(event.seq, leaseUntil);
        taken.push({ ...event });
      }
      return taken;
    },
    settleWebhookEvent(eventSeq, retryAt) {
      const event = events.find((candidate) => candidate.seq === eventSeq);
      if (!event) return;
      if (retryAt === null) event.pending = false;
      else due.set(eventSeq, retryAt);
    },
    listWebhookEvents(loginIds, limit) {
      const wanted = new Set(loginIds);
      const found: StoredWebhookEvent[] = [];
      for (let i = events.length - 1; i >= 0 && found.length < limit; i -= 1) {
        const event = events[i];
        if (event && wanted.has(event.loginId)) found.push(event);
      }
      return found;
    },
    close() {},
  };
}
