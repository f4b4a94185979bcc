/**
 * `finsify-connect`: registers `<finsify-service-picker>` and `<finsify-connect>` and exports
 * their classes, event classes and types.
 */
export * from './picker.js';
export * from './connect.js';
export * from './events.js';
export { registerLocale, type LocalePack } from './i18n/registry.js';
export type { Service, CallToAction, ServiceColor, KnownServiceType, CatalogErrorName } from './catalog/types.js';
export type { FinsifyServicePickerProperties, FinsifyConnectProperties } from './element-properties.js';
