/** Calls from the demo page to the partner backend (same origin) and to the sandbox's test controls. */

import { withBackoff } from './retry.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  });
  const body = (await response.json().catch(() => null)) as { data?: T; error?: string; message?: string } | null;
  if (!response.ok) throw new ApiError(response.status, body?.error ?? 'HttpError', body?.message ?? `${response.status} ${response.statusText}`);
  return (body && 'data' in body ? body.data : body) as T;
}

export interface Account {
  id: number;
  name: string;
  balance: string | null;
  currency: string;
  type: string;
}

export interface Transaction {
  id: number;
  date: string;
  amount: string;
  currency: string;
  description: string;
  category: string;
}

export interface LoginSummary {
  login_id: number;
  service_id?: number | null;
  status?: string | null;
  status_at?: string | null;
  created_at?: string;
}

export interface ReceivedWebhook {
  type: string;
  login_id: number;
  status?: string;
  referenceId?: string;
  applied?: boolean;
  timestamp: string;
  received_at: string;
  payload: Record<string, unknown>;
}

const backend = '/api/finsify';

/** A failure worth waiting out: no answer at all (fetch's TypeError), too many requests, or the backend failing. */
function worthRetrying(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof ApiError && (error.status === 429 || error.status >= 500));
}

export const partnerBackend = {
  logins: () => request<LoginSummary[]>(`${backend}/logins`),
  /**
   * Hands a login's secret to the backend, retrying with backoff while the backend cannot take it now
   * (no connection, 429, 5xx such as `503` when it could not check the login): the page holds the only copy.
   */
  saveLogin: (login_id: number, secret: string, service_id?: number, onRetry?: (error: unknown, delayMs: number, nextTry: number) => void) =>
    withBackoff(
      () => request<unknown>(`${backend}/logins`, { method: 'POST', body: JSON.stringify({ login_id, secret, ...(service_id === undefined ? {} : { service_id }) }) }),
      { retryable: worthRetrying, onRetry },
    ),
  accounts: (loginId: number) => request<Account[]>(`${backend}/accounts?login_id=${loginId}`),
  transactions: (loginId: number, accountId: number, from: string, to: string) =>
    request<Transaction[]>(`${backend}/transactions?${new URLSearchParams({ login_id: String(loginId), account_id: String(accountId), from_date: from, to_date: to })}`),
  loginAction: (loginId: number, action: 'refresh' | 'activate' | 'deactivate') =>
    request<Record<string, unknown>>(`${backend}/logins/${loginId}/${action}`, { method: 'PUT', body: '{}' }),
  webhooks: () => request<ReceivedWebhook[]>(`${backend}/webhooks`),
};

export interface FaultSettings {
  maintenance?: boolean;
  connectError?: boolean;
  latencyMs?: number;
}

export interface SandboxSettings {
  tokenLifetimeSeconds: number;
  refreshIntervalSeconds: number;
  crossOriginOpenerPolicy: boolean;
}

export interface TestCredential {
  username: string;
  password: string;
  outcome: string;
  description: string;
}

export function sandboxControls(sandboxUrl: string) {
  const base = `${sandboxUrl}/_sandbox`;
  return {
    faults: () => request<Record<string, FaultSettings>>(`${base}/faults`),
    setFault: (endpoint: string, fault: FaultSettings | null) =>
      request<Record<string, FaultSettings>>(`${base}/faults/${endpoint}`, fault ? { method: 'PUT', body: JSON.stringify(fault) } : { method: 'DELETE' }),
    clearFaults: () => request<Record<string, FaultSettings>>(`${base}/faults`, { method: 'DELETE' }),
    settings: () => request<SandboxSettings>(`${base}/settings`),
    updateSettings: (settings: Partial<SandboxSettings>) => request<SandboxSettings>(`${base}/settings`, { method: 'PUT', body: JSON.stringify(settings) }),
    credentials: () => request<TestCredential[]>(`${base}/credentials`),
    setLoginStatus: (loginId: number, status: string) =>
      request<unknown>(`${base}/logins/${loginId}/status`, { method: 'POST', body: JSON.stringify({ status }) }),
  };
}

export type SandboxControls = ReturnType<typeof sandboxControls>;
