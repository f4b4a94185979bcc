import { css } from 'lit';

// Dark values, shared by `theme="dark"` and by `prefers-color-scheme: dark` when no theme is forced.
const darkTokens = css`
  --finsify-surface: #16191d;
  --finsify-surface-raised: #22272e;
  --finsify-surface-hover: #2d333b;
  --finsify-text: #e6edf3;
  --finsify-text-muted: #a8b3bf;
  --finsify-border: #444c56;
  --finsify-accent: #6cb6ff;
  --finsify-accent-text: #0d1117;
  --finsify-focus-ring: #6cb6ff;
  --finsify-danger: #ff938a;
  --finsify-highlight: #5a4a00;
  --finsify-highlight-text: #fff4c2;
  color-scheme: dark;
`;

/**
 * Design tokens shared by every element of the package. Declared on `:host`, so a partner's
 * stylesheet setting the same property on the element (or any ancestor via inheritance on the
 * element) overrides them. `theme="light"` or `theme="dark"` forces a scheme; without it the
 * element follows `prefers-color-scheme`. Also the focus indicator of everything focusable in
 * the shadow roots, one that stays visible on every surface, brand-coloured ones included.
 */
export const themeTokens = css`
  :host {
    --finsify-font-family: system-ui, sans-serif;
    --finsify-font-size: 1rem;
    --finsify-radius: 10px;
    --finsify-surface: #ffffff;
    --finsify-surface-raised: #f4f6f8;
    --finsify-surface-hover: #e9edf1;
    --finsify-text: #1b1f24;
    --finsify-text-muted: #57606a;
    --finsify-border: #c9d1d9;
    --finsify-accent: #0b5cc2;
    --finsify-accent-text: #ffffff;
    --finsify-focus-ring: #0b5cc2;
    --finsify-danger: #b42318;
    --finsify-highlight: #fff1a8;
    --finsify-highlight-text: #1b1f24;
    color-scheme: light;
    font-family: var(--finsify-font-family);
    font-size: var(--finsify-font-size);
    color: var(--finsify-text);
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
  :focus-visible {
    outline: 3px solid var(--finsify-focus-ring);
    outline-offset: 2px;
  }
`;
