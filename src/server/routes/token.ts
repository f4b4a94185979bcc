import type { Context, Hono } from 'hono';
import { jsonBody } from '../body.js';
import { ownLogin, parseId, type ProxyDeps, type ProxyEnv } from '../context.js';
import type { CustomerResolver } from '../customers.js';
import { ProxyError, dataInvalid } from '../errors.js';
import type { Guards } from '../guards.js';
import { isState, joinUrl } from '../../contract/state.js';
import type { SecretMode } from '../types.js';
import type { FinsifyResponse } from '../finsify-client.js';
import { sendUpstream } from '../upstream.js';
import { withPageHints } from '../page-hints.js';

/** How long a server-mode state can be answered by Finsify's callback. */
export const DEFAULT_STATE_LIFETIME_MS = 15 * 60 * 1000;

/** Where a token's flow comes back to, and how long a server-mode state stays usable. */
export interface TokenSettings {
  customers: CustomerResolver;
  secretMode: (request: Request) => SecretMode;
  /** Browser mode: the partner's callback page. */
  callbackBaseUrl: string;
  /** Server mode: this proxy's public URL. */
  publicUrl: string | undefined;
  stateLifetimeMs: number;
  /** Add the widget's page language and theme to `connect_url` (see `page-hints.ts`). */
  forwardPageHints: boolean;
}

/**
 * `POST /token`: `{service_id, state}` for a new connection, `{login_id, state}` for a reconnect.
 * The `callback_url` registered with Finsify is built here from configured bases and the validated
 * state, never from anything else the browser sends.
 */
export function registerTokenRoute(app: Hono<ProxyEnv>, deps: ProxyDeps, guards: Guards, settings: TokenSettings): void {
  app.post('/token', guards.write, jsonBody(), async (c) => {
    const userId = c.get('userId');
    const body = c.get('body');
    const state = body.state;
    if (!isState(state)) throw dataInvalid('state', 'state must be 22 to 64 characters of A-Z a-z 0-9 _ -.');
    const hasService = body.service_id !== undefined && body.service_id !== null;
    const hasLogin = body.login_id !== undefined && body.login_id !== null;
    if (hasService === hasLogin) {
      throw dataInvalid(hasService ? 'login_id' : 'service_id', 'Send service_id for a new connection or login_id for a reconnect, not both.');
    }

    const mode = settings.secretMode(c.req.raw);
    const callbackUrl =
      mode === 'server' && settings.publicUrl ? joinUrl(`${settings.publicUrl}/callback`, state) : joinUrl(settings.callbackBaseUrl, state);
    const pending = async (serviceId: number | null, loginId: number | null) => {
      if (mode !== 'server') return;
      const now = deps.now();
      const kept = await deps.store.savePendingState(
        { state, userId, flow: loginId === null ? 'new' : 'reconnect', serviceId, loginId, expiresAt: now + settings.stateLifetimeMs },
        now,
      );
      // A state binds one flow of one user: a second token request with it must not re-bind it.
      if (!kept) throw new ProxyError(409, 'StateInUse', 'This state is already bound to a connect flow; start a new flow with a new state.', { field: 'state' });
    };

    if (hasService) {
      const serviceId = parseId(body.service_id, 'service_id');
      const customerId = await settings.customers.resolve(userId, c.get('finsify'));
      await pending(serviceId, null);
      const response = await c.get('finsify').createToken({ customer_id: customerId, service_id: serviceId, callback_url: callbackUrl });
      return sendToken(c, response, deps.secrets, settings.forwardPageHints);
    }

    const loginId = parseId(body.login_id, 'login_id');
    const login = await ownLogin(c, deps.vault, loginId);
    await pending(login.serviceId, loginId);
    const response = await c.get('finsify').reconnectToken(login.secret, callbackUrl);
    return sendToken(c, response, [...deps.secrets, login.secret], settings.forwardPageHints);
  });
}

/**
 * Finsify's token answer with only what the widget uses, `data.id` and `data.connect_url` (as strings),
 * so nothing else Finsify may put in it reaches the browser; its errors pass on as `sendUpstream` does.
 */
function sendToken(c: Context, response: FinsifyResponse, secrets: readonly string[], forwardPageHints: boolean): Response {
  if (response.status < 200 || response.status >= 300) return sendUpstream(c, response, secrets);
  const data: unknown = response.body && typeof response.body === 'object' ? (response.body as { data?: unknown }).data : undefined;
  const field = (name: 'id' | 'connect_url') =>
    data && typeof data === 'object' && typeof (data as Record<string, unknown>)[name] === 'string' ? ((data as Record<string, unknown>)[name] as string) : undefined;
  const connectUrl = field('connect_url');
  return c.json({ data: { id: field('id'), connect_url: connectUrl && forwardPageHints ? withPageHints(connectUrl, c.req.raw) : connectUrl }, version: 'v2' });
}

