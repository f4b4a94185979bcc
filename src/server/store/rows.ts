import type { WebhookEventType } from '../types.js';
import type { PendingState, StateCompletion, StoredWebhookEvent } from './types.js';

// The rows both SQL stores read, and what they stand for: the two schemas name their columns alike.
// SQLite answers booleans as 0 or 1, PostgreSQL as booleans.

/** A `pending_states` row. */
export interface PendingRow {
  state: string; user_id: string; flow: string; service_id: number | null; login_id: number | null; expires_at: number;
  completion_status: string | null; completion_login_id: number | null; completion_digest: string | null; completed_at: number | null;
}

/** A `webhook_events` row. */
export interface EventRow {
  seq: number; type: string; login_id: number; reference_id: string | null; status: string | null; timestamp: number; received_at: number;
  applied: boolean | number; payload: string; pending: boolean | number; due_at: number; attempts: number;
}

export function toPending(row: PendingRow): PendingState {
  return {
    state: row.state,
    userId: row.user_id,
    flow: row.flow === 'reconnect' ? 'reconnect' : 'new',
    serviceId: row.service_id,
    loginId: row.login_id,
    expiresAt: row.expires_at,
    completion: completionOf(row),
  };
}

export function completionOf(row: PendingRow): StateCompletion | null {
  if (row.completion_status === null) return null;
  return { status: row.completion_status, loginId: row.completion_login_id, secretDigest: row.completion_digest, at: row.completed_at ?? 0 };
}

export function toEvent(row: EventRow): StoredWebhookEvent {
  const type: WebhookEventType = row.type === 'transactions' || row.type === 'login_status' ? row.type : 'unknown';
  return {
    seq: row.seq,
    type,
    loginId: row.login_id,
    referenceId: row.reference_id,
    status: row.status,
    timestamp: row.timestamp,
    receivedAt: row.received_at,
    applied: Boolean(row.applied),
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    pending: Boolean(row.pending),
    attempts: row.attempts,
  };
}
