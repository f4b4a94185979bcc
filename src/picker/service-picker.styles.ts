import { css } from 'lit';
import { focusRing, themeTokens } from '../shared/theme.styles.js';

/**
 * Styles of `<finsify-service-picker>`. Only logical properties (`inline`/`block`), so
 * `dir="rtl"` mirrors the layout with no extra rules. Brand colours arrive per option as
 * `--finsify-brand*` custom properties set through the CSSOM, never as style text.
 */
export const pickerStyles = [
  themeTokens,
  css`
    :host {
      --finsify-picker-row-height: 56px;
      --finsify-picker-max-height: 24rem;
      --finsify-picker-logo-size: 40px;
      --finsify-picker-gap: 0.75rem;
      --finsify-picker-padding: 1rem;
      --finsify-picker-option-radius: 8px;
      display: block;
      box-sizing: border-box;
      background: var(--finsify-surface);
      border: 1px solid var(--finsify-border);
      border-radius: var(--finsify-radius);
      line-height: 1.4;
    }
    :host([hidden]) {
      display: none;
    }
    :host([disabled]) {
      opacity: 0.6;
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }

    [part~='base'] {
      display: flex;
      flex-direction: column;
      gap: var(--finsify-picker-gap);
      padding: var(--finsify-picker-padding);
    }

    [part~='header'] {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    [part~='label'] {
      font-weight: 600;
      font-size: 1.05em;
    }
    [part~='search'] {
      position: relative;
    }
    [part~='search-icon'] {
      position: absolute;
      inset-block-start: 50%;
      inset-inline-start: 0.75rem;
      inline-size: 1.1em;
      block-size: 1.1em;
      transform: translateY(-50%);
      color: var(--finsify-text-muted);
      pointer-events: none;
    }
    [part~='search-input'] {
      inline-size: 100%;
      min-block-size: 2.75rem;
      padding-block: 0.5rem;
      padding-inline: 2.4rem 0.75rem;
      font: inherit;
      color: var(--finsify-text);
      background: var(--finsify-surface);
      border: 1px solid var(--finsify-border);
      border-radius: calc(var(--finsify-radius) - 2px);
      text-align: start;
    }
    [part~='search-input']::placeholder {
      color: var(--finsify-text-muted);
      opacity: 1;
    }
    [part~='search-input']:focus-visible,
    select:focus-visible,
    button:focus-visible,
    a:focus-visible {
      ${focusRing}
    }

    [part~='filters'] {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
    }
    [part~='filter'] {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      color: var(--finsify-text-muted);
      font-size: 0.9em;
    }
    select {
      min-block-size: 2.25rem;
      padding-block: 0.25rem;
      padding-inline: 0.5rem;
      font: inherit;
      color: var(--finsify-text);
      background: var(--finsify-surface);
      border: 1px solid var(--finsify-border);
      border-radius: calc(var(--finsify-radius) - 4px);
    }

    [part~='status'] {
      margin: 0;
      color: var(--finsify-text-muted);
      font-size: 0.875em;
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      margin: -1px;
      padding: 0;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
      border: 0;
    }

    [part~='listbox'] {
      position: relative;
      max-block-size: var(--finsify-picker-max-height);
      overflow-y: auto;
      overscroll-behavior: contain;
      margin: 0;
      border: 1px solid var(--finsify-border);
      border-radius: calc(var(--finsify-radius) - 2px);
      background: var(--finsify-surface);
    }
    [part~='listbox'][hidden] {
      display: none;
    }
    .rows {
      /* Spacer padding and rows: never a border or its own padding, so row offsets stay exact. */
      margin: 0;
      border: 0;
    }

    [part~='option'] {
      display: grid;
      grid-template-columns: var(--finsify-picker-logo-size) minmax(0, 1fr) auto;
      grid-template-rows: auto auto;
      column-gap: 0.75rem;
      align-items: center;
      align-content: center;
      block-size: var(--finsify-picker-row-height);
      padding-inline: 0.75rem;
      overflow: hidden;
      cursor: pointer;
      user-select: none;
      text-align: start;
      border-radius: var(--finsify-picker-option-radius);
      outline-offset: -3px;
    }
    /* The active option kept rendered while scrolled out of the window sits at its own row. */
    [part~='option'].detached {
      position: absolute;
      inset-inline: 0;
    }
    [part~='option']:hover {
      background: var(--finsify-surface-hover);
    }
    [part~='option--active'] {
      background: var(--finsify-surface-hover);
      outline: 3px solid var(--finsify-focus-ring);
    }
    [part~='option--selected'] {
      font-weight: 600;
    }
    :host([disabled]) [part~='option'] {
      cursor: default;
    }

    [part~='logo-box'] {
      grid-row: 1 / span 2;
      display: grid;
      place-items: center;
      inline-size: var(--finsify-picker-logo-size);
      block-size: var(--finsify-picker-logo-size);
      overflow: hidden;
      border-radius: 50%;
      background: var(--finsify-surface-raised);
    }
    [part~='logo'] {
      display: block;
      inline-size: 100%;
      block-size: 100%;
      object-fit: contain;
    }
    [part~='initials'] {
      display: grid;
      place-items: center;
      inline-size: 100%;
      block-size: 100%;
      font-weight: 700;
      font-size: calc(var(--finsify-picker-logo-size) * 0.38);
      letter-spacing: 0.02em;
      background: var(--finsify-brand, var(--finsify-accent));
      color: var(--finsify-brand-text, var(--finsify-accent-text));
      border: 2px solid var(--finsify-brand-secondary, transparent);
      border-radius: 50%;
    }
    [part~='name'] {
      grid-column: 2;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    [part~='highlight'] {
      background: var(--finsify-highlight);
      color: var(--finsify-highlight-text);
      border-radius: 2px;
    }
    [part~='meta'] {
      grid-column: 2;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      color: var(--finsify-text-muted);
      font-size: 0.8125em;
      font-weight: 400;
    }
    [part~='check'] {
      grid-column: 3;
      grid-row: 1 / span 2;
      inline-size: 1.25em;
      block-size: 1.25em;
      color: var(--finsify-accent);
    }

    [part~='call-to-action'] {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
      margin: 0;
      padding-block: 0.5rem;
      padding-inline: 0.75rem;
      border-radius: calc(var(--finsify-radius) - 2px);
      background: var(--finsify-surface-raised);
    }
    [part~='call-to-action-link'] {
      color: var(--finsify-accent);
      font-weight: 600;
    }

    [part~='empty'],
    [part~='error'] {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 0.5rem;
      padding-block: 1rem;
      padding-inline: 0.75rem;
      border-radius: calc(var(--finsify-radius) - 2px);
      background: var(--finsify-surface-raised);
    }
    [part~='empty'] p,
    [part~='error'] p {
      margin: 0;
    }
    [part~='error-message'] {
      color: var(--finsify-danger);
    }
    button {
      min-block-size: 2.25rem;
      padding-block: 0.35rem;
      padding-inline: 0.9rem;
      font: inherit;
      font-weight: 600;
      color: var(--finsify-accent-text);
      background: var(--finsify-accent);
      border: 1px solid transparent;
      border-radius: calc(var(--finsify-radius) - 4px);
      cursor: pointer;
    }

    [part~='skeleton'] {
      display: flex;
      flex-direction: column;
      overflow: hidden;
      max-block-size: var(--finsify-picker-max-height);
      border: 1px solid var(--finsify-border);
      border-radius: calc(var(--finsify-radius) - 2px);
    }
    [part~='skeleton-row'] {
      display: grid;
      grid-template-columns: var(--finsify-picker-logo-size) 1fr;
      column-gap: 0.75rem;
      align-items: center;
      block-size: var(--finsify-picker-row-height);
      padding-inline: 0.75rem;
    }
    [part~='skeleton-row']::before,
    [part~='skeleton-row']::after {
      content: '';
      display: block;
      background: var(--finsify-surface-hover);
      animation: finsify-pulse 1.2s ease-in-out infinite alternate;
    }
    [part~='skeleton-row']::before {
      inline-size: var(--finsify-picker-logo-size);
      block-size: var(--finsify-picker-logo-size);
      border-radius: 50%;
    }
    [part~='skeleton-row']::after {
      inline-size: 60%;
      block-size: 0.9em;
      border-radius: 4px;
    }
    @keyframes finsify-pulse {
      from {
        opacity: 1;
      }
      to {
        opacity: 0.45;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part~='skeleton-row']::before,
      [part~='skeleton-row']::after {
        animation: none;
      }
    }
    @media (forced-colors: active) {
      [part~='option--active'] {
        outline-color: Highlight;
      }
      [part~='highlight'] {
        background: Mark;
        color: MarkText;
      }
    }
  `,
];
