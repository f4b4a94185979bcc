import { isState } from '../contract/state.js';
import { readMessage, type ResultMessage } from './protocol.js';

const PENDING = 'finsify-connect:pending:';
const RESULT = 'finsify-connect:result:';
/** Records nobody claimed for this long are dropped, so a tab's storage does not fill up. */
const GARBAGE_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * A redirect-mode flow waiting for its result, kept in `sessionStorage` (this tab only) under
 * its `state` while the whole page is away at Finsify.
 */
export interface PendingFlow {
  state: string;
  service_id?: number;
  /** The service's name, so the returning page can say "Vietcombank is connected". */
  service_name?: string;
  login_id?: number;
  /** The `id` of the element that started it, to tell several widgets on one page apart. */
  element_id?: string;
  /** Where the callback page sends the person back to (same origin only). */
  returnUrl: string;
  startedAt: number;
  /** The flow's `timeout`, in milliseconds. */
  timeoutMs: number;
}

// Storage can be missing or throw (disabled cookies, quota): redirect mode then cannot finish.
function storage(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
}

function readJson(key: string): unknown {
  try {
    return JSON.parse(storage()?.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** Forgets the flow for `state`, with its result. */
export function removePending(state: string): void {
  storage()?.removeItem(PENDING + state);
  storage()?.removeItem(RESULT + state);
}

export function savePending(flow: PendingFlow): boolean {
  try {
    storage()!.setItem(PENDING + flow.state, JSON.stringify(flow));
    return true;
  } catch {
    return false;
  }
}

/** The pending flow for `state`, when this tab started one that is still waiting. */
export function readPending(state: string): PendingFlow | undefined {
  const flow = readJson(PENDING + state) as PendingFlow | null;
  return flow && flow.state === state && typeof flow.returnUrl === 'string' && typeof flow.startedAt === 'number' ? flow : undefined;
}

export function saveResult(message: ResultMessage): void {
  try {
    storage()?.setItem(RESULT + message.state, JSON.stringify(message));
  } catch {
    // Without storage the returning page reports the flow as cancelled: the best it can know.
  }
}

/**
 * Takes (reads and deletes) the first pending flow that `matches`, with its result when the
 * callback page stored one. Old records nobody claimed are dropped on the way.
 */
export function takeReturned(matches: (flow: PendingFlow) => boolean, now = Date.now()): { flow: PendingFlow; message?: ResultMessage } | undefined {
  const store = storage();
  if (!store) return undefined;
  const states: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    const state = key?.startsWith(PENDING) ? key.slice(PENDING.length) : undefined;
    if (isState(state)) states.push(state);
  }
  for (const state of states) {
    const flow = readPending(state);
    if (!flow || now - flow.startedAt > GARBAGE_AGE_MS) {
      removePending(state);
    } else if (matches(flow)) {
      const message = readMessage(readJson(RESULT + state), state);
      removePending(state);
      return { flow, message };
    }
  }
  return undefined;
}
