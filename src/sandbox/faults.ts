import { FinsifyError, type FinsifyErrorName } from './errors.js';

/** The endpoints faults can be set on; `'*'` is every one of them. */
export const FAULT_ENDPOINTS = [
  'customer',
  'token',
  'reconnect',
  'account',
  'transaction',
  'refresh',
  'activate',
  'deactivate',
  'connect',
  'services',
  '*',
] as const;

export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

/** What goes wrong on an endpoint. */
export interface FaultSettings {
  /** Answer `503 ServerMaintenance`. Wins over `connectError`. */
  maintenance?: boolean;
  /** Answer `503 ConnectError`. */
  connectError?: boolean;
  /** Wait this long before answering (errors included). */
  latencyMs?: number;
  /** Send `Retry-After` with the 503 answers. */
  retryAfterSeconds?: number;
}

/** What one request meets: the fault's error (if any) after `latencyMs`. */
export interface FaultEffect {
  error: FinsifyError | null;
  latencyMs: number;
  headers: Record<string, string>;
}

export function isFaultEndpoint(value: string): value is FaultEndpoint {
  return (FAULT_ENDPOINTS as readonly string[]).includes(value);
}

/** Checks fault settings arriving over HTTP; throws `DataInvalid` naming the bad field. */
export function parseFaultSettings(input: unknown): FaultSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FinsifyError('BadRequest', 'Fault settings must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const fault: FaultSettings = {};
  for (const key of ['maintenance', 'connectError'] as const) {
    if (record[key] === undefined) continue;
    if (typeof record[key] !== 'boolean') throw new FinsifyError('DataInvalid', `${key} must be a boolean`, { field: key });
    fault[key] = record[key];
  }
  for (const key of ['latencyMs', 'retryAfterSeconds'] as const) {
    if (record[key] === undefined) continue;
    const value = record[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 120_000) {
      throw new FinsifyError('DataInvalid', `${key} must be an integer from 0 to 120000`, { field: key });
    }
    fault[key] = value;
  }
  return fault;
}

/** Faults in force, by endpoint; an endpoint's own settings override `'*'` field by field. */
export class FaultRegistry {
  readonly #faults = new Map<FaultEndpoint, FaultSettings>();

  set(endpoint: FaultEndpoint, fault: FaultSettings | null): void {
    if (fault === null) this.#faults.delete(endpoint);
    else this.#faults.set(endpoint, { ...fault });
  }

  clear(): void {
    this.#faults.clear();
  }

  all(): Partial<Record<FaultEndpoint, FaultSettings>> {
    return Object.fromEntries([...this.#faults].map(([key, fault]) => [key, { ...fault }]));
  }

  effect(endpoint: Exclude<FaultEndpoint, '*'>): FaultEffect {
    const fault = { ...this.#faults.get('*'), ...this.#faults.get(endpoint) };
    const name: FinsifyErrorName | null = fault.maintenance ? 'ServerMaintenance' : fault.connectError ? 'ConnectError' : null;
    const headers: Record<string, string> =
      name && fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    return { error: name ? new FinsifyError(name) : null, latencyMs: fault.latencyMs ?? 0, headers };
  }
}

const API_ENDPOINTS: Record<string, Exclude<FaultEndpoint, '*'>> = {
  '/v2/customer': 'customer',
  '/v2/token': 'token',
  '/v2/token/reconnect': 'reconnect',
  '/v2/account': 'account',
  '/v2/transaction': 'transaction',
  '/v2/login/refresh': 'refresh',
  '/v2/login/activate': 'activate',
  '/v2/login/deactivate': 'deactivate',
};

/** The fault endpoint a request path belongs to, or null (test controls are never faulted). */
export function endpointFor(path: string): Exclude<FaultEndpoint, '*'> | null {
  if (path === '/service.json' || path.startsWith('/media/')) return 'services';
  if (path.startsWith('/v2/connect/')) return 'connect';
  return API_ENDPOINTS[path] ?? null;
}
