import type { LoginClaims } from '../login-claims.js';
import type { ProxyLogger, WebhookEvent } from '../types.js';

/** Runs the work a webhook leaves for after Finsify's answer, and knows what is still running. */
export interface WebhookHandOver {
  /**
   * After the response is on its way, so neither delays Finsify's delivery: tries to confirm the
   * login's unconfirmed claims when `confirmLoginId` is given (once a minute per login id at most,
   * round-robin; the users it confirms are added to the event's), then runs `onWebhook` with the event.
   */
  handOver(event: WebhookEvent | undefined, confirmLoginId: number | undefined): void;
  /** Resolves once every hand-over started so far has finished (for `close()`). */
  settled(): Promise<void>;
}

export function createWebhookHandOver(
  onWebhook: ((event: WebhookEvent) => void | Promise<void>) | undefined,
  claims: LoginClaims,
  logger: ProxyLogger,
): WebhookHandOver {
  const running = new Set<Promise<void>>();
  return {
    handOver(event, confirmLoginId) {
      const run: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 0))
        .then(async () => {
          const confirmed = confirmLoginId === undefined ? [] : await claims.confirmForWebhook(confirmLoginId).catch(() => []);
          if (!event || !onWebhook) return;
          const users = [...event.user_ids, ...confirmed.filter((user) => !event.user_ids.includes(user))];
          await onWebhook({ ...event, user_ids: users });
        })
        .catch((error: unknown) => logger.error('onWebhook failed', { loginId: event?.login_id, error: String(error) }))
        .finally(() => running.delete(run));
      running.add(run);
    },
    async settled() {
      await Promise.allSettled([...running]);
    },
  };
}
