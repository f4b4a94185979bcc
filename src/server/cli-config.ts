import { httpUrl } from '../contract/url.js';
import { forwardedClientAddress } from './client-address.js';
import { DEFAULT_STOP_GRACE_MS, type StartProxyOptions } from './node.js';
import { DEFAULT_STORE_FILE } from './proxy.js';
import { MAKE_A_KEY, parseSecretKeys } from './secret-keys.js';
import { createPostgresStore } from './store/postgres.js';
import { createSqliteStore } from './store/sqlite.js';
import type { ProxyStore } from './store/types.js';
import type { RateLimitOptions, SecretMode } from './types.js';

/** The header and cookie the CLI's demo `identify` reads. */
export const DEMO_USER_HEADER = 'x-demo-user';
export const DEMO_USER_COOKIE = 'demo_user';

/** Settings the CLI reads from the environment; see {@link readCliConfig}. */
export interface CliConfig {
  port: number;
  host: string;
  finsifyBaseUrl: string;
  clientId: string;
  serviceSecret?: string;
  appSecret?: string;
  callbackBaseUrl: string;
  allowedOrigins: string[];
  /** The SQLite file, when {@link databaseUrl} is not set. */
  storeFile: string;
  /** `PROXY_SECRET_KEYS` as given (checked): what login secrets are sealed with. */
  secretKeys?: string;
  /** `PROXY_INSECURE_DEVELOPMENT_KEY=1` without `PROXY_SECRET_KEYS`: local work only. */
  insecureDevelopmentKey: boolean;
  /** A PostgreSQL connection string (`postgres://` or `postgresql://`): the store is PostgreSQL, shared by every instance. */
  databaseUrl?: string;
  /** Connections in the PostgreSQL pool, at most (default 10). */
  databasePoolMax?: number;
  webhookSecret?: string;
  webhookToken?: string;
  /** Local work only: accept webhooks with neither a token nor a signature configured. */
  allowUnauthenticatedWebhooks: boolean;
  /** Add the widget's page language and theme to `connect_url` (read by the sandbox). */
  forwardPageHints: boolean;
  secretMode: SecretMode;
  publicUrl?: string;
  doneUrl?: string;
  basePath?: string;
  timeoutMs?: number;
  /** How long a stop (SIGTERM) lets running requests finish. */
  stopGraceMs: number;
  /** All of one request's calls to Finsify end within this. */
  requestBudgetMs?: number;
  rateLimit: RateLimitOptions | false;
  /** Reverse proxies in front whose `X-Forwarded-For` entries are believed, counted from the right; 0 for none. */
  trustedHops: number;
}

export type CliConfigResult = { ok: true; config: CliConfig } | { ok: false; errors: string[] };

/**
 * Reads and checks the CLI's environment. Every problem is reported at once, each naming its variable.
 *
 * | variable | meaning |
 * |---|---|
 * | `FINSIFY_CLIENT_ID` | required |
 * | `FINSIFY_SERVICE_SECRET` or `FINSIFY_APP_SECRET` | one required |
 * | `PROXY_CALLBACK_BASE_URL` | required: the partner's callback page base |
 * | `PROXY_ALLOWED_ORIGINS` | required: comma-separated origins of the partner's pages |
 * | `FINSIFY_BASE_URL` | default `https://api.finsify.com` |
 * | `PROXY_PORT`, `PROXY_HOST` | default `8788`, `127.0.0.1` |
 * | `PROXY_STORE_FILE` | default `.data/finsify-proxy.sqlite` |
 * | `PROXY_SECRET_KEYS` | required: `<id>:<base64 of 32 bytes>,<id>:<…>`, newest first: login secrets are sealed at rest with the first; the others still open what they sealed (`npm run proxy -- reencrypt-secrets` moves everything to the first). Make a key with `openssl rand -base64 32` |
 * | `PROXY_INSECURE_DEVELOPMENT_KEY` | `1` for local work only, instead of `PROXY_SECRET_KEYS`: seal with a fixed key anyone can read (loudly warned) |
 * | `PROXY_STORE_FILE` | the SQLite store's file, default `.data/finsify-proxy.sqlite` (when `PROXY_DATABASE_URL` is not set) |
 * | `PROXY_DATABASE_URL` | `postgres://user:password@host:5432/db` (or `postgresql://`): a PostgreSQL store instead, for several instances (needs `npm install pg`) |
 * | `PROXY_DATABASE_POOL_MAX` | with `PROXY_DATABASE_URL`: connections per instance, at most (default `10`) |
 * | `PROXY_WEBHOOK_SECRET` | verify `Finsify-Signature` when set |
 * | `PROXY_WEBHOOK_TOKEN` | require `?token=` with this value on `POST /webhook` when set |
 * | `PROXY_ALLOW_UNAUTHENTICATED_WEBHOOKS` | `1` for local work: accept webhooks with neither of the two above (else they answer 401) |
 * | `PROXY_FORWARD_PAGE_HINTS` | `1` to add the widget's page language and theme to `connect_url` as `?locale=&theme=` (the sandbox reads them; Finsify's spec has no such parameters) |
 * | `PROXY_SECRET_MODE` | `browser` (default) or `server` |
 * | `PROXY_PUBLIC_URL`, `PROXY_DONE_URL` | server mode: the proxy's public URL, the done page |
 * | `PROXY_BASE_PATH` | mount prefix, e.g. `/api/finsify` |
 * | `PROXY_TIMEOUT_MS` | per Finsify call |
 * | `PROXY_REQUEST_BUDGET_MS` | all of one request's calls to Finsify, retries included (default `25000`) |
 * | `PROXY_STOP_GRACE_MS` | how long SIGTERM lets running requests finish (default `25000`) |
 * | `PROXY_RATE_LIMIT` | `off`, or `windowMs,maxPerUser,maxPerAddress` (default `60000,120,600`) |
 * | `PROXY_TRUSTED_HOPS` | behind reverse proxies, how many: rate-limit by the address the nearest of them saw, the `X-Forwarded-For` entry that many from the right (default `0`: the socket address). `PROXY_TRUST_X_FORWARDED_FOR=1`, its former name, means `1` |
 */
export function readCliConfig(env: Record<string, string | undefined>): CliConfigResult {
  const errors: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const required = (name: string, what: string) => {
    const value = get(name);
    if (value === undefined) errors.push(`${name} is required (${what})`);
    return value ?? '';
  };
  const url = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (httpUrl(value)) return value;
    errors.push(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
    return undefined;
  };
  const integer = (name: string, fallback: number | undefined, min: number, max: number) => {
    const value = get(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      errors.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return number;
  };

  const clientId = required('FINSIFY_CLIENT_ID', 'your Finsify Client-Id');
  const serviceSecret = get('FINSIFY_SERVICE_SECRET');
  const appSecret = get('FINSIFY_APP_SECRET');
  if (!serviceSecret && !appSecret) errors.push('FINSIFY_SERVICE_SECRET or FINSIFY_APP_SECRET is required');
  const callbackBaseUrl = url('PROXY_CALLBACK_BASE_URL', required('PROXY_CALLBACK_BASE_URL', "your callback page's base URL") || undefined);
  const originsText = required('PROXY_ALLOWED_ORIGINS', 'comma-separated origins of your pages');
  const allowedOrigins = originsText.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of allowedOrigins) url('PROXY_ALLOWED_ORIGINS', origin);
  const finsifyBaseUrl = url('FINSIFY_BASE_URL', get('FINSIFY_BASE_URL')) ?? 'https://api.finsify.com';
  const port = integer('PROXY_PORT', 8788, 0, 65535) ?? 8788;
  const modeText = get('PROXY_SECRET_MODE') ?? 'browser';
  if (modeText !== 'browser' && modeText !== 'server') errors.push(`PROXY_SECRET_MODE must be browser or server, got ${JSON.stringify(modeText)}`);
  const secretMode: SecretMode = modeText === 'server' ? 'server' : 'browser';
  const publicUrl = url('PROXY_PUBLIC_URL', get('PROXY_PUBLIC_URL'));
  if (secretMode === 'server' && !get('PROXY_PUBLIC_URL')) errors.push('PROXY_PUBLIC_URL is required when PROXY_SECRET_MODE=server');
  const doneUrl = url('PROXY_DONE_URL', get('PROXY_DONE_URL'));
  const basePath = get('PROXY_BASE_PATH');
  if (basePath && !/^(\/[A-Za-z0-9._~-]+)+\/?$/.test(basePath)) errors.push(`PROXY_BASE_PATH must look like /api/finsify, got ${JSON.stringify(basePath)}`);
  const timeoutMs = integer('PROXY_TIMEOUT_MS', undefined, 1, 600_000);
  const requestBudgetMs = integer('PROXY_REQUEST_BUDGET_MS', undefined, 1, 600_000);
  const stopGraceMs = integer('PROXY_STOP_GRACE_MS', DEFAULT_STOP_GRACE_MS, 0, 600_000) ?? DEFAULT_STOP_GRACE_MS;
  const secretKeys = secretKeysOf(get('PROXY_SECRET_KEYS'), get('PROXY_INSECURE_DEVELOPMENT_KEY') === '1', errors);
  const databaseUrl = get('PROXY_DATABASE_URL');
  if (databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\/./i.test(databaseUrl)) errors.push(`PROXY_DATABASE_URL must be a postgres:// or postgresql:// URL, got ${JSON.stringify(redactDatabaseUrl(databaseUrl))}`);
    if (get('PROXY_STORE_FILE') !== undefined) errors.push('PROXY_STORE_FILE and PROXY_DATABASE_URL are both set: set one (the SQLite file, or PostgreSQL)');
  }
  const databasePoolMax = integer('PROXY_DATABASE_POOL_MAX', undefined, 1, 1000);
  if (databasePoolMax !== undefined && databaseUrl === undefined) errors.push('PROXY_DATABASE_POOL_MAX is set without PROXY_DATABASE_URL');
  const legacyTrust = get('PROXY_TRUST_X_FORWARDED_FOR') === '1' ? 1 : 0;
  const trustedHops = integer('PROXY_TRUSTED_HOPS', legacyTrust, 0, 16) ?? legacyTrust;

  let rateLimit: RateLimitOptions | false = { windowMs: 60_000, maxPerUser: 120, maxPerAddress: 600 };
  const limitText = get('PROXY_RATE_LIMIT');
  if (limitText === 'off') rateLimit = false;
  else if (limitText !== undefined) {
    const parts = limitText.split(',').map((part) => part.trim());
    if (parts.length !== 3 || parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1)) {
      errors.push(`PROXY_RATE_LIMIT must be off or windowMs,maxPerUser,maxPerAddress (positive numbers), got ${JSON.stringify(limitText)}`);
    } else {
      rateLimit = { windowMs: Number(parts[0]), maxPerUser: Number(parts[1]), maxPerAddress: Number(parts[2]) };
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      port,
      host: get('PROXY_HOST') ?? '127.0.0.1',
      finsifyBaseUrl,
      clientId,
      serviceSecret,
      appSecret,
      callbackBaseUrl: callbackBaseUrl ?? '',
      allowedOrigins,
      storeFile: get('PROXY_STORE_FILE') ?? DEFAULT_STORE_FILE,
      secretKeys,
      insecureDevelopmentKey: secretKeys === undefined,
      databaseUrl,
      databasePoolMax,
      webhookSecret: get('PROXY_WEBHOOK_SECRET'),
      webhookToken: get('PROXY_WEBHOOK_TOKEN'),
      allowUnauthenticatedWebhooks: get('PROXY_ALLOW_UNAUTHENTICATED_WEBHOOKS') === '1',
      forwardPageHints: get('PROXY_FORWARD_PAGE_HINTS') === '1',
      secretMode,
      publicUrl,
      doneUrl,
      basePath,
      timeoutMs,
      stopGraceMs,
      requestBudgetMs,
      rateLimit,
      trustedHops,
    },
  };
}

/** A database URL fit to print: its password (in the userinfo or a `password=` parameter) replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (!parsed.host && url.includes('@'))) {
    // Not a URL with a host (a typo in the scheme, say): everything before the last `@` may hold a
    // password, which may itself contain `/`, `:` or `@`.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`).replace(/(password=)[^&\s]*/gi, '$1***');
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
  return parsed.toString();
}

/** Which store the CLI runs on, for its startup line: `PostgreSQL <url without password>` or `SQLite <file>`. */
export function describeStore(config: Pick<CliConfig, 'storeFile' | 'databaseUrl'>): string {
  return config.databaseUrl ? `PostgreSQL ${redactDatabaseUrl(config.databaseUrl)}` : `SQLite ${config.storeFile}`;
}

/** The store the CLI runs on: PostgreSQL when `PROXY_DATABASE_URL` is set, else the SQLite file. */
export function storeFromConfig(config: Pick<CliConfig, 'storeFile' | 'databaseUrl' | 'databasePoolMax'>): ProxyStore {
  if (config.databaseUrl) return createPostgresStore({ connectionString: config.databaseUrl, max: config.databasePoolMax });
  return createSqliteStore({ file: config.storeFile });
}

/**
 * Checks `PROXY_SECRET_KEYS` (never quoting it); without it, `PROXY_INSECURE_DEVELOPMENT_KEY=1` is
 * required. Returns the keys as given, or `undefined` for the development key.
 */
export function secretKeysOf(text: string | undefined, insecureDevelopmentKey: boolean, errors: string[]): string | undefined {
  if (text === undefined) {
    if (!insecureDevelopmentKey) {
      errors.push(`PROXY_SECRET_KEYS is required (the keys login secrets are sealed with, "<id>:<base64 key>"): ${MAKE_A_KEY}; or PROXY_INSECURE_DEVELOPMENT_KEY=1 for local work only`);
    }
    return undefined;
  }
  try {
    parseSecretKeys(text, 'PROXY_SECRET_KEYS');
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
  return text;
}

/**
 * The `startProxy` options the environment sets (everything but how it stops and where it logs): one
 * place for `npm run proxy` and whatever else starts a proxy from the same variables.
 */
export function proxyOptionsFromConfig(config: CliConfig): Omit<StartProxyOptions, 'stopOnSignals' | 'logger'> {
  return {
    port: config.port,
    host: config.host,
    finsifyBaseUrl: config.finsifyBaseUrl,
    clientId: config.clientId,
    serviceSecret: config.serviceSecret,
    appSecret: config.appSecret,
    identify: demoIdentify,
    callbackBaseUrl: config.callbackBaseUrl,
    allowedOrigins: config.allowedOrigins,
    secretKeys: config.secretKeys,
    insecureDevelopmentKey: config.insecureDevelopmentKey,
    store: storeFromConfig(config),
    webhookSecret: config.webhookSecret,
    webhookToken: config.webhookToken,
    allowUnauthenticatedWebhooks: config.allowUnauthenticatedWebhooks,
    forwardPageHints: config.forwardPageHints,
    secretMode: config.secretMode,
    publicUrl: config.publicUrl,
    doneUrl: config.doneUrl,
    basePath: config.basePath,
    timeoutMs: config.timeoutMs,
    stopGraceMs: config.stopGraceMs,
    requestBudgetMs: config.requestBudgetMs,
    rateLimit: config.rateLimit,
    clientAddress: config.trustedHops > 0 ? forwardedClientAddress(config.trustedHops) : undefined,
  };
}

/**
 * FOR DEMOS ONLY: takes the user id from the `X-Demo-User` header or the `demo_user` cookie, which
 * anyone can set. A real backend's `identify` reads its own authenticated session.
 */
export function demoIdentify(request: Request): string | null {
  const header = request.headers.get(DEMO_USER_HEADER)?.trim();
  if (header && /^[\w.@-]{1,64}$/.test(header)) return header;
  const cookies = request.headers.get('cookie') ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== DEMO_USER_COOKIE) continue;
    let id: string;
    try {
      id = decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
    return /^[\w.@-]{1,64}$/.test(id) ? id : null;
  }
  return null;
}
