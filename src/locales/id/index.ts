/**
 * `finsify-connect/locales/id`: registers the `id` locale pack for both elements. Import it
 * once, anywhere; elements already on the page switch to it. (For a `<script>` tag:
 * `dist/locales/id.js`, after `dist/finsify-connect.iife.js`.)
 */
import { registerLocale } from '../../i18n/registry.js';
import messages from './messages.js';

registerLocale('id', messages);

export { messages };
