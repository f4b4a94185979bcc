export interface PopupOptions {
  /** The short note shown until the token arrives ("Connecting..."), in the person's language. */
  note: string;
  lang: string;
  width?: number;
  height?: number;
}

/**
 * Opens a blank popup centred over `opener`, synchronously, so it counts as part of the
 * person's click and popup blockers let it through. No `noopener`: the widget needs the handle
 * to navigate, watch and close it. `null` when the browser blocked it.
 */
export function openPopup(opener: Window, { note, lang, width = 480, height = 720 }: PopupOptions): Window | null {
  const left = Math.round(opener.screenX + (opener.outerWidth - width) / 2);
  const top = Math.round(opener.screenY + (opener.outerHeight - height) / 2);
  let popup: Window | null;
  try {
    // An empty URL keeps the initial about:blank document, so it can be written to at once.
    popup = opener.open('', '_blank', `popup=yes,width=${width},height=${height},left=${left},top=${top}`);
  } catch {
    popup = null;
  }
  if (popup) writeNote(popup, note, lang);
  return popup;
}

/**
 * Shows `note` in the blank popup with DOM and CSSOM calls only: no `document.write`, no markup
 * strings, no `style` attribute, so a strict CSP with Trusted Types (inherited by about:blank)
 * allows it.
 */
function writeNote(popup: Window, note: string, lang: string): void {
  try {
    const doc = popup.document;
    doc.title = note;
    doc.documentElement.lang = lang;
    const body = doc.body ?? doc.documentElement.appendChild(doc.createElement('body'));
    const text = doc.createElement('p');
    text.textContent = note;
    text.setAttribute('role', 'status');
    // CSSOM (`style.cssText`), unlike a `style` attribute, is not subject to CSP's style-src.
    text.style.cssText = 'font:1rem system-ui,sans-serif;margin:40vh 1rem;text-align:center';
    doc.documentElement.style.colorScheme = 'light dark';
    body.replaceChildren(text);
  } catch {
    // A window we cannot write to still works as the popup; it just stays blank until navigated.
  }
}

/** The popup's URL while it is on our origin (about:blank, our callback page); `undefined` elsewhere. */
export function readPopupUrl(popup: Window): string | undefined {
  try {
    return popup.location.href;
  } catch {
    return undefined;
  }
}
