import { readPending, saveResult } from './redirect-store.js';
import { cleanCallbackUrl, parseCallback, type ParsedCallback } from './callback-parse.js';
import { channelName, toMessage } from './protocol.js';

/** Options of `completeConnect()`. */
export interface CompleteConnectOptions {
  /**
   * Close this window once the result is delivered, when it is the widget's popup.
   * Default `true`; set `false` to keep showing your own "connected" page.
   */
  close?: boolean;
}

/**
 * Finishes a connect flow on the partner's callback page (the page Finsify, or the partner's
 * backend, sends the popup or the redirected tab to). In order:
 *
 * 1. removes the result from the address bar and from history (`history.replaceState`), even
 *    when it cannot be parsed, so the secret is not left in the URL;
 * 2. reads the result with `parseCallback(location.href)`;
 * 3. in redirect mode (this tab started the flow), stores the result for the flow's `state` in
 *    `sessionStorage` and goes back to the page that started it (`location.replace`);
 * 4. otherwise posts it to the widget: to `window.opener` with this page's exact origin as the
 *    target, and on a `BroadcastChannel` named after the `state`, which still works when the
 *    provider's `Cross-Origin-Opener-Policy` cut the popup off from its opener;
 * 5. closes the window (see `options.close`).
 *
 * The page must be on the same origin as the page holding `<finsify-connect>`.
 *
 * @param options See `CompleteConnectOptions`.
 * @returns What was parsed, so the page can also show it.
 */
export function completeConnect(options: CompleteConnectOptions = {}): ParsedCallback {
  const href = location.href;
  try {
    history.replaceState(history.state, '', cleanCallbackUrl(href));
  } catch {
    // A sandboxed page may refuse; the widget still cleans its popup's history when it reads it.
  }
  const parsed = parseCallback(href);
  const state = parsed.state;
  if (state) {
    const message = toMessage(state, parsed);
    const pending = readPending(state);
    if (pending) {
      saveResult(message);
      // Only ever back to our own origin, whatever the stored record says.
      location.replace(new URL(pending.returnUrl, location.href).origin === location.origin ? pending.returnUrl : '/');
      return parsed;
    }
    try {
      window.opener?.postMessage(message, location.origin);
    } catch {
      // An opener on another origin cannot be posted to with our origin as target: nothing to do.
    }
    if (typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(channelName(state));
      channel.postMessage(message);
      channel.close();
    }
  }
  if (options.close !== false) window.close();
  return parsed;
}
