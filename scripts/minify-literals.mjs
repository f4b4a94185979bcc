// Minifies the CSS and HTML inside Lit's css`` and html`` literals, which JavaScript minifiers
// leave untouched: partners pay for those bytes on every page. Used on the ES modules tsc writes
// and, through a Vite plugin, on the IIFE bundle.
import { minifyHTMLLiterals } from 'minify-literals';

// Conservative: a run of whitespace becomes one space rather than none, so text next to an inline
// element or an expression (`Connect ${name}`) keeps its space.
const minifyOptions = { conservativeCollapse: true, removeEmptyAttributes: false };

/**
 * A css`` literal holding only declarations (a fragment spliced into rules elsewhere) is not a
 * stylesheet: the CSS minifier would warn and keep it as it is anyway.
 */
function isStylesheet(template) {
  return /css/i.test(template.tag ?? '') && template.parts.some((part) => part.text.includes('{'));
}

/**
 * A css`` literal of declarations only, with no expression, string, comment or escape in it:
 * `darkTokens` in src/shared/theme.styles.ts. The CSS minifier skips such a fragment (above).
 */
const DECLARATIONS_LITERAL = /\bcss ?`([^`$\\{}'"/]*)`/g;

/**
 * Declarations written one per line, as `name: value;`, on one line without the layout
 * whitespace. Only whitespace around `;` and after `:` goes; a value keeps its inner spaces. Each
 * declaration keeps its `;`, so whatever follows the fragment where it is spliced stays apart.
 */
function minifyDeclarations(text) {
  const declarations = text.split(';').map((declaration) => declaration.trim()).filter((declaration) => declaration !== '');
  return declarations.map((declaration) => `${declaration.replace(/^([-\w]+)\s*:\s*/, '$1:').replace(/\s+/g, ' ')};`).join('');
}

/** `code` with its literals minified, or unchanged when it has none. */
export async function minifyLiterals(code, fileName) {
  const result = await minifyHTMLLiterals(code, { fileName, minifyOptions, shouldMinifyCSS: isStylesheet });
  const minified = result ? result.code : code;
  return minified.replace(DECLARATIONS_LITERAL, (literal, text) => literal.replace(text, minifyDeclarations(text)));
}

/** The same as a Vite plugin, run after TypeScript is compiled. */
export function minifyLiteralsPlugin() {
  return {
    name: 'finsify-minify-literals',
    enforce: 'post',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id)) return null;
      return { code: await minifyLiterals(code, id), map: null };
    },
  };
}
