import { redact } from '../contract/redact.js';
import type { ProxyLogger } from './types.js';

/** Default logger: warnings and errors to the console, routine information dropped. */
export const consoleLogger: ProxyLogger = {
  info() {},
  warn: (message, fields) => console.warn(`[finsify-proxy] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[finsify-proxy] ${message}`, fields ?? ''),
};

/**
 * Wraps a logger so fields are scrubbed of anything that looks secret and of the configured secrets,
 * a second line of defence behind never logging them in the first place. A throwing logger never
 * breaks a request.
 */
export function safeLogger(logger: ProxyLogger, secrets: readonly string[]): ProxyLogger {
  const wrap =
    (level: keyof ProxyLogger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        if (fields === undefined) logger[level](message);
        else logger[level](message, redact(fields, secrets) as Record<string, unknown>);
      } catch {
        // Logging must not fail a request.
      }
    };
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
