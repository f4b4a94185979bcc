import type { ProxyStore, WebhookRecordOutcome } from '../store/types.js';
import type { WebhookDelivery } from './parse.js';

/**
 * Records a delivery once (by its key; one without a key every time), before Finsify is answered, in
 * one store step: the login's status when it is not older than the stored one, and the event, which
 * waits in the store's inbox for its hand-over when `onWebhook` should see it (`hasHandler`, and its
 * status applied) or the login has unconfirmed claims to try. A failure records nothing, so Finsify's
 * retry is processed rather than taken for a duplicate.
 */
export async function recordWebhook(
  store: ProxyStore,
  delivery: WebhookDelivery,
  receivedAt: number,
  options: { hasHandler: boolean },
): Promise<WebhookRecordOutcome> {
  const hasUnconfirmedClaims = (await store.unconfirmedLogins(delivery.loginId)).length > 0;
  return store.recordWebhookEvent({
    key: delivery.key ?? null,
    event: {
      type: delivery.type,
      loginId: delivery.loginId,
      referenceId: delivery.referenceId ?? null,
      status: delivery.status ?? null,
      timestamp: delivery.timestamp,
      receivedAt,
      payload: delivery.payload,
    },
    handOver: hasUnconfirmedClaims ? true : options.hasHandler ? 'if-applied' : false,
  });
}
