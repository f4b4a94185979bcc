/** A call to action a service may carry, already checked: `url` is always `http:` or `https:`. */
export interface CallToAction {
  prompt: string;
  text: string;
  url: string;
}

/** Brand colours as normalised `#rrggbb`, or `null` where the catalog gave nothing usable. */
export interface ServiceColor {
  primary: string | null;
  secondary: string | null;
}

/** The service types Finsify documents; the catalog may carry newer ones. */
export type KnownServiceType = 'bank' | 'statement' | 'other';

/**
 * One validated entry of the Finsify catalog ("Structure of a service" in the API spec).
 * Every field is present and of the documented type: optional presentational fields that were
 * missing or unusable are `null`, never half-valid.
 */
export interface Service {
  id: number;
  name: string;
  provider: string;
  media_path: string | null;
  cover_file_name: string | null;
  logo_file_name: string | null;
  color: ServiceColor;
  type: KnownServiceType | (string & {});
  /** Upper-case ISO 3166-1 alpha-2 code. */
  country_code: string;
  has_balance: boolean;
  call_to_action: CallToAction | null;
}

/** Why the catalog (not a single entry) could not be used. */
export type CatalogErrorName = 'CatalogFetchFailed' | 'CatalogTimeout' | 'CatalogInvalid' | 'CatalogTooLarge';
