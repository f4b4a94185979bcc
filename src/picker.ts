/**
 * `finsify-connect/picker`: registers `<finsify-service-picker>` (once, even when two bundles
 * of this package share a page) and exports its class.
 */
import { defineElement } from './define.js';
import { FinsifyServicePicker } from './picker/service-picker.js';

export { FinsifyServicePicker, DEFAULT_CATALOG_URL } from './picker/service-picker.js';
export type { PickerMessageKey, PickerStrings } from './picker/messages.js';
export type { RejectedEntry } from './catalog/index.js';

defineElement('finsify-service-picker', FinsifyServicePicker);

declare global {
  interface HTMLElementTagNameMap {
    'finsify-service-picker': FinsifyServicePicker;
  }
}
