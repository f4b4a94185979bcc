import type { FaultEndpoint, FaultSettings } from './faults.js';
import type { LoginStatusName, SandboxState } from './store.js';
import type { WebhookDelivery } from './webhooks.js';

/** One partner the sandbox accepts: its `Client-Id` and the secrets that go with it. */
export interface SandboxClient {
  clientId: string;
  /**
   * The partner's name as people should read it: the connect pages say "<name> uses Finsify to
   * read your … data". Without it they name the host of the token's `callback_url`.
   */
  name?: string;
  /** Accepted in the `Service-secret` header (web-based partners). */
  serviceSecret?: string;
  /** Accepted in the `App-secret` header (mobile applications). */
  appSecret?: string;
}

/** How often and how fast a failed webhook is tried again. */
export interface WebhookRetryOptions {
  /** Attempts in all, the first included; default 5. */
  attempts?: number;
  /** Delay before the second attempt, doubled for each later one; default 1000 ms. */
  baseDelayMs?: number;
  /** Time one attempt may take before it counts as failed; default 10000 ms. */
  timeoutMs?: number;
}

/** Options of {@link createSandbox}. Every one has a default that suits a local demo. */
export interface SandboxOptions {
  /**
   * Partners accepted. Default: one client, `sandbox-client` named "Sandbox Partner", with service
   * secret `sandbox-service-secret` and app secret `sandbox-app-secret`.
   */
  clients?: SandboxClient[];
  /**
   * Where the sandbox is reachable from outside (origin, optionally with a path), used to build
   * `connect_url` and the catalog's `media_path`. Default: the origin of each request. The routes
   * themselves are always at the handler's root: a reverse proxy mounting it under a path strips it.
   */
  publicUrl?: string;
  /** Seconds a connect token stays usable; default 600. Can be changed at run time. */
  tokenLifetimeSeconds?: number;
  /** Seconds between a login's refreshes (`next_refresh_possible_at`); default 300. */
  refreshIntervalSeconds?: number;
  /** Where webhooks are POSTed; none are sent when unset. */
  webhookUrl?: string;
  /**
   * Sandbox extension (Finsify's spec documents no signature): when set, each webhook carries
   * `Finsify-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
   */
  webhookSigningSecret?: string;
  /** Retry schedule of webhook deliveries. */
  webhookRetry?: WebhookRetryOptions;
  /** Connect pages send `Cross-Origin-Opener-Policy: same-origin`; default false. Switchable at run time. */
  crossOriginOpenerPolicy?: boolean;
  /** How long the "slow bank" test credentials make the person wait; default 3000 ms. */
  slowBankDelayMs?: number;
  /**
   * Origins (e.g. `http://localhost:5173`, the demo page's) whose pages may drive the test controls
   * under `/_sandbox/` from the browser: they get CORS headers; a browser request from any other
   * origin but the sandbox's own is refused (403). Default none: the controls answer same-origin
   * pages and non-browser clients (tests, curl) only.
   */
  controlOrigins?: string[];
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /** Used to deliver webhooks; default the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Randomness for the generated accounts and transactions (a seeded generator makes them
   * reproducible); default `Math.random`. Ids, secrets and tokens always come from Web Crypto.
   */
  random?: () => number;
}

/** Settings that can be changed while the sandbox runs. */
export interface SandboxSettings {
  tokenLifetimeSeconds: number;
  refreshIntervalSeconds: number;
  crossOriginOpenerPolicy: boolean;
}

/**
 * Test controls of a running sandbox. Also served over HTTP under `/_sandbox/`, with CORS for the
 * `controlOrigins` only (a demo page on another origin): the sandbox is a local test tool and must
 * never be exposed where real people or real data are.
 */
export interface SandboxControl {
  /** Sets (replaces) the faults of one endpoint, or of all with `'*'`; `null` clears them. */
  setFault(endpoint: FaultEndpoint, fault: FaultSettings | null): void;
  /** Clears every fault. */
  clearFaults(): void;
  /** The faults in force, by endpoint. */
  faults(): Partial<Record<FaultEndpoint, FaultSettings>>;
  /** The current run-time settings. */
  settings(): SandboxSettings;
  /** Changes some run-time settings; returns them all. */
  updateSettings(settings: Partial<SandboxSettings>): SandboxSettings;
  /** Token lifetime for tokens created from now on. */
  setTokenLifetime(seconds: number): void;
  /** Whether connect pages send `Cross-Origin-Opener-Policy: same-origin`. */
  setCrossOriginOpenerPolicy(enabled: boolean): void;
  /** A snapshot of customers, tokens and logins (with secrets: it is a test tool). */
  state(): SandboxState;
  /**
   * Changes a login's status as the bank would (password changed, expired, account locked)
   * and sends the login status webhook. Throws when the login does not exist.
   */
  setLoginStatus(loginId: number, status: LoginStatusName): Promise<WebhookDelivery | null>;
  /** Every webhook delivery so far, oldest first, with its attempts. */
  webhooks(): WebhookDelivery[];
  /** Resolves once no webhook delivery is pending (delivered or given up). */
  webhooksIdle(): Promise<void>;
  /** Forgets every customer, token, login and webhook delivery, and clears the faults. */
  reset(): void;
}

/** The sandbox: a Web-standard request handler plus its test controls. */
export interface SandboxHandler {
  (request: Request): Promise<Response>;
  readonly control: SandboxControl;
  /** Stops webhook retries and pending timers; requests still waiting are answered at once. */
  close(): Promise<void>;
}
