import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import {
  countriesOf,
  parseFilterList,
  safeHttpUrl,
  typesOf,
  type CatalogState,
  type SearchHit,
  type Service,
} from '../catalog/index.js';
import { FinsifyCatalogErrorEvent, FinsifyCatalogLoadEvent, FinsifyServiceSelectEvent } from '../events.js';
import { createTranslator, resolveLocale } from '../i18n/localize.js';
import { CatalogSource } from './catalog-source.js';
import { countryName, typeLabel } from './labels.js';
import { MatchList, type MatchFilters } from './matches.js';
import { pickerLocales, pickerMessages, type PickerMessageKey, type PickerStrings } from './messages.js';
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

type Translate = (key: PickerMessageKey, params?: Record<string, string | number>) => string;

interface FilterChoices {
  base: readonly Service[];
  locale: string;
  countries: { code: string; name: string }[];
  types: string[];
}

const searchIcon = svg`<circle cx="9" cy="9" r="6" fill="none" stroke="currentColor" stroke-width="2" /><path d="M13.5 13.5L18 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />`;

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

  /** Where the catalog JSON is fetched; ignored while `services` is set. */
  @property({ attribute: 'catalog-url' }) catalogUrl: string = DEFAULT_CATALOG_URL;

  /**
   * A catalog given directly (an array of services, or an object whose `data` or `services` is
   * one). It is validated like a fetched one; while it is set nothing is fetched.
   */
  @property({ attribute: false }) services: unknown = undefined;

  /** Comma-separated `country_code`s to offer, e.g. `VN` or `VN,MY` (case-insensitive). Hides the country filter. */
  @property() country: string | null = null;

  /** Comma-separated types to offer: `bank`, `statement`, `other`. Hides the type filter. */
  @property() type: string | null = null;

  /** The search text; typing in the search box updates it. */
  @property({ reflect: true }) query = '';

  /** UI language (`en`, `vi`); default from the nearest `lang`, then the browser's languages. */
  @property() locale: string | null = null;

  /** `light` or `dark` forces a colour scheme; absent follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | null = null;

  /** Partial overrides of the picker's texts, by message key, for the current locale. */
  @property({ attribute: false }) strings: PickerStrings | undefined = undefined;

  /** Seconds before a catalog fetch gives up with `CatalogTimeout`; default: the catalog store's. */
  @property({ attribute: 'catalog-timeout', type: Number }) catalogTimeout: number | null = null;

  /** Visible label of the search box, overriding the localised default. */
  @property() label: string | null = null;

  /** The `id` of the selected service, or null. Set by a click or Enter; settable to preselect. */
  @property({
    reflect: true,
    converter: {
      fromAttribute: (value: string | null) => {
        const id = value === null ? Number.NaN : Number(value);
        return Number.isSafeInteger(id) ? id : null;
      },
      toAttribute: (value: number | null) => (value === null ? null : String(value)),
    },
  })
  selected: number | null = null;

  /** Turns the picker off: nothing can be searched or chosen. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** The selected service's `id`: the same as `selected`, under the name form controls use. */
  get value(): number | null {
    return this.selected;
  }
  set value(id: number | null) {
    this.selected = id;
  }

  /** The selected service, when it is in the current catalog. */
  get selectedService(): Service | null {
    const state = this.source.state;
    if (state.status !== 'loaded' || this.selected === null) return null;
    return state.services.find((service) => service.id === this.selected) ?? null;
  }

  /** Position of the active option in the matches, -1 for none. */
  @state() private activeIndex = -1;
  @state() private countryChoice = '';
  @state() private typeChoice = '';
  /** What the live region says; lags the visible count by {@link ANNOUNCE_DELAY_MS}. */
  @state() private announcement = '';
  /** Bumped when a logo fails, to re-render its option with the initials badge. */
  @state() private logoFailures = 0;

  @query('#search') private input!: HTMLInputElement | null;
  @query('#listbox') private listbox!: HTMLElement | null;

  private readonly source = new CatalogSource(this);
  private readonly windowing = new WindowController(this);
  private readonly matchList = new MatchList();
  private readonly failedLogos = new Set<string>();

  private resolvedLocale = 'en';
  private translator: Translate = createTranslator(pickerMessages, 'en', undefined);
  private translatorKey: [string, PickerStrings | undefined] = ['en', undefined];
  private filters: MatchFilters = { fixedCountries: [], fixedTypes: [], country: '', type: '' };
  private catalog: CatalogState = { status: 'loading' };
  private hits: readonly SearchHit[] = [];
  private base: readonly Service[] = [];
  private reportedState: CatalogState | undefined;
  private pendingAnnouncement = '';
  private numberFormat: Intl.NumberFormat | undefined;
  private choices: FilterChoices | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    this.pendingAnnouncement = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.source.configure({
      services: this.services,
      url: this.catalogUrl || DEFAULT_CATALOG_URL,
      timeoutMs: this.catalogTimeout !== null && this.catalogTimeout > 0 ? this.catalogTimeout * 1000 : undefined,
    });
    this.catalog = this.source.state;

    this.resolvedLocale = resolveLocale(this, this.locale, pickerLocales);
    if (this.translatorKey[0] !== this.resolvedLocale || this.translatorKey[1] !== this.strings) {
      this.translatorKey = [this.resolvedLocale, this.strings];
      this.translator = createTranslator(pickerMessages, this.resolvedLocale, this.strings);
    }

    if (changed.has('country') || changed.has('type') || changed.has('countryChoice') || changed.has('typeChoice')) {
      const fixedCountries = parseFilterList(this.country, 'upper');
      const fixedTypes = parseFilterList(this.type, 'lower');
      this.filters = {
        fixedCountries,
        fixedTypes,
        country: fixedCountries.length === 0 ? this.countryChoice : '',
        type: fixedTypes.length === 0 ? this.typeChoice : '',
      };
    }

    const previous = this.hits;
    if (this.catalog.status === 'loaded') {
      this.base = this.matchList.base(this.catalog.services, this.filters);
      this.hits = this.matchList.matches(this.catalog.services, this.catalog.index, this.query, this.filters);
    } else {
      this.base = [];
      this.hits = [];
    }
    if (this.hits !== previous) {
      // A new list: the old position means nothing in it.
      this.activeIndex = -1;
      this.windowing.resetScroll();
    } else {
      this.activeIndex = this.activeIndex < 0 ? -1 : clampIndex(this.activeIndex, this.hits.length);
    }
  }

  protected override updated(): void {
    this.windowing.observe(this.listbox ?? undefined);
    if (this.catalog.status === 'loaded') warmSearchIndex(this.catalog.index);
    this.reportCatalog();
    this.scheduleAnnouncement(this.statusText());
  }

  protected override render(): TemplateResult {
    const t = this.translator;
    const status = this.catalog.status;
    const hasOptions = this.hits.length > 0;
    const active = this.activeIndex >= 0 ? this.hits[this.activeIndex] : undefined;
    return html`<div part="base" aria-busy=${status === 'loading' ? 'true' : 'false'}>
      <div part="header">
        <label id="label" part="label" for="search">${this.label ?? t('label')}</label>
        <div part="search">
          <svg part="search-icon" viewBox="0 0 20 20" aria-hidden="true">${searchIcon}</svg>
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
            aria-expanded=${hasOptions ? 'true' : 'false'}
            aria-activedescendant=${ifDefined(active ? optionId(active.service) : undefined)}
            aria-describedby="keyboard-hint"
            placeholder=${t('searchPlaceholder')}
            .value=${live(this.query)}
            ?disabled=${this.disabled}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
          />
          <span id="keyboard-hint" class="visually-hidden">${t('keyboardHint')}</span>
        </div>
        ${this.renderFilters(t)}
      </div>
      <p part="status" aria-hidden="true">${this.statusText()}</p>
      <div part="live-region" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${status === 'loading' ? this.renderSkeleton() : nothing} ${this.renderMessage(t)}
      ${this.renderListbox(t)} ${this.renderCallToAction(t, active?.service ?? this.selectedService ?? undefined)}
    </div>`;
  }

  private renderFilters(t: Translate): TemplateResult | typeof nothing {
    if (this.catalog.status !== 'loaded') return nothing;
    const showCountry = this.filters.fixedCountries.length === 0;
    const showType = this.filters.fixedTypes.length === 0;
    if (!showCountry && !showType) return nothing;
    const { countries, types } = this.filterChoices();
    return html`<div part="filters">
      ${showCountry
        ? html`<div part="filter">
            <label part="filter-label" for="country">${t('countryLabel')}</label>
            <select id="country" part="country-select" ?disabled=${this.disabled} @change=${this.onCountryChange}>
              <option value="" .selected=${live(this.filters.country === '')}>${t('allCountries')}</option>
              ${countries.map(
                ({ code, name }) => html`<option value=${code} .selected=${live(this.filters.country === code)}>${name}</option>`,
              )}
            </select>
          </div>`
        : nothing}
      ${showType
        ? html`<div part="filter">
            <label part="filter-label" for="type">${t('typeLabel')}</label>
            <select id="type" part="type-select" ?disabled=${this.disabled} @change=${this.onTypeChange}>
              <option value="" .selected=${live(this.filters.type === '')}>${t('allTypes')}</option>
              ${types.map(
                (type) => html`<option value=${type} .selected=${live(this.filters.type === type)}>${typeLabel(type, t)}</option>`,
              )}
            </select>
          </div>`
        : nothing}
    </div>`;
  }

  /** The filter selects' choices, recomputed only when the offered services or the locale change. */
  private filterChoices(): FilterChoices {
    const cached = this.choices;
    if (cached && cached.base === this.base && cached.locale === this.resolvedLocale) return cached;
    const locale = this.resolvedLocale;
    const countries = countriesOf(this.base)
      .map((code) => ({ code, name: countryName(code, locale) }))
      .sort((a, b) => a.name.localeCompare(b.name, locale));
    this.choices = { base: this.base, locale, countries, types: typesOf(this.base) };
    return this.choices;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div part="skeleton" aria-hidden="true">
      ${Array.from({ length: SKELETON_ROWS }, () => html`<div part="skeleton-row"></div>`)}
    </div>`;
  }

  private renderMessage(t: Translate): TemplateResult | typeof nothing {
    const catalog = this.catalog;
    if (catalog.status === 'error') {
      return html`<div part="error" role="alert">
        <p part="error-message">${this.errorText(catalog.error)}</p>
        <button part="retry-button" type="button" @click=${this.onRetry}>${t('retry')}</button>
      </div>`;
    }
    if (catalog.status !== 'loaded' || this.hits.length > 0) return nothing;
    if (this.base.length === 0) return html`<div part="empty"><p part="empty-message">${t('emptyCatalog')}</p></div>`;
    const searching = this.query.trim() !== '';
    return html`<div part="empty">
      <p part="empty-message">${searching ? t('noMatch', { query: this.query.trim() }) : t('noMatchFilters')}</p>
      <button part="clear-button" type="button" ?disabled=${this.disabled} @click=${this.onClear}>
        ${searching ? t('clearSearch') : t('clearFilters')}
      </button>
    </div>`;
  }

  /* eslint-disable lit-a11y/click-events-have-key-events -- the keyboard is handled on the combobox
     input, which keeps focus (aria-activedescendant); the listbox only takes pointer clicks. */
  private renderListbox(t: Translate): TemplateResult {
    const total = this.hits.length;
    const rowHeight = this.windowing.rowSize;
    const { start, end } = this.windowing.range(total);
    const rows: { hit: SearchHit; index: number; detached: boolean }[] = [];
    const active = this.activeIndex;
    // The active option must exist for aria-activedescendant even when scrolled out of view.
    if (active >= 0 && active < start) rows.push({ hit: this.hits[active]!, index: active, detached: true });
    for (let index = start; index < end; index++) rows.push({ hit: this.hits[index]!, index, detached: false });
    if (active >= end && active < total) rows.push({ hit: this.hits[active]!, index: active, detached: true });

    const cta = active >= 0 ? this.hits[active]?.service : undefined;
    const context: OptionContext = {
      total,
      activeIndex: active,
      selectedId: this.selected,
      failedLogos: this.failedLogos,
      meta: this.metaText,
      activeDescription: cta && callToActionOf(cta) ? 'call-to-action' : null,
      rowHeight,
    };
    // Padding stands in for the rows before and after the window, so the scrollbar matches the
    // whole list. It sits on an inner, role-less wrapper: on the scroll container itself,
    // max-height could not clamp it.
    const spacers = styleMap({
      paddingBlockStart: `${start * rowHeight}px`,
      paddingBlockEnd: `${Math.max(0, total - end) * rowHeight}px`,
    });
    return html`<div
      id="listbox"
      part="listbox"
      role="listbox"
      aria-label=${t('listLabel')}
      aria-disabled=${this.disabled ? 'true' : 'false'}
      ?hidden=${total === 0}
      @mousedown=${this.onListMouseDown}
      @click=${this.onListClick}
      @error=${this.logoErrorListener}
    >
      <div class="rows" style=${spacers}>
        ${repeat(
          rows,
          (row) => row.hit.service.id,
          (row) => renderOption(row.hit, row.index, context, row.detached),
        )}
      </div>
    </div>`;
  }
  /* eslint-enable lit-a11y/click-events-have-key-events */

  private renderCallToAction(t: Translate, service: Service | undefined): TemplateResult | typeof nothing {
    const cta = service ? callToActionOf(service) : null;
    if (!cta) return nothing;
    return html`<p part="call-to-action" id="call-to-action">
      <span part="call-to-action-prompt">${cta.prompt}</span>
      <a part="call-to-action-link" href=${cta.url} target="_blank" rel="noopener noreferrer"
        >${cta.text}<span class="visually-hidden"> ${t('opensInNewTab')}</span></a
      >
    </p>`;
  }

  /** The visible status line: loading text or the number of matches. */
  private statusText(): string {
    const catalog = this.catalog;
    if (catalog.status === 'loading') return this.translator('loading');
    if (catalog.status === 'error') return '';
    if (this.hits.length === 0 && this.base.length > 0 && this.query.trim() !== '') {
      return this.translator('noMatch', { query: this.query.trim() });
    }
    return this.translator('count', { count: this.hits.length, number: this.formatNumber(this.hits.length) });
  }

  private formatNumber(value: number): string {
    if (this.numberFormat?.resolvedOptions().locale !== this.resolvedLocale) {
      try {
        this.numberFormat = new Intl.NumberFormat(this.resolvedLocale);
      } catch {
        return String(value);
      }
    }
    return this.numberFormat.format(value);
  }

  private errorText(code: string): string {
    switch (code) {
      case 'CatalogTimeout':
        return this.translator('errorCatalogTimeout');
      case 'CatalogInvalid':
        return this.translator('errorCatalogInvalid');
      case 'CatalogTooLarge':
        return this.translator('errorCatalogTooLarge');
      default:
        return this.translator('errorCatalogFetchFailed');
    }
  }

  private readonly metaText = (service: Service): string =>
    `${countryName(service.country_code, this.resolvedLocale)} · ${typeLabel(service.type, this.translator)}`;

  /** Fires the load or error event once per catalog state this element shows. */
  private reportCatalog(): void {
    const catalog = this.catalog;
    if (catalog === this.reportedState || catalog.status === 'loading') return;
    this.reportedState = catalog;
    if (catalog.status === 'loaded') {
      emit(this, new FinsifyCatalogLoadEvent({ count: this.base.length }));
    } else {
      emit(this, new FinsifyCatalogErrorEvent({ error: catalog.error, message: catalog.message }));
    }
  }

  /**
   * Screen readers hear the status only once it has been stable for a moment, so each keystroke
   * of fast typing does not queue an announcement.
   */
  private scheduleAnnouncement(text: string): void {
    if (text === this.pendingAnnouncement) return;
    this.pendingAnnouncement = text;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      this.announcement = text;
    }, ANNOUNCE_DELAY_MS);
  }

  private moveTo(index: number): void {
    const next = clampIndex(index, this.hits.length);
    this.activeIndex = next;
    this.windowing.reveal(next);
  }

  private choose(index: number): void {
    const hit = this.hits[index];
    if (!hit || this.disabled) return;
    this.activeIndex = index;
    this.selected = hit.service.id;
    emit(this, new FinsifyServiceSelectEvent({ service: hit.service }));
  }

  private clearSearch(): void {
    this.query = '';
    this.activeIndex = -1;
  }

  private readonly onInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing || event.altKey || event.metaKey) return;
    const total = this.hits.length;
    const active = this.activeIndex;
    switch (event.key) {
      case 'ArrowDown':
        if (total === 0) return;
        this.moveTo(active < 0 ? 0 : active + 1);
        break;
      case 'ArrowUp':
        if (total === 0) return;
        this.moveTo(active < 0 ? total - 1 : active - 1);
        break;
      case 'PageDown':
        if (total === 0) return;
        this.moveTo(active < 0 ? this.windowing.page() - 1 : active + this.windowing.page());
        break;
      case 'PageUp':
        if (total === 0) return;
        this.moveTo(active < 0 ? 0 : active - this.windowing.page());
        break;
      case 'Home':
        if (total === 0 || (active < 0 && !event.ctrlKey)) return;
        this.moveTo(0);
        break;
      case 'End':
        if (total === 0 || (active < 0 && !event.ctrlKey)) return;
        this.moveTo(total - 1);
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        // Back to editing text: let the caret move.
        this.activeIndex = -1;
        return;
      case 'Enter':
        if (active < 0) return;
        this.choose(active);
        break;
      case 'Escape':
        if (this.query !== '') this.clearSearch();
        else if (active >= 0) this.activeIndex = -1;
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  private readonly onCountryChange = (event: Event): void => {
    this.countryChoice = (event.target as HTMLSelectElement).value;
  };

  private readonly onTypeChange = (event: Event): void => {
    this.typeChoice = (event.target as HTMLSelectElement).value;
  };

  private readonly onRetry = (): void => {
    this.source.retry();
    this.input?.focus();
  };

  private readonly onClear = (): void => {
    if (this.query.trim() !== '') {
      this.clearSearch();
    } else {
      this.countryChoice = '';
      this.typeChoice = '';
    }
    this.input?.focus();
  };

  /** Keeps focus in the search box when an option is pressed, as the combobox pattern needs. */
  private readonly onListMouseDown = (event: MouseEvent): void => {
    if ((event.target as Element).closest('[role="option"]')) event.preventDefault();
  };

  private readonly onListClick = (event: MouseEvent): void => {
    const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (!option) return;
    const index = Number(option.dataset['index']);
    if (!Number.isInteger(index)) return;
    this.choose(index);
    this.input?.focus();
  };

  /** `error` does not bubble: caught in the capture phase, one listener for every logo. */
  private readonly logoErrorListener = {
    handleEvent: (event: Event): void => {
      const target = event.target;
      if (!(target instanceof HTMLImageElement) || target.getAttribute('part') !== 'logo') return;
      const url = target.getAttribute('src');
      if (url === null || this.failedLogos.has(url)) return;
      this.failedLogos.add(url);
      this.logoFailures++;
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

/** A service's call to action, when its link is safe to render (`http:` or `https:` only). */
function callToActionOf(service: Service): { prompt: string; text: string; url: string } | null {
  const cta = service.call_to_action;
  if (!cta) return null;
  const url = safeHttpUrl(cta.url);
  return url === null ? null : { prompt: cta.prompt, text: cta.text, url };
}
