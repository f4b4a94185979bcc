export { createFinsifyProxy, DEFAULT_STORE_FILE } from './proxy.js';
export { forwardedClientAddress } from './client-address.js';
export { createMemoryStore } from './store/memory.js';
export { createSqliteStore, type SqliteStoreOptions } from './store/sqlite.js';
export { reencryptSecrets, type ReencryptOptions, type ReencryptResult } from './reencrypt.js';
export { parseSecretKeys, type SecretKey } from './secret-keys.js';
export { createPostgresStore, type PostgresPool, type PostgresPoolClient, type PostgresStoreOptions } from './store/postgres.js';
export { signWebhook, verifyWebhookSignature } from '../contract/webhook-signature.js';
export { STATE_PATTERN } from '../contract/state.js';
export { DEFAULT_REQUEST_BUDGET_MS } from './types.js';
export type {
  ConnectionInfo,
  FinsifyProxyHandler,
  FinsifyProxyOptions,
  ProxyLogger,
  RateLimitOptions,
  SecretKeySpec,
  SecretMode,
  WebhookEvent,
  WebhookEventType,
} from './types.js';
export type {
  CustomerRecord,
  LoginCursor,
  LoginRecord,
  LoginSummary,
  LoginToSave,
  PendingState,
  ProxyStore,
  RequestCount,
  StateCompletion,
  StateCompletionInput,
  StoredLogin,
  StoredWebhookEvent,
  WebhookDeliveryRecord,
  WebhookRecordOutcome,
} from './store/types.js';
export type { ErrorBody } from './errors.js';
export type { Transport, TransportAnswer, TransportRequest } from './transport.js';
