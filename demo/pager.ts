import { html, type TemplateResult } from 'lit';
import { formatCount } from './format.js';
import type { Page } from './paging.js';

export interface PagerOptions {
  /** What the list holds, for the labels ("transactions"); also the buttons' id prefix. */
  noun: string;
  locale: string;
  go(page: number): void;
}

/**
 * "Showing 21–40 of 57" and Previous / Next buttons. At either end the button is `aria-disabled`,
 * not `disabled`: a keyboard user who pressed Next to the last page keeps focus on it.
 */
export function pagerTemplate(page: Page<unknown>, options: PagerOptions): TemplateResult {
  const count = (value: number) => formatCount(value, options.locale);
  const summary = page.total === 0 ? `No ${options.noun}` : `Showing ${count(page.first)}–${count(page.last)} of ${count(page.total)} ${options.noun}`;
  const button = (id: string, label: string, target: number, enabled: boolean) =>
    html`<button
      id=${`${options.noun}-${id}`}
      type="button"
      aria-disabled=${enabled ? 'false' : 'true'}
      @click=${() => {
        if (enabled) options.go(target);
      }}
    >
      ${label}
    </button>`;
  return html`<nav class="pager" aria-label=${`Pages of ${options.noun}`}>
    ${button('previous', 'Previous page', page.page - 1, page.page > 1)}
    <p class="pager-summary" aria-live="polite">${summary}</p>
    ${button('next', 'Next page', page.page + 1, page.page < page.pageCount)}
  </nav>`;
}
