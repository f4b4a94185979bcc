import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { initials, logoUrl, readableTextColor, type SearchHit, type Service } from '../catalog/index.js';
import { styleProperties } from '../shared/style-properties.js';
import { highlightName } from './highlight.js';

/** What every option of one render shares; built once per render, not per row. */
export interface OptionContext {
  /** Matches in the whole (unwindowed) list: every option's `aria-setsize`. */
  total: number;
  activeIndex: number;
  selectedId: number | null;
  /** Logo URLs that failed to load: these options show the initials badge instead. */
  failedLogos: ReadonlySet<string>;
  /** Country and type, localised. */
  meta: (service: Service) => string;
  /** Id of the call-to-action region describing the active option, when it has one. */
  describedBy: string | undefined;
  /** Row height in pixels, to place a detached active option at its own row. */
  rowHeight: number;
}

/** Id of the option element of a service, for `aria-activedescendant`. */
export function optionId(service: Service): string {
  return `option-${service.id}`;
}

/**
 * One `role="option"` row. `index` is its position in the whole list of matches (for
 * `aria-posinset`, and `data-index`, which the listbox's delegated click handler reads, so no
 * closure is allocated per row). A `detached` option is the active one kept in the DOM while
 * scrolled out of the window: absolutely placed at its own row so the spacers stay exact.
 *
 * Without a usable logo (none, unsafe, or failed to load) the row shows the initials badge in the
 * brand colours. They go through `styleProperties` (`style.setProperty`, which a strict CSP
 * allows), and the catalog layer only keeps colours it normalised to `#rrggbb`, so catalog text
 * can never become CSS; without one the badge keeps the theme's accent.
 */
export function renderOption(hit: SearchHit, index: number, context: OptionContext, detached: boolean): TemplateResult {
  const { service } = hit;
  const active = index === context.activeIndex;
  const selected = service.id === context.selectedId;
  const logo = logoUrl(service);
  const { primary, secondary } = service.color;
  return html`<div
    role="option"
    id=${optionId(service)}
    part="option${active ? ' option--active' : ''}${selected ? ' option--selected' : ''}"
    class=${detached ? 'detached' : ''}
    ${styleProperties({ 'inset-block-start': detached ? `${index * context.rowHeight}px` : undefined })}
    aria-selected=${selected}
    aria-setsize=${context.total}
    aria-posinset=${index + 1}
    aria-describedby=${ifDefined(active ? context.describedBy : undefined)}
    data-index=${index}
  >
    <span part="logo-box"
      >${logo && !context.failedLogos.has(logo)
        ? html`<img part="logo" src=${logo} width="40" height="40" alt="" loading="lazy" decoding="async" />`
        : html`<span
            part="initials"
            ${styleProperties({
              '--finsify-brand': primary ?? undefined,
              '--finsify-brand-text': primary ? readableTextColor(primary) : undefined,
              '--finsify-brand-secondary': secondary ?? undefined,
            })}
            aria-hidden="true"
            >${initials(service.name)}</span
          >`}</span
    >
    <span part="name">${highlightName(service.name, hit.ranges)}</span>
    <span part="meta">${context.meta(service)}</span>
    ${selected
      ? html`<svg
          part="check"
          viewBox="0 0 20 20"
          fill="none"
          stroke="currentColor"
          stroke-width="2.2"
          stroke-linecap="round"
          stroke-linejoin="round"
          aria-hidden="true"
        >
          <path d="M4 10.5l4 4 8-9" />
        </svg>`
      : nothing}
  </div>`;
}
