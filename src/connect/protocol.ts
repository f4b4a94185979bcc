import { validateResult, type CallbackResult } from '../contract/callback-result.js';
import type { ParsedCallback } from './callback-parse.js';
import { isState } from '../contract/state.js';

/** Marks our messages among everything else a window may receive. */
const MESSAGE_TYPE = 'finsify-connect:result';

/**
 * What the callback page sends to the widget (by `postMessage`, `BroadcastChannel` or
 * `sessionStorage`): the flow's `state` with the checked result, or the reason there is none.
 */
export type ResultMessage =
  | { type: typeof MESSAGE_TYPE; state: string; result: CallbackResult }
  | { type: typeof MESSAGE_TYPE; state: string; error: 'CallbackInvalid'; message: string };

/** The `BroadcastChannel` a flow listens on: named after its `state`, so only its result lands there. */
export const channelName = (state: string): string => `finsify-connect:${state}`;

export function toMessage(state: string, parsed: ParsedCallback): ResultMessage {
  return parsed.ok
    ? { type: MESSAGE_TYPE, state, result: parsed.result }
    : { type: MESSAGE_TYPE, state, error: parsed.error, message: parsed.message };
}

/**
 * `data` as a result message for the flow with `state`, checked field by field as untrusted
 * input; `undefined` for anything else (another flow's state, another shape, other traffic).
 */
export function readMessage(data: unknown, state: string): ResultMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message['type'] !== MESSAGE_TYPE || !isState(message['state']) || message['state'] !== state) return undefined;
  if (message['error'] === 'CallbackInvalid') {
    const text = message['message'];
    return { type: MESSAGE_TYPE, state, error: 'CallbackInvalid', message: typeof text === 'string' ? text.slice(0, 200) : 'Invalid callback' };
  }
  const result = validateResult(message['result']);
  return typeof result === 'string' ? undefined : { type: MESSAGE_TYPE, state, result };
}
