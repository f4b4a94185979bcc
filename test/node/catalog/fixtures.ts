import type { Service } from '../../../src/catalog/types.js';

/** A valid service as `parseCatalog` outputs it, with the fields a test cares about replaced. */
export function makeService(overrides: Partial<Service> = {}): Service {
  return {
    id: 1,
    name: 'AmBank',
    provider: 'Finsify',
    media_path: 'https://assets.finsify.com/services/',
    cover_file_name: 'ambank-cover.png',
    logo_file_name: 'ambank-logo.png',
    color: { primary: '#ed1b24', secondary: '#fef200' },
    type: 'bank',
    country_code: 'MY',
    has_balance: true,
    call_to_action: null,
    ...overrides,
  };
}

/** The spec's example entry, as raw catalog JSON would hold it. */
export function rawEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 67,
    name: 'AmBank',
    provider: 'Finsify',
    media_path: 'https://assets.finsify.com/services/',
    cover_file_name: 'ambank-cover.png',
    logo_file_name: 'ambank-logo.png',
    color: { primary: 'ED1B24', secondary: 'FEF200' },
    type: 'bank',
    country_code: 'MY',
    has_balance: true,
    call_to_action: null,
    ...overrides,
  };
}
