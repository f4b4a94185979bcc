export type { CallToAction, CatalogErrorName, KnownServiceType, Service, ServiceColor } from './types.js';
export { CatalogError, DEFAULT_MAX_ENTRIES, parseCatalog, type ParsedCatalog, type RejectedEntry } from './parse.js';
export { contrastRatio, initials, normalizeHexColor, readableTextColor, relativeLuminance } from './colors.js';
export { coverUrl, isPlainFileName, logoUrl, mediaUrl, type CoverSize } from './media.js';
export { MAX_URL_LENGTH, safeHttpUrl } from './url.js';
export { foldText, foldWithOffsets, type FoldedText } from './fold.js';
export { buildSearchIndex, prepareSearchIndex, searchServices, type SearchHit, type SearchIndex } from './search.js';
export { countriesOf, filterServices, parseFilterList, serviceFilter, typesOf, type ServiceFilter } from './filter.js';
export { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, fetchCatalog, type FetchCatalogOptions } from './fetch.js';
export {
  catalogStateFromServices,
  catalogStore,
  resetCatalogStores,
  type CatalogState,
  type CatalogStore,
  type CatalogStoreOptions,
} from './store.js';
