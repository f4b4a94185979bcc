import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { WEBHOOK_BODY_LIMIT, readText } from '../body.js';
import { guard, parseId, sendJson, type ProxyDeps, type ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';
import { confirmClaims } from '../claim-confirmation.js';
import type { WebhookEvent, WebhookEventType } from '../types.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../webhook-signature.js';

/** Recent events listed by `GET /webhooks` at most. */
const LIST_LIMIT = 100;

function classify(payload: Record<string, unknown>): WebhookEventType {
  if (typeof payload.status === 'string') return 'login_status';
  if ('accounts' in payload || 'new' in payload) return 'transactions';
  return 'unknown';
}

/** How far ahead of its arrival an event's `timestamp` may be (clock skew) and still be believed. */
const WEBHOOK_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How old an event's `timestamp` may be and still be believed (Finsify's retries take hours, not weeks). */
const WEBHOOK_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Whether the request's `token` query parameter is `expected`, compared in constant time (as hashes, so lengths never leak). */
function tokenMatches(url: string, expected: string): boolean {
  const given = new URL(url).searchParams.get('token');
  if (given === null) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Deepest nesting of objects and arrays a webhook body may have; Finsify's are 3 deep. */
const MAX_PAYLOAD_DEPTH = 32;

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, read without recursion. A deeper
 * payload would be stored, and then overflow the stack wherever it is turned back into text
 * (`GET /webhooks`, the SQLite store's write).
 */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/** Finsify's `timestamp` is in ms; a value that can only be seconds is read as seconds. */
function timestampOf(payload: Record<string, unknown>): number | undefined {
  const value = payload.timestamp;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return value < 1e11 ? value * 1000 : value;
}

/**
 * When the event happened, as far as it can be believed: its own time when that lies between
 * {@link WEBHOOK_MAX_AGE_MS} before its arrival and {@link WEBHOOK_FUTURE_SKEW_MS} after, else its
 * arrival; never later than its arrival, so no webhook moves a stored status time past now (one far
 * in the future would make every later status look older, one beyond `Date`'s range would break
 * every listing of the login).
 */
function eventTimeOf(claimed: number | undefined, receivedAt: number): number {
  if (claimed === undefined || claimed > receivedAt + WEBHOOK_FUTURE_SKEW_MS || claimed < receivedAt - WEBHOOK_MAX_AGE_MS) return receivedAt;
  return Math.min(claimed, receivedAt);
}

/**
 * `POST /webhook` receives Finsify's events: checks the `token` query parameter when `webhookToken` is
 * set and the signature when `webhookSecret` is set, records
 * each delivery once (by `referenceId`, else by the body when it carries a timestamp; a delivery that
 * failed half-way is forgotten, so Finsify's retry is processed), keeps a login
 * status only when it is not older than the stored one (by the event's time, see {@link eventTimeOf}),
 * and answers at once; `onWebhook` runs after.
 * `GET /webhooks` lists recent events about the signed-in user's logins (for the demo's live feed).
 */
export function registerWebhookRoutes(app: Hono<ProxyEnv>, deps: ProxyDeps): void {
  app.post('/webhook', async (c) => {
    if (deps.webhookToken && !tokenMatches(c.req.url, deps.webhookToken)) {
      deps.logger.warn('webhook refused: missing or wrong token');
      throw new ProxyError(401, 'Unauthorized', 'The webhook token is missing or wrong.');
    }
    const raw = await readText(c.req.raw, WEBHOOK_BODY_LIMIT);
    const receivedAt = deps.now();
    if (deps.webhookSecret) {
      const check = await verifyWebhookSignature(c.req.header(SIGNATURE_HEADER) ?? null, raw, deps.webhookSecret, receivedAt, deps.webhookToleranceMs);
      if (!check.ok) {
        deps.logger.warn('webhook signature rejected', { reason: check.reason });
        throw new ProxyError(401, 'SignatureInvalid', `The Finsify-Signature header is ${check.reason}.`);
      }
    }
    if (nestedDeeperThan(raw, MAX_PAYLOAD_DEPTH)) throw new ProxyError(400, 'BadRequest', `The body nests deeper than ${MAX_PAYLOAD_DEPTH} levels.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ProxyError(400, 'BadRequest', 'The body is not valid JSON.');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ProxyError(400, 'BadRequest', 'The body must be a JSON object.');
    const payload = parsed as Record<string, unknown>;
    const loginId = parseId(payload.login_id, 'login_id');
    const type = classify(payload);
    const claimedTime = timestampOf(payload);
    const timestamp = eventTimeOf(claimedTime, receivedAt);
    const referenceId = typeof payload.referenceId === 'string' && payload.referenceId.length <= 200 ? payload.referenceId : undefined;
    const key = referenceId ? `ref:${referenceId}` : claimedTime !== undefined ? `body:${createHash('sha256').update(raw).digest('hex')}` : undefined;

    if (key && !(await deps.store.markWebhookSeen(key, receivedAt))) {
      deps.logger.info('duplicate webhook ignored', { loginId, referenceId });
      return sendJson(c, deps, 200, { received: true, duplicate: true, applied: false });
    }
    const status = type === 'login_status' ? (payload.status as string) : undefined;
    let applied: boolean;
    let userIds: string[] | undefined;
    let unconfirmed = false;
    try {
      // Everything that can fail runs before the answer; the key counts as seen only once all of it is done.
      userIds = deps.onWebhook ? await deps.store.loginOwners(loginId) : undefined;
      unconfirmed = (await deps.store.unconfirmedLogins(loginId)).length > 0;
      applied = status === undefined ? true : await deps.store.setLoginStatus(loginId, status, timestamp);
      await deps.store.addWebhookEvent({
        type,
        loginId,
        referenceId: referenceId ?? null,
        status: status ?? null,
        timestamp,
        receivedAt,
        applied,
        payload,
      });
    } catch (error) {
      // Finsify retries a failed delivery: let the retry be processed, not taken for a duplicate.
      // (Saving the same status again is harmless: a status at the same time is applied again.)
      if (key) {
        try {
          await deps.store.forgetWebhookSeen(key);
        } catch (forgetError) {
          deps.logger.error('webhook key not forgotten after a failure; its retry will be taken for a duplicate', {
            loginId,
            referenceId,
            error: String(forgetError),
          });
        }
      }
      throw error;
    }
    deps.logger.info('webhook received', { type, loginId, status, applied });
    const event: WebhookEvent | undefined =
      applied && deps.onWebhook
        ? {
            type,
            login_id: loginId,
            ...(status !== undefined && { status }),
            ...(referenceId !== undefined && { referenceId }),
            timestamp,
            received_at: receivedAt,
            user_ids: userIds ?? [],
            payload,
          }
        : undefined;
    if (event || unconfirmed) schedule(deps, event, unconfirmed ? loginId : undefined);
    return sendJson(c, deps, 200, { received: true, duplicate: false, applied });
  });

  app.get('/webhooks', async (c) => {
    const userId = await guard(c, deps, { write: false, limited: false });
    const logins = await deps.store.listLogins(userId);
    // Only confirmed logins, as only their confirmed owners are handed the events.
    const events = await deps.store.listWebhookEvents(
      logins.filter((login) => login.confirmed).map((login) => login.loginId),
      LIST_LIMIT,
    );
    return sendJson(c, deps, 200, {
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

/**
 * After the response is on its way, so neither delays Finsify's delivery: tries to confirm the
 * login's unconfirmed claims when it has some (see {@link confirmClaims}: once a minute per login id
 * at most, round-robin; the users it confirms are added to the event's), then runs `onWebhook`.
 */
function schedule(deps: ProxyDeps, event: WebhookEvent | undefined, confirmLoginId: number | undefined): void {
  const hook = deps.onWebhook;
  const run: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(async () => {
      const confirmed = confirmLoginId === undefined ? [] : await confirmClaims(deps, confirmLoginId).catch(() => []);
      if (!event || !hook) return;
      const users = [...event.user_ids, ...confirmed.filter((user) => !event.user_ids.includes(user))];
      await hook({ ...event, user_ids: users });
    })
    .catch((error: unknown) => deps.logger.error('onWebhook failed', { loginId: event?.login_id, error: String(error) }))
    .finally(() => deps.running.delete(run));
  deps.running.add(run);
}
