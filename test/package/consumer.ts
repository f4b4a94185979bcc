// A partner's TypeScript, compiled against the BUILT package's declarations through its `exports`
// (test/node/package/types.test.ts runs tsc on it with bundler and with nodenext resolution), and
// through `typesVersions` with node10 resolution.
import { FinsifyConnect, FinsifyServicePicker, FinsifySuccessEvent, type Service, type SuccessDetail } from 'finsify-connect';
import type { FinsifyServicePicker as PickerFromSubpath } from 'finsify-connect/picker';
import type { FinsifyConnect as ConnectFromSubpath } from 'finsify-connect/connect';
import { completeConnect, parseCallback } from 'finsify-connect/callback';
import type { createFinsifyProxy } from 'finsify-connect/server';
import type { createSandbox } from 'finsify-connect/sandbox';
import 'finsify-connect/locales/ms';
import { messages as thai } from 'finsify-connect/locales/th';
import { registerLocale, type LocalePack } from 'finsify-connect';
import type { FinsifyConnectProperties, FinsifyServicePickerProperties } from 'finsify-connect';

export const classes: [typeof FinsifyServicePicker, typeof FinsifyConnect] = [FinsifyServicePicker, FinsifyConnect];
export const same: [PickerFromSubpath | null, ConnectFromSubpath | null] = [null, null];

// Tag names map to the classes, and the events to their typed details.
const connect: FinsifyConnect = document.createElement('finsify-connect');
connect.tokenUrl = '/finsify/token';
connect.mode = 'auto';
// @ts-expect-error: not a mode
connect.mode = 'iframe';
connect.addEventListener('finsify-success', (event) => {
  const loginId: number = event.detail.login_id;
  const secret: string | undefined = event.detail.secret;
  // @ts-expect-error: login_id is a number
  const wrong: string = event.detail.login_id;
  return [loginId, secret, wrong];
});
connect.addEventListener('finsify-exit', (event) => event.detail.reason satisfies 'closed' | 'cancelled' | 'timeout' | 'aborted');
document.querySelector('finsify-service-picker')?.addEventListener('finsify-service-select', (event) => {
  const service: Service = event.detail.service;
  return service.id;
});
export const detail: SuccessDetail = new FinsifySuccessEvent({ status: 'success', login_id: 1 }).detail;

const parsed = parseCallback(location.href);
if (parsed.ok) parsed.result.status satisfies string;
completeConnect({ close: false });

export type Backends = [typeof createFinsifyProxy, typeof createSandbox];

// The bindable properties, one list for every framework's template types (Vue's GlobalComponents,
// React's JSX): the hardening and timing options are among them.
export const bindable: Partial<FinsifyConnectProperties> = { connectOrigins: ['https://api.finsify.com'], tokenTimeout: 10, closedGracePeriod: 3000, serviceId: 8 };
export const pickerBindable: Partial<FinsifyServicePickerProperties> = { catalogTimeout: 5, selected: 8 };
// @ts-expect-error: internal state is not bindable
export const notBindable: Partial<FinsifyConnectProperties> = { session: undefined };

const khmer: LocalePack = { picker: { label: 'ស្វែងរកធនាគាររបស់អ្នក' }, connect: { yourBank: thai.connect.yourBank } };
registerLocale('km', khmer);
