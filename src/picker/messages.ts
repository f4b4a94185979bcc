import type { MessageBundle, Messages } from '../i18n/localize.js';
import { openBundle } from '../i18n/registry.js';

/**
 * Every text `<finsify-service-picker>` shows or announces; partners override any of them with
 * `strings`. Placeholders: `count` gets `{number}` (the count formatted for the locale; the raw
 * `{count}` chooses the plural form), `noMatch` gets `{query}`.
 */
export type PickerMessageKey =
  | 'label'
  | 'searchPlaceholder'
  | 'keyboardHint'
  | 'listLabel'
  | 'countryLabel'
  | 'allCountries'
  | 'typeLabel'
  | 'allTypes'
  | 'typeBank'
  | 'typeStatement'
  | 'typeOther'
  | 'loading'
  | 'count'
  | 'noMatch'
  | 'noMatchFilters'
  | 'clearSearch'
  | 'clearFilters'
  | 'emptyCatalog'
  | 'errorCatalogFetchFailed'
  | 'errorCatalogTimeout'
  | 'errorCatalogInvalid'
  | 'errorCatalogTooLarge'
  | 'retry'
  | 'opensInNewTab';

/** Partial message overrides, as set on the `strings` property. */
export type PickerStrings = Partial<Messages<PickerMessageKey>>;

const en: Messages<PickerMessageKey> = {
  label: 'Find your bank or service',
  searchPlaceholder: 'Search by name',
  keyboardHint: 'Type to filter. Use the arrow keys to move through the list and Enter to choose.',
  listLabel: 'Services',
  countryLabel: 'Country',
  allCountries: 'All countries',
  typeLabel: 'Type',
  allTypes: 'All types',
  typeBank: 'Bank',
  typeStatement: 'Statement',
  // Catalogs file e-wallets (MoMo, GrabPay, TrueMoney…) under `other`.
  typeOther: 'Wallet or other',
  loading: 'Loading services…',
  count: { one: '{number} service', other: '{number} services' },
  noMatch: 'No service matches “{query}”',
  noMatchFilters: 'No service matches these filters',
  clearSearch: 'Clear search',
  clearFilters: 'Clear filters',
  emptyCatalog: 'No services are available right now.',
  errorCatalogFetchFailed: 'The list of services could not be loaded. Check your connection and try again.',
  errorCatalogTimeout: 'The list of services took too long to load.',
  errorCatalogInvalid: 'The list of services could not be read.',
  errorCatalogTooLarge: 'The list of services is too large to load.',
  retry: 'Try again',
  opensInNewTab: '(opens in a new tab)',
};

const vi: Messages<PickerMessageKey> = {
  label: 'Tìm ngân hàng hoặc dịch vụ của bạn',
  searchPlaceholder: 'Tìm theo tên',
  keyboardHint: 'Nhập để lọc. Dùng các phím mũi tên để di chuyển trong danh sách và Enter để chọn.',
  listLabel: 'Dịch vụ',
  countryLabel: 'Quốc gia',
  allCountries: 'Tất cả quốc gia',
  typeLabel: 'Loại',
  allTypes: 'Tất cả các loại',
  typeBank: 'Ngân hàng',
  typeStatement: 'Sao kê',
  typeOther: 'Ví điện tử hoặc khác',
  loading: 'Đang tải danh sách dịch vụ…',
  count: { other: '{number} dịch vụ' },
  noMatch: 'Không có dịch vụ nào khớp với “{query}”',
  noMatchFilters: 'Không có dịch vụ nào phù hợp với bộ lọc này',
  clearSearch: 'Xoá tìm kiếm',
  clearFilters: 'Bỏ bộ lọc',
  emptyCatalog: 'Hiện chưa có dịch vụ nào.',
  errorCatalogFetchFailed: 'Không tải được danh sách dịch vụ. Hãy kiểm tra kết nối mạng rồi thử lại.',
  errorCatalogTimeout: 'Danh sách dịch vụ tải quá lâu.',
  errorCatalogInvalid: 'Không đọc được danh sách dịch vụ.',
  errorCatalogTooLarge: 'Danh sách dịch vụ quá lớn để tải.',
  retry: 'Thử lại',
  opensInNewTab: '(mở trong thẻ mới)',
};

export const pickerMessages: MessageBundle<PickerMessageKey> = { en, vi };

// Locale packs extend the bundle in place; the picker's locales are its keys.
openBundle('picker', pickerMessages);
