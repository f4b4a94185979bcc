/**
 * The `<script>` tag build (`dist/finsify-connect.iife.js`): registers both elements and exposes
 * the callback helpers as `window.FinsifyConnect`, so a partner's callback page needs no bundler.
 */
import { completeConnect, parseCallback } from './callback.js';
import './index.js';

export { completeConnect, parseCallback };

declare global {
  /**
   * Set by `dist/finsify-connect.iife.js`. Its types come with
   * `import type {} from 'finsify-connect/dist/finsify-connect.iife.js'`.
   */
  var FinsifyConnect: {
    completeConnect: typeof completeConnect;
    parseCallback: typeof parseCallback;
  };
}
