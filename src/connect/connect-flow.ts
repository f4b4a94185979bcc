import {
  FinsifyErrorEvent,
  FinsifyExitEvent,
  FinsifyFlowEvent,
  FinsifyOpenEvent,
  FinsifySuccessEvent,
  type ExitReason,
  type FlowStepDetail,
  type FlowStepName,
  type OpenDetail,
} from '../events.js';
import { toMessage, type ResultMessage } from './protocol.js';
import { openPopup, readPopupUrl } from './popup-window.js';
import { NO_RESULT, cleanCallbackUrl, parseCallback } from './callback-parse.js';
import { createState } from '../contract/state.js';
import { removePending, savePending } from './redirect-store.js';
import { listenForResult, type ResultVia } from './result-channel.js';
import { Scope } from './scope.js';
import { requestToken } from './token-client.js';
import type { ConnectMode, ConnectOutcome, TokenProvider, TokenRequest } from './types.js';

/** Everything one flow needs, resolved by the element when it starts. */
export interface FlowOptions {
  mode: ConnectMode;
  serviceId?: number;
  loginId?: number;
  elementId?: string;
  tokenUrl?: string;
  tokenProvider?: TokenProvider;
  tokenHeaders?: HeadersInit;
  tokenTimeoutMs: number;
  connectOrigins: readonly string[];
  timeoutMs: number;
  closedGracePeriodMs: number;
  pollIntervalMs: number;
  /** "Connecting..." in the person's language, shown in the blank popup. */
  popupNote: string;
  lang: string;
}

const CANCELLED = new Set(['cancel', 'cancelled', 'canceled']);

/** The outcome a callback result stands for. The secret only ever goes to `finsify-success`. */
export function outcomeFor(message: ResultMessage, serviceId: number | undefined): ConnectOutcome {
  if ('error' in message) return { type: 'error', detail: { error: 'CallbackInvalid', message: message.message } };
  const { status, login_id, secret } = message.result;
  const normalized = status.toLowerCase();
  if (normalized === 'success' && login_id !== undefined) {
    return {
      type: 'success',
      detail: { status: 'success', login_id, ...(secret === undefined ? {} : { secret }), ...(serviceId === undefined ? {} : { service_id: serviceId }) },
    };
  }
  if (CANCELLED.has(normalized)) return { type: 'exit', detail: { reason: 'cancelled' } };
  return { type: 'error', detail: { error: 'ConnectFailed', message: `Connect ended with status ${status}`, extra: { status } } };
}

/** Dispatches `finsify-event` for one step: only ids, mode and step data, never a secret or URL. */
export function emitStep(host: EventTarget, base: StepBase, name: FlowStepName, extra: Partial<FlowStepDetail> = {}): void {
  host.dispatchEvent(new FinsifyFlowEvent({ name, at: Date.now(), ...base, ...extra }));
}

/** The ids and mode every step of a flow carries, without `undefined` keys. */
export type StepBase = Pick<FlowStepDetail, 'mode' | 'service_id' | 'login_id'>;

/** Reconnects name the login; new connections the service. */
export function stepBase(mode: ConnectMode, serviceId: number | undefined, loginId: number | undefined): StepBase {
  return loginId !== undefined ? { mode, login_id: loginId } : serviceId !== undefined ? { mode, service_id: serviceId } : { mode };
}

/** Dispatches the terminal step and event of a flow. */
export function emitOutcome(host: EventTarget, base: StepBase, outcome: ConnectOutcome): void {
  if (outcome.type === 'success') {
    emitStep(host, base, 'SUCCESS');
    host.dispatchEvent(new FinsifySuccessEvent(outcome.detail));
  } else if (outcome.type === 'error') {
    emitStep(host, base, 'ERROR', { error: outcome.detail.error });
    host.dispatchEvent(new FinsifyErrorEvent(outcome.detail));
  } else {
    emitStep(host, base, 'EXIT', { reason: outcome.detail.reason });
    host.dispatchEvent(new FinsifyExitEvent(outcome.detail));
  }
}

/**
 * One connect flow, start to end: a blank popup opened synchronously, the token, the popup
 * sent to `connect_url` (or the whole page, in redirect mode), then the first valid result from
 * the popup's location, `postMessage` or `BroadcastChannel`. Whatever ends it (result, error,
 * closed popup, timeout, `abort()`), it ends once: one terminal event, the popup closed, and
 * every listener, timer and channel released.
 */
export class ConnectFlow {
  readonly state = createState();
  readonly outcome: Promise<ConnectOutcome>;
  private resolve!: (outcome: ConnectOutcome) => void;
  private readonly scope = new Scope();
  private readonly tokenAbort = new AbortController();
  private readonly win: Window;
  private readonly base: StepBase;
  private popup: Window | null = null;
  private redirect = false;
  private navigated = false;
  /** The popup was seen open past our blank page, so COOP did not cut it off as it arrived. */
  private seenAway = false;
  private stopPolling?: () => void;
  private ended = false;
  private cutOff = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: FlowOptions,
    private readonly onEnd: (outcome: ConnectOutcome) => void,
    private readonly onCutOff: () => void = () => {},
  ) {
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
    this.win = host.ownerDocument.defaultView ?? window;
    this.base = stepBase(options.mode, options.serviceId, options.loginId);
  }

  get finished(): boolean {
    return this.ended;
  }

  /**
   * The popup read closed the moment the provider's first page arrived, as COOP makes it: the
   * person may still be in it, or may have closed it while it loaded. The flow waits for a
   * result (or its timeout); nothing can bring that window forward any more.
   */
  get unreachable(): boolean {
    return this.cutOff;
  }

  /** Call inside the person's click: opens the popup before anything is awaited. */
  start(): void {
    const { mode } = this.options;
    if (mode !== 'redirect') {
      this.popup = openPopup(this.win, { note: this.options.popupNote, lang: this.options.lang });
      if (this.popup) {
        this.step('POPUP_OPENED');
        this.watch(this.popup);
      } else {
        this.step('POPUP_BLOCKED');
      }
    }
    this.redirect = !this.popup;
    if (this.redirect) {
      // In auto mode a tab that cannot keep the flow while away stops here, before any token,
      // rather than leave for a result it could not match on return. The record is kept for
      // real only as the page leaves: until then another element could take it for a returned flow.
      const kept = mode !== 'popup' && this.keepPending();
      removePending(this.state);
      if (!kept && mode !== 'redirect') {
        const message = mode === 'popup' ? 'Popup blocked' : 'Popup blocked, and no session storage to redirect with';
        this.finish({ type: 'error', detail: { error: 'PopupBlocked', message } });
        return;
      }
    }
    this.scope.timeout(() => this.exit('timeout'), this.options.timeoutMs);
    void this.connect();
  }

  /** A second `open()` while this runs: bring the popup forward. */
  focus(): void {
    if (this.popup && !this.popup.closed) this.popup.focus();
  }

  abort(): void {
    this.exit('aborted');
  }

  /** The person gave up on an unreachable popup (by starting again): it ends as closed. */
  giveUp(): void {
    this.exit('closed');
  }

  private step(name: FlowStepName, extra?: Partial<FlowStepDetail>): void {
    emitStep(this.host, this.base, name, extra);
  }

  private async connect(): Promise<void> {
    const { serviceId, loginId } = this.options;
    const request: TokenRequest = loginId !== undefined ? { login_id: loginId, state: this.state } : { service_id: serviceId!, state: this.state };
    this.step('TOKEN_REQUESTED');
    const token = await requestToken(request, {
      url: this.options.tokenUrl,
      provider: this.options.tokenProvider,
      headers: this.options.tokenHeaders,
      timeoutMs: this.options.tokenTimeoutMs,
      signal: this.tokenAbort.signal,
      connectOrigins: this.options.connectOrigins,
    });
    if (this.ended) return;
    if (!token.ok) {
      this.finish({ type: 'error', detail: token.error });
      return;
    }
    this.step('TOKEN_RECEIVED');
    const open: OpenDetail = { ...(loginId === undefined ? { service_id: serviceId } : { login_id: loginId }) };
    if (token.id !== undefined) open.token_id = token.id;
    if (this.redirect) {
      this.leaveForConnect(token.connectUrl, open);
      return;
    }
    const popup = this.popup!;
    // Closed while the token was on its way: a closed window takes the navigation without a word,
    // which would pass for a popup that COOP cut off.
    if (popup.closed) {
      this.exit('closed');
      return;
    }
    this.host.dispatchEvent(new FinsifyOpenEvent(open));
    if (this.ended) return;
    try {
      // replace(): the blank page is not worth a Back step in the popup's history.
      popup.location.replace(token.connectUrl.href);
      this.navigated = true;
    } catch {
      // The popup went away meanwhile; the watcher reports it as closed.
    }
  }

  /** Keeps this flow in the tab's storage while the page is away at Finsify; false when storage refuses. */
  private keepPending(): boolean {
    const { serviceId, loginId, elementId, timeoutMs } = this.options;
    return savePending({
      state: this.state,
      ...(loginId === undefined ? { service_id: serviceId } : { login_id: loginId }),
      ...(elementId ? { element_id: elementId } : {}),
      returnUrl: this.win.location.href,
      startedAt: Date.now(),
      timeoutMs,
    });
  }

  private leaveForConnect(url: URL, open: OpenDetail): void {
    this.keepPending();
    // Back from Finsify restores this page from the back/forward cache with the flow still
    // running: the person left without a result.
    this.scope.listen<PageTransitionEvent>(this.win, 'pageshow', (event) => {
      if (!event.persisted) return;
      removePending(this.state);
      this.exit('cancelled');
    });
    this.step('REDIRECTING');
    this.host.dispatchEvent(new FinsifyOpenEvent(open));
    if (!this.ended) this.win.location.assign(url.href);
  }

  private watch(popup: Window): void {
    listenForResult(this.scope, { state: this.state, window: this.win, popup, onResult: (message, via) => this.receive(message, via) });
    this.stopPolling = this.scope.interval(() => this.poll(popup), this.options.pollIntervalMs);
  }

  /** Reads the popup's own address once it is back on our origin, and notices it closing. */
  private poll(popup: Window): void {
    if (popup.closed) {
      this.stopPolling?.();
      if (!this.navigated) {
        // Closed while still blank: nothing can be on its way, so no grace period.
        this.exit('closed');
      } else if (this.seenAway) {
        // Closed after it was seen on the provider's page: by the person, or by a COOP page later
        // in the flow. A result may still be on its way over the BroadcastChannel.
        this.scope.timeout(() => this.exit('closed'), this.options.closedGracePeriodMs);
      } else {
        // From our blank page straight to "closed" as the provider's first page arrived: the mark
        // of `Cross-Origin-Opener-Policy`, which cuts the window off while the person goes on in
        // it. Only the BroadcastChannel, the flow's timeout, or the person starting again can end
        // it now.
        this.cutOff = true;
        this.onCutOff();
      }
      return;
    }
    const href = readPopupUrl(popup);
    // Unreadable: on the provider's origin. Readable and no longer blank: a same-origin page.
    if (this.navigated && href !== 'about:blank') this.seenAway = true;
    if (!href) return;
    const parsed = parseCallback(href);
    // Another flow's page, or ours still without a result: wait on.
    if (parsed.state !== this.state || (!parsed.ok && parsed.message === NO_RESULT)) return;
    try {
      popup.history.replaceState(null, '', cleanCallbackUrl(href));
    } catch {
      // The popup is closed right after anyway.
    }
    this.receive(toMessage(this.state, parsed), 'location');
  }

  private receive(message: ResultMessage, via: ResultVia): void {
    if (this.ended) return;
    this.step('CALLBACK_RECEIVED', { via });
    this.finish(outcomeFor(message, this.options.serviceId));
  }

  private exit(reason: ExitReason): void {
    this.finish({ type: 'exit', detail: { reason } });
  }

  private finish(outcome: ConnectOutcome): void {
    if (this.ended) return;
    this.ended = true;
    this.scope.dispose();
    this.tokenAbort.abort();
    if (this.redirect) removePending(this.state);
    // Closing a window that is already closed does nothing, and never throws.
    this.popup?.close();
    this.popup = null;
    // The host hears of the end first, so a listener of the result event finds no flow running
    // and can start the next one (say, in redirect mode after PopupBlocked).
    this.onEnd(outcome);
    emitOutcome(this.host, this.base, outcome);
    this.resolve(outcome);
  }
}
