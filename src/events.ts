import type { Service } from './catalog/types.js';

/** Every event of this package bubbles and crosses shadow roots, so partners can listen anywhere above. */
const eventInit = { bubbles: true, composed: true } as const;

// Each `eventName` is a getter, not a static field: a static field is an assignment a bundler must
// keep, so every event class would ship with every entry point that imports one of them.

export interface ServiceSelectDetail {
  service: Service;
}

/** A person chose a service in `<finsify-service-picker>` (click or Enter). */
export class FinsifyServiceSelectEvent extends CustomEvent<ServiceSelectDetail> {
  static get eventName(): 'finsify-service-select' {
    return 'finsify-service-select';
  }
  constructor(detail: ServiceSelectDetail) {
    super(FinsifyServiceSelectEvent.eventName, { ...eventInit, detail });
  }
}

export interface CatalogLoadDetail {
  /** Services shown after validation. */
  count: number;
}

/** The catalog was fetched (or given) and validated. */
export class FinsifyCatalogLoadEvent extends CustomEvent<CatalogLoadDetail> {
  static get eventName(): 'finsify-catalog-load' {
    return 'finsify-catalog-load';
  }
  constructor(detail: CatalogLoadDetail) {
    super(FinsifyCatalogLoadEvent.eventName, { ...eventInit, detail });
  }
}

export interface CatalogErrorDetail {
  /** `CatalogFetchFailed`, `CatalogTimeout`, `CatalogInvalid` or `CatalogTooLarge`. */
  error: string;
  message: string;
}

/** The catalog could not be fetched or was not a catalog at all. */
export class FinsifyCatalogErrorEvent extends CustomEvent<CatalogErrorDetail> {
  static get eventName(): 'finsify-catalog-error' {
    return 'finsify-catalog-error';
  }
  constructor(detail: CatalogErrorDetail) {
    super(FinsifyCatalogErrorEvent.eventName, { ...eventInit, detail });
  }
}

export interface OpenDetail {
  service_id?: number;
  login_id?: number;
  token_id?: string;
}

/** The popup (or the whole page, in redirect mode) is going to Finsify's `connect_url`. */
export class FinsifyOpenEvent extends CustomEvent<OpenDetail> {
  static get eventName(): 'finsify-open' {
    return 'finsify-open';
  }
  constructor(detail: OpenDetail) {
    super(FinsifyOpenEvent.eventName, { ...eventInit, detail });
  }
}

export interface SuccessDetail {
  status: 'success';
  login_id: number;
  /** Absent when the partner's backend keeps the secret. */
  secret?: string;
  service_id?: number;
}

/** The login was connected. */
export class FinsifySuccessEvent extends CustomEvent<SuccessDetail> {
  static get eventName(): 'finsify-success' {
    return 'finsify-success';
  }
  constructor(detail: SuccessDetail) {
    super(FinsifySuccessEvent.eventName, { ...eventInit, detail });
  }
}

/** The widget's own error names; Finsify's names (`TokenExpire`, ...) pass through unchanged. */
export type WidgetErrorName = 'PopupBlocked' | 'TokenRequestFailed' | 'TokenResponseInvalid' | 'CallbackInvalid' | 'ConnectFailed';

export interface ErrorDetail {
  error: WidgetErrorName | (string & {});
  message: string;
  extra?: Record<string, unknown>;
  http_status?: number;
}

/** The flow failed. */
export class FinsifyErrorEvent extends CustomEvent<ErrorDetail> {
  static get eventName(): 'finsify-error' {
    return 'finsify-error';
  }
  constructor(detail: ErrorDetail) {
    super(FinsifyErrorEvent.eventName, { ...eventInit, detail });
  }
}

export type ExitReason = 'closed' | 'cancelled' | 'timeout' | 'aborted';

export interface ExitDetail {
  reason: ExitReason;
}

/** The person left without a result. */
export class FinsifyExitEvent extends CustomEvent<ExitDetail> {
  static get eventName(): 'finsify-exit' {
    return 'finsify-exit';
  }
  constructor(detail: ExitDetail) {
    super(FinsifyExitEvent.eventName, { ...eventInit, detail });
  }
}

export type FlowStepName =
  | 'TOKEN_REQUESTED'
  | 'TOKEN_RECEIVED'
  | 'POPUP_OPENED'
  | 'POPUP_BLOCKED'
  | 'REDIRECTING'
  | 'CALLBACK_RECEIVED'
  | 'SUCCESS'
  | 'ERROR'
  | 'EXIT';

export interface FlowStepDetail {
  name: FlowStepName;
  /** Milliseconds since the epoch. */
  at: number;
  service_id?: number;
  login_id?: number;
  mode?: 'popup' | 'redirect' | 'auto';
  /** Error name on `ERROR`, reason on `EXIT`. */
  error?: string;
  reason?: ExitReason;
  /** On `CALLBACK_RECEIVED`: how the result arrived (popup location, `postMessage`, `BroadcastChannel`, or `sessionStorage` after a redirect). */
  via?: 'location' | 'message' | 'channel' | 'storage';
}

/** One step of a flow, for analytics. Never carries the secret or `connect_url`. */
export class FinsifyFlowEvent extends CustomEvent<FlowStepDetail> {
  static get eventName(): 'finsify-event' {
    return 'finsify-event';
  }
  constructor(detail: FlowStepDetail) {
    super(FinsifyFlowEvent.eventName, { ...eventInit, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'finsify-service-select': FinsifyServiceSelectEvent;
    'finsify-catalog-load': FinsifyCatalogLoadEvent;
    'finsify-catalog-error': FinsifyCatalogErrorEvent;
    'finsify-open': FinsifyOpenEvent;
    'finsify-success': FinsifySuccessEvent;
    'finsify-error': FinsifyErrorEvent;
    'finsify-exit': FinsifyExitEvent;
    'finsify-event': FinsifyFlowEvent;
  }
}
