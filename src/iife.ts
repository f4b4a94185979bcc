/**
 * The `<script>` tag build: registers both elements and exposes the callback helpers as
 * `window.FinsifyConnect`.
 */
import './index.js';
import { completeConnect, parseCallback } from './callback.js';

export { completeConnect, parseCallback };
