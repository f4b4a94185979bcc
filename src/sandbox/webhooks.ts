import { SIGNATURE_HEADER, signWebhook } from '../contract/webhook-signature.js';
import { referenceId } from './ids.js';
import { sleep } from './sleep.js';

export type WebhookEvent = 'new_transaction' | 'login_status';

/** One try at delivering a webhook. */
export interface WebhookAttempt {
  at: number;
  /** The receiver's HTTP status, or null when it could not be reached. */
  status: number | null;
  error: string | null;
  /** The wait before the next attempt (base delay, doubled each time), or null after the last. */
  retry_in_ms: number | null;
}

/** A webhook and what became of it. */
export interface WebhookDelivery {
  id: number;
  event: WebhookEvent;
  referenceId: string;
  url: string;
  body: Record<string, unknown>;
  /** `pending` while attempts remain, `delivered` on a 2xx, `failed` when attempts ran out (or the sandbox closed). */
  state: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  next_attempt_at: number | null;
}

export interface WebhookDispatcherOptions {
  url: string | undefined;
  signingSecret: string | undefined;
  fetch: typeof fetch;
  now: () => number;
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  signal: AbortSignal;
}

/** POSTs webhooks to the configured URL, retrying with exponential backoff until a 2xx or the attempts run out. */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  #deliveries: WebhookDelivery[] = [];
  readonly #running = new Set<Promise<void>>();
  #nextId = 1;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
  }

  /** Queues a webhook (a `referenceId` and `timestamp` are added); null when no webhook URL is set. */
  send(event: WebhookEvent, payload: Record<string, unknown>): WebhookDelivery | null {
    const { url } = this.#options;
    if (!url) return null;
    const ref = referenceId();
    const delivery: WebhookDelivery = {
      id: this.#nextId++,
      event,
      referenceId: ref,
      url,
      body: { ...payload, timestamp: payload['timestamp'] ?? this.#options.now(), referenceId: ref },
      state: 'pending',
      attempts: [],
      next_attempt_at: this.#options.now(),
    };
    this.#deliveries.push(delivery);
    const run = this.#deliver(delivery).finally(() => this.#running.delete(run));
    this.#running.add(run);
    return delivery;
  }

  list(): WebhookDelivery[] {
    return structuredClone(this.#deliveries);
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  reset(): void {
    this.#deliveries = [];
  }

  async #deliver(delivery: WebhookDelivery): Promise<void> {
    const { attempts, baseDelayMs, signal } = this.#options;
    const body = JSON.stringify(delivery.body);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (signal.aborted) break;
      const result = await this.#attempt(delivery.url, body);
      const delivered = result.status !== null && result.status >= 200 && result.status < 300;
      const delay = delivered || attempt === attempts ? null : baseDelayMs * 2 ** (attempt - 1);
      delivery.attempts.push({ ...result, retry_in_ms: delay });
      if (delivered) {
        delivery.state = 'delivered';
        delivery.next_attempt_at = null;
        return;
      }
      if (delay === null) break;
      delivery.next_attempt_at = this.#options.now() + delay;
      await sleep(delay, signal);
    }
    delivery.state = 'failed';
    delivery.next_attempt_at = null;
  }

  async #attempt(url: string, body: string): Promise<Omit<WebhookAttempt, 'retry_in_ms'>> {
    const { fetch: send, now, signingSecret, timeoutMs, signal } = this.#options;
    const at = now();
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'finsify-sandbox-webhooks' };
    if (signingSecret) headers[SIGNATURE_HEADER] = await signWebhook(signingSecret, body, Math.floor(at / 1000));
    try {
      const response = await send(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return { at, status: response.status, error: response.ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { at, status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
