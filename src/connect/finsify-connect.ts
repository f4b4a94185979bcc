import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { FinsifyServiceSelectEvent } from '../events.js';
import { PopupSession, type ReturnedService } from './popup-session.js';
import { parseOriginList } from './connect-url.js';
import { positiveId } from '../contract/ids.js';
import { connectStyles } from './finsify-connect.styles.js';
import { themeTokens } from '../shared/theme.styles.js';
import { connectMessages, type ConnectMessageKey } from './messages.js';
import { createTranslator, resolveLocale, type Messages } from '../i18n/localize.js';
import { followLanguage, openBundle } from '../i18n/registry.js';
import type { ConnectMode, ConnectOutcome, TokenProvider } from './types.js';

openBundle('connect', connectMessages);
const MODES: readonly ConnectMode[] = ['popup', 'redirect', 'auto'];
/** How often the popup's address and `closed` are checked. */
const POLL_INTERVAL_MS = 250;


// Attribute to property only: none of these is reflected.
const idConverter = (value: string | null) => positiveId(value?.trim());

/** A finite positive duration, else the default: a typo in an attribute must not make a flow end at once. */
const duration = (value: number, fallback: number): number => (Number.isFinite(value) && value > 0 ? value : fallback);

type StatusKind = 'info' | 'error';

/**
 * What the person reads after each outcome, by message key: the status a `ConnectFailed` ended
 * with (the sandbox ends a flow on an expired token with `token_expired`), else the error's name
 * (Finsify's, or the widget's own), else the exit's reason. Any other error reads `errorGeneric`,
 * any other exit (`closed`) `statusStopped`.
 */
const OUTCOME_MESSAGES: Partial<Record<ConnectMessageKey, string>> = {
  statusCancelled: 'cancelled',
  statusTimeout: 'timeout',
  errorWrongPassword: 'login_wrong_credentials',
  errorLocked: 'login_account_locked',
  errorPasswordExpired: 'login_password_expired',
  errorPopupBlocked: 'PopupBlocked',
  errorExpired: 'TokenExpire token_expired',
  errorUnavailable: 'ServerMaintenance ConnectError InternalError TokenCreateError CustomerCreateError TokenRequestFailed',
  errorSetup: 'TokenResponseInvalid ServiceNotFound CustomerNotFound ClientNotFound LoginNotFound CredentialInvalid CustomerExists BadRequest DataInvalid ContentInputInvalid',
};

const messageFor = (name: unknown) =>
  (Object.keys(OUTCOME_MESSAGES) as ConnectMessageKey[]).find((key) => OUTCOME_MESSAGES[key]!.split(' ').includes(name as string));

/**
 * Connects one Finsify login: gets a token from the partner's backend, runs Finsify's
 * `connect_url` in a popup (or the whole page, in redirect mode), and reports the result.
 *
 * @summary A button that connects a bank login through Finsify, with exactly one result event per flow.
 *
 * @slot - Content above the button, typically a `<finsify-service-picker>`: choosing a service
 *   starts the flow for it, within the same click or key press.
 * @slot trigger - Your own trigger in place of the built-in button; clicking it starts the flow.
 *
 * @fires {FinsifyOpenEvent} finsify-open - The popup (or the page, in redirect mode) goes to `connect_url`. Detail `{ service_id?, login_id?, token_id? }`.
 * @fires {FinsifySuccessEvent} finsify-success - The callback said `success`. Detail `{ status, login_id, secret?, service_id? }`.
 * @fires {FinsifyErrorEvent} finsify-error - The flow failed. Detail `{ error, message, extra?, http_status? }`.
 * @fires {FinsifyExitEvent} finsify-exit - The person left without a result. Detail `{ reason: 'closed' | 'cancelled' | 'timeout' | 'aborted' }`.
 * @fires {FinsifyFlowEvent} finsify-event - Every step, for analytics. Detail `{ name, at, service_id?, login_id?, mode, error?, reason?, via? }`; never the secret or `connect_url`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart content - The wrapper of the default slot (the picker).
 * @csspart button - The built-in connect button.
 * @csspart spinner - The busy indicator inside the button, while a flow runs.
 * @csspart label - The button's text.
 * @csspart status - The status line under the button (progress, result, error).
 * @csspart status-error - Added to `status` while it shows an error.
 * @csspart status-waiting - Added to `status` in the waiting state: the popup reads closed, and the flow still takes a result that arrives (see `closedGracePeriod`).
 *
 * @cssprop [--finsify-connect-button-background=var(--finsify-accent)] - The button's background.
 * @cssprop [--finsify-connect-button-color=var(--finsify-accent-text)] - The button's text colour.
 * @cssprop [--finsify-connect-button-radius=var(--finsify-radius)] - The button's corner radius.
 * @cssprop [--finsify-connect-button-padding=0.75em 1.25em] - The button's padding.
 * @cssprop [--finsify-connect-gap=0.75rem] - Space between the picker, the button and the status line.
 * @cssprop [--finsify-connect-error-color=var(--finsify-danger)] - The status line's colour for errors.
 * @cssprop [--finsify-connect-background=var(--finsify-surface)] - The element's background; `transparent` when your page already matches the theme.
 */
export class FinsifyConnect extends LitElement {
  static override styles = [themeTokens, connectStyles];

  // A static declaration rather than decorators: TypeScript's decorator helper and one call per
  // property would ship in every bundle. Each field is documented where it is declared below.
  static override properties: PropertyDeclarations = {
    tokenUrl: { attribute: 'token-url' },
    tokenProvider: { attribute: false },
    tokenHeaders: { attribute: false },
    serviceId: { attribute: 'service-id', converter: idConverter },
    serviceName: { attribute: 'service-name' },
    loginId: { attribute: 'login-id', converter: idConverter },
    mode: {},
    timeout: { type: Number },
    tokenTimeout: { attribute: 'token-timeout', type: Number },
    closedGracePeriod: { attribute: 'closed-grace-period', type: Number },
    connectOrigins: { attribute: 'connect-origins', converter: parseOriginList },
    locale: {},
    theme: { reflect: true },
    strings: { attribute: false },
    // Internal reactive state: re-renders, no attribute.
    selected: { state: true },
    status: { state: true },
  };

  /**
   * The partner backend's token endpoint: receives `POST {service_id|login_id, state}` and answers Finsify's token.
   * The element's language comes along as `Accept-Language`, and a forced `theme` as `Finsify-Theme` (same-origin URLs only).
   */
  tokenUrl?: string;

  /** Replaces the `POST` to `token-url`: `(request, { signal, locale, theme? }) => Promise<{ connect_url, id? }>`. */
  tokenProvider?: TokenProvider;

  /** Extra headers for the token request (a CSRF token, say), or a function returning them at request time. */
  tokenHeaders?: HeadersInit | (() => HeadersInit);

  /** The Finsify service to connect. A service chosen in a slotted picker takes its place. */
  serviceId?: number;

  /** The service's name for the button ("Connect Vietcombank"); taken from the picker's choice when there is one. */
  serviceName?: string;

  /** An existing login to reconnect (password changed, and so on); the button then says "Reconnect", and "Reconnected" (starting nothing more) once it succeeded, until `login-id` changes. */
  loginId?: number;

  /** `popup` (default), `redirect` (the whole page goes to Finsify and comes back), or `auto` (popup, else redirect). */
  mode: ConnectMode = 'popup';

  /** Seconds before an unfinished flow ends with `finsify-exit` `timeout`. */
  timeout = 900;

  /** Seconds before the token request is given up (`TokenRequestFailed`). */
  tokenTimeout = 30;

  /**
   * Milliseconds a popup that reads as closed, after it was seen open on the provider's page for
   * a second or more, is given for its result to arrive before the flow ends with `closed`.
   * A popup that reads closed sooner (as the provider's first page arrives, or within about a
   * second of it) may have been cut off by that page's `Cross-Origin-Opener-Policy` while the
   * person goes on in it: that flow is never ended as `closed` by itself; it waits for its result
   * (or `timeout`). Either way, within two seconds of the popup reading closed the spinner stops
   * and the element shows a calm waiting state (the `waiting` attribute, "Start again" on the
   * button): pressing it ends the flow as `closed` and starts a new one.
   */
  closedGracePeriod = 3000;

  /**
   * Origins `connect_url` may be on, separated by spaces or commas (e.g. `https://api.finsify.com`).
   * Empty (default): any `https:` origin. A token with a `connect_url` elsewhere ends in `TokenResponseInvalid`.
   */
  connectOrigins: string[] = [];

  /** UI language (`en`, `vi`); default from the nearest `lang`, then the browser. */
  locale?: string;

  /** `light` or `dark` forces a colour scheme; without it the element follows `prefers-color-scheme`. */
  theme?: 'light' | 'dark';

  /** Your own wording for any text of the element, by message key (the same `strings` property as the picker's). */
  strings?: Partial<Messages<ConnectMessageKey>>;

  private selected?: { id: number; name?: string };
  private status?: { kind: StatusKind; key: ConnectMessageKey };
  /** The last flow succeeded: the button offers what comes next. */
  #done = false;

  readonly #session = new PopupSession(this, (outcome, returned) => void this.#ended(outcome, returned));

  constructor() {
    super();
    followLanguage(this);
    // The picker's event bubbles here from the light DOM; handling it synchronously keeps the
    // popup inside the person's click or key press.
    // By name: the picker's event class need not ship with this element.
    this.addEventListener('finsify-service-select' satisfies typeof FinsifyServiceSelectEvent.eventName, this.#onServiceSelect);
  }

  /** True while a flow runs. */
  get running(): boolean {
    return this.#session.running;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#session.resumeRedirect(() => ({ serviceId: this.serviceId, loginId: this.loginId, elementId: this.id || undefined }));
  }

  /**
   * Starts a flow for `login-id` (reconnect) or the service; call it from a user gesture, since
   * the popup opens synchronously. While a flow runs, it focuses that flow's popup and returns
   * the same promise; if that popup already reads closed (see `closedGracePeriod`), that flow
   * ends as `closed` and a new one starts. Resolves with the flow's one outcome (the same detail as the event);
   * rejects only when the element is not configured (no token source, nothing to connect).
   */
  open(): Promise<ConnectOutcome> {
    const running = this.#session.focusRunning();
    if (running) return running;
    const serviceId = this.selected?.id ?? this.serviceId;
    if (!this.tokenUrl && !this.tokenProvider) return Promise.reject(new TypeError('finsify-connect: no token-url or tokenProvider'));
    if (serviceId === undefined && this.loginId === undefined) return Promise.reject(new TypeError('finsify-connect: no service-id or login-id'));
    const locale = this.#currentLocale();
    let headers: HeadersInit | undefined;
    try {
      headers = typeof this.tokenHeaders === 'function' ? this.tokenHeaders() : this.tokenHeaders;
    } catch (error) {
      return Promise.reject(error);
    }
    const mode = MODES.includes(this.mode) ? this.mode : 'popup';
    this.#done = false;
    // In redirect mode the page is about to leave: the busy button says enough.
    this.status = mode === 'redirect' ? undefined : { kind: 'info', key: 'statusPopup' };
    return this.#session.start({
      mode,
      serviceId,
      serviceName: this.selected ? this.selected.name : this.serviceName?.trim() || undefined,
      loginId: this.loginId,
      elementId: this.id || undefined,
      tokenUrl: this.tokenUrl,
      tokenProvider: this.tokenProvider,
      tokenHeaders: headers,
      tokenTimeoutMs: duration(this.tokenTimeout, 30) * 1000,
      connectOrigins: this.connectOrigins,
      timeoutMs: duration(this.timeout, 900) * 1000,
      closedGracePeriodMs: Number.isFinite(this.closedGracePeriod) && this.closedGracePeriod >= 0 ? this.closedGracePeriod : 3000,
      pollIntervalMs: POLL_INTERVAL_MS,
      popupNote: this.#t(locale)('connecting', { name: this.#displayName(locale) }),
      lang: locale,
      ...(this.theme === 'light' || this.theme === 'dark' ? { theme: this.theme } : {}),
    });
  }

  override focus(options?: FocusOptions): void {
    this.#triggerElement()?.focus(options);
  }

  protected override firstUpdated(): void {
    // On the slot, not the button: it hears the built-in button and a slotted trigger alike
    // (a native button or link turns Enter and Space into clicks itself).
    this.renderRoot.querySelector('slot[name="trigger"]')!.addEventListener('click', () => this.#start());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A service set by the partner replaces one chosen earlier in the picker.
    if (changed.has('serviceId') && changed.get('serviceId') !== undefined) this.selected = undefined;
    // Another service or login: nothing of it is connected yet.
    if (changed.get('serviceId') !== undefined || changed.get('loginId') !== undefined) this.#done = false;
  }

  protected override updated(): void {
    this.toggleAttribute('busy', this.#session.running);
    this.toggleAttribute('waiting', this.#session.waiting);
  }

  protected override render() {
    const locale = this.#currentLocale();
    const t = this.#t(locale);
    const running = this.#session.running;
    // The popup reads closed and the flow only waits for a result (see ConnectFlow's poll()):
    // no spinner, a calm text, and the button starts again (ending that flow as `closed`).
    const waiting = this.#session.waiting;
    const busy = running && !waiting;
    const name = this.#displayName(locale);
    const reconnect = this.loginId !== undefined;
    // After a success: a reconnect is done; a fixed service offers another account of it, a picker another bank.
    const next = reconnect ? 'reconnected' : this.selected || this.serviceId === undefined ? 'connectAnother' : 'connectMore';
    const label = waiting ? t('startAgain') : t(busy ? 'connecting' : this.#done ? next : reconnect ? 'reconnect' : 'connect', { name });
    const said = waiting ? t('statusWaiting') : this.status ? t(this.status.key, { name }) : '';
    // "{name} is connected." may begin with "your bank".
    const text = `${said.charAt(0).toUpperCase()}${said.slice(1)}`;
    // Kept on few lines: whitespace inside templates ships as text.
    return html`<div part="base" lang=${locale}><div part="content"><slot></slot></div
      ><slot name="trigger"><button part="button" type="button" aria-busy=${busy ? 'true' : 'false'} aria-disabled=${busy || (this.#done && reconnect && !running) ? 'true' : nothing} aria-describedby="status"
          >${busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}<span part="label">${label}</span></button
        ></slot
      >${this.status?.kind === 'error' && !waiting
        ? html`<p id="status" part="status status-error" role="alert">${text}</p>`
        : html`<p id="status" part=${waiting ? 'status status-waiting' : 'status'} role="status" aria-live="polite">${text}</p>`}</div
    >`;
  }

  /** The service's name for the texts: the picker's choice, `service-name`, else "your bank". */
  #displayName(locale: string): string {
    return (this.selected ? this.selected.name : this.serviceName?.trim()) || this.#t(locale)('yourBank');
  }

  #currentLocale(): string {
    return resolveLocale(this, this.locale, Object.keys(connectMessages));
  }

  #t(locale: string) {
    return createTranslator(connectMessages, locale, this.strings);
  }

  #triggerElement(): HTMLElement | undefined {
    const slot = this.renderRoot.querySelector<HTMLSlotElement>('slot[name="trigger"]');
    const assigned = slot?.assignedElements({ flatten: true })[0] ?? slot?.querySelector('button');
    return assigned instanceof HTMLElement ? assigned : undefined;
  }

  readonly #onServiceSelect = (event: FinsifyServiceSelectEvent): void => {
    const service = (event.detail as { service?: { id?: unknown; name?: unknown } } | undefined)?.service;
    const id = positiveId(service?.id);
    // A choice made while a flow runs only counts when that flow is about to give way to it.
    if ((!this.#session.running || this.#session.unreachable) && id !== undefined) {
      this.selected = { id, name: typeof service?.name === 'string' ? service.name.trim() || undefined : undefined };
    }
    this.#done = false;
    this.#start();
  };

  /** A person asked to connect: start (or focus the running flow), explaining what is missing. */
  #start(): void {
    if (this.#done) {
      // Reconnected: nothing more to do for that login. Another bank: choose it first.
      if (this.loginId !== undefined) return;
      this.#done = false;
      this.selected = undefined;
    }
    if (!this.#session.running && this.selected === undefined && this.serviceId === undefined && this.loginId === undefined) {
      this.status = { kind: 'info', key: 'statusChooseFirst' };
      this.querySelector<HTMLElement>(':scope > :not([slot])')?.focus();
      return;
    }
    this.open().catch((error: unknown) => {
      console.error(error);
      this.status = { kind: 'error', key: 'errorGeneric' };
    });
  }

  async #ended(outcome: ConnectOutcome, returned?: ReturnedService): Promise<void> {
    const { type, detail } = outcome;
    // Back from a redirect: the service chosen in the picker before the page left.
    if (returned && this.serviceId === undefined) this.selected = returned;
    this.#done = type === 'success';
    this.status =
      type === 'success'
        ? { kind: 'info', key: 'statusSuccess' }
        : type === 'exit'
          ? detail.reason === 'aborted'
            ? undefined
            : { kind: 'info', key: messageFor(detail.reason) ?? 'statusStopped' }
          : {
              kind: 'error',
              key: (detail.error === 'ConnectFailed' && messageFor(detail.extra?.['status'])) || messageFor(detail.error) || 'errorGeneric',
            };
    if (!this.isConnected) return;
    await this.updateComplete;
    // Back to the trigger, unless the person has moved on to something else on the page meanwhile.
    const active = document.activeElement;
    if (!active || active === document.body || active === this || this.contains(active)) this.focus();
  }
}
