import type { Awaitable, WebhookEventType } from '../types.js';

/** A partner user's Finsify customer; Finsify returns `customer_id` only once, so it must be kept. */
export interface CustomerRecord {
  userId: string;
  customerId: string;
  identifier: string;
  createdAt: number;
}

/**
 * A Finsify login held for one partner user, with the secret that opens it, as the proxy's own code
 * sees it. Stores never see `secret`: they keep a {@link StoredLogin}.
 */
export interface LoginRecord {
  userId: string;
  loginId: number;
  secret: string;
  serviceId: number | null;
  createdAt: number;
  updatedAt: number;
  /**
   * Whether Finsify listed accounts carrying this `loginId` under this secret, which ties the id to
   * the secret. `false`: Finsify listed no account yet (a login just connected), so nothing ties them.
   * Absent in a record given to `saveLogin`: `true`. Stores always return it.
   */
  confirmed?: boolean;
}

/**
 * A login as a {@link ProxyStore} keeps it: the secret sealed (AES-256-GCM, opened only by the proxy
 * with its `secretKeys`) and a keyed hash of it, never the secret itself.
 */
export interface StoredLogin extends Omit<LoginRecord, 'secret'> {
  /** The sealed secret: opaque text the store keeps as it is. */
  sealedSecret: string;
  /** A keyed hash of the secret (HMAC-SHA-256 under the newest key): what uniqueness is checked on. */
  secretHash: string;
}

/** A login to keep: a {@link StoredLogin}, with every hash its secret has under the configured keys. */
export interface LoginToSave extends StoredLogin {
  /**
   * The secret's hash under each configured key, newest first (`secretHashes[0] === secretHash`): a
   * row written under an older key (before a key rotation's re-encryption) matches one of them.
   */
  secretHashes: readonly string[];
}

/** Where {@link ProxyStore.loginsAfter} goes on from: the last login of the previous page. */
export interface LoginCursor {
  userId: string;
  loginId: number;
}

/** A request budget's window as counted by {@link ProxyStore.countRequest}. */
export interface RequestCount {
  /** Requests counted for the key in this window, this one included. */
  count: number;
  /** When the window ends (ms since the epoch). */
  resetAt: number;
}

/**
 * A login as listed to its user: everything but the secret, plus the last status a webhook reported
 * (only for a confirmed login: an unconfirmed claim says nothing about whose login that id is).
 */
export interface LoginSummary {
  loginId: number;
  serviceId: number | null;
  status: string | null;
  statusAt: number | null;
  createdAt: number;
  updatedAt: number;
  confirmed: boolean;
}

/** A server-mode connect flow waiting for Finsify's callback, then completed by it once. */
export interface PendingState {
  state: string;
  userId: string;
  flow: 'new' | 'reconnect';
  serviceId: number | null;
  loginId: number | null;
  expiresAt: number;
  /** How the callback completed the flow; `null` (or absent, in a record to save) while it waits. */
  completion?: StateCompletion | null;
}

/** How a server-mode flow ended, kept with its state so a replayed callback completes it the same way. */
export interface StateCompletion {
  /** Finsify's status (`success`, `cancel`, …), or `error` (a malformed result, a refused login). */
  status: string;
  loginId: number | null;
  /** The keyed hash of the login secret the result carried (as {@link StoredLogin.secretHash}), never the secret: a replay must carry the same. */
  secretDigest: string | null;
  at: number;
}

/** What {@link ProxyStore.completePendingState} is given. */
export interface StateCompletionInput {
  state: string;
  completion: StateCompletion;
  /** The login the result carries, kept as `saveLogin` keeps it (unconfirmed) in the same step; `null` for none. */
  login: LoginToSave | null;
  /** A completed state is kept until then, for replays of its callback. */
  keepUntil: number;
}

/** A webhook event as stored for the recent-events list. */
export interface StoredWebhookEvent {
  seq: number;
  type: WebhookEventType;
  loginId: number;
  referenceId: string | null;
  status: string | null;
  timestamp: number;
  receivedAt: number;
  /** `false` when it reported a login status older than the one already known. */
  applied: boolean;
  payload: Record<string, unknown>;
  /** Whether it still waits for its hand-over (`onWebhook`, claim confirmation): the inbox. */
  pending: boolean;
  /** Hand-overs started so far. */
  attempts: number;
}

/** What {@link ProxyStore.recordWebhookEvent} is given: one delivery of an event. */
export interface WebhookDeliveryRecord {
  /** What recognises a repeat of this delivery (Finsify's retry); `null` when nothing does. */
  key: string | null;
  event: Omit<StoredWebhookEvent, 'seq' | 'attempts' | 'applied' | 'pending'>;
  /** Whether the event waits for a hand-over: always, never, or only when its status is applied (or it has none). */
  handOver: boolean | 'if-applied';
}

/** What recording a delivery did. */
export type WebhookRecordOutcome = { duplicate: true } | { duplicate: false; seq: number; applied: boolean; pending: boolean };

/**
 * Everything the proxy keeps. Methods may be sync or async, so any database fits behind it.
 * Implementations must make `saveCustomer` first-writer-wins per user (a unique constraint), so two
 * processes never keep two customers for one user.
 */
export interface ProxyStore {
  /**
   * Resolves when the store is usable; rejects with a clear message when it is not. A SQL store brings
   * its schema up to date here by versioned migrations, one process at a time (a lock in the database),
   * and refuses a schema newer than it knows.
   */
  ready?(): Promise<void>;
  /**
   * `true` when everything kept is lost when the process exits (the memory store): the proxy then seals
   * secrets under a key of its own when no `secretKeys` are given. A persistent store needs `secretKeys`.
   */
  readonly ephemeral?: boolean;
  /** Resolves when the store answers a trivial query now (`GET /health`); rejects when it cannot be reached. */
  ping?(): Promise<void>;
  getCustomer(userId: string): Awaitable<CustomerRecord | undefined>;
  /** Keeps the record unless the user already has one; returns the one that is kept. */
  saveCustomer(record: CustomerRecord): Awaitable<CustomerRecord>;
  getLogin(userId: string, loginId: number): Awaitable<StoredLogin | undefined>;
  listLogins(userId: string): Awaitable<LoginSummary[]>;
  /**
   * Inserts or replaces the user's login (a reconnect may bring a new secret; a login confirmed for
   * this user stays confirmed while its secret is unchanged (its hash is one of `secretHashes`), and a new secret takes the record's
   * `confirmed`), unless
   * - another user holds that login id confirmed, or
   * - the secret (a row whose `secretHash` is one of `record.secretHashes`) is already stored under
   *   another login id, or by another user (one secret opens one login, of one user):
   * then it stores nothing and returns `false`. Unconfirmed claims of one id by several users may
   * coexist; a confirmed write removes the other users' unconfirmed claims of that id. The checks, the
   * removal and the write must be one atomic step (one statement or a transaction), so two processes
   * claiming one login for two users cannot both keep it, whichever process or machine they run on.
   * A store that returns nothing is taken as having kept the record.
   */
  saveLogin(record: LoginToSave): Awaitable<boolean | void>;
  /** The users holding a login confirmed, for routing webhook events. */
  loginOwners(loginId: number): Awaitable<string[]>;
  /** The unconfirmed claims of a login id, newest first (with their sealed secrets, to confirm them with Finsify). */
  unconfirmedLogins(loginId: number): Awaitable<StoredLogin[]>;
  /**
   * Removes the user's claim of a login id if it is still unconfirmed and still has this secret (its
   * `secretHash` is one of `secretHashes`: Finsify listed that secret's accounts under another id);
   * returns whether it removed one.
   */
  dropUnconfirmedLogin(userId: string, loginId: number, secretHashes: readonly string[]): Awaitable<boolean>;
  /**
   * Every login, a page at a time, ordered by `userId` then `loginId`, starting after `cursor` (`null`:
   * from the first): what re-encryption under a new key walks through.
   */
  loginsAfter(cursor: LoginCursor | null, limit: number): Awaitable<StoredLogin[]>;
  /**
   * Replaces a login's sealed secret and hash (re-encryption under the newest key) only if it still has
   * `expectedSealedSecret`, so a reconnect that stored a new secret meanwhile is never overwritten.
   * Returns whether it replaced it.
   */
  resealLogin(userId: string, loginId: number, expectedSealedSecret: string, sealedSecret: string, secretHash: string): Awaitable<boolean>;
  /**
   * Up to `limit` logins whose secret a migration carried over from an earlier version in plain text
   * (`sealedSecret` is `plain.<secret>`, `secretHash` empty): the proxy seals them (by `resealLogin`) in
   * `ready()` before it serves. Optional: a store that never held plaintext secrets leaves it out.
   */
  unsealedLogins?(limit: number): Awaitable<StoredLogin[]>;
  /**
   * Counts one request against a budget in one atomic step shared by every process on this store (so
   * several instances do not multiply a limit): fixed windows of `windowMs`, aligned to multiples of it.
   * Windows that ended may be forgotten. Optional: a store without it is counted per process.
   */
  countRequest?(key: string, windowMs: number, now: number): Awaitable<RequestCount>;
  /**
   * Records a login status unless a newer one (by `at`) is already known; `null` clears it (a
   * successful reconnect), so that `listLogins` reports no status and an older one is not applied.
   * Returns whether it was applied.
   */
  setLoginStatus(loginId: number, status: string | null, at: number): Awaitable<boolean>;
  /**
   * Keeps a server-mode state for its flow unless that state is already pending (and not expired at
   * `now`): then the first binding is kept and the answer is false.
   */
  savePendingState(record: PendingState, now: number): Awaitable<boolean>;
  /** The state's record, completed or not, expired or not; `undefined` once pruned. */
  getPendingState(state: string): Awaitable<PendingState | undefined>;
  /**
   * Completes a pending state, in one atomic step: records the completion and, when `login` is given,
   * keeps it as `saveLogin` would (when `saveLogin` would refuse it, the completion is kept with status
   * `error` instead). A state completed already is left as it is and its completion returned with
   * `replayed: true` (the caller compares). `undefined` when there is no such state, or it expired
   * before `completion.at` without being completed. Expired states are pruned along the way.
   */
  completePendingState(input: StateCompletionInput): Awaitable<{ completion: StateCompletion; replayed: boolean } | undefined>;
  /**
   * Records one webhook delivery in one atomic step, so a crash keeps all of it or none (and Finsify's
   * retry is then processed): a delivery whose key was seen before is a duplicate and changes nothing;
   * otherwise the key is remembered (for 30 days at least), the login's status applied unless a newer one
   * is known (as {@link setLoginStatus}), and the event appended to the recent list, pending its hand-over
   * as `handOver` says (due at once). Older events beyond a bound are dropped once no longer pending.
   */
  recordWebhookEvent(record: WebhookDeliveryRecord): Awaitable<WebhookRecordOutcome>;
  /**
   * Takes up to `limit` pending events that are due at `now`, oldest first, in one atomic step that
   * counts an attempt and makes each due again only at `leaseUntil`: until then no other caller (another
   * process) gets it, and if the taker dies it comes back then.
   */
  takeDueWebhookEvents(now: number, limit: number, leaseUntil: number): Awaitable<StoredWebhookEvent[]>;
  /** Ends an event's hand-over: `retryAt` `null` when it is done (no longer pending), else when it is due again. */
  settleWebhookEvent(seq: number, retryAt: number | null): Awaitable<void>;
  /** The newest events about these logins, newest first. */
  listWebhookEvents(loginIds: number[], limit: number): Awaitable<StoredWebhookEvent[]>;
  close(): Awaitable<void>;
}
