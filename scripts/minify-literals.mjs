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

/** `code` with its literals minified, or unchanged when it has none. */
export async function minifyLiterals(code, fileName) {
  const result = await minifyHTMLLiterals(code, { fileName, minifyOptions, shouldMinifyCSS: isStylesheet });
  return result ? result.code : code;
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
