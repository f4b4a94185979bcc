import { html, nothing, svg, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { initials, logoUrl, normalizeHexColor, readableTextColor, type SearchHit, type Service } from '../catalog/index.js';
import { highlightName } from './highlight.js';

/** Width and height attributes of every logo, so the box is reserved before the image arrives. */
export const LOGO_SIZE = 40;

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
  activeDescription: string | null;
  /** Row height in pixels, to place a detached active option at its own row. */
  rowHeight: number;
}

/** Id of the option element of a service, for `aria-activedescendant`. */
export function optionId(service: Service): string {
  return `option-${service.id}`;
}

const checkIcon = svg`<path d="M4 10.5l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />`;

/**
 * One `role="option"` row. `index` is its position in the whole list of matches (for
 * `aria-posinset`, and `data-index`, which the listbox's delegated click handler reads, so no
 * closure is allocated per row). A `detached` option is the active one kept in the DOM while
 * scrolled out of the window: absolutely placed at its own row so the spacers stay exact.
 */
export function renderOption(hit: SearchHit, index: number, context: OptionContext, detached = false): TemplateResult {
  const { service } = hit;
  const active = index === context.activeIndex;
  const selected = service.id === context.selectedId;
  const part = `option${active ? ' option--active' : ''}${selected ? ' option--selected' : ''}`;
  const style = styleMap({ insetBlockStart: detached ? `${index * context.rowHeight}px` : undefined });
  return html`<div
    role="option"
    id=${optionId(service)}
    part=${part}
    class=${detached ? 'detached' : ''}
    style=${style}
    aria-selected=${selected ? 'true' : 'false'}
    aria-setsize=${context.total}
    aria-posinset=${index + 1}
    aria-describedby=${ifDefined(active && context.activeDescription ? context.activeDescription : undefined)}
    data-index=${index}
  >
    ${renderLogo(service, context.failedLogos)}
    <span part="name">${highlightName(service.name, hit.ranges)}</span>
    <span part="meta">${context.meta(service)}</span>
    ${selected ? html`<svg part="check" viewBox="0 0 20 20" aria-hidden="true">${checkIcon}</svg>` : nothing}
  </div>`;
}

/**
 * The logo, or the initials badge in the brand colour. Brand colours go through `styleMap`
 * (`style.setProperty`) and only as values `normalizeHexColor` produced, so catalog text can
 * never become CSS; without a usable colour the badge keeps the theme's accent.
 */
function renderLogo(service: Service, failedLogos: ReadonlySet<string>): TemplateResult {
  const url = logoUrl(service);
  if (url !== null && !failedLogos.has(url)) {
    return html`<span part="logo-box"
      ><img part="logo" src=${url} width=${LOGO_SIZE} height=${LOGO_SIZE} alt="" loading="lazy" decoding="async"
    /></span>`;
  }
  const primary = normalizeHexColor(service.color.primary);
  const secondary = normalizeHexColor(service.color.secondary);
  const brand = styleMap({
    '--finsify-brand': primary ?? undefined,
    '--finsify-brand-text': primary ? readableTextColor(primary) : undefined,
    '--finsify-brand-secondary': secondary ?? undefined,
  });
  return html`<span part="logo-box"><span part="initials" style=${brand} aria-hidden="true">${initials(service.name)}</span></span>`;
}
