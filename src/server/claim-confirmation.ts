import { errorName, type FinsifyClient } from './finsify-client.js';
import { verdictOf, type Verdict } from './login-verdict.js';
import { errorMessage } from '../contract/redact.js';
import type { LoginVault } from './login-vault.js';
import type { LoginRecord, ProxyStore } from './store/types.js';
import type { ProxyLogger } from './types.js';

// Confirming a login id's unconfirmed claims for its webhooks: bounded and rate-limited, since a
// webhook can come from anyone when `webhookToken` is not set. Claims themselves: login-claims.ts.

/** How many unconfirmed claims of one login id a webhook tries to confirm with Finsify, at most. */
export const WEBHOOK_CONFIRMATIONS = 3;

/** A login id's unconfirmed claims are tried for webhooks once in this long at most, per process. */
export const WEBHOOK_CONFIRMATION_INTERVAL_MS = 60_000;

/** How many login ids' last confirmation runs are remembered; beyond, the oldest is forgotten. */
const CONFIRMATION_RUNS_KEPT = 10_000;

/** When a login id's claims were last tried for a webhook, and the last user tried (where the next run resumes). */
interface ConfirmationRun {
  at: number;
  after: string | undefined;
}

/**
 * For a webhook about `loginId`: tries to confirm up to {@link WEBHOOK_CONFIRMATIONS} unconfirmed
 * claims of it with Finsify and returns the users whose claims it confirmed. Fails safe: a claim
 * Finsify does not confirm (no account yet, unavailable, another login) is not counted, and a claim
 * whose secret opens another login, or that Finsify answers `LoginNotFound` for, is dropped.
 * Concurrent deliveries about one id share one run.
 *
 * Webhooks are unauthenticated unless `webhookToken` is set, so a login id's claims are tried once
 * per {@link WEBHOOK_CONFIRMATION_INTERVAL_MS} at most (a webhook in between tries none): webhooks
 * cannot make the proxy call Finsify without bound. The claims are taken round-robin in user id
 * order, each run resuming after the last user the previous one tried, so every claim is tried within
 * a few runs: neither refreshing a claim (which a newest-first order would favour) nor making it
 * early (oldest-first: login ids are sequential, so they can be claimed before their owner connects)
 * lets junk claims starve the real owner's.
 */
export function createClaimConfirmation(deps: {
  store: ProxyStore;
  vault: LoginVault;
  finsify: FinsifyClient;
  logger: ProxyLogger;
  now: () => number;
  settle: (login: LoginRecord, verdict: Verdict) => Promise<boolean>;
}): (loginId: number) => Promise<string[]> {
  /** Runs in progress per login id, shared by concurrent deliveries. */
  const running = new Map<number, Promise<string[]>>();
  /** The last run per login id, oldest first (a bounded map: see {@link CONFIRMATION_RUNS_KEPT}). */
  const runs = new Map<number, ConfirmationRun>();

  async function confirmAll(loginId: number, entry: ConfirmationRun): Promise<string[]> {
    const all = [...(await deps.vault.unconfirmedLogins(loginId))].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const after = entry.after;
    const next = after === undefined ? 0 : all.findIndex((claim) => claim.userId > after);
    const start = next < 0 ? 0 : next;
    const claims = [...all.slice(start), ...all.slice(0, start)].slice(0, WEBHOOK_CONFIRMATIONS);
    entry.after = claims.at(-1)?.userId;
    const confirmed: string[] = [];
    for (const claim of claims) {
      try {
        const response = await deps.finsify.listAccounts(claim.secret);
        if (response.status === 404 && errorName(response.body) === 'LoginNotFound') {
          // Finsify does not know the secret: the claim can never be confirmed, and would be tried forever.
          await deps.vault.dropUnconfirmedLogin(claim.userId, loginId, claim.secret);
          deps.logger.warn('unconfirmed login dropped: Finsify does not know its secret', { userId: claim.userId, loginId });
          continue;
        }
        if (response.status < 200 || response.status >= 300) continue;
        const verdict = verdictOf(response, loginId);
        if (verdict && verdict !== 'unconfirmed' && (await deps.settle(claim, verdict)) && verdict === 'confirmed') confirmed.push(claim.userId);
      } catch (error) {
        // A store's or client's message may quote what it was given, the claim's secret among it.
        deps.logger.warn('unconfirmed login not confirmed for a webhook', { userId: claim.userId, loginId, error: errorMessage(error, [claim.secret]) });
      }
    }
    return confirmed;
  }

  return (loginId) => {
    const current = running.get(loginId);
    if (current) return current;
    const now = deps.now();
    const last = runs.get(loginId);
    if (last && now >= last.at && now - last.at < WEBHOOK_CONFIRMATION_INTERVAL_MS) return Promise.resolve([]);
    const entry: ConfirmationRun = { at: now, after: last?.after };
    runs.delete(loginId);
    runs.set(loginId, entry);
    for (const oldest of runs.keys()) {
      if (runs.size <= CONFIRMATION_RUNS_KEPT) break;
      runs.delete(oldest);
    }
    const run = confirmAll(loginId, entry).finally(() => running.delete(loginId));
    running.set(loginId, run);
    return run;
  };
}
