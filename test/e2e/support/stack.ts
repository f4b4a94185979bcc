/**
 * The demo stack of one test file (sandbox on `127.0.0.1`, demo page and reference backend on
 * `localhost`, fresh in-memory store), and the partner's view of it from Node: the backend's HTTP
 * routes called with a demo user's cookies, as the page would call them.
 */
import { startDemoStack, type DemoStack } from '../../../demo/stack.js';
import { captureScript } from './demo-page.js';
import type { SandboxControl, SandboxSettings } from '../../../src/sandbox/types.js';

export type { DemoStack };
export type DemoUser = 'alice' | 'bob' | 'carol';
export type SecretMode = 'browser' | 'server';

export function startStack(): Promise<DemoStack> {
  // The event capture in every page of the partner's site, before its own scripts (see captureScript()).
  const capture = { name: 'e2e-capture', transformIndexHtml: () => [{ tag: 'script', children: captureScript(), injectTo: 'head-prepend' as const }] };
  return startDemoStack({ demoPort: 0, sandboxPort: 0, storeFile: null, logLevel: 'silent', watch: false, plugins: [capture] });
}

/** The sandbox's test controls (`createSandbox(...).control`). */
export function control(stack: DemoStack): SandboxControl {
  return stack.sandbox.sandbox.control;
}

let defaults: SandboxSettings | undefined;

/** Back to a sandbox without faults and with its first settings, between tests. */
export function resetSandbox(stack: DemoStack): void {
  const sandbox = control(stack);
  defaults ??= sandbox.settings();
  sandbox.clearFaults();
  sandbox.updateSettings(defaults);
}

export interface Account {
  id: number;
  original_id?: string;
  login_id?: number;
  name: string;
  balance: string | null;
  currency: string;
  type: string;
}

export interface Transaction {
  id: number;
  original_id?: string;
  date: string;
  amount: string;
  currency: string;
  description: string;
  category: string;
}

export interface BackendLogin {
  login_id: number;
  service_id: number | null;
  status: string | null;
}

export interface BackendWebhook {
  type: string;
  login_id: number;
  status: string | null;
  referenceId: string | null;
  applied: boolean;
  payload: Record<string, unknown>;
}

export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    path: string,
  ) {
    super(`GET ${path} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** The reference backend's routes as one demo user sees them (cookies `demo_user`, `demo_secret_mode`). */
export class Backend {
  constructor(
    private readonly stack: DemoStack,
    readonly user: DemoUser,
    readonly secretMode: SecretMode = 'browser',
  ) {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(new URL(`api/finsify${path}`, this.stack.demoUrl), {
      headers: { accept: 'application/json', cookie: `demo_user=${this.user}; demo_secret_mode=${this.secretMode}` },
    });
    const body = (await response.json().catch(() => null)) as { data?: T } | null;
    if (!response.ok || !body || !('data' in body)) throw new BackendError(response.status, body, path);
    return body.data as T;
  }

  logins(): Promise<BackendLogin[]> {
    return this.get('/logins');
  }

  accounts(loginId: number): Promise<Account[]> {
    return this.get(`/accounts?login_id=${loginId}`);
  }

  transactions(loginId: number, accountId: number, from: string, to: string): Promise<Transaction[]> {
    return this.get(`/transactions?${new URLSearchParams({ login_id: String(loginId), account_id: String(accountId), from_date: from, to_date: to })}`);
  }

  webhooks(): Promise<BackendWebhook[]> {
    return this.get('/webhooks');
  }
}

/** The secret the sandbox issued for a login (it is a test tool: its state holds them). */
export function sandboxSecret(stack: DemoStack, loginId: number): string {
  const login = control(stack).state().logins.find((entry) => entry.id === loginId);
  if (!login) throw new Error(`The sandbox has no login ${loginId}`);
  return login.secret;
}
