/**
 * Which of the backend's webhooks this tab has already put in its event log. The backend lists
 * the latest webhooks on every poll; without this memory each page load took them all for news
 * and logged them again, stamped with the load time. Kept in sessionStorage, like the log, so a
 * reload or a redirect-mode round trip remembers; a new tab starts from what arrives after it opened.
 */

export interface WebhookIdentity {
  type: string;
  login_id: number;
  referenceId?: string | undefined;
  /** When the backend received it (ISO 8601): fixed for a stored webhook, so part of its identity. */
  received_at: string;
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;

const storageKey = 'finsify-demo-seen-webhooks';
/** Enough for every webhook a demo session sees; the oldest are forgotten first. */
const KEPT = 1000;

/** One webhook's identity: Finsify's `referenceId` (a repeat delivery keeps it) with the arrival. */
export function webhookKey(event: WebhookIdentity): string {
  return `${event.type}:${event.login_id}:${event.referenceId ?? ''}:${event.received_at}`;
}

export class SeenWebhooks {
  private readonly since: number;
  private readonly keys: string[];

  constructor(
    private readonly storage: Store,
    now: () => number = Date.now,
  ) {
    let saved: { since?: unknown; keys?: unknown } = {};
    try {
      saved = JSON.parse(storage.getItem(storageKey) ?? '{}') as typeof saved;
    } catch {
      // A damaged entry: start watching afresh.
    }
    this.since = typeof saved.since === 'number' ? saved.since : now();
    this.keys = Array.isArray(saved.keys) ? saved.keys.filter((key): key is string => typeof key === 'string') : [];
    this.save();
  }

  /**
   * The webhooks of `events` this tab has not logged yet and that arrived after it began watching,
   * oldest first; they count as seen from now on.
   */
  take<T extends WebhookIdentity>(events: readonly T[]): T[] {
    const known = new Set(this.keys);
    const fresh = events.filter((event) => !known.has(webhookKey(event)) && Date.parse(event.received_at) >= this.since);
    for (const event of fresh) this.keys.push(webhookKey(event));
    if (fresh.length === 0) return [];
    this.keys.splice(0, Math.max(0, this.keys.length - KEPT));
    this.save();
    return fresh.sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at));
  }

  private save(): void {
    this.storage.setItem(storageKey, JSON.stringify({ since: this.since, keys: this.keys }));
  }
}
