/**
 * The `<script>` tag build (`dist/finsify-connect.iife.js`): registers both elements and exposes
 * the callback helpers as `window.FinsifyConnect`, so a partner's callback page needs no bundler,
 * and `registerLocale`, which the locale packs (`dist/locales/<code>.js`) call.
 */
import { completeConnect, parseCallback } from './callback.js';
import { registerLocale } from './i18n/registry.js';
import './index.js';

export { completeConnect, parseCallback, registerLocale };

declare global {
  /**
   * Set by `dist/finsify-connect.iife.js`. Its types come with
   * `import type {} from 'finsify-connect/dist/finsify-connect.iife.js'`.
   */
  var FinsifyConnect: {
    completeConnect: typeof completeConnect;
    parseCallback: typeof parseCallback;
    registerLocale: typeof registerLocale;
  };
}
