import type { ProxyStore } from './store/types.js';
import type { Transport } from './transport.js';

/** Something that may or may not be a promise: store methods and hooks may be sync or async. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Where the Finsify login secret goes after a connect:
 * - `'browser'`: Finsify redirects to the partner's callback page (`callbackBaseUrl/<state>/<result>`),
 *   whose `completeConnect()` hands `{login_id, secret}` to the widget; the page then `POST`s it to `/logins`.
 * - `'server'`: Finsify redirects to this proxy (`publicUrl/callback/<state>/<result>`), which keeps the
 *   secret and sends the popup on to the done page with `status` and `login_id` only.
 */
export type SecretMode = 'browser' | 'server';

/** Structured logging hooks. The proxy never passes a secret to them (service, app or login secret). */
export interface ProxyLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Per-window request budgets; a request over either budget gets `429 TooManyRequests` with `Retry-After`. */
export interface RateLimitOptions {
  /** Length of one counting window, in milliseconds. */
  windowMs: number;
  /** Requests one signed-in user may make per window (routes that reach Finsify or write). */
  maxPerUser: number;
  /** Requests one client address may make per window, counted before the user is known. */
  maxPerAddress: number;
}

/** The kinds of webhook Finsify sends (spec, "Webhooks"); `unknown` for anything newer. */
export type WebhookEventType = 'transactions' | 'login_status' | 'unknown';

/** One webhook event as the proxy recorded it, handed to `options.onWebhook`. */
export interface WebhookEvent {
  /**
   * The event's id in the store. `onWebhook` sees each event at least once: a hand-over that failed, or
   * that a stop or crash cut short, comes again with the same id, so drop repeats by it.
   */
  id: string;
  /** `transactions` for "new transaction", `login_status` for "login status has changed". */
  type: WebhookEventType;
  /** The Finsify login the event is about. */
  login_id: number;
  /** The login's new status, for `login_status` events (`login_wrong_credentials`, ...). */
  status?: string;
  /** Finsify's `referenceId`, by which duplicate deliveries are recognised. */
  referenceId?: string;
  /**
   * When the event happened (Finsify's `timestamp`, in ms) when that is at most 30 days before its
   * arrival and not after it (up to 5 minutes ahead is taken as clock skew and read as the arrival),
   * else when it was received.
   */
  timestamp: number;
  /** When the proxy received it, in ms since the epoch. */
  received_at: number;
  /** The partner users who hold this login when the event is handed over (usually one; empty when the proxy does not know it). */
  user_ids: string[];
  /** The event's JSON body as Finsify sent it. */
  payload: Record<string, unknown>;
}

/** Options of {@link createFinsifyProxy}. */
export interface FinsifyProxyOptions {
  /** Finsify's API origin; the proxy calls `<finsifyBaseUrl>/v2/...`. Default `https://api.finsify.com`. */
  finsifyBaseUrl?: string;
  /** Your Finsify `Client-Id`. */
  clientId: string;
  /** Your Finsify `Service-secret` (web services). One of `serviceSecret` or `appSecret` is required. */
  serviceSecret?: string;
  /** Your Finsify `App-secret` (mobile apps), used when no `serviceSecret` is given. */
  appSecret?: string;
  /**
   * Who is signed in: your own user id for this request (from your session cookie, say), or `null`
   * for nobody, which answers `401 Unauthorized`. Called on every route except `POST /webhook`.
   */
  identify(request: Request): string | null | Promise<string | null>;
  /**
   * The Finsify customer `identifier` for one of your users. Default: the user id itself.
   * Must be stable: Finsify refuses a second customer with the same identifier.
   */
  customerIdentifier?(userId: string): string;
  /**
   * Browser-kept mode: the base of your callback page (the page that runs `completeConnect()`).
   * The proxy registers `callback_url = callbackBaseUrl + '/' + state` with each token.
   */
  callbackBaseUrl: string;
  /** Who keeps the login secret, fixed or decided per token request. Default `'browser'`. */
  secretMode?: SecretMode | ((request: Request) => SecretMode);
  /**
   * The proxy's own public URL, including any mount prefix (e.g. `https://partner.example/api/finsify`).
   * Required when `secretMode` may be `'server'`: then `callback_url = publicUrl + '/callback/' + state`.
   */
  publicUrl?: string;
  /**
   * Server mode: where `GET /callback/:state` sends the popup, as
   * `doneUrl + '/' + state + '?status=…&login_id=…'` (the state as the last path segment, so the page's
   * `completeConnect()` finds the flow; never the secret). Default: `callbackBaseUrl`.
   */
  doneUrl?: string;
  /**
   * Adds the language and theme of the partner's page, as the widget sends them with the token
   * request (`Accept-Language`, `Finsify-Theme`), to `connect_url` as `?locale=…&theme=…`, so the
   * connect pages match the page. Finsify's spec documents no such parameters; the sandbox
   * (`createSandbox`) reads them. Default false.
   */
  forwardPageHints?: boolean;
  /**
   * Origins (`scheme://host[:port]`) whose pages may call the `POST`/`PUT` routes. A request whose
   * `Origin` is not listed gets `403 OriginForbidden`; so does one without `Origin` whose
   * `Sec-Fetch-Site` is `same-site` or `cross-site`. Listed origins also get CORS headers.
   */
  allowedOrigins: string[];
  /** Where customers, logins, pending states and webhook events live. Default: `createSqliteStore({ file: '.data/finsify-proxy.sqlite' })`. */
  store?: ProxyStore;
  /**
   * The keys login secrets are sealed with at rest (AES-256-GCM): `"<id>:<base64 of 32 bytes>,<id>:<…>"`,
   * newest first (what `PROXY_SECRET_KEYS` holds), or the same as a list. New secrets are sealed under the
   * first; the others still open what they sealed, until `reencryptSecrets` has moved everything to the
   * first. Required with a persistent store (an error at creation names what is missing), unless
   * `insecureDevelopmentKey` is set; with an ephemeral store (memory) a random key is made when absent.
   */
  secretKeys?: string | readonly SecretKeySpec[];
  /**
   * FOR LOCAL WORK ONLY: without `secretKeys`, seal secrets under a fixed development key that anyone can
   * read from this package's source (the proxy warns once when it is created). Never in production.
   */
  insecureDevelopmentKey?: boolean;
  /**
   * Called for each new webhook event that is not stale, after Finsify's delivery is answered: the event
   * is stored first, then handed over from the store, at least once (a rejection or a throw is tried again
   * with backoff, and a stopped process's events are handed over after its restart). Make it idempotent
   * by `event.id`, and let it finish: `close()` waits for it.
   */
  onWebhook?(event: WebhookEvent): void | Promise<void>;
  /** How the webhook inbox is worked. Defaults: a lease of 60 s, a look every 5 s, retries at most 5 minutes apart. */
  webhookDelivery?: WebhookDeliveryOptions;
  /** When set, `POST /webhook` requires a valid `Finsify-Signature` made with this secret (a sandbox extension). */
  webhookSecret?: string;
  /**
   * When set, `POST /webhook` requires this value as its `token` query parameter, else answers
   * `401 Unauthorized`: put it in the webhook URL you register with Finsify
   * (`https://partner.example/api/finsify/webhook?token=…`), since Finsify signs nothing. Use a long
   * random value (32 bytes or more, URL-safe).
   */
  webhookToken?: string;
  /**
   * FOR LOCAL WORK ONLY: accept `POST /webhook` with neither `webhookToken` nor `webhookSecret` set.
   * Without either, and without this, every delivery answers `401 Unauthorized` (and the proxy says why
   * once, when it is created): anyone who can reach the URL could otherwise post events.
   */
  allowUnauthenticatedWebhooks?: boolean;
  /** Allowed clock difference for signed webhooks, in ms. Default 5 minutes. */
  webhookToleranceMs?: number;
  /**
   * Request budgets. Default `{ windowMs: 60_000, maxPerUser: 120, maxPerAddress: 600 }`;
   * `false` turns rate limiting off (for benchmarks, or when a gateway in front already limits).
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * The client's address for per-address rate limiting. Default, and whenever this returns `undefined`:
   * the socket address the Node adapter passes (`startProxy`), else none. Behind reverse proxies, use
   * `forwardedClientAddress(trustedHops)`, which counts `X-Forwarded-For` from the right: never read the
   * header's leftmost entry, which the client writes.
   */
  clientAddress?(request: Request): string | undefined;
  /** Where the proxy reports what it does. Default: warnings and errors to the console. */
  logger?: ProxyLogger;
  /** Time limit for each call to Finsify (each attempt), in ms. Default 10 000. */
  timeoutMs?: number;
  /**
   * Time limit for all of one request's calls to Finsify, retries included, in ms: the proxy has
   * answered by then. Default {@link DEFAULT_REQUEST_BUDGET_MS} (25 s), inside the widget's default
   * `token-timeout` of 30 s, so the widget hears the proxy's answer rather than giving up first.
   */
  requestBudgetMs?: number;
  /** How long a server-mode `state` stays usable, in ms. Default 15 minutes. */
  stateLifetimeMs?: number;
  /** The `fetch` used to reach Finsify (for fetch-style runtimes: Workers, Deno, Bun). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * How requests reach Finsify, when not through `fetch`; it takes precedence over `fetch`. `startProxy`
   * passes its own (`createUndiciTransport()`, which it closes) unless `fetch` or `transport` is given.
   */
  transport?: Transport;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** A number in [0, 1) for retry jitter. Default `Math.random`. */
  random?: () => number;
  /** The path the proxy is mounted under, e.g. `'/api/finsify'`; routes are then `/api/finsify/token`, .... */
  basePath?: string;
}

/** One key of `secretKeys`. */
export interface SecretKeySpec {
  /** Names the key in what it sealed (letters, digits, `_` and `-`, at most 32), so it is found to open it. */
  id: string;
  /** 32 random bytes, as base64 or as bytes. */
  key: string | Uint8Array;
}

/** What the Node adapter (or any host) may tell the handler about the connection. */
export interface ConnectionInfo {
  /** The peer's IP address, used for per-address rate limiting when `clientAddress` is not set. */
  remoteAddress?: string;
}

/**
 * The proxy: a Web-standard request handler (pass it to `Bun.serve`, Deno, a Worker, Hono's `app.mount`,
 * or Node through `startProxy`/`@hono/node-server`).
 */
export interface FinsifyProxyHandler {
  (request: Request, connection?: ConnectionInfo): Promise<Response>;
  /** Resolves once the store is open; rejects with a clear message when it cannot be (missing `better-sqlite3`, say). */
  ready(): Promise<void>;
  /** Stops handing webhook events over, waits for the one running (`waitMs` at most, 25 s by default; its lease brings it back later), then closes the store. */
  close(options?: { waitMs?: number }): Promise<void>;
}

/** The default `requestBudgetMs`: 5 s inside `<finsify-connect>`'s default `token-timeout` (30 s). */
export const DEFAULT_REQUEST_BUDGET_MS = 25_000;

/** How `onWebhook` is handed the events waiting in the store. */
export interface WebhookDeliveryOptions {
  /** How long a process holds an event it is handing over; past it, another (or itself, restarted) takes it again. */
  leaseMs?: number;
  /** How often the store is looked at for events due again. */
  pollMs?: number;
  /** The longest wait between two tries of a failing hand-over (they start at 1 s and double). */
  maxDelayMs?: number;
}
