import { ProxyError } from './errors.js';
import { errorName, type FinsifyClient } from './finsify-client.js';
import { upstreamError } from './upstream.js';
import type { ProxyStore } from './store/types.js';
import type { ProxyLogger } from './types.js';

/** Customer ids kept in memory; they never change once made, so reading them is free after the first. */
const CACHE_LIMIT = 10_000;

export interface CustomerResolver {
  /** The Finsify `customer_id` for a partner user, creating the customer on first use. */
  resolve(userId: string): Promise<string>;
}

/**
 * Finds or creates each user's Finsify customer, exactly once: concurrent first requests for one user
 * share one creation (single flight in this process), and the store's unique constraint settles races
 * between processes. Finsify returns `customer_id` only once, so a `CustomerExists` for a user the store
 * does not know cannot be repaired here: it answers `409 CustomerExists` with an explanation and never
 * makes a second customer under another identifier.
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

  async function findOrCreate(userId: string): Promise<string> {
    const known = await deps.store.getCustomer(userId);
    if (known) return remember(userId, known.customerId);
    const identifier = deps.identifier(userId);
    let response;
    try {
      response = await deps.finsify.createCustomer(identifier);
    } catch (error) {
      if (error instanceof ProxyError && error.status === 503) {
        // If Finsify made it, its customer_id is lost and the next try answers CustomerExists (below).
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
      if (kept.customerId === customerId) deps.logger.info('finsify customer created', { userId });
      return remember(userId, kept.customerId);
    }
    if (errorName(response.body) === 'CustomerExists') {
      // Another process may have created and stored it meanwhile.
      const stored = await deps.store.getCustomer(userId);
      if (stored) return remember(userId, stored.customerId);
      deps.logger.error(
        'finsify customer exists but is not in the store: put its customer_id in the store (saveCustomer) ' +
          'or give this user a new identifier (customerIdentifier option)',
        { userId, identifier },
      );
      throw new ProxyError(
        409,
        'CustomerExists',
        'Finsify already has a customer for this user, but this backend has no customer_id for it (Finsify returns ' +
          'it only once: its answer was lost, or the store was reset). This user cannot connect until the operator ' +
          'either stores that customer_id for the user (from a backup of the store, or from Finsify), or maps the ' +
          'user to a new identifier with the customerIdentifier option.',
      );
    }
    if (response.status >= 200 && response.status < 300) {
      throw new ProxyError(502, 'UpstreamInvalid', 'Finsify created a customer but sent no customer_id.');
    }
    throw upstreamError(response, deps.secrets);
  }

  return {
    resolve(userId) {
      const cached = cache.get(userId);
      if (cached) return Promise.resolve(cached);
      let flight = inFlight.get(userId);
      if (!flight) {
        flight = findOrCreate(userId).finally(() => inFlight.delete(userId));
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
