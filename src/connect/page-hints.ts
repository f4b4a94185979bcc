/**
 * How the partner's page is shown (language, explicit theme), offered to the connect pages so they
 * match it. Finsify's spec has no field for it and the contract fixes the token request body at
 * `{service_id | login_id, state}`, so the hints travel beside the body, in headers: the partner's
 * backend may pass them on (the reference proxy adds them to `connect_url` for the sandbox).
 */
export interface PageHints {
  /** The element's resolved UI language, e.g. `vi`. */
  locale: string;
  /** Only when the partner forces one; otherwise the connect pages follow `prefers-color-scheme`. */
  theme?: 'light' | 'dark';
}

/** The header that carries an explicit theme (same-origin token URLs only, see `applyPageHints`). */
export const THEME_HEADER = 'Finsify-Theme';

// A language tag that is a CORS-safelisted Accept-Language value.
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$/;

function sameOrigin(url: string): boolean {
  const here = globalThis.location?.href;
  if (!here) return false;
  try {
    return new URL(url, here).origin === new URL(here).origin;
  } catch {
    return false;
  }
}

/**
 * Adds the hints to a token request's headers, never replacing one the partner set:
 * `Accept-Language` (CORS-safelisted, so it never adds a preflight) and `Finsify-Theme` only for a
 * same-origin token URL, since a cross-origin backend's CORS rules may not allow an unknown header.
 */
export function applyPageHints(headers: Headers, hints: PageHints | undefined, tokenUrl: string): void {
  if (!hints) return;
  if (LANGUAGE_TAG.test(hints.locale) && !headers.has('accept-language')) headers.set('Accept-Language', hints.locale);
  if (hints.theme && sameOrigin(tokenUrl) && !headers.has(THEME_HEADER)) headers.set(THEME_HEADER, hints.theme);
}
