import type { ErrorDetail, ExitDetail, SuccessDetail } from '../events.js';

/** `popup` (default), `redirect` (the whole page goes to Finsify), or `auto` (popup, else redirect). */
export type ConnectMode = 'popup' | 'redirect' | 'auto';

/** The one outcome of a flow, as `open()` resolves it; the same detail as the event dispatched. */
export type ConnectOutcome =
  | { type: 'success'; detail: SuccessDetail }
  | { type: 'error'; detail: ErrorDetail }
  | { type: 'exit'; detail: ExitDetail };

/** The body sent to `token-url`, and what `tokenProvider` receives: a service or a login, and the flow's `state`. */
export type TokenRequest = { service_id: number; state: string } | { login_id: number; state: string };

/** What the partner's backend answers: Finsify's token (`id` optional). */
export interface TokenResponse {
  connect_url: string;
  id?: string;
}

/**
 * What a `tokenProvider` is told beside the request: `signal` aborts when the flow ends; `locale`
 * (the element's language) and `theme` (only when forced) describe the partner's page, for a
 * backend that passes them on to the connect pages (the built-in `POST` sends them as
 * `Accept-Language` and `Finsify-Theme` headers).
 */
export interface TokenProviderContext {
  signal: AbortSignal;
  locale?: string;
  theme?: 'light' | 'dark';
}

/**
 * Replaces the built-in `POST` to `token-url`, e.g. to use the partner's own API client.
 * Resolve with the token (or Finsify's `{ data: token }` envelope). Reject with an object shaped
 * like Finsify's error (`{ error, message, extra?, http_status? }`) to pass that error on;
 * any other rejection is reported as `TokenRequestFailed`.
 */
export type TokenProvider = (request: TokenRequest, context: TokenProviderContext) => Promise<TokenResponse | { data: TokenResponse }>;
