// The `state` format is the contract's (src/contract/state.ts), shared with the widget.
export { STATE_PATTERN, isState as isValidState, joinUrl } from '../contract/state.js';

/** How long a server-mode state can be answered by Finsify's callback. */
export const DEFAULT_STATE_LIFETIME_MS = 15 * 60 * 1000;
