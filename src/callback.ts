/**
 * `finsify-connect/callback`: what the partner's callback page needs, and nothing else (no Lit),
 * so it stays tiny and loads fast in the popup.
 */
export { completeConnect, type CompleteConnectOptions } from './connect/complete-connect.js';
export { parseCallback, type CallbackResult, type ParsedCallback } from './connect/callback-parse.js';
