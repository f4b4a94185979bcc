import { normalizeHexColor } from './colors.js';
import { collapseWhitespace, displayText, hasUnsafeCharacters } from './text.js';
import type { CallToAction, CatalogErrorName, Service, ServiceColor } from './types.js';
import { MAX_URL_LENGTH, safeHttpUrl } from './url.js';

/** Why a whole catalog could not be used (as opposed to one entry, which is only left out). */
export class CatalogError extends Error {
  readonly code: CatalogErrorName;

  constructor(code: CatalogErrorName, message: string) {
    super(message);
    this.name = 'CatalogError';
    this.code = code;
  }
}

/** A catalog entry that was left out, and why. */
export interface RejectedEntry {
  /** Position of the entry in the catalog array. */
  index: number;
  /** The entry's `id` as given, when it was a number or a string (to help find it). */
  id?: number | string;
  /** A short sentence naming the field at fault, e.g. `id must be a positive integer`. */
  reason: string;
}

/** The usable services, in catalog order, and the entries left out. */
export interface ParsedCatalog {
  services: Service[];
  rejected: RejectedEntry[];
}

/** Catalogs with more entries than this are refused: the real one has a few thousand. */
export const DEFAULT_MAX_ENTRIES = 20000;

export const MAX_NAME_LENGTH = 200;
const MAX_PROVIDER_LENGTH = 200;
const MAX_PROMPT_LENGTH = 200;
const MAX_LINK_TEXT_LENGTH = 100;
const MAX_FILE_FIELD_LENGTH = 1024;
const MAX_REPORTED_ID_LENGTH = 64;
const SERVICE_TYPE = /^[a-z][a-z_]{0,31}$/i;
const COUNTRY_CODE = /^[a-z]{2}$/i;

/**
 * Validates an untrusted catalog: an array of services, or an object whose own `data` (or else
 * `services`) is that array. Each entry is checked field by field ("Structure of a service" in
 * the spec) and rebuilt from the known fields only, so no key of the input (`__proto__`,
 * `constructor`, ...) reaches the output or any prototype.
 *
 * - `id`, `name`, `type` and `country_code` are required: an entry where one is missing or
 *   invalid is left out and listed in `rejected` with the reason. A later entry repeating the
 *   `id` of an accepted one is left out too (the first wins).
 * - The other fields fall back to a harmless value when unusable: `provider` `''`, `has_balance`
 *   `false`, media fields and `call_to_action` `null`, each colour `null`.
 *
 * Never throws for a bad entry; throws {@link CatalogError} only for the catalog as a whole:
 * `CatalogInvalid` when it is not an array (nor wraps one) and `CatalogTooLarge` when it has more
 * than `maxEntries` entries. A too-large catalog is refused rather than cut short, because a
 * silently truncated list would hide services without anyone knowing why.
 */
export function parseCatalog(json: unknown, options?: { maxEntries?: number }): ParsedCatalog {
  const maxEntries = options?.maxEntries ?? 0;
  const limit = Number.isSafeInteger(maxEntries) && maxEntries > 0 ? maxEntries : DEFAULT_MAX_ENTRIES;
  const entries = catalogArray(json);
  if (entries.length > limit) {
    throw new CatalogError('CatalogTooLarge', `The catalog has ${entries.length} entries, more than the ${limit} accepted.`);
  }
  const services: Service[] = [];
  const rejected: RejectedEntry[] = [];
  const seenIds = new Set<number>();
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    let rawId: unknown;
    let outcome: Service | string;
    try {
      rawId = isRecord(entry) ? readOwn(entry, 'id') : undefined;
      outcome = isRecord(entry) ? readService(entry) : 'entry must be an object';
    } catch {
      outcome = 'entry could not be read';
    }
    if (typeof outcome !== 'string' && !seenIds.has(outcome.id)) {
      seenIds.add(outcome.id);
      services.push(outcome);
      continue;
    }
    const reason = typeof outcome === 'string' ? outcome : `duplicate id ${outcome.id}`;
    // The raw id, when it is a number or a string, helps find the entry.
    const id = typeof rawId === 'string' ? rawId.slice(0, MAX_REPORTED_ID_LENGTH) : rawId;
    rejected.push(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? { index, id, reason } : { index, reason });
  }
  return { services, rejected };
}

function catalogArray(json: unknown): readonly unknown[] {
  try {
    if (Array.isArray(json)) return json;
    for (const key of ['data', 'services']) {
      const wrapped = isRecord(json) && readOwn(json, key);
      if (Array.isArray(wrapped)) return wrapped;
    }
  } catch {
    // A getter or proxy that throws: the value is as unusable as any other non-catalog.
  }
  throw new CatalogError('CatalogInvalid', 'The catalog is not a list of services (nor an object whose "data" or "services" is one).');
}

/** The service, or the reason it is not one. */
function readService(entry: Record<string, unknown>): Service | string {
  const id = readOwn(entry, 'id');
  if (typeof id === 'string') return 'id must be a number, not a string';
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return 'id must be a positive integer';

  const rawName = readOwn(entry, 'name');
  if (rawName == null) return 'name is missing';
  if (typeof rawName !== 'string') return 'name must be a string';
  const name = collapseWhitespace(rawName);
  if (name === '') return 'name is empty';
  if (name.length > MAX_NAME_LENGTH) return `name is longer than ${MAX_NAME_LENGTH} characters`;
  if (hasUnsafeCharacters(name)) return 'name contains control characters';

  const type = trimmed(readOwn(entry, 'type'));
  if (!SERVICE_TYPE.test(type)) return 'type must be a lower-case word such as bank, statement or other';
  const countryCode = trimmed(readOwn(entry, 'country_code'));
  if (!COUNTRY_CODE.test(countryCode)) return 'country_code must be two letters';

  return {
    id,
    name,
    provider: displayText(readOwn(entry, 'provider'), MAX_PROVIDER_LENGTH) ?? '',
    media_path: boundedString(readOwn(entry, 'media_path'), MAX_URL_LENGTH),
    cover_file_name: boundedString(readOwn(entry, 'cover_file_name'), MAX_FILE_FIELD_LENGTH),
    logo_file_name: boundedString(readOwn(entry, 'logo_file_name'), MAX_FILE_FIELD_LENGTH),
    color: readColor(readOwn(entry, 'color')),
    type: type.toLowerCase(),
    country_code: countryCode.toUpperCase(),
    has_balance: readOwn(entry, 'has_balance') === true,
    call_to_action: readCallToAction(readOwn(entry, 'call_to_action')),
  };
}

function readColor(value: unknown): ServiceColor {
  const color = isRecord(value) ? value : {};
  return { primary: normalizeHexColor(readOwn(color, 'primary')), secondary: normalizeHexColor(readOwn(color, 'secondary')) };
}

/** Kept only whole: a link needs a safe `url` and a `text`; a missing or bad `prompt` becomes `''`. */
function readCallToAction(value: unknown): CallToAction | null {
  if (!isRecord(value)) return null;
  const url = safeHttpUrl(readOwn(value, 'url'));
  const text = displayText(readOwn(value, 'text'), MAX_LINK_TEXT_LENGTH);
  return url && text ? { prompt: displayText(readOwn(value, 'prompt'), MAX_PROMPT_LENGTH) ?? '', text, url } : null;
}

/** A string trimmed, anything else `''` (which no required field accepts). */
function trimmed(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function boundedString(value: unknown, maxLength: number): string | null {
  return typeof value === 'string' && value !== '' && value.length <= maxLength ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: an inherited (possibly polluted) `name` or `url` must not count. */
function readOwn(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
