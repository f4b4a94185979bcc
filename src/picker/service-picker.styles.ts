import { css } from 'lit';
import { themeTokens } from '../shared/theme.styles.js';

// Why (comments stay out of the CSS, which ships as written):
// - only logical properties (`inline`/`block`), so `dir="rtl"` mirrors the layout with no extra rules;
// - brand colours arrive per option as `--finsify-brand*` custom properties set through the CSSOM,
//   never as style text;
// - `.rows` holds the spacer padding and the rows: it never gets a border or padding of its own,
//   so row offsets stay exact; a `.detached` option is the active one kept rendered while
//   scrolled out of the window, placed at its own row;
// - options and skeleton rows share one grid, so the placeholder looks like the list to come;
// - the initials keep their own round corners: the logo box clips to a circle, which would cut
//   the corners off a square brand border.
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
    ::before,
    ::after {
      box-sizing: inherit;
    }
    p {
      margin: 0;
    }
    input,
    select,
    button {
      font: inherit;
    }

    [part~=base],
    [part~=header] {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    [part~=base] {
      gap: var(--finsify-picker-gap);
      padding: var(--finsify-picker-padding);
    }
    [part~=label] {
      font-weight: 600;
      font-size: 1.05em;
    }
    [part~=search],
    [part~=listbox] {
      position: relative;
    }
    [part~=search-icon] {
      position: absolute;
      inset-block-start: 50%;
      inset-inline-start: 0.75rem;
      inline-size: 1.1em;
      block-size: 1.1em;
      transform: translateY(-50%);
      pointer-events: none;
    }
    :host,
    [part~=search-input],
    select,
    [part~=listbox],
    [part~=skeleton] {
      color: var(--finsify-text);
      background: var(--finsify-surface);
      border: 1px solid var(--finsify-border);
    }
    [part~=search-input],
    [part~=listbox],
    [part~=skeleton],
    [part~=call-to-action],
    [part~=empty],
    [part~=error] {
      border-radius: calc(var(--finsify-radius) - 2px);
    }
    [part~=search-input] {
      inline-size: 100%;
      min-block-size: 2.75rem;
      padding: 0.5rem 0.75rem;
      padding-inline-start: 2.4rem;
    }
    [part~=search-input]::placeholder {
      opacity: 1;
    }
    [part~=search-icon],
    [part~=search-input]::placeholder,
    [part~=filter],
    [part~=status],
    [part~=meta] {
      color: var(--finsify-text-muted);
    }

    [part~=filters] {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
    }
    [part~=filter] {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.9em;
    }
    select,
    button {
      min-block-size: 2.25rem;
      border-radius: calc(var(--finsify-radius) - 4px);
    }
    select {
      padding: 0.25rem 0.5rem;
    }
    [part~=status] {
      font-size: 0.875em;
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }

    [part~=listbox] {
      max-block-size: var(--finsify-picker-max-height);
      overflow-y: auto;
      overscroll-behavior: contain;
    }
    [part~=option],
    [part~=skeleton-row] {
      display: grid;
      grid-template-columns: var(--finsify-picker-logo-size) minmax(0, 1fr) auto;
      grid-template-rows: auto auto;
      column-gap: 0.75rem;
      align-items: center;
      align-content: center;
      block-size: var(--finsify-picker-row-height);
      padding-inline: 0.75rem;
    }
    [part~=option] {
      overflow: hidden;
      cursor: pointer;
      user-select: none;
      border-radius: var(--finsify-picker-option-radius);
      outline-offset: -3px;
    }
    .detached {
      position: absolute;
      inset-inline: 0;
    }
    [part~=option]:hover,
    [part~=option--active] {
      background: var(--finsify-surface-hover);
    }
    [part~=option--active] {
      outline: 3px solid var(--finsify-focus-ring);
    }
    [part~=option--selected] {
      font-weight: 600;
    }
    :host([disabled]) [part~=option] {
      cursor: default;
    }

    [part~=logo-box],
    [part~=initials] {
      display: grid;
      place-items: center;
      overflow: hidden;
      border-radius: 50%;
    }
    [part~=logo-box] {
      grid-row: 1 / span 2;
      inline-size: var(--finsify-picker-logo-size);
      block-size: var(--finsify-picker-logo-size);
      background: var(--finsify-surface-raised);
    }
    [part~=logo],
    [part~=initials] {
      inline-size: 100%;
      block-size: 100%;
    }
    [part~=logo] {
      object-fit: contain;
    }
    [part~=initials] {
      font-weight: 700;
      font-size: calc(var(--finsify-picker-logo-size) * 0.38);
      letter-spacing: 0.02em;
      background: var(--finsify-brand, var(--finsify-accent));
      color: var(--finsify-brand-text, var(--finsify-accent-text));
      border: 2px solid var(--finsify-brand-secondary, transparent);
    }
    [part~=name],
    [part~=meta] {
      grid-column: 2;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    [part~=highlight] {
      background: var(--finsify-highlight);
      color: var(--finsify-highlight-text);
      border-radius: 2px;
    }
    [part~=meta] {
      font-size: 0.8125em;
      font-weight: 400;
    }
    [part~=check] {
      grid-column: 3;
      grid-row: 1 / span 2;
      inline-size: 1.25em;
      block-size: 1.25em;
    }
    [part~=check],
    [part~=call-to-action-link] {
      color: var(--finsify-accent);
    }

    [part~=call-to-action],
    [part~=empty],
    [part~=error] {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
      padding: 0.5rem 0.75rem;
      background: var(--finsify-surface-raised);
    }
    [part~=empty],
    [part~=error] {
      flex-direction: column;
      align-items: flex-start;
      gap: 0.5rem;
      padding-block: 1rem;
    }
    [part~=call-to-action-link],
    button {
      font-weight: 600;
    }
    [part~=error-message] {
      color: var(--finsify-danger);
    }
    button {
      padding: 0.35rem 0.9rem;
      color: var(--finsify-accent-text);
      background: var(--finsify-accent);
      border: 1px solid transparent;
      cursor: pointer;
    }

    [part~=skeleton] {
      overflow: hidden;
      max-block-size: var(--finsify-picker-max-height);
    }
    [part~=skeleton-row]::before,
    [part~=skeleton-row]::after {
      content: '';
      background: var(--finsify-surface-hover);
      animation: finsify-pulse 1.2s ease-in-out infinite alternate;
    }
    [part~=skeleton-row]::before {
      inline-size: var(--finsify-picker-logo-size);
      block-size: var(--finsify-picker-logo-size);
      border-radius: 50%;
    }
    [part~=skeleton-row]::after {
      inline-size: 60%;
      block-size: 0.9em;
      border-radius: 4px;
    }
    @keyframes finsify-pulse {
      to {
        opacity: 0.45;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part~=skeleton-row]::before,
      [part~=skeleton-row]::after {
        animation: none;
      }
    }
    @media (forced-colors: active) {
      [part~=option--active] {
        outline-color: Highlight;
      }
      [part~=highlight] {
        background: Mark;
        color: MarkText;
      }
    }
  `,
];
