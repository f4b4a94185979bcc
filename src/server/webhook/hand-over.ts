import type { LoginClaims } from '../login-claims.js';
import type { ProxyStore, StoredWebhookEvent } from '../store/types.js';
import type { ProxyLogger, WebhookDeliveryOptions, WebhookEvent } from '../types.js';

/** How the inbox is worked by default: see {@link WebhookDeliveryOptions}. */
export const DEFAULT_WEBHOOK_DELIVERY: Required<WebhookDeliveryOptions> = { leaseMs: 60_000, pollMs: 5_000, maxDelayMs: 5 * 60_000 };

/** Events taken from the inbox at a time. */
const BATCH = 20;
/** The first wait before a failed hand-over is tried again; it doubles up to `maxDelayMs`. */
const FIRST_RETRY_MS = 1_000;

/**
 * Works the store's webhook inbox: each recorded event that waits for its hand-over is taken (leased,
 * so one process at a time has it), its login's unconfirmed claims are tried with Finsify when it has
 * some (bounded, see claim-confirmation.ts), `onWebhook` runs with it, and only then is it settled.
 * A failing `onWebhook` is tried again with backoff until it succeeds; one a stopped or crashed process
 * left (its lease ran out) is taken again, by this process after a restart or by another instance.
 * So `onWebhook` sees each event at least once, with the same `id` each time.
 */
export interface WebhookHandOver {
  /** Works what is due soon (a delivery was just recorded). */
  kick(): void;
  /** Starts looking at the inbox every `pollMs` (retries, and what a stopped process left); works it at once. */
  start(): void;
  /** Stops looking, and waits for the hand-overs running. */
  stop(): Promise<void>;
}

export function createWebhookHandOver(deps: {
  store: ProxyStore;
  onWebhook: ((event: WebhookEvent) => void | Promise<void>) | undefined;
  claims: LoginClaims;
  logger: ProxyLogger;
  now: () => number;
  random: () => number;
  options: WebhookDeliveryOptions | undefined;
}): WebhookHandOver {
  const { store, logger, now } = deps;
  const options = { ...DEFAULT_WEBHOOK_DELIVERY, ...deps.options };
  let running: Promise<void> | undefined;
  let again = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  async function handOne(event: StoredWebhookEvent): Promise<void> {
    try {
      if ((await store.unconfirmedLogins(event.loginId)).length > 0) await deps.claims.confirmForWebhook(event.loginId).catch(() => []);
      if (deps.onWebhook && event.applied) await deps.onWebhook(toWebhookEvent(event, await store.loginOwners(event.loginId)));
    } catch (error) {
      const ceiling = Math.min(options.maxDelayMs, FIRST_RETRY_MS * 2 ** Math.min(event.attempts - 1, 20));
      const delay = Math.round(ceiling / 2 + (ceiling / 2) * deps.random());
      logger.error('onWebhook failed; the event is handed over again later', {
        id: String(event.seq),
        loginId: event.loginId,
        attempt: event.attempts,
        retryInMs: delay,
        error: error instanceof Error ? error.message : String(error),
      });
      await store.settleWebhookEvent(event.seq, now() + delay);
      return;
    }
    await store.settleWebhookEvent(event.seq, null);
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        const at = now();
        const batch = await store.takeDueWebhookEvents(at, BATCH, at + options.leaseMs);
        // One at a time: a partner's handler sees one login's events in the order they came.
        for (const event of batch) await handOne(event);
        if (batch.length < BATCH || stopped) break;
      }
    } while (again && !stopped);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(drain)
      .catch((error: unknown) => logger.error('webhook inbox not worked', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (running = undefined));
  }

  return {
    kick,
    start() {
      if (poll || stopped) return;
      poll = setInterval(kick, options.pollMs);
      // The inbox never keeps a process alive by itself.
      poll.unref?.();
      kick();
    },
    async stop() {
      stopped = true;
      if (poll) clearInterval(poll);
      await running;
    },
  };
}

/** The event `onWebhook` is handed: the stored one, with the login's holders as they are now. */
function toWebhookEvent(event: StoredWebhookEvent, userIds: string[]): WebhookEvent {
  return {
    id: String(event.seq),
    type: event.type,
    login_id: event.loginId,
    ...(event.status !== null && { status: event.status }),
    ...(event.referenceId !== null && { referenceId: event.referenceId }),
    timestamp: event.timestamp,
    received_at: event.receivedAt,
    user_ids: userIds,
    payload: event.payload,
  };
}
