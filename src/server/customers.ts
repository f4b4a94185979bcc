import { ProxyError } from './errors.js';
import { errorName, type FinsifyClient } from './finsify-client.js';
import { upstreamError } from './upstream.js';
import type { ProxyStore } from './store/types.js';
import type { ProxyLogger } from './types.js';

/** Customer ids kept in memory; they never change once made, so reading them is free after the first. */
const CACHE_LIMIT = 10_000;

export interface CustomerResolver {
  /** The Finsify `customer_id` for a partner user, creating the customer on first use. */
  /** `finsify`: the request's client (bounded by its deadline); default, the resolver's. */
  resolve(userId: string, finsify?: FinsifyClient): Promise<string>;
}

/** Identifiers tried for one user in one request: `customerIdentifier(userId)`, then fresh ones. */
export const IDENTIFIERS_TRIED = 3;

/** `base~` and 10 random characters of a-z 0-9: an identifier nobody has used. */
function freshIdentifier(base: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(10))) suffix += alphabet[byte % 36];
  return `${base}~${suffix}`;
}

/**
 * Finds or creates each user's Finsify customer, once: concurrent first requests for one user share one
 * creation (single flight in this process), and the store's first-writer-wins settles races between
 * processes. Finsify returns `customer_id` only once, so a `CustomerExists` for a user the store does not
 * know (a creation whose answer was lost, a store that was reset) cannot be undone: the user moves on to
 * a fresh identifier (`alice~` and 10 random characters), which the store then remembers, so the
 * attempt connects without an operator; a creation lost again only moves the user on again. The customer left behind holds no login of ours.
 */
export function createCustomerResolver(deps: {
  store: ProxyStore;
  finsify: FinsifyClient;
  identifier: (userId: string) => string;
  logger: ProxyLogger;
  now: () => number;
  secrets: readonly string[];
}): CustomerResolver {
  const cache = new Map<string, string>();
  const inFlight = new Map<string, Promise<string>>();

  function remember(userId: string, customerId: string): string {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(userId, customerId);
    return customerId;
  }

  /**
   * One creation under `identifier`: the customer id, `'exists'` when Finsify has one under it already
   * (and the store still has none for the user), or a thrown error.
   */
  async function create(finsify: FinsifyClient, userId: string, identifier: string): Promise<string | 'exists'> {
    let response;
    try {
      response = await finsify.createCustomer(identifier);
    } catch (error) {
      if (error instanceof ProxyError && error.status === 503) {
        // If Finsify made it, its customer_id is lost: the next try moves the user on (below).
        deps.logger.error('finsify customer creation unanswered: Finsify may have created it', { userId, identifier });
      }
      throw error;
    }
    const customerId = customerIdOf(response.body);
    if (response.status >= 200 && response.status < 300 && customerId) {
      let kept;
      try {
        kept = await deps.store.saveCustomer({ userId, customerId, identifier, createdAt: deps.now() });
      } catch (error) {
        // Finsify will not tell this id again: log it so an operator can put it back by hand.
        deps.logger.error('finsify customer created but not stored', { userId, customerId, error: String(error) });
        throw error;
      }
      if (kept.customerId === customerId) deps.logger.info('finsify customer created', { userId, identifier });
      return kept.customerId;
    }
    if (errorName(response.body) === 'CustomerExists') {
      // Another process may have created and stored it meanwhile.
      const stored = await deps.store.getCustomer(userId);
      return stored ? stored.customerId : 'exists';
    }
    if (response.status >= 200 && response.status < 300) {
      throw new ProxyError(502, 'UpstreamInvalid', 'Finsify created a customer but sent no customer_id.');
    }
    throw upstreamError(response, deps.secrets);
  }

  async function findOrCreate(userId: string, finsify: FinsifyClient): Promise<string> {
    const known = await deps.store.getCustomer(userId);
    if (known) return remember(userId, known.customerId);
    const base = deps.identifier(userId);
    for (let attempt = 0; attempt < IDENTIFIERS_TRIED; attempt += 1) {
      const identifier = attempt === 0 ? base : freshIdentifier(base);
      const created = await create(finsify, userId, identifier);
      if (created !== 'exists') return remember(userId, created);
      // A creation whose answer was lost (or a store that was reset) left a customer under this
      // identifier whose customer_id nobody can learn again: move the user on to a fresh identifier.
      deps.logger.warn('finsify customer exists under this identifier but not in the store; trying the next identifier', { userId, identifier });
    }
    deps.logger.error('finsify customers exist under every identifier tried for this user', { userId, identifier: base, tried: IDENTIFIERS_TRIED });
    throw new ProxyError(
      409,
      'CustomerExists',
      `Finsify already has customers under all ${IDENTIFIERS_TRIED} identifiers tried for this user, and this backend has none of ` +
        'their customer_ids (Finsify returns each only once). The operator can store one for the user (saveCustomer), or map ' +
        'the user to a new identifier with the customerIdentifier option.',
    );
  }

  return {
    resolve(userId, finsify = deps.finsify) {
      const cached = cache.get(userId);
      if (cached) return Promise.resolve(cached);
      let flight = inFlight.get(userId);
      if (!flight) {
        flight = findOrCreate(userId, finsify).finally(() => inFlight.delete(userId));
        inFlight.set(userId, flight);
      }
      return flight;
    },
  };
}

function customerIdOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || !('data' in body)) return undefined;
  const data = body.data;
  if (!data || typeof data !== 'object' || !('customer_id' in data)) return undefined;
  return typeof data.customer_id === 'string' && data.customer_id ? data.customer_id : undefined;
}
