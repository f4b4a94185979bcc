import { httpUrl } from '../contract/url.js';
import { DEFAULT_SANDBOX_CLIENT } from './create-sandbox.js';
import type { StartSandboxOptions } from './node.js';

/** The settings `npm run sandbox` reads, or every problem found with them. */
export type SandboxEnvResult = { ok: true; options: StartSandboxOptions & { port: number; host: string } } | { ok: false; errors: string[] };

/** Environment variables the CLI understands, with what each expects (also its `--help`). */
export const SANDBOX_ENV_HELP: ReadonlyArray<[string, string]> = [
  ['SANDBOX_PORT', 'port to listen on, 0-65535 (default 4010)'],
  ['SANDBOX_HOST', 'interface to listen on (default 127.0.0.1)'],
  ['SANDBOX_PUBLIC_URL', 'absolute http(s) URL the sandbox is reached at, for connect_url and media_path (default: each request\'s origin)'],
  ['SANDBOX_WEBHOOK_URL', 'absolute http(s) URL webhooks are POSTed to (default: none sent)'],
  ['SANDBOX_WEBHOOK_SECRET', 'signs webhooks with a Finsify-Signature header (sandbox extension)'],
  ['SANDBOX_TOKEN_LIFETIME', 'token lifetime in whole seconds (default 600)'],
  ['SANDBOX_REFRESH_INTERVAL', 'seconds between a login\'s refreshes (default 300)'],
  ['SANDBOX_SLOW_BANK_DELAY_MS', 'wait of the "slow" test credentials in milliseconds (default 3000)'],
  ['SANDBOX_CONTROL_ORIGINS', 'comma-separated origins whose pages may call /_sandbox/* from the browser, e.g. http://localhost:5173 (default: none)'],
  ['SANDBOX_COOP', '1 to send Cross-Origin-Opener-Policy: same-origin on connect pages (default 0)'],
  ['SANDBOX_CLIENT_ID', 'the accepted Client-Id (default sandbox-client)'],
  ['SANDBOX_SERVICE_SECRET', 'its Service-secret (default sandbox-service-secret)'],
  ['SANDBOX_APP_SECRET', 'its App-secret (default sandbox-app-secret)'],
  ['SANDBOX_CLIENT_NAME', 'the partner\'s name the connect pages show (default Sandbox Partner)'],
];

/** Reads and checks the CLI's environment; every error names its variable and what it expects. */
export function parseSandboxEnv(env: Record<string, string | undefined>): SandboxEnvResult {
  const errors: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      errors.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return Number(raw);
  };
  const url = (name: string): string | undefined => {
    const raw = get(name);
    if (raw !== undefined && !httpUrl(raw)) errors.push(`${name} must be an absolute http:// or https:// URL, got ${JSON.stringify(raw)}`);
    return raw;
  };

  const port = integer('SANDBOX_PORT', 4010, 0, 65535);
  const host = get('SANDBOX_HOST') ?? '127.0.0.1';
  const publicUrl = url('SANDBOX_PUBLIC_URL');
  const webhookUrl = url('SANDBOX_WEBHOOK_URL');
  const webhookSigningSecret = get('SANDBOX_WEBHOOK_SECRET');
  const tokenLifetimeSeconds = integer('SANDBOX_TOKEN_LIFETIME', 600, 1, 31_536_000);
  const refreshIntervalSeconds = integer('SANDBOX_REFRESH_INTERVAL', 300, 0, 31_536_000);
  const slowBankDelayMs = integer('SANDBOX_SLOW_BANK_DELAY_MS', 3000, 0, 120_000);

  const controlOrigins = (get('SANDBOX_CONTROL_ORIGINS') ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of controlOrigins) {
    if (httpUrl(origin)?.origin !== origin) errors.push(`SANDBOX_CONTROL_ORIGINS entries must be http(s) origins such as http://localhost:5173, got ${JSON.stringify(origin)}`);
  }

  const coopRaw = get('SANDBOX_COOP')?.toLowerCase();
  let crossOriginOpenerPolicy = false;
  if (coopRaw !== undefined) {
    if (['1', 'true', 'yes', 'on'].includes(coopRaw)) crossOriginOpenerPolicy = true;
    else if (!['0', 'false', 'no', 'off'].includes(coopRaw)) errors.push(`SANDBOX_COOP must be 1 or 0, got ${JSON.stringify(env['SANDBOX_COOP'])}`);
  }

  const clientId = get('SANDBOX_CLIENT_ID');
  const serviceSecret = get('SANDBOX_SERVICE_SECRET');
  const appSecret = get('SANDBOX_APP_SECRET');
  const clientName = get('SANDBOX_CLIENT_NAME');
  let clients: StartSandboxOptions['clients'];
  if (clientId !== undefined || serviceSecret !== undefined || appSecret !== undefined) {
    if (clientId === undefined) errors.push('SANDBOX_CLIENT_ID is required when SANDBOX_SERVICE_SECRET or SANDBOX_APP_SECRET is set');
    if (serviceSecret === undefined && appSecret === undefined) {
      errors.push('SANDBOX_SERVICE_SECRET or SANDBOX_APP_SECRET is required when SANDBOX_CLIENT_ID is set');
    }
    clients = [
      { clientId: clientId ?? '', ...(clientName ? { name: clientName } : {}), ...(serviceSecret ? { serviceSecret } : {}), ...(appSecret ? { appSecret } : {}) },
    ];
  } else if (clientName !== undefined) {
    clients = [{ ...DEFAULT_SANDBOX_CLIENT, name: clientName }];
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: {
      port,
      host,
      tokenLifetimeSeconds,
      refreshIntervalSeconds,
      slowBankDelayMs,
      crossOriginOpenerPolicy,
      ...(publicUrl ? { publicUrl } : {}),
      ...(webhookUrl ? { webhookUrl } : {}),
      ...(webhookSigningSecret ? { webhookSigningSecret } : {}),
      ...(clients ? { clients } : {}),
      ...(controlOrigins.length > 0 ? { controlOrigins } : {}),
    },
  };
}
