import type { Hono, MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import { WEBHOOK_BODY_LIMIT, limitBody } from '../body.js';
import type { ProxyDeps, ProxyEnv } from '../context.js';
import type { Guards } from '../guards.js';
import type { WebhookHandOver } from '../webhook/hand-over.js';
import { parseWebhook } from '../webhook/parse.js';
import { recordWebhook } from '../webhook/record.js';
import { refuseUnconfigured, requireWebhookSignature, requireWebhookToken } from '../webhook/verify.js';

/** Recent events listed by `GET /webhooks` at most. */
const LIST_LIMIT = 100;

/** How `POST /webhook` is set up. */
export interface WebhookSettings {
  /** Required as the `token` query parameter when set. */
  token: string | undefined;
  /** Checks `Finsify-Signature` with it when set. */
  secret: string | undefined;
  /** With neither `token` nor `secret`: accept deliveries anyway (local work), else refuse them all. */
  allowUnauthenticated: boolean;
  toleranceMs: number;
  /** Whether the partner handles events (`onWebhook`): then the events it should see wait in the inbox for it. */
  hasHandler: boolean;
  handOver: WebhookHandOver;
}

/**
 * `POST /webhook` receives Finsify's events in four steps: verify (the `token` query parameter when
 * `webhookToken` is set, the body limit, the signature when `webhookSecret` is set; with neither, every
 * delivery is `401` unless `allowUnauthenticatedWebhooks`), parse (see
 * webhook/parse.ts), record (once per delivery, in one store step before the answer: see webhook/record.ts),
 * and hand over (claim confirmation and `onWebhook`, from the store's inbox, after the answer and at
 * least once: see webhook/hand-over.ts).
 * `GET /webhooks` lists recent events about the signed-in user's logins (for the demo's live feed).
 */
export function registerWebhookRoutes(app: Hono<ProxyEnv>, deps: ProxyDeps, guards: Guards, settings: WebhookSettings): void {
  const checks: MiddlewareHandler[] = [];
  if (!settings.token && !settings.secret && !settings.allowUnauthenticated) checks.push(refuseUnconfigured);
  if (settings.token) checks.push(requireWebhookToken(settings.token, deps.logger));
  checks.push(limitBody(WEBHOOK_BODY_LIMIT));
  if (settings.secret) checks.push(requireWebhookSignature(settings.secret, settings.toleranceMs, deps.now, deps.logger));

  app.post('/webhook', every(...checks), async (c) => {
    const raw = await c.req.text();
    const receivedAt = deps.now();
    const delivery = parseWebhook(raw, receivedAt);
    const { loginId, status, referenceId } = delivery;
    const record = await recordWebhook(deps.store, delivery, receivedAt, { hasHandler: settings.hasHandler });
    if (record.duplicate) {
      deps.logger.info('duplicate webhook ignored', { loginId, referenceId });
      return c.json({ received: true, duplicate: true, applied: false });
    }
    deps.logger.info('webhook received', { type: delivery.type, loginId, status, applied: record.applied });
    if (record.pending) settings.handOver.kick();
    return c.json({ received: true, duplicate: false, applied: record.applied });
  });

  app.get('/webhooks', guards.read, async (c) => {
    const logins = await deps.store.listLogins(c.get('userId'));
    // Only confirmed logins, as only their confirmed owners are handed the events.
    const events = await deps.store.listWebhookEvents(
      logins.filter((login) => login.confirmed).map((login) => login.loginId),
      LIST_LIMIT,
    );
    return c.json({
      data: events.map((event) => ({
        type: event.type,
        login_id: event.loginId,
        status: event.status,
        referenceId: event.referenceId,
        applied: event.applied,
        timestamp: new Date(event.timestamp).toISOString(),
        received_at: new Date(event.receivedAt).toISOString(),
        payload: event.payload,
      })),
      version: 'v2',
    });
  });
}
