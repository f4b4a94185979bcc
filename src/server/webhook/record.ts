import type { ProxyStore } from '../store/types.js';
import type { ProxyLogger } from '../types.js';
import type { WebhookDelivery } from './parse.js';

/** What recording a delivery did: nothing for a repeat; else whether its status was applied, and who holds the login. */
export type WebhookRecord =
  | { duplicate: true }
  | { duplicate: false; applied: boolean; userIds: string[]; hasUnconfirmedClaims: boolean };

/**
 * Records a delivery once (by its key; one without a key every time): keeps the login's status when it
 * is not older than the stored one, and the event for `GET /webhooks`. Everything that can fail runs
 * here, before Finsify is answered; if any of it fails the key is forgotten again, so Finsify's retry is
 * processed rather than taken for a duplicate (saving the same status again is harmless: a status at the
 * same time is applied again).
 */
export async function recordWebhook(
  store: ProxyStore,
  delivery: WebhookDelivery,
  receivedAt: number,
  options: { owners: boolean; logger: ProxyLogger },
): Promise<WebhookRecord> {
  const { key, loginId, status } = delivery;
  if (key && !(await store.markWebhookSeen(key, receivedAt))) return { duplicate: true };
  try {
    const userIds = options.owners ? await store.loginOwners(loginId) : [];
    const hasUnconfirmedClaims = (await store.unconfirmedLogins(loginId)).length > 0;
    const applied = status === undefined ? true : await store.setLoginStatus(loginId, status, delivery.timestamp);
    await store.addWebhookEvent({
      type: delivery.type,
      loginId,
      referenceId: delivery.referenceId ?? null,
      status: status ?? null,
      timestamp: delivery.timestamp,
      receivedAt,
      applied,
      payload: delivery.payload,
    });
    return { duplicate: false, applied, userIds, hasUnconfirmedClaims };
  } catch (error) {
    if (key) {
      try {
        await store.forgetWebhookSeen(key);
      } catch (forgetError) {
        options.logger.error('webhook key not forgotten after a failure; its retry will be taken for a duplicate', {
          loginId,
          referenceId: delivery.referenceId,
          error: String(forgetError),
        });
      }
    }
    throw error;
  }
}
