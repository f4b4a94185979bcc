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
  /** The service's name, kept with a redirect flow for the page it returns to. */
  serviceName?: string;
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
  /** The element's forced theme, offered to the connect pages with `lang`. */
  theme?: 'light' | 'dark';
}

/** How long after a popup reads closed the spinner may still turn (see `ConnectFlow.poll()`). */
export const WAITING_AFTER_MS = 2000;
/** How long a popup must stay open, unreadable, before a close counts as the person's (see `ConnectFlow.poll()`). */
export const AWAY_PROOF_MS = 1000;

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
  #resolve!: (outcome: ConnectOutcome) => void;
  readonly #scope = new Scope();
  readonly #tokenAbort = new AbortController();
  readonly #win: Window;
  readonly #base: StepBase;
  #popup: Window | null = null;
  #redirect = false;
  #navigated = false;
  /** When the popup was first seen open, unreadable, on the provider's page (see `#poll()`). */
  #firstAwayAt?: number;
  /** The popup was seen open past our blank page for long enough that COOP did not cut it off as it arrived. */
  #seenAway = false;
  #stopPolling?: () => void;
  #ended = false;
  /** The popup read closed after it was sent to `connect_url`; the flow may still get its result. */
  #gone = false;
  /** The element shows the calm waiting state instead of a spinner (see `#poll()`). */
  #calm = false;

  readonly #host: HTMLElement;
  readonly #options: FlowOptions;
  readonly #onEnd: (outcome: ConnectOutcome) => void;
  readonly #onChange: () => void;

  constructor(host: HTMLElement, options: FlowOptions, onEnd: (outcome: ConnectOutcome) => void, onChange: () => void = () => {}) {
    this.#host = host;
    this.#options = options;
    this.#onEnd = onEnd;
    this.#onChange = onChange;
    this.outcome = new Promise((resolve) => (this.#resolve = resolve));
    this.#win = host.ownerDocument.defaultView ?? window;
    this.#base = stepBase(options.mode, options.serviceId, options.loginId);
  }

  get finished(): boolean {
    return this.#ended;
  }

  /**
   * The popup reads closed after it was sent to `connect_url`: closed by the person, or cut off
   * by the provider's `Cross-Origin-Opener-Policy` while the person goes on in it. Nothing can
   * bring that window forward any more, so a new `open()` gives this flow up (`giveUp()`).
   */
  get unreachable(): boolean {
    return this.#gone;
  }

  /** The element should show its calm waiting state ("Start again"), not a spinner. */
  get waiting(): boolean {
    return this.#calm;
  }

  /** Call inside the person's click: opens the popup before anything is awaited. */
  start(): void {
    const { mode } = this.#options;
    if (mode !== 'redirect') {
      this.#popup = openPopup(this.#win, { note: this.#options.popupNote, lang: this.#options.lang });
      if (this.#popup) {
        this.#step('POPUP_OPENED');
        this.#watch(this.#popup);
      } else {
        this.#step('POPUP_BLOCKED');
      }
    }
    this.#redirect = !this.#popup;
    if (this.#redirect) {
      // In auto mode a tab that cannot keep the flow while away stops here, before any token,
      // rather than leave for a result it could not match on return. The record is kept for
      // real only as the page leaves: until then another element could take it for a returned flow.
      const kept = mode !== 'popup' && this.#keepPending();
      removePending(this.state);
      if (!kept && mode !== 'redirect') {
        const message = mode === 'popup' ? 'Popup blocked' : 'Popup blocked, and no session storage to redirect with';
        this.#finish({ type: 'error', detail: { error: 'PopupBlocked', message } });
        return;
      }
    }
    this.#scope.timeout(() => this.#exit('timeout'), this.#options.timeoutMs);
    void this.#connect();
  }

  /** A second `open()` while this runs: bring the popup forward. */
  focus(): void {
    if (this.#popup && !this.#popup.closed) this.#popup.focus();
  }

  abort(): void {
    this.#exit('aborted');
  }

  /** The person gave up on an unreachable popup (by starting again): it ends as closed. */
  giveUp(): void {
    this.#exit('closed');
  }

  #step(name: FlowStepName, extra?: Partial<FlowStepDetail>): void {
    emitStep(this.#host, this.#base, name, extra);
  }

  async #connect(): Promise<void> {
    const { serviceId, loginId } = this.#options;
    const request: TokenRequest = loginId !== undefined ? { login_id: loginId, state: this.state } : { service_id: serviceId!, state: this.state };
    this.#step('TOKEN_REQUESTED');
    const token = await requestToken(request, {
      url: this.#options.tokenUrl,
      provider: this.#options.tokenProvider,
      headers: this.#options.tokenHeaders,
      timeoutMs: this.#options.tokenTimeoutMs,
      signal: this.#tokenAbort.signal,
      connectOrigins: this.#options.connectOrigins,
      pageHints: { locale: this.#options.lang, ...(this.#options.theme ? { theme: this.#options.theme } : {}) },
    });
    if (this.#ended) return;
    if (!token.ok) {
      this.#finish({ type: 'error', detail: token.error });
      return;
    }
    this.#step('TOKEN_RECEIVED');
    const open: OpenDetail = { ...(loginId === undefined ? { service_id: serviceId } : { login_id: loginId }) };
    if (token.id !== undefined) open.token_id = token.id;
    if (this.#redirect) {
      this.#leaveForConnect(token.connectUrl, open);
      return;
    }
    const popup = this.#popup!;
    // Closed while the token was on its way: a closed window takes the navigation without a word,
    // which would pass for a popup that COOP cut off.
    if (popup.closed) {
      this.#exit('closed');
      return;
    }
    this.#host.dispatchEvent(new FinsifyOpenEvent(open));
    if (this.#ended) return;
    try {
      // replace(): the blank page is not worth a Back step in the popup's history.
      popup.location.replace(token.connectUrl.href);
      this.#navigated = true;
    } catch {
      // The popup went away meanwhile; the watcher reports it as closed.
    }
  }

  /** Keeps this flow in the tab's storage while the page is away at Finsify; false when storage refuses. */
  #keepPending(): boolean {
    const { serviceId, serviceName, loginId, elementId, timeoutMs } = this.#options;
    return savePending({
      state: this.state,
      ...(loginId === undefined ? { service_id: serviceId, service_name: serviceName } : { login_id: loginId }),
      ...(elementId ? { element_id: elementId } : {}),
      returnUrl: this.#win.location.href,
      startedAt: Date.now(),
      timeoutMs,
    });
  }

  #leaveForConnect(url: URL, open: OpenDetail): void {
    this.#keepPending();
    // Back from Finsify restores this page from the back/forward cache with the flow still
    // running: the person left without a result.
    this.#scope.listen<PageTransitionEvent>(this.#win, 'pageshow', (event) => {
      if (!event.persisted) return;
      removePending(this.state);
      this.#exit('cancelled');
    });
    this.#step('REDIRECTING');
    this.#host.dispatchEvent(new FinsifyOpenEvent(open));
    if (!this.#ended) this.#win.location.assign(url.href);
  }

  #watch(popup: Window): void {
    listenForResult(this.#scope, { state: this.state, window: this.#win, popup, onResult: (message, via) => this.#receive(message, via) });
    this.#stopPolling = this.#scope.interval(() => this.#poll(popup), this.#options.pollIntervalMs);
  }

  /**
   * Reads the popup's own address once it is back on our origin, and notices it closing.
   *
   * The rule for a popup that reads closed after it was sent to `connect_url` (issue 14):
   * a page cannot tell a popup the person closed from one that the provider's
   * `Cross-Origin-Opener-Policy` cut off (both read `closed`; the connect pages cannot post to
   * us, and our callback page only posts the result itself). So:
   *
   * 1. Whatever the reason, the spinner stops within `WAITING_AFTER_MS`: the element shows a calm
   *    waiting state with "Start again" (never an error). A result that still arrives over the
   *    BroadcastChannel is taken, once; "Start again" ends the flow as `closed`; `timeout` still
   *    ends it.
   * 2. The flow ends by itself as `closed` (after `closedGracePeriod` with no result) only when
   *    the popup was seen open past our blank page first: readable on a page of our own origin,
   *    or unreadable (the provider's page) on two polls at least `AWAY_PROOF_MS` apart. A single
   *    unreadable reading proves nothing: as COOP severs the popup, the opener can read it as
   *    cross-origin for a moment before it reads closed, and under load that moment is long.
   * 3. Otherwise (closed as, or soon after, the provider's first page arrived: COOP, or a quick
   *    person) the flow keeps waiting in the calm state until a result, "Start again" or
   *    `timeout`. Guessing wrong costs little: a COOP popup is never reported as closed early,
   *    and a person who closed it sees "Start again", not a spinner.
   */
  #poll(popup: Window): void {
    if (popup.closed) {
      this.#stopPolling?.();
      if (!this.#navigated) {
        // Closed while still blank: nothing can be on its way, so no grace period.
        this.#exit('closed');
        return;
      }
      this.#gone = true;
      if (this.#seenAway) {
        // Seen on the provider's page for a while, then closed: by the person, or by a COOP page
        // later in the flow. A result may still be on its way over the BroadcastChannel.
        this.#scope.timeout(() => this.#exit('closed'), this.#options.closedGracePeriodMs);
        this.#scope.timeout(() => this.#beCalm(), WAITING_AFTER_MS);
      } else {
        // Ambiguous (rule 3): calm at once, and only the result, the person or the timeout end it.
        this.#beCalm();
      }
      this.#onChange();
      return;
    }
    const href = readPopupUrl(popup);
    if (this.#navigated && href === undefined) {
      // Unreadable: on the provider's origin, or being severed by COOP right now (rule 2).
      const now = performance.now();
      this.#firstAwayAt ??= now;
      if (now - this.#firstAwayAt >= AWAY_PROOF_MS) this.#seenAway = true;
    } else if (this.#navigated && href !== 'about:blank') {
      // Readable and no longer blank: a page of our origin, in our browsing context group.
      this.#seenAway = true;
    }
    if (!href) return;
    const parsed = parseCallback(href);
    // Another flow's page, or ours still without a result: wait on.
    if (parsed.state !== this.state || (!parsed.ok && parsed.message === NO_RESULT)) return;
    try {
      popup.history.replaceState(null, '', cleanCallbackUrl(href));
    } catch {
      // The popup is closed right after anyway.
    }
    this.#receive(toMessage(this.state, parsed), 'location');
  }

  #beCalm(): void {
    if (this.#ended || this.#calm) return;
    this.#calm = true;
    this.#onChange();
  }

  #receive(message: ResultMessage, via: ResultVia): void {
    if (this.#ended) return;
    this.#step('CALLBACK_RECEIVED', { via });
    this.#finish(outcomeFor(message, this.#options.serviceId));
  }

  #exit(reason: ExitReason): void {
    this.#finish({ type: 'exit', detail: { reason } });
  }

  #finish(outcome: ConnectOutcome): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#scope.dispose();
    this.#tokenAbort.abort();
    if (this.#redirect) removePending(this.state);
    // Closing a window that is already closed does nothing, and never throws.
    this.#popup?.close();
    this.#popup = null;
    // The host hears of the end first, so a listener of the result event finds no flow running
    // and can start the next one (say, in redirect mode after PopupBlocked).
    this.#onEnd(outcome);
    emitOutcome(this.#host, this.#base, outcome);
    this.#resolve(outcome);
  }
}
