import { brandColors, ERROR_COLORS, SURFACE, type ColorScheme } from './page-colors.js';
import type { PageTheme } from './page-preferences.js';

/** The colours of one scheme as CSS custom properties, the brand's included. */
function schemeVariables(primary: string, scheme: ColorScheme): string {
  const brand = brandColors(primary, scheme);
  const base =
    scheme === 'light'
      ? { bg: '#f3f4f6', text: '#111827', muted: '#4b5563', line: '#d1d5db', 'note-bg': '#fffbeb', 'note-line': '#b45309' }
      : { bg: '#0b1120', text: '#f9fafb', muted: '#d1d5db', line: '#4b5563', 'note-bg': '#2a2113', 'note-line': '#fbbf24' };
  const all: Record<string, string> = {
    ...base,
    surface: SURFACE[scheme],
    error: ERROR_COLORS[scheme].text,
    'error-bg': ERROR_COLORS[scheme].background,
    header: brand.header,
    'on-header': brand.onHeader,
    button: brand.button,
    'on-button': brand.onButton,
    'button-border': brand.buttonBorder,
    accent: brand.accent,
  };
  return Object.entries(all)
    .map(([name, value]) => `--${name}: ${value};`)
    .join(' ');
}

/**
 * The theme's colours: one fixed scheme when the partner asked for it, else light with a dark
 * variant under `prefers-color-scheme: dark`.
 */
function themeRules(primary: string, theme: PageTheme): string {
  if (theme !== 'system') return `:root { color-scheme: ${theme}; ${schemeVariables(primary, theme)} }`;
  return `:root { color-scheme: light dark; ${schemeVariables(primary, 'light')} }
@media (prefers-color-scheme: dark) { :root { ${schemeVariables(primary, 'dark')} } }`;
}

/** The connect pages' stylesheet. Raw CSS: only constants and colours computed from validated hex values go in. */
export function pageStyles(primary: string, theme: PageTheme): string {
  return `
${themeRules(primary, theme)}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 30rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: 14px; overflow: hidden; }
.brand { display: flex; align-items: center; gap: .75rem; padding: 1rem 1.25rem; background: var(--header); color: var(--on-header); }
.brand img, .badge { width: 40px; height: 40px; border-radius: 10px; flex: none; }
.badge { display: grid; place-items: center; font-weight: 700; font-size: .8rem; border: 2px solid var(--on-header); }
.brand-name { font-weight: 600; font-size: 1.05rem; }
.content { padding: 1.25rem; }
h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 .5rem; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
.step { color: var(--muted); font-size: .875rem; margin: 0 0 .25rem; }
p { margin: 0 0 1rem; }
ul { margin: 0 0 1rem; padding-left: 1.25rem; }
label { display: block; font-weight: 600; margin: 0 0 .25rem; }
input { display: block; width: 100%; font: inherit; color: inherit; background: var(--surface); padding: .65rem .75rem;
  border: 1px solid var(--muted); border-radius: 8px; margin: 0 0 1rem; }
input[aria-invalid="true"] { border-color: var(--error); border-width: 2px; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; margin-top: .5rem; }
button, .button { font: inherit; font-weight: 600; padding: .65rem 1.25rem; border-radius: 8px; cursor: pointer;
  border: 2px solid var(--accent); text-decoration: none; display: inline-block; }
.primary { background: var(--button); color: var(--on-button); border-color: var(--button-border); }
.secondary { background: transparent; color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; }
input:focus-visible { outline-offset: 1px; }
.error { display: flex; gap: .6rem; align-items: flex-start; background: var(--error-bg); color: var(--error);
  border: 1px solid var(--error); border-left-width: 4px; padding: .75rem 1rem; border-radius: 6px; margin: 0 0 1rem; }
.error p { margin: 0; }
.error svg { flex: none; width: 1.25rem; height: 1.25rem; margin-top: .1rem; }
.error strong { display: block; }
.status:empty { display: none; }
.status { color: var(--muted); }
.test-credentials { margin-top: 1.25rem; background: var(--note-bg); border: 1px solid var(--note-line); border-radius: 12px; padding: 1rem 1.25rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem .35rem 0; vertical-align: top; border-top: 1px solid var(--line); }
thead th { border-top: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
footer { color: var(--muted); font-size: .85rem; margin-top: 1rem; text-align: center; }
@media (prefers-reduced-motion: no-preference) { button { transition: filter .15s; } button:hover { filter: brightness(1.08); } }
`;
}
