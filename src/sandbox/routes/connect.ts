import { Hono, type Context } from 'hono';
import { errorPage, loginPage, NEUTRAL_BRAND, termsPage, type PageBrand } from '../connect-pages.js';
import type { SandboxContext, SandboxEnv } from '../context.js';
import { MAX_WRONG_ATTEMPTS, outcomeFor } from '../credentials.js';
import { seedById } from '../data/services.js';
import { errorResponse, FinsifyError } from '../errors.js';
import { markup, nonce as createNonce } from '../html.js';
import { createLogin } from '../logins.js';
import { pagePreferences, preferenceQuery } from '../page-preferences.js';
import { parseUrl } from '../../contract/url.js';
import { isAppCallback } from '../request.js';
import { sleep } from '../sleep.js';
import type { TokenRecord } from '../store.js';

/**
 * What the connect flow sends back to `callback_url`: `success` carries `login_id` and `secret`;
 * otherwise one of `cancel`, `login_account_locked`, `login_password_expired`,
 * `login_wrong_credentials` (after too many wrong passwords) or `token_expired`.
 */
export type ConnectResult =
  | { status: 'success'; login_id: number; secret: string }
  | { status: 'cancel' | 'login_account_locked' | 'login_password_expired' | 'login_wrong_credentials' | 'token_expired' };

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The app's custom-scheme callback URL (`yourapp://finsify-hub`), or undefined for an http(s) one. */
function appCallback(token: TokenRecord): URL | undefined {
  const url = parseUrl(token.callback_url);
  return url && isAppCallback(url) ? url : undefined;
}

/** The CSP source of the callback: its origin, or its scheme (`yourapp:`) for an app's custom scheme. */
function callbackSource(token: TokenRecord): string | null {
  return appCallback(token)?.protocol ?? originOf(token.callback_url);
}

/** Security headers of every connect page answer (pages and redirects alike). */
function pageHeaders(ctx: SandboxContext, request: Request, nonce: string, token?: TokenRecord): Record<string, string> {
  const media = originOf(ctx.publicUrl(request));
  const callback = token ? callbackSource(token) : null;
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src 'self'${media ? ` ${media}` : ''}`,
    // Browsers apply form-action to the redirect that ends the flow, so the partner's origin is allowed.
    `form-action 'self'${callback ? ` ${callback}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
  if (ctx.settings.crossOriginOpenerPolicy) headers['cross-origin-opener-policy'] = 'same-origin';
  return headers;
}

function wantsJson(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** An error on a connect page: an HTML page for people, the spec's JSON for API clients. */
export function connectErrorResponse(ctx: SandboxContext, request: Request, error: FinsifyError, headers: Record<string, string> = {}): Response {
  if (wantsJson(request)) return errorResponse(error, headers);
  const nonce = createNonce();
  const body = errorPage({ nonce, preferences: pagePreferences(request), message: error.message, errorName: error.error });
  return new Response(body, { status: error.status, headers: { ...pageHeaders(ctx, request, nonce), ...headers } });
}

function brandOf(ctx: SandboxContext, request: Request, token: TokenRecord): PageBrand {
  const seed = seedById(token.service_id);
  if (!seed) return NEUTRAL_BRAND;
  const logoUrl = seed.logo === false ? null : `${ctx.publicUrl(request)}/media/services/${seed.slug}-logo.svg`;
  return { name: seed.name, primary: `#${seed.primary}`, mark: seed.mark, logoUrl };
}

/**
 * How the terms page names the partner: the client's configured `name`, else the host its
 * callback goes to (all the sandbox knows of a client configured without one).
 */
function partnerName(ctx: SandboxContext, token: TokenRecord): string {
  const configured = ctx.clients.find((client) => client.clientId === token.client_id)?.name?.trim();
  if (configured) return configured;
  // A mobile app's callback has no host worth showing: its scheme is the app.
  if (appCallback(token)) return token.callback_url;
  try {
    return new URL(token.callback_url).host || token.client_id;
  } catch {
    return token.client_id;
  }
}

/**
 * The connect pages at `/v2/connect/term/:id`: terms, then the login form; every outcome ends in a
 * 303 to `callback_url + "/" + encodeURIComponent(JSON.stringify(result))`, or for a mobile app's
 * custom-scheme callback to `callback_url + "/" + JSON.stringify(result)` as the spec's "Describe
 * flow" writes it (`yourapp://finsify-hub/{"status":"success","login_id":23456,"secret":"…"}`), with
 * a page showing that address to a browser that does not follow it. The token is checked
 * (known, unused, unexpired) when a page opens and again when a form is posted; an expired token
 * ends the flow with `token_expired`, an unknown or used one shows a `TokenExpire` page.
 */
export function connectRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  const finish = (c: Context<SandboxEnv>, token: TokenRecord, result: ConnectResult): Response => {
    token.used_at = ctx.now();
    if (appCallback(token)) {
      // The result holds no text from the person (a status, a number, a UUID): written as the spec
      // does, it is plain ASCII, safe in a header and a URL.
      const location = `${token.callback_url}/${JSON.stringify(result)}`;
      const body = markup`<!doctype html><meta charset="utf-8"><title>Back to the app</title><p>Back to the app: <a href="${location}">${location}</a></p>`;
      return new Response(body.value, { status: 303, headers: { ...pageHeaders(ctx, c.req.raw, createNonce(), token), location } });
    }
    const location = `${token.callback_url}/${encodeURIComponent(JSON.stringify(result))}`;
    return new Response(null, { status: 303, headers: { ...pageHeaders(ctx, c.req.raw, createNonce(), token), location } });
  };

  /** The token when the flow can go on; otherwise the answer that ends it. */
  const check = (c: Context<SandboxEnv>): TokenRecord | Response => {
    const token = ctx.store.token(c.req.param('id') ?? '');
    if (!token) return connectErrorResponse(ctx, c.req.raw, new FinsifyError('TokenExpire', 'This connection link is not valid. Please create a new token.'));
    if (token.used_at !== null) {
      return connectErrorResponse(ctx, c.req.raw, new FinsifyError('TokenExpire', 'This connection link has already been used. Please create a new token.'));
    }
    if (ctx.now() >= token.expires_at) return finish(c, token, { status: 'token_expired' });
    return token;
  };

  /** The page the token is at; `typedUsername` keeps what the person typed after a wrong password. */
  const render = (c: Context<SandboxEnv>, token: TokenRecord, typedUsername?: string): Response => {
    const nonce = createNonce();
    const brand = brandOf(ctx, c.req.raw, token);
    const preferences = pagePreferences(c.req.raw);
    const reconnect = token.login_id !== null;
    const body = token.terms_accepted
      ? loginPage({
          nonce,
          brand,
          preferences,
          reconnect,
          username: typedUsername ?? (reconnect ? ctx.store.login(token.login_id!)?.username : undefined),
          failedAttempts: token.failed_attempts,
        })
      : termsPage({ nonce, brand, preferences, reconnect, partner: partnerName(ctx, token) });
    return new Response(body, { headers: pageHeaders(ctx, c.req.raw, nonce, token) });
  };

  app.get('/connect/term/:id', (c) => {
    const token = check(c);
    return token instanceof Response ? token : render(c, token);
  });

  app.post('/connect/term/:id', async (c) => {
    const opened = check(c);
    if (opened instanceof Response) return opened;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    // Checked again once the form is read: a second submit may have ended the flow meanwhile, and
    // from here to the answer nothing waits, so one token cannot make two logins.
    const token = check(c);
    if (token instanceof Response) return token;
    const text = (name: string): string => {
      const value = form[name];
      return typeof value === 'string' ? value.slice(0, 200) : '';
    };
    const action = text('action');
    // After accepting, go back to the page (post/redirect/get), which now shows the login form,
    // in the same language and theme.
    const location = `${encodeURIComponent(token.id)}${preferenceQuery(c.req.raw)}`;
    const back = (): Response => new Response(null, { status: 303, headers: { ...pageHeaders(ctx, c.req.raw, createNonce(), token), location } });

    if (action === 'cancel') return finish(c, token, { status: 'cancel' });
    if (action === 'accept') {
      token.terms_accepted = true;
      return back();
    }
    if (action !== 'login' || !token.terms_accepted) return back();

    const username = text('username');
    const outcome = outcomeFor(username, text('password'));
    if (outcome === 'wrong_password') {
      token.failed_attempts += 1;
      if (token.failed_attempts >= MAX_WRONG_ATTEMPTS) return finish(c, token, { status: 'login_wrong_credentials' });
      // The username stays for the next try; the password is never sent back.
      return render(c, token, username);
    }
    const existing = token.login_id === null ? undefined : ctx.store.login(token.login_id);
    if (outcome === 'login_account_locked' || outcome === 'login_password_expired') {
      if (existing) existing.status = outcome;
      return finish(c, token, { status: outcome });
    }
    if (outcome === 'slow_success') {
      // Mark the token used first, so a second submit while the bank "works" cannot connect twice.
      token.used_at = ctx.now();
      await sleep(ctx.slowBankDelayMs, ctx.closing);
    }
    let login = existing;
    if (login) {
      // A reconnect keeps the login and its secret: the partner's stored secret stays valid.
      login.status = 'success';
      login.username = username.trim();
    } else {
      login = createLogin(ctx, token, username.trim());
    }
    return finish(c, token, { status: 'success', login_id: login.id, secret: login.secret });
  });

  return app;
}
