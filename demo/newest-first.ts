import type { Transaction } from './api.js';

/** Newest first; within a day the later-recorded (higher id) first, so a refresh's news lead. */
export function newestFirst(transactions: readonly Transaction[]): Transaction[] {
  return [...transactions].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
}
