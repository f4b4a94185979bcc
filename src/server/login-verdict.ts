import type { FinsifyResponse } from './finsify-client.js';

/**
 * What Finsify's account list says about a login id and the secret it was listed with:
 * `confirmed` (accounts carry this id), `unconfirmed` (no account names an id yet: just connected),
 * `another` (accounts carry another id: the secret is another login's).
 */
export type Verdict = 'confirmed' | 'unconfirmed' | 'another';

/** What a successful `GET /v2/account` answer says about `loginId`; undefined when it is not a list. */
export function verdictOf(response: FinsifyResponse, loginId: number): Verdict | undefined {
  const accounts = accountsOf(response.body);
  if (!accounts) return undefined;
  const ids = accounts.map((account) => account.login_id).filter((id) => id !== undefined && id !== null);
  if (ids.some((id) => Number(id) !== loginId)) return 'another';
  return ids.length > 0 ? 'confirmed' : 'unconfirmed';
}

function accountsOf(body: unknown): { login_id?: unknown }[] | undefined {
  if (!body || typeof body !== 'object' || !('data' in body) || !Array.isArray(body.data)) return undefined;
  return body.data.filter((item): item is { login_id?: unknown } => Boolean(item) && typeof item === 'object');
}
