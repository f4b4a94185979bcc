import type { SandboxContext } from './context.js';
import { FinsifyError } from './errors.js';
import { isFaultEndpoint } from './faults.js';
import { LOGIN_STATUSES, type LoginStatusName } from './store.js';
import type { SandboxControl, SandboxSettings } from './types.js';
import type { WebhookDelivery } from './webhooks.js';

function checkSettings(settings: Partial<SandboxSettings>): Partial<SandboxSettings> {
  const out: Partial<SandboxSettings> = {};
  for (const key of ['tokenLifetimeSeconds', 'refreshIntervalSeconds'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 31_536_000) {
      throw new FinsifyError('DataInvalid', `${key} must be a whole number of seconds (0 to 31536000)`, { field: key });
    }
    out[key] = value;
  }
  if (settings.crossOriginOpenerPolicy !== undefined) {
    if (typeof settings.crossOriginOpenerPolicy !== 'boolean') {
      throw new FinsifyError('DataInvalid', 'crossOriginOpenerPolicy must be a boolean', { field: 'crossOriginOpenerPolicy' });
    }
    out.crossOriginOpenerPolicy = settings.crossOriginOpenerPolicy;
  }
  return out;
}

/** Changes a login's status as its bank would, and tells the partner by webhook. */
export function changeLoginStatus(ctx: SandboxContext, loginId: number, status: LoginStatusName): WebhookDelivery | null {
  if (!LOGIN_STATUSES.includes(status)) {
    throw new FinsifyError('DataInvalid', `status must be one of ${LOGIN_STATUSES.join(', ')}`, { field: 'status' });
  }
  const login = ctx.store.login(loginId);
  if (!login) throw new FinsifyError('LoginNotFound', `Cannot find Login with id: '${loginId}'.`, { loginId });
  login.status = status;
  return ctx.webhooks.send('login_status', { status, login_id: login.id });
}

/** The test controls of one sandbox (see {@link SandboxControl}). */
export function createControl(ctx: SandboxContext): SandboxControl {
  const control: SandboxControl = {
    setFault(endpoint, fault) {
      if (!isFaultEndpoint(endpoint)) throw new TypeError(`Unknown fault endpoint: ${String(endpoint)}`);
      ctx.faults.set(endpoint, fault);
    },
    clearFaults: () => ctx.faults.clear(),
    faults: () => ctx.faults.all(),
    settings: () => ({ ...ctx.settings }),
    updateSettings(settings) {
      Object.assign(ctx.settings, checkSettings(settings));
      return { ...ctx.settings };
    },
    setTokenLifetime: (seconds) => void control.updateSettings({ tokenLifetimeSeconds: seconds }),
    setCrossOriginOpenerPolicy: (enabled) => void control.updateSettings({ crossOriginOpenerPolicy: enabled }),
    state: () => ctx.store.snapshot(),
    setLoginStatus: async (loginId, status) => changeLoginStatus(ctx, loginId, status),
    webhooks: () => ctx.webhooks.list(),
    webhooksIdle: () => ctx.webhooks.idle(),
    reset() {
      ctx.store.reset();
      ctx.webhooks.reset();
      ctx.faults.clear();
    },
  };
  return control;
}
