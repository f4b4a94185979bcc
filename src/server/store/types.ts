import type { Awaitable, WebhookEventType } from '../types.js';

/** A partner user's Finsify customer; Finsify returns `customer_id` only once, so it must be kept. */
export interface CustomerRecord {
  userId: string;
  customerId: string;
  identifier: string;
  createdAt: number;
}

/** A Finsify login held for one partner user, with the secret that opens it. */
export interface LoginRecord {
  userId: string;
  loginId: number;
  secret: string;
  serviceId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A login as listed to its user: everything but the secret, plus the last status a webhook reported. */
export interface LoginSummary {
  loginId: number;
  serviceId: number | null;
  status: string | null;
  statusAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A server-mode connect flow waiting for Finsify's callback; single-use. */
export interface PendingState {
  state: string;
  userId: string;
  flow: 'new' | 'reconnect';
  serviceId: number | null;
  loginId: number | null;
  expiresAt: number;
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
}

/**
 * Everything the proxy keeps. Methods may be sync or async, so any database fits behind it.
 * Implementations must make `saveCustomer` first-writer-wins per user (a unique constraint), so two
 * processes never keep two customers for one user.
 */
export interface ProxyStore {
  /** Resolves when the store is usable; rejects with a clear message when it is not. */
  ready?(): Promise<void>;
  getCustomer(userId: string): Awaitable<CustomerRecord | undefined>;
  /** Keeps the record unless the user already has one; returns the one that is kept. */
  saveCustomer(record: CustomerRecord): Awaitable<CustomerRecord>;
  getLogin(userId: string, loginId: number): Awaitable<LoginRecord | undefined>;
  listLogins(userId: string): Awaitable<LoginSummary[]>;
  /**
   * Inserts or replaces the user's login (a reconnect may bring a new secret), unless another user
   * holds that login id: then it stores nothing and returns `false`. The check and the write must be
   * one atomic step, so two processes claiming one login for two users cannot both keep it. A store
   * that returns nothing is taken as having kept the record.
   */
  saveLogin(record: LoginRecord): Awaitable<boolean | void>;
  /** The users holding a login, for routing webhook events. */
  loginOwners(loginId: number): Awaitable<string[]>;
  /**
   * Records a login status unless a newer one (by `at`) is already known.
   * Returns whether it was applied.
   */
  setLoginStatus(loginId: number, status: string, at: number): Awaitable<boolean>;
  /**
   * Keeps a server-mode state for its flow unless that state is already pending (and not expired at
   * `now`): then the first binding is kept and the answer is false.
   */
  savePendingState(record: PendingState, now: number): Awaitable<boolean>;
  /** Removes and returns the pending state (single use), expired or not; also drops expired ones. */
  takePendingState(state: string, now: number): Awaitable<PendingState | undefined>;
  /**
   * Remembers a webhook delivery key; false when it was seen before (a duplicate delivery).
   */
  markWebhookSeen(key: string, at: number): Awaitable<boolean>;
  /**
   * Forgets a delivery key marked by {@link markWebhookSeen}: the proxy calls it when it could not
   * finish processing that delivery, so Finsify's retry is processed rather than taken for a duplicate.
   */
  forgetWebhookSeen(key: string): Awaitable<void>;
  /** Appends an event to the recent list (older ones beyond a bound are dropped). */
  addWebhookEvent(event: Omit<StoredWebhookEvent, 'seq'>): Awaitable<void>;
  /** The newest events about these logins, newest first. */
  listWebhookEvents(loginIds: number[], limit: number): Awaitable<StoredWebhookEvent[]>;
  close(): Awaitable<void>;
}
