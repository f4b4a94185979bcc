import type { FaultRegistry } from './faults.js';
import type { SandboxStore } from './store.js';
import type { SandboxClient, SandboxSettings } from './types.js';
import type { WebhookDispatcher } from './webhooks.js';

/** What every route of one sandbox shares. */
export interface SandboxContext {
  clients: readonly SandboxClient[];
  settings: SandboxSettings;
  store: SandboxStore;
  faults: FaultRegistry;
  webhooks: WebhookDispatcher;
  slowBankDelayMs: number;
  now: () => number;
  random: () => number;
  /** Aborted by `close()`: waits end early. */
  closing: AbortSignal;
  /** Origins whose pages may call the test controls under `/_sandbox/` (CORS). */
  controlOrigins: ReadonlySet<string>;
  /** `publicUrl` without a trailing `/`, or the origin of `request`. */
  publicUrl(request: Request): string;
}

/** Hono's per-request variables in the sandbox. */
export interface SandboxEnv {
  /** `client`: who called; `secret`: which of its secrets it sent (`app` for `App-secret` alone: a mobile app). */
  Variables: { client: SandboxClient; secret: 'service' | 'app' };
}
