import { css } from 'lit';

// Why (comments stay out of the CSS, which ships as written):
// - the host paints the theme's surface: its text colours follow the theme, so dark tokens on a
//   page without a dark mode would otherwise be unreadable;
// - margins, not gap: an empty slot or status line takes no room (the status line stays
//   rendered, as a live region); the slotted picker gets its margin as a default it can override;
// - busy is aria-disabled, not disabled, so the button keeps focus during a flow;
// - no flex layout: the inline-flex button keeps its own width in the block flow;
// - the spinner turns only for people who have not asked for reduced motion (aria-busy says it).
export const connectStyles = css`
  :host {
    --finsify-connect-button-background: var(--finsify-accent);
    --finsify-connect-button-color: var(--finsify-accent-text);
    --finsify-connect-button-radius: var(--finsify-radius);
    --finsify-connect-button-padding: 0.75em 1.25em;
    --finsify-connect-gap: 0.75rem;
    --finsify-connect-error-color: var(--finsify-danger);
    --finsify-connect-background: var(--finsify-surface);
    display: block;
    background: var(--finsify-connect-background);
  }
  :host([hidden]) {
    display: none;
  }
  slot:not([name])::slotted(*) {
    margin-block-end: var(--finsify-connect-gap);
  }
  [part~=button] {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    max-inline-size: 100%;
    min-block-size: 44px;
    padding: var(--finsify-connect-button-padding);
    border: 0;
    border-radius: var(--finsify-connect-button-radius);
    background: var(--finsify-connect-button-background);
    color: var(--finsify-connect-button-color);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  [aria-disabled=true] {
    cursor: progress;
    opacity: 0.8;
  }
  [part~=label] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~=spinner] {
    inline-size: 1em;
    block-size: 1em;
    flex: none;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
  }
  @media (prefers-reduced-motion: no-preference) {
    [part~=spinner] {
      animation: spin 0.8s linear infinite;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  [part~=status] {
    margin: 0;
  }
  [part~=status]:not(:empty) {
    margin-block-start: var(--finsify-connect-gap);
  }
  [part~=status-error] {
    color: var(--finsify-connect-error-color);
  }
`;
