import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  countriesOf,
  filterServices,
  parseFilterList,
  searchServices,
  serviceFilter,
  typesOf,
  type CatalogState,
  type RejectedEntry,
  type SearchHit,
  type Service,
} from '../catalog/index.js';
import { FinsifyCatalogErrorEvent, FinsifyCatalogLoadEvent, FinsifyServiceSelectEvent } from '../events.js';
import { createTranslator, resolveLocale, type Translate } from '../i18n/localize.js';
import { followLanguage } from '../i18n/registry.js';
import { styleProperties } from '../shared/style-properties.js';
import { CatalogSource } from './catalog-source.js';
import { countryName, typeLabel } from './labels.js';
import { pickerMessages, type PickerMessageKey, type PickerStrings } from './messages.js';
import { optionId, renderOption, type OptionContext } from './option.js';
import { pickerStyles } from './service-picker.styles.js';
import { warmSearchIndex } from './warm-search.js';
import { WindowController } from './window-controller.js';
import { clampIndex } from './window-range.js';

/** Where the catalog is fetched from when neither `catalog-url` nor `services` is set. */
export const DEFAULT_CATALOG_URL = 'https://assets.finsify.com/service.json';

/** How long the visible count must stay unchanged before screen readers hear it. */
const ANNOUNCE_DELAY_MS = 500;
const SKELETON_ROWS = 5;
const NO_SERVICES: readonly Service[] = [];


/**
 * Shows the Finsify service catalog and lets a person choose one service.
 *
 * The search box is an ARIA 1.2 combobox whose list of services is always visible. Focus stays
 * in the search box; the active option is shown and announced through `aria-activedescendant`.
 *
 * Keyboard (in the search box):
 * - typing filters the list (diacritics and case ignored) and clears the active option;
 * - ArrowDown / ArrowUp move the active option (from nothing, to the first / last);
 * - PageDown / PageUp move it by a visible page;
 * - Home / End go to the first / last option while an option is active; while none is (the
 *   person is editing text) they move the caret as in any text field. Ctrl+Home / Ctrl+End always
 *   go to the first / last option. ArrowLeft / ArrowRight give the caret back (no active option);
 * - Enter chooses the active option;
 * - Escape clears the search, or, with an empty search, the active option.
 *
 * A service's `call_to_action` is shown below the list for the active option (or, with none
 * active, the selected one) as its prompt and a link opening in a new tab, reachable by Tab:
 * links may not sit inside `role="option"`. The active option is described by it.
 *
 * Long catalogs are windowed: only the rows in view (plus a few) are in the DOM, each with
 * `aria-posinset`/`aria-setsize` for its place in the whole list of matches.
 *
 * @summary Search and choose a bank or service from the Finsify catalog.
 * @tagname finsify-service-picker
 *
 * @fires {FinsifyServiceSelectEvent} finsify-service-select - A service was chosen by click or Enter. `detail: { service }`.
 * @fires {FinsifyCatalogLoadEvent} finsify-catalog-load - The catalog loaded (or was given) and was validated. `detail: { count }`: services offered after validation and after the partner's fixed `country`/`type` filters (not the person's search or filter choices). Fires again after each new load (retry, new `catalog-url` or `services`).
 * @fires {FinsifyCatalogErrorEvent} finsify-catalog-error - The catalog could not be used. `detail: { error, message }`, `error` being `CatalogFetchFailed`, `CatalogTimeout`, `CatalogInvalid` or `CatalogTooLarge`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart header - Holds the label, the search box and the filters.
 * @csspart label - The visible label of the search box.
 * @csspart search - Wraps the search icon and the search box.
 * @csspart search-icon - The magnifier icon.
 * @csspart search-input - The search box (the combobox).
 * @csspart filters - Holds the country and type filters.
 * @csspart filter - One filter: its label and select.
 * @csspart filter-label - The label of a filter.
 * @csspart country-select - The country filter (not rendered when `country` is set).
 * @csspart type-select - The type filter (not rendered when `type` is set).
 * @csspart status - The visible count of matches, or the loading text.
 * @csspart live-region - The visually hidden polite live region announcing the count.
 * @csspart skeleton - The placeholder list shown while loading.
 * @csspart skeleton-row - One placeholder row.
 * @csspart listbox - The scrolling list of services.
 * @csspart option - One service; also `option--active` (keyboard/pointer position) and `option--selected`.
 * @csspart option--active - The active option.
 * @csspart option--selected - The selected option.
 * @csspart logo-box - The fixed-size box holding the logo or the initials.
 * @csspart logo - The service's logo image.
 * @csspart initials - The initials badge in the brand colour, when there is no usable logo.
 * @csspart name - The service's name.
 * @csspart highlight - The parts of a name that match the search.
 * @csspart meta - The service's country and type.
 * @csspart check - The mark on the selected option.
 * @csspart call-to-action - The region showing the active service's call to action.
 * @csspart call-to-action-prompt - Its prompt text.
 * @csspart call-to-action-link - Its link (opens in a new tab).
 * @csspart empty - The no-match or empty-catalog message and its button.
 * @csspart empty-message - The text of that message.
 * @csspart clear-button - Clears the search (or the filters) from the no-match message.
 * @csspart error - The error message and retry button.
 * @csspart error-message - The error text.
 * @csspart retry-button - Fetches the catalog again.
 *
 * @cssprop [--finsify-picker-row-height=56px] - Height of one option; every option has this height (windowing relies on it).
 * @cssprop [--finsify-picker-max-height=24rem] - Maximum height of the list before it scrolls.
 * @cssprop [--finsify-picker-logo-size=40px] - Size of the logo and initials box.
 * @cssprop [--finsify-picker-gap=0.75rem] - Space between the picker's sections.
 * @cssprop [--finsify-picker-padding=1rem] - Padding inside the picker.
 * @cssprop [--finsify-picker-option-radius=8px] - Corner radius of an option.
 * @cssprop [--finsify-font-family=system-ui, sans-serif] - Font family (shared token).
 * @cssprop [--finsify-font-size=1rem] - Base font size (shared token).
 * @cssprop [--finsify-radius=10px] - Corner radius of the picker (shared token).
 * @cssprop [--finsify-surface=#ffffff] - Background (dark: #16191d).
 * @cssprop [--finsify-surface-raised=#f4f6f8] - Background of messages, logo boxes and the call to action (dark: #22272e).
 * @cssprop [--finsify-surface-hover=#e9edf1] - Background of the active and hovered option (dark: #2d333b).
 * @cssprop [--finsify-text=#1b1f24] - Text colour (dark: #e6edf3).
 * @cssprop [--finsify-text-muted=#57606a] - Secondary text colour (dark: #a8b3bf).
 * @cssprop [--finsify-border=#c9d1d9] - Border colour (dark: #444c56).
 * @cssprop [--finsify-accent=#0b5cc2] - Buttons, links, and initials of services without a brand colour (dark: #6cb6ff).
 * @cssprop [--finsify-accent-text=#ffffff] - Text on the accent colour (dark: #0d1117).
 * @cssprop [--finsify-focus-ring=#0b5cc2] - Focus ring and active option outline (dark: #6cb6ff).
 * @cssprop [--finsify-danger=#b42318] - Error text (dark: #ff938a).
 * @cssprop [--finsify-highlight=#fff1a8] - Background of matched text (dark: #5a4a00).
 * @cssprop [--finsify-highlight-text=#1b1f24] - Matched text (dark: #fff4c2).
 */
export class FinsifyServicePicker extends LitElement {
  static override styles = pickerStyles;

  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  // A static declaration rather than decorators: TypeScript's decorator helper and one call per
  // property would ship in every bundle. Each field is documented where it is declared below.
  static override properties: PropertyDeclarations = {
    catalogUrl: { attribute: 'catalog-url' },
    services: { attribute: false },
    country: {},
    type: {},
    query: { reflect: true },
    locale: {},
    theme: { reflect: true },
    strings: { attribute: false },
    catalogTimeout: { attribute: 'catalog-timeout', type: Number },
    label: {},
    selected: {
      reflect: true,
      converter: {
        fromAttribute: (value: string | null) => {
          const id = Number(value ?? Number.NaN);
          return Number.isSafeInteger(id) ? id : null;
        },
      },
    },
    disabled: { type: Boolean, reflect: true },
    // Internal reactive state: re-renders, no attribute.
    activeIndex: { state: true },
    chosen: { state: true },
    announcement: { state: true },
  };

  /** Where the catalog JSON is fetched; ignored while `services` is set. */
  catalogUrl: string = DEFAULT_CATALOG_URL;

  /**
   * A catalog given directly (an array of services, or an object whose `data` or `services` is
   * one). It is validated like a fetched one; while it is set nothing is fetched.
   */
  services: unknown;

  /** Comma-separated `country_code`s to offer, e.g. `VN` or `VN,MY` (case-insensitive). Hides the country filter. */
  country: string | null = null;

  /** Comma-separated types to offer: `bank`, `statement`, `other`. Hides the type filter. */
  type: string | null = null;

  /** The search text; typing in the search box updates it. */
  query = '';

  /** UI language (`en`, `vi`, or a loaded locale pack: `ms`, `id`, `th`); default from the nearest `lang` (followed when it changes), then the browser's languages. */
  locale: string | null = null;

  /** `light` or `dark` forces a colour scheme; absent follows `prefers-color-scheme`. */
  theme: 'light' | 'dark' | null = null;

  /** Partial overrides of the picker's texts, by message key, for the current locale. */
  strings: PickerStrings | undefined;

  /** Seconds before a catalog fetch gives up with `CatalogTimeout`; default: the catalog store's. */
  catalogTimeout: number | null = null;

  /** Visible label of the search box, overriding the localised default. */
  label: string | null = null;

  /** The `id` of the selected service, or null. Set by a click or Enter; settable to preselect. */
  selected: number | null = null;

  /** Turns the picker off: nothing can be searched or chosen. */
  disabled = false;

  /** The selected service's `id`: the same as `selected`, under the name form controls use. */
  get value(): number | null {
    return this.selected;
  }
  set value(id: number | null) {
    this.selected = id;
  }

  /**
   * The catalog entries left out because they are not valid services, each with its index, its
   * `id` when it had a usable one, and the reason. Also summed up once per catalog in a console
   * warning, so a partner can see why a service is missing.
   */
  get rejectedEntries(): readonly RejectedEntry[] {
    const state = this.#source.state;
    return state.status === 'loaded' ? state.rejected : [];
  }

  /** The selected service, when it is in the current catalog. */
  get selectedService(): Service | null {
    const state = this.#source.state;
    return (state.status === 'loaded' && state.services.find((service) => service.id === this.selected)) || null;
  }

  /** Position of the active option in the matches, -1 for none. */
  private activeIndex = -1;
  /** The person's choices in the country and type selects, by the selects' ids; `''` for all. */
  private chosen = { country: '', type: '' };
  /** What the live region says; lags the visible count by {@link ANNOUNCE_DELAY_MS}. */
  private announcement = '';

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('#search');
  }

  readonly #source = new CatalogSource(this);
  readonly #windowing = new WindowController(this);
  readonly #failedLogos = new Set<string>();

  // Derived in willUpdate, which Lit runs before the first render and before anything reads them
  // (event handlers and updated() come after a render): no initial values to ship.
  #resolvedLocale!: string;
  #translator!: Translate<PickerMessageKey>;
  #catalog!: CatalogState;
  /** The catalog narrowed by the partner's fixed `country` and `type`: what the picker offers at all. */
  #offered!: readonly Service[];
  #offeredFrom: readonly Service[] | undefined;
  #fixedCountries!: string[];
  #fixedTypes!: string[];
  /** The offered services matching the search and the person's filter choices, in search rank order. */
  #hits!: readonly SearchHit[];
  #countryChoices!: [code: string, name: string][];
  #typeChoices!: string[];
  #choicesLocale: string | undefined;
  #reportedState: CatalogState | undefined;
  #pendingAnnouncement = '';
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    followLanguage(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#announceTimer);
    this.#pendingAnnouncement = '';
  }

  // Each derived list is recomputed only when its inputs change, so a render caused by scrolling
  // or by moving the active option costs no searching or filtering, and `hits` keeps its
  // identity until the list really changes (which resets the active option).
  protected override willUpdate(changed: PropertyValues): void {
    const timeout = this.catalogTimeout;
    this.#source.configure(this.services, this.catalogUrl || DEFAULT_CATALOG_URL, timeout && timeout > 0 ? timeout * 1000 : undefined);
    const catalog = (this.#catalog = this.#source.state);
    const locale = (this.#resolvedLocale = resolveLocale(this, this.locale, Object.keys(pickerMessages)));
    this.#translator = createTranslator(pickerMessages, locale, this.strings);

    const services = catalog.status === 'loaded' ? catalog.services : NO_SERVICES;
    const offeredChanged = services !== this.#offeredFrom || changed.has('country') || changed.has('type');
    if (offeredChanged) {
      this.#offeredFrom = services;
      this.#fixedCountries = parseFilterList(this.country, 'upper');
      this.#fixedTypes = parseFilterList(this.type, 'lower');
      this.#offered = filterServices(services, { countries: this.#fixedCountries, types: this.#fixedTypes });
      this.#typeChoices = typesOf(this.#offered);
    }
    if (offeredChanged || this.#choicesLocale !== locale) {
      this.#choicesLocale = locale;
      this.#countryChoices = countriesOf(this.#offered)
        .map((code): [string, string] => [code, countryName(code, locale)])
        .sort((a, b) => a[1].localeCompare(b[1], locale));
    }
    if (offeredChanged) {
      // A choice the new offer lacks would empty the list while its select shows "all".
      const { country, type } = this.chosen;
      const keepCountry = !country || this.#countryChoices.some(([code]) => code === country);
      const keepType = !type || this.#typeChoices.includes(type);
      if (!keepCountry || !keepType) this.chosen = { country: keepCountry ? country : '', type: keepType ? type : '' };
    }
    if (offeredChanged || changed.has('query') || changed.has('chosen')) {
      const { country, type } = this.chosen;
      // A choice left over from before the partner fixed that filter no longer applies.
      const wanted = serviceFilter({
        countries: this.#fixedCountries.length || !country ? this.#fixedCountries : [country],
        types: this.#fixedTypes.length || !type ? this.#fixedTypes : [type],
      });
      this.#hits = catalog.status === 'loaded' ? searchServices(catalog.index, this.query).filter((hit) => wanted(hit.service)) : [];
      // A new list: the old position means nothing in it.
      this.activeIndex = -1;
      this.#windowing.resetScroll();
    }
  }

  protected override updated(): void {
    this.#windowing.observe(this.renderRoot.querySelector<HTMLElement>('#listbox') ?? undefined);
    const catalog = this.#catalog;
    if (catalog.status === 'loaded') warmSearchIndex(catalog.index);
    // The load or error event fires once per catalog state this element shows; a load in between
    // (another catalog-url, a retry) makes even the same state news again.
    if (catalog.status === 'loading') this.#reportedState = undefined;
    if (catalog !== this.#reportedState && catalog.status !== 'loading') {
      this.#reportedState = catalog;
      if (catalog.status === 'loaded' && catalog.rejected.length) {
        const some = catalog.rejected.slice(0, 5).map((entry) => `#${entry.index}${entry.id === undefined ? '' : ` (id ${entry.id})`}: ${entry.reason}`);
        console.warn(`finsify-service-picker: left out ${catalog.rejected.length} catalog entries (see rejectedEntries): ${some.join('; ')}`);
      }
      emit(
        this,
        catalog.status === 'loaded'
          ? new FinsifyCatalogLoadEvent({ count: this.#offered.length })
          : new FinsifyCatalogErrorEvent({ error: catalog.error, message: catalog.message }),
      );
    }
    this.#scheduleAnnouncement(this.#statusText());
  }

  protected override render(): TemplateResult {
    const t = this.#translator;
    const status = this.#catalog.status;
    const active = this.#hits[this.activeIndex]?.service;
    return html`<div part="base" aria-busy=${status === 'loading'}>
      <div part="header">
        <label id="label" part="label" for="search">${this.label ?? t('label')}</label>
        <div part="search">
          <svg part="search-icon" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <circle cx="9" cy="9" r="6" />
            <path d="M13.5 13.5L18 18" stroke-linecap="round" />
          </svg>
          <input
            id="search"
            part="search-input"
            type="search"
            role="combobox"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            enterkeyhint="search"
            aria-labelledby="label"
            aria-autocomplete="list"
            aria-controls="listbox"
            aria-expanded=${this.#hits.length > 0}
            aria-activedescendant=${ifDefined(active && optionId(active))}
            aria-describedby="keyboard-hint"
            placeholder=${t('searchPlaceholder')}
            .value=${live(this.query)}
            ?disabled=${this.disabled}
            @input=${this.#onInput}
            @keydown=${this.#onKeyDown}
          />
          <span id="keyboard-hint" class="visually-hidden">${t('keyboardHint')}</span>
        </div>
        ${status === 'loaded' ? this.#renderFilters() : nothing}
      </div>
      <p part="status" aria-hidden="true" ?hidden=${this.#showsEmpty()}><bdi>${this.#statusText()}</bdi></p>
      <div part="live-region" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${status === 'loading'
        ? html`<div part="skeleton" aria-hidden="true">
            ${Array.from({ length: SKELETON_ROWS }, () => html`<div part="skeleton-row"></div>`)}
          </div>`
        : nothing}
      ${this.#renderMessage()} ${this.#renderListbox()} ${this.#renderCallToAction(active ?? this.selectedService)}
    </div>`;
  }

  #renderFilters(): TemplateResult | typeof nothing {
    const t = this.#translator;
    const showCountry = !this.#fixedCountries.length;
    const showType = !this.#fixedTypes.length;
    if (!showCountry && !showType) return nothing;
    return html`<div part="filters">
      ${showCountry ? this.#renderFilter('country', t('allCountries'), this.#countryChoices) : nothing}
      ${showType ? this.#renderFilter('type', t('allTypes'), this.#typeChoices.map((type) => [type, typeLabel(type, t)])) : nothing}
    </div>`;
  }

  /** One filter select, labelled by its `countryLabel` or `typeLabel` message; `choices` are `[value, text]` pairs after the "all" choice. */
  #renderFilter(name: 'country' | 'type', all: string, choices: [string, string][]): TemplateResult {
    const current = this.chosen[name];
    return html`<div part="filter">
      <label part="filter-label" for=${name}>${this.#translator(`${name}Label`)}</label>
      <select id=${name} part="${name}-select" ?disabled=${this.disabled} @change=${this.#onFilterChange}>
        <option value="" .selected=${live(current === '')}>${all}</option>
        ${choices.map(([value, text]) => html`<option value=${value} .selected=${live(current === value)}>${text}</option>`)}
      </select>
    </div>`;
  }

  #renderMessage(): TemplateResult | typeof nothing {
    const t = this.#translator;
    const catalog = this.#catalog;
    if (catalog.status === 'error') {
      return html`<div part="error" role="alert">
        <p part="error-message"><bdi>${t(`error${catalog.error}`)}</bdi></p>
        <button part="retry-button" type="button" @click=${this.#onRetry}>${t('retry')}</button>
      </div>`;
    }
    if (!this.#showsEmpty()) return nothing;
    const query = this.query.trim();
    return html`<div part="empty">
      ${this.#offered.length
        ? html`<p part="empty-message"><bdi>${query ? t('noMatch', { query }) : t('noMatchFilters')}</bdi></p>
            <button part="clear-button" type="button" ?disabled=${this.disabled} @click=${this.#onClear}>
              ${t(query ? 'clearSearch' : 'clearFilters')}
            </button>`
        : html`<p part="empty-message"><bdi>${t('emptyCatalog')}</bdi></p>`}
    </div>`;
  }

  /* eslint-disable lit-a11y/click-events-have-key-events -- the keyboard is handled on the combobox
     input, which keeps focus (aria-activedescendant); the listbox only takes pointer clicks. */
  #renderListbox(): TemplateResult {
    const hits = this.#hits;
    const total = hits.length;
    const active = this.activeIndex;
    const rowHeight = this.#windowing.rowHeight;
    const { start, end } = this.#windowing.range(total);
    const rows: [index: number, detached: boolean][] = [];
    // The active option must exist for aria-activedescendant even when scrolled out of view.
    if (active >= 0 && active < start) rows.push([active, true]);
    for (let index = start; index < end; index++) rows.push([index, false]);
    if (active >= end) rows.push([active, true]);
    const context: OptionContext = {
      total,
      activeIndex: active,
      selectedId: this.selected,
      failedLogos: this.#failedLogos,
      meta: (service) => `${countryName(service.country_code, this.#resolvedLocale)} · ${typeLabel(service.type, this.#translator)}`,
      describedBy: hits[active]?.service.call_to_action ? 'call-to-action' : undefined,
      rowHeight,
    };
    // Padding stands in for the rows before and after the window, so the scrollbar matches the
    // whole list. It sits on an inner, role-less wrapper: on the scroll container itself,
    // max-height could not clamp it.
    const spacers = styleProperties({ 'padding-block': `${start * rowHeight}px ${(total - end) * rowHeight}px` });
    return html`<div
      id="listbox"
      part="listbox"
      role="listbox"
      tabindex="-1"
      aria-label=${this.#translator('listLabel')}
      aria-disabled=${this.disabled}
      ?hidden=${!total}
      @mousedown=${this.#onListMouseDown}
      @click=${this.#onListClick}
      @error=${this.#onLogoError}
    >
      <div class="rows" ${spacers}>
        ${repeat(
          rows,
          ([index]) => hits[index]!.service.id,
          ([index, detached]) => renderOption(hits[index]!, index, context, detached),
        )}
      </div>
    </div>`;
  }
  /* eslint-enable lit-a11y/click-events-have-key-events */

  /** A call to action is shown outside the options: links may not sit inside `role="option"`. */
  #renderCallToAction(service: Service | null): TemplateResult | typeof nothing {
    const cta = service?.call_to_action;
    return cta
      ? html`<p part="call-to-action" id="call-to-action">
          <span part="call-to-action-prompt">${cta.prompt}</span>
          <a part="call-to-action-link" href=${cta.url} target="_blank" rel="noopener noreferrer"
            >${cta.text}<span class="visually-hidden"> ${this.#translator('opensInNewTab')}</span></a
          >
        </p>`
      : nothing;
  }

  /**
   * True while the no-match (or empty catalog) message is shown: it says what the status line
   * would, so the status line is hidden then (the live region still announces it).
   */
  #showsEmpty(): boolean {
    return this.#catalog.status === 'loaded' && !this.#hits.length;
  }

  /**
   * The status line: loading text or the number of matches. Shown in a `<bdi>`: on a
   * right-to-left page a left-to-right text keeps its order ("2 services", its final "…" or
   * "." at its end), and a right-to-left override in `strings` keeps its own.
   */
  #statusText(): string {
    const t = this.#translator;
    const status = this.#catalog.status;
    const count = this.#hits.length;
    const query = this.query.trim();
    if (status === 'loading') return t('loading');
    if (status === 'error') return '';
    if (!count && this.#offered.length && query) return t('noMatch', { query });
    return t('count', { count, number: count.toLocaleString(this.#resolvedLocale) });
  }

  /**
   * Screen readers hear the status only once it has been stable for a moment, so each keystroke
   * of fast typing does not queue an announcement.
   */
  #scheduleAnnouncement(text: string): void {
    if (text === this.#pendingAnnouncement) return;
    this.#pendingAnnouncement = text;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => (this.announcement = text), ANNOUNCE_DELAY_MS);
  }

  #choose(index: number): void {
    const service = this.#hits[index]?.service;
    if (!service || this.disabled) return;
    this.activeIndex = index;
    this.selected = service.id;
    emit(this, new FinsifyServiceSelectEvent({ service }));
  }

  readonly #onInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
  };

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing || event.altKey || event.metaKey) return;
    const last = this.#hits.length - 1;
    const active = this.activeIndex;
    const none = active < 0;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = none ? 0 : active + 1;
        break;
      case 'ArrowUp':
        next = none ? last : active - 1;
        break;
      case 'PageDown':
        next = none ? this.#windowing.page() - 1 : active + this.#windowing.page();
        break;
      case 'PageUp':
        next = none ? 0 : active - this.#windowing.page();
        break;
      case 'Home':
      case 'End':
        // While the person is editing text, Home and End move the caret.
        if (none && !event.ctrlKey) return;
        next = event.key === 'Home' ? 0 : last;
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        // Back to editing text: let the caret move.
        this.activeIndex = -1;
        return;
      case 'Enter':
        if (none) return;
        this.#choose(active);
        event.preventDefault();
        return;
      case 'Escape':
        if (this.query) this.query = '';
        else if (!none) this.activeIndex = -1;
        else return;
        event.preventDefault();
        return;
      default:
        return;
    }
    if (last < 0) return;
    this.activeIndex = clampIndex(next, last + 1);
    this.#windowing.reveal(this.activeIndex);
    event.preventDefault();
  };

  readonly #onFilterChange = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    this.chosen = { ...this.chosen, [select.id]: select.value };
  };

  readonly #onRetry = (): void => {
    this.#source.retry();
    this.#input?.focus();
  };

  readonly #onClear = (): void => {
    if (this.query.trim()) this.query = '';
    else this.chosen = { country: '', type: '' };
    this.#input?.focus();
  };

  /**
   * Keeps focus in the search box when the list is pressed, as the combobox pattern needs: the
   * list itself is focusable only so that browsers do not make a scrolling box a Tab stop.
   */
  readonly #onListMouseDown = (event: MouseEvent): void => {
    event.preventDefault();
  };

  readonly #onListClick = (event: MouseEvent): void => {
    const option = (event.target as Element).closest<HTMLElement>('[role=option]');
    if (!option) return;
    this.#choose(Number(option.dataset['index']));
    this.#input?.focus();
  };

  /** `error` does not bubble: caught in the capture phase, one listener for every logo. */
  readonly #onLogoError = {
    handleEvent: (event: Event): void => {
      const url = (event.target as Element).getAttribute('src');
      if (url && !this.#failedLogos.has(url)) {
        this.#failedLogos.add(url);
        this.requestUpdate();
      }
    },
    capture: true,
  };
}

/**
 * Dispatches one of the package's events. Outside the class on purpose: the manifest analyzer
 * would list each `this.dispatchEvent(new X())` as an unnamed event beside the `@fires` tags.
 */
function emit(target: EventTarget, event: Event): void {
  target.dispatchEvent(event);
}
