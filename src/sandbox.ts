/**
 * `finsify-connect/sandbox`: an offline Finsify API v2 for demos and partners' own tests.
 * `createSandbox` is a Web-standard handler; `startSandbox` runs it on Node (loaded lazily, so
 * importing this entry pulls in no Node HTTP server where none is wanted).
 * @module
 */
import type { RunningSandbox, StartSandboxOptions } from './sandbox/node.js';

export type { RunningSandbox, StartSandboxOptions } from './sandbox/node.js';

/** Starts {@link createSandbox} on a Node HTTP server; `port: 0` (the default) picks a free port. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const node = await import('./sandbox/node.js');
  return node.startSandbox(options);
}
export { createSandbox, DEFAULT_SANDBOX_CLIENT } from './sandbox/create-sandbox.js';
export {
  MAX_WRONG_ATTEMPTS,
  SANDBOX_TEST_CREDENTIALS,
  type ConnectOutcome,
  type SandboxTestCredential,
} from './sandbox/credentials.js';
export type { ConnectResult } from './sandbox/routes/connect.js';
export { sampleServices } from './sandbox/data/services.js';
export { FINSIFY_ERRORS, type FinsifyErrorBody, type FinsifyErrorName } from './sandbox/errors.js';
export { FAULT_ENDPOINTS, type FaultEndpoint, type FaultSettings } from './sandbox/faults.js';
export { LOGIN_STATUSES, type LoginStatusName, type SandboxState } from './sandbox/store.js';
export type {
  AccountRecord,
  CustomerRecord,
  LoginRecord,
  TokenRecord,
  TransactionRecord,
} from './sandbox/store.js';
export type {
  SandboxClient,
  SandboxControl,
  SandboxHandler,
  SandboxOptions,
  SandboxSettings,
  WebhookRetryOptions,
} from './sandbox/types.js';
export { signWebhook } from './contract/webhook-signature.js';
export type { WebhookAttempt, WebhookDelivery, WebhookEvent } from './sandbox/webhooks.js';
