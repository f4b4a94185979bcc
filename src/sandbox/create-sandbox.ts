import { httpUrl } from '../contract/url.js';
import { Hono } from 'hono';
import type { SandboxContext, SandboxEnv } from './context.js';
import { errorResponse, FinsifyError } from './errors.js';
import { endpointFor, FaultRegistry } from './faults.js';
import { authenticate } from './auth.js';
import { createControl } from './control.js';
import { accountRoutes } from './routes/account.js';
import { catalogRoutes } from './routes/catalog.js';
import { connectErrorResponse, connectRoutes } from './routes/connect.js';
import { controlRoutes } from './routes/control.js';
import { indexRoutes } from './routes/index.js';
import { customerRoutes } from './routes/customer.js';
import { loginRoutes } from './routes/login.js';
import { tokenRoutes } from './routes/token.js';
import { sleep } from './sleep.js';
import { SandboxStore } from './store.js';
import type { SandboxControl, SandboxHandler, SandboxOptions } from './types.js';
import { WebhookDispatcher } from './webhooks.js';

/** The client accepted when `options.clients` is not given. */
export const DEFAULT_SANDBOX_CLIENT = {
  clientId: 'sandbox-client',
  name: 'Sandbox Partner',
  serviceSecret: 'sandbox-service-secret',
  appSecret: 'sandbox-app-secret',
} as const;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`createSandbox: ${name} must be a number of 0 or more`);
  return value;
}

/**
 * Creates an offline Finsify API v2: a Web-standard `(request) => Promise<Response>` handler that
 * serves `/v2/...` (customer, token, reconnect, connect pages, account, transaction, login
 * refresh/activate/deactivate), `/service.json` with its media, sends webhooks, and carries test
 * controls (`handler.control`, and over HTTP under `/_sandbox/`). Everything is kept in memory.
 *
 * @example
 * const sandbox = createSandbox({ webhookUrl: 'http://127.0.0.1:3000/webhook' });
 * const response = await sandbox(new Request('http://sandbox.test/service.json'));
 */
export function createSandbox(options: SandboxOptions = {}): SandboxHandler {
  const clients = options.clients ?? [{ ...DEFAULT_SANDBOX_CLIENT }];
  if (clients.length === 0 || clients.some((client) => !client.clientId || (!client.serviceSecret && !client.appSecret))) {
    throw new TypeError('createSandbox: every client needs a clientId and a serviceSecret or an appSecret');
  }
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  if (publicUrl !== undefined && !httpUrl(publicUrl)) {
    throw new TypeError('createSandbox: publicUrl must be an absolute http(s) URL');
  }
  const controlOrigins = new Set<string>();
  for (const origin of options.controlOrigins ?? []) {
    const url = httpUrl(origin);
    if (!url || url.origin !== origin) throw new TypeError(`createSandbox: controlOrigins entry ${JSON.stringify(origin)} must be an http(s) origin such as http://localhost:5173`);
    controlOrigins.add(origin);
  }
  const now = options.now ?? Date.now;
  const lifecycle = new AbortController();
  const retry = options.webhookRetry ?? {};

  const ctx: SandboxContext = {
    clients,
    settings: {
      tokenLifetimeSeconds: positive('tokenLifetimeSeconds', options.tokenLifetimeSeconds, 600),
      refreshIntervalSeconds: positive('refreshIntervalSeconds', options.refreshIntervalSeconds, 300),
      crossOriginOpenerPolicy: options.crossOriginOpenerPolicy ?? false,
    },
    store: new SandboxStore(),
    faults: new FaultRegistry(),
    webhooks: new WebhookDispatcher({
      url: options.webhookUrl,
      signingSecret: options.webhookSigningSecret,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      now,
      attempts: Math.max(1, Math.floor(positive('webhookRetry.attempts', retry.attempts, 5))),
      baseDelayMs: positive('webhookRetry.baseDelayMs', retry.baseDelayMs, 1000),
      timeoutMs: positive('webhookRetry.timeoutMs', retry.timeoutMs, 10_000),
      signal: lifecycle.signal,
    }),
    slowBankDelayMs: positive('slowBankDelayMs', options.slowBankDelayMs, 3000),
    now,
    random: options.random ?? Math.random,
    closing: lifecycle.signal,
    controlOrigins,
    publicUrl: (request) => publicUrl ?? new URL(request.url).origin,
  };

  const app = new Hono<SandboxEnv>();

  app.use('*', async (c, next) => {
    const endpoint = endpointFor(c.req.path);
    if (!endpoint) return next();
    const effect = ctx.faults.effect(endpoint);
    await sleep(effect.latencyMs, ctx.closing);
    if (!effect.error) return next();
    const headers: Record<string, string> = { ...effect.headers };
    if (endpoint === 'connect') return connectErrorResponse(ctx, c.req.raw, effect.error, headers);
    if (endpoint === 'services') headers['access-control-allow-origin'] = '*';
    return errorResponse(effect.error, headers);
  });

  const control: SandboxControl = createControl(ctx);

  const api = new Hono<SandboxEnv>();
  api.use('*', authenticate(ctx));
  api.route('/', customerRoutes(ctx));
  api.route('/', tokenRoutes(ctx));
  api.route('/', accountRoutes(ctx));
  api.route('/', loginRoutes(ctx));

  app.route('/', indexRoutes(ctx));
  app.route('/', catalogRoutes(ctx));
  app.route('/_sandbox', controlRoutes(ctx, control));
  // The connect pages are opened by people, not partners' servers: no API credentials there.
  app.route('/v2', connectRoutes(ctx));
  app.route('/v2', api);

  app.notFound((c) => errorResponse(new FinsifyError('NotFound', `No route for ${c.req.method} ${c.req.path}`)));
  app.onError((error) => {
    if (error instanceof FinsifyError) return errorResponse(error);
    // A bug in the sandbox itself: answer as Finsify would, but leave a trace for whoever runs it.
    console.error('finsify sandbox: unexpected error', error);
    return errorResponse(new FinsifyError('InternalError'));
  });

  const handler = (async (request: Request) => app.fetch(request)) as SandboxHandler;
  Object.defineProperty(handler, 'control', { value: control, enumerable: true });
  handler.close = async () => {
    lifecycle.abort();
    await ctx.webhooks.idle();
  };
  return handler;
}
