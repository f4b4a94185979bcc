import type { LoginClaims } from '../login-claims.js';
import { backoffDelay } from '../retry.js';
import type { ProxyStore, StoredWebhookEvent } from '../store/types.js';
import type { ProxyLogger, WebhookDeliveryOptions, WebhookEvent } from '../types.js';

/** How the inbox is worked by default: see {@link WebhookDeliveryOptions}. */
export const DEFAULT_WEBHOOK_DELIVERY: Required<WebhookDeliveryOptions> = { leaseMs: 60_000, pollMs: 5_000, maxDelayMs: 5 * 60_000 };

/** No setting of `webhookDelivery` goes below this: a loop of zero waits would hold the process. */
const MIN_DELIVERY_MS = 100;
/** The first wait before a failed hand-over is tried again; it doubles up to `maxDelayMs`. */
const FIRST_RETRY_MS = 1_000;
/** How long `stop()` waits for a running hand-over by default; the lease brings it back later. */
const DEFAULT_STOP_WAIT_MS = 25_000;

/**
 * Works the store's webhook inbox: each recorded event that waits for its hand-over is taken (leased,
 * so one process at a time has it), its login's unconfirmed claims are tried with Finsify when it has
 * some (bounded, see claim-confirmation.ts), `onWebhook` runs with it, and only then is it settled.
 * Events are taken one at a time, so each is leased only while it is handed over, and the server gets
 * a turn between them. A failing `onWebhook`, or one that outlives half the lease, is tried again with
 * backoff until it succeeds; one a stopped or crashed process left (its lease ran out) is taken again,
 * by this process after a restart or by another instance. So `onWebhook` sees each event at least
 * once, with the same `id` each time.
 */
export interface WebhookHandOver {
  /** Works what is due soon (a delivery was just recorded); starts looking at the inbox regularly. */
  kick(): void;
  /** Starts looking at the inbox every `pollMs` (retries, and what a stopped process left); works it at once. */
  start(): void;
  /** Stops looking, and waits for the hand-over running, `waitMs` at most. */
  stop(waitMs?: number): Promise<void>;
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
  for (const key of ['leaseMs', 'pollMs', 'maxDelayMs'] as const) options[key] = Math.max(MIN_DELIVERY_MS, Number(options[key]) || MIN_DELIVERY_MS);
  let running: Promise<void> | undefined;
  let again = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  /** `work` with a time limit: a handler that never settles must not hold the inbox. */
  function limited(work: Promise<void>, ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`onWebhook did not finish within ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  async function handOne(event: StoredWebhookEvent): Promise<void> {
    try {
      await limited(
        (async () => {
          if ((await store.unconfirmedLogins(event.loginId)).length > 0) await deps.claims.confirmForWebhook(event.loginId).catch(() => []);
          if (deps.onWebhook && event.applied) await deps.onWebhook(toWebhookEvent(event, await store.loginOwners(event.loginId)));
        })(),
        Math.floor(options.leaseMs / 2),
      );
    } catch (error) {
      const delay = Math.max(MIN_DELIVERY_MS, backoffDelay(event.attempts - 1, { baseDelayMs: FIRST_RETRY_MS, maxDelayMs: options.maxDelayMs }, deps.random));
      logger.error('onWebhook failed; the event is handed over again later', {
        id: idOf(event),
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
      while (!stopped) {
        const at = now();
        const [event] = await store.takeDueWebhookEvents(at, 1, at + options.leaseMs);
        if (!event) break;
        await handOne(event);
        // A backlog (after an outage) must not hold the server: requests and timers get a turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } while (again && !stopped);
  }

  function kick(): void {
    if (stopped) return;
    if (!poll) start();
    if (running) {
      again = true;
      return;
    }
    running = new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(drain)
      .catch((error: unknown) => logger.error('webhook inbox not worked', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = undefined;
        // A delivery recorded as the last pass ended: work it now rather than at the next look.
        if (again && !stopped) kick();
      });
  }

  function start(): void {
    if (poll || stopped) return;
    poll = setInterval(kick, options.pollMs);
    // The inbox never keeps a process alive by itself.
    poll.unref?.();
    kick();
  }

  return {
    kick,
    start,
    async stop(waitMs = DEFAULT_STOP_WAIT_MS) {
      stopped = true;
      if (poll) clearInterval(poll);
      if (!running) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    },
  };
}

/**
 * The event's id for `onWebhook`: its arrival time and its place in the store, so an event handed over
 * again keeps it, and a new store (a restart of the memory store, a new file) does not reuse it.
 */
function idOf(event: StoredWebhookEvent): string {
  return `${event.receivedAt.toString(36)}-${event.seq}`;
}

/** The event `onWebhook` is handed: the stored one, with the login's holders as they are now. */
function toWebhookEvent(event: StoredWebhookEvent, userIds: string[]): WebhookEvent {
  return {
    id: idOf(event),
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
