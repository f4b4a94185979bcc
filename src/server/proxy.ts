import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { isHttp, parseUrl } from '../contract/url.js';
import type { ProxyDeps, ProxyEnv } from './context.js';
import { corsForOrigins } from './cors.js';
import { createCustomerResolver } from './customers.js';
import { ProxyError, errorResponse } from './errors.js';
import { createFinsifyClient } from './finsify-client.js';
import { createGuards } from './guards.js';
import { consoleLogger, safeLogger } from './logger.js';
import { createLoginClaims } from './login-claims.js';
import { createLoginVault } from './login-vault.js';
import { normalizeOrigins } from './origin-check.js';
import { DEFAULT_RATE_LIMIT } from './rate-limit.js';
import { errorMessage } from '../contract/redact.js';
import { responseHeaders } from './response-headers.js';
import { registerCallbackRoute } from './routes/callback.js';
import { registerDataRoutes } from './routes/data.js';
import { registerHealthRoute } from './routes/health.js';
import { registerLoginRoutes } from './routes/logins.js';
import { registerTokenRoute } from './routes/token.js';
import { registerWebhookRoutes } from './routes/webhook.js';
import { DEFAULT_STATE_LIFETIME_MS } from './routes/token.js';
import { INSECURE_DEVELOPMENT_KEY, createSecretCipher, randomSecretKey, type SecretCipher } from './secret-cipher.js';
import { MAKE_A_KEY, parseSecretKeys } from './secret-keys.js';
import { createSqliteStore } from './store/sqlite.js';
import type { ProxyStore } from './store/types.js';
import { DEFAULT_REQUEST_BUDGET_MS, type ConnectionInfo, type FinsifyProxyHandler, type FinsifyProxyOptions, type ProxyLogger, type SecretMode } from './types.js';
import { createWebhookHandOver } from './webhook/hand-over.js';
import { DEFAULT_SIGNATURE_TOLERANCE_MS } from '../contract/webhook-signature.js';

/** Where the default store keeps its file, relative to the working directory. */
export const DEFAULT_STORE_FILE = '.data/finsify-proxy.sqlite';

/**
 * The reference partner backend: holds your Finsify `Client-Id` and secret, creates customers and
 * tokens for your signed-in users, keeps their login secrets, and proxies their data.
 *
 * Routes (under `basePath`): `POST /token`, `GET /callback/:state` (server mode), `POST /logins`,
 * `GET /logins`, `GET /accounts`, `GET /transactions`, `PUT /logins/:login_id/refresh|activate|deactivate`,
 * `POST /webhook`, `GET /webhooks`. Errors use Finsify's shape `{error, message, extra?}`; every
 * response carries `Cache-Control: no-store`.
 *
 * @throws TypeError when a required option is missing or invalid (named in the message).
 */
export function createFinsifyProxy(options: FinsifyProxyOptions): FinsifyProxyHandler {
  const config = validate(options);
  const now = options.now ?? Date.now;
  const secrets = [options.serviceSecret, options.appSecret].filter((s): s is string => Boolean(s));
  const logger = safeLogger(options.logger ?? consoleLogger, secrets);
  // Checked before the default store opens its file: a persistent store without keys is refused here.
  const keys = secretKeysFor(options, options.store);
  const store = options.store ?? createSqliteStore({ file: DEFAULT_STORE_FILE });
  const vault = createLoginVault(store, cipherOf(keys, logger), logger);
  const finsify = createFinsifyClient({
    baseUrl: options.finsifyBaseUrl ?? 'https://api.finsify.com',
    clientId: options.clientId,
    serviceSecret: options.serviceSecret,
    appSecret: options.appSecret,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    transport: options.transport,
    timeoutMs: options.timeoutMs ?? 10_000,
    logger,
    random: options.random ?? Math.random,
    now,
  });
  const claims = createLoginClaims({ store, vault, finsify, logger, now, secrets });
  const deps: ProxyDeps = { store, vault, finsify, claims, logger, now, secrets };
  const guards = createGuards({
    identify: options.identify,
    allowedOrigins: config.allowedOrigins,
    rateLimit: options.rateLimit === false ? undefined : (options.rateLimit ?? DEFAULT_RATE_LIMIT),
    clientAddress: options.clientAddress,
    now,
    // A persistent store counts for every instance on it; a memory store is one process's, whose own
    // counters are cheaper.
    store: store.ephemeral ? undefined : store,
  });
  const secretMode = options.secretMode ?? 'browser';
  const handOver = createWebhookHandOver({ store, onWebhook: options.onWebhook, claims, logger, now, random: options.random ?? Math.random, options: options.webhookDelivery });

  const root = new Hono<ProxyEnv>();
  const budgetMs = options.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS;
  root.use(...responseHeaders(), ...corsForOrigins(config.allowedOrigins), async (c, next) => {
    c.set('finsify', finsify.until(now() + budgetMs));
    await next();
  });
  const app = config.basePath ? root.basePath(config.basePath) : root;
  registerTokenRoute(app, deps, guards, {
    customers: createCustomerResolver({ store, finsify, identifier: options.customerIdentifier ?? ((userId) => userId), logger, now, secrets }),
    secretMode: typeof secretMode === 'function' ? (request) => checkMode(secretMode(request)) : () => secretMode,
    callbackBaseUrl: config.callbackBaseUrl,
    publicUrl: config.publicUrl,
    stateLifetimeMs: options.stateLifetimeMs ?? DEFAULT_STATE_LIFETIME_MS,
    forwardPageHints: options.forwardPageHints ?? false,
  });
  registerHealthRoute(app, store, logger);
  registerCallbackRoute(app, deps, { identify: options.identify, doneUrl: config.doneUrl, basePath: config.basePath });
  registerLoginRoutes(app, deps, guards);
  registerDataRoutes(app, deps, guards);
  const webhookToken = options.webhookToken || undefined;
  const webhookSecret = options.webhookSecret || undefined;
  if (!webhookToken && !webhookSecret) {
    if (options.allowUnauthenticatedWebhooks) logger.warn('POST /webhook accepts deliveries from anyone (allowUnauthenticatedWebhooks): for local work only');
    else logger.warn('POST /webhook answers 401 to every delivery: set webhookToken (PROXY_WEBHOOK_TOKEN) and register the webhook URL with it as ?token=');
  }
  registerWebhookRoutes(app, deps, guards, {
    token: webhookToken,
    secret: webhookSecret,
    allowUnauthenticated: options.allowUnauthenticatedWebhooks === true,
    toleranceMs: options.webhookToleranceMs ?? DEFAULT_SIGNATURE_TOLERANCE_MS,
    hasHandler: options.onWebhook !== undefined,
    handOver,
  });
  root.notFound((c) => errorResponse(c, new ProxyError(404, 'NotFound', 'No such route.')));
  root.onError((error, c) => {
    if (error instanceof ProxyError) return errorResponse(c, error);
    // The route's pattern (`/api/callback/*`), never the path: a callback's path holds the login secret.
    logger.error('unexpected error', { method: c.req.method, route: routePath(c) || null, error: errorMessage(error, c.get('secrets') ?? []) });
    return errorResponse(c, new ProxyError(500, 'InternalError', 'The Finsify proxy failed; please try again.'));
  });

  const handler = async (request: Request, connection?: ConnectionInfo): Promise<Response> => root.fetch(request, connection ?? {});
  return Object.assign(handler, {
    ready: async () => {
      await store.ready?.();
      // Secrets a migration carried over in plain text are sealed before anything is served.
      const sealed = await vault.sealLegacySecrets();
      if (sealed > 0) logger.info('login secrets kept in plain text by an earlier version are now sealed', { count: sealed });
      // Events a stopped process left in the inbox are handed over now.
      handOver.start();
    },
    close: async (options?: { waitMs?: number }) => {
      await handOver.stop(options?.waitMs);
      await store.close();
    },
  });
}

/** Where the keys come from: `secretKeys`, the development key, or a random one for an ephemeral store. */
type KeySource = { kind: 'configured'; cipher: SecretCipher } | { kind: 'development' } | { kind: 'random' };

function secretKeysFor(options: FinsifyProxyOptions, store: ProxyStore | undefined): KeySource {
  if (options.secretKeys !== undefined && options.secretKeys !== '') {
    return { kind: 'configured', cipher: createSecretCipher(parseSecretKeys(options.secretKeys, 'createFinsifyProxy: secretKeys')) };
  }
  if (options.insecureDevelopmentKey === true) return { kind: 'development' };
  if (store?.ephemeral === true) return { kind: 'random' };
  throw new TypeError(
    'createFinsifyProxy: secretKeys is required with a persistent store (login secrets are sealed at rest with it; ' +
      `PROXY_SECRET_KEYS for npm run proxy): ${MAKE_A_KEY}. For local work only, insecureDevelopmentKey: true ` +
      '(PROXY_INSECURE_DEVELOPMENT_KEY=1) seals them under a key anyone can read.',
  );
}

function cipherOf(source: KeySource, logger: ProxyLogger): SecretCipher {
  if (source.kind === 'configured') return source.cipher;
  if (source.kind === 'random') return createSecretCipher([randomSecretKey()]);
  logger.warn('login secrets are sealed under the insecure development key, which anyone can read in this package (insecureDevelopmentKey): for local work only; set secretKeys (PROXY_SECRET_KEYS)');
  return createSecretCipher([INSECURE_DEVELOPMENT_KEY]);
}

function checkMode(mode: SecretMode): SecretMode {
  if (mode === 'browser' || mode === 'server') return mode;
  throw new Error(`createFinsifyProxy: secretMode() returned ${JSON.stringify(mode)}; expected 'browser' or 'server'`);
}

function httpUrl(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`createFinsifyProxy: ${name} is required`);
  const url = parseUrl(value);
  if (!url) throw new TypeError(`createFinsifyProxy: ${name} must be an absolute URL, got ${JSON.stringify(value)}`);
  if (!isHttp(url)) throw new TypeError(`createFinsifyProxy: ${name} must be http(s)`);
  if (url.search || url.hash) throw new TypeError(`createFinsifyProxy: ${name} must not have a query or fragment`);
  return value.replace(/\/+$/, '');
}

function validate(options: FinsifyProxyOptions) {
  if (!options || typeof options !== 'object') throw new TypeError('createFinsifyProxy: options are required');
  if (typeof options.clientId !== 'string' || !options.clientId) throw new TypeError('createFinsifyProxy: clientId is required');
  if (!options.serviceSecret && !options.appSecret) {
    throw new TypeError('createFinsifyProxy: serviceSecret or appSecret is required');
  }
  if (typeof options.identify !== 'function') throw new TypeError('createFinsifyProxy: identify(request) is required');
  if (!Array.isArray(options.allowedOrigins)) throw new TypeError('createFinsifyProxy: allowedOrigins (an array of origins) is required');
  const mode = options.secretMode ?? 'browser';
  if (typeof mode !== 'function' && mode !== 'browser' && mode !== 'server') {
    throw new TypeError("createFinsifyProxy: secretMode must be 'browser', 'server' or a function");
  }
  if (options.finsifyBaseUrl !== undefined) httpUrl(options.finsifyBaseUrl, 'finsifyBaseUrl');
  const callbackBaseUrl = httpUrl(options.callbackBaseUrl, 'callbackBaseUrl');
  const maybeServer = mode !== 'browser';
  const publicUrl = options.publicUrl !== undefined || maybeServer ? httpUrl(options.publicUrl, 'publicUrl (needed for secretMode server)') : undefined;
  const doneUrl = options.doneUrl !== undefined ? httpUrl(options.doneUrl, 'doneUrl') : callbackBaseUrl;
  let basePath = options.basePath ?? '';
  if (basePath && !/^(\/[A-Za-z0-9._~-]+)+\/?$/.test(basePath)) {
    throw new TypeError(`createFinsifyProxy: basePath must look like '/api/finsify', got ${JSON.stringify(basePath)}`);
  }
  basePath = basePath.replace(/\/+$/, '');
  return { callbackBaseUrl, publicUrl, doneUrl, basePath, allowedOrigins: normalizeOrigins(options.allowedOrigins) };
}
