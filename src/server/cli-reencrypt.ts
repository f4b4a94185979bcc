// `npm run proxy -- reencrypt-secrets`: seals every stored login secret under the newest key of
// PROXY_SECRET_KEYS (see reencrypt.ts). Safe while proxies serve the same store.
import { DEFAULT_STORE_FILE } from './proxy.js';
import { reencryptSecrets } from './reencrypt.js';
import { secretKeysOf } from './cli-config.js';
import type { ProxyStore } from './store/types.js';

/** Where the store is, from the same environment `npm run proxy` reads. */
export interface ReencryptStoreSettings {
  storeFile: string;
  /** `PROXY_DATABASE_URL`: PostgreSQL instead of the file. */
  databaseUrl?: string;
}

/**
 * Runs the command; returns the exit code. `openStore` opens the store the proxy uses (the CLI's
 * choice: PostgreSQL at `PROXY_DATABASE_URL`, else the SQLite file of `PROXY_STORE_FILE`).
 */
export async function runReencryptCommand(env: Record<string, string | undefined>, openStore: (settings: ReencryptStoreSettings) => ProxyStore): Promise<number> {
  const errors: string[] = [];
  const keys = secretKeysOf(env.PROXY_SECRET_KEYS?.trim() || undefined, false, errors);
  if (keys === undefined || errors.length > 0) {
    console.error('finsify proxy reencrypt-secrets: cannot start:');
    for (const error of errors) console.error(`  - ${error.replace(/; or PROXY_INSECURE_DEVELOPMENT_KEY=1.*$/, '')}`);
    return 1;
  }
  const storeFile = env.PROXY_STORE_FILE?.trim() || undefined;
  const databaseUrl = env.PROXY_DATABASE_URL?.trim() || undefined;
  if (storeFile && databaseUrl) {
    console.error('finsify proxy reencrypt-secrets: PROXY_STORE_FILE and PROXY_DATABASE_URL are both set: set one (the SQLite file, or PostgreSQL)');
    return 1;
  }
  const store = openStore({ storeFile: storeFile ?? DEFAULT_STORE_FILE, databaseUrl });
  try {
    const result = await reencryptSecrets({ store, secretKeys: keys });
    console.log(
      `finsify proxy reencrypt-secrets: ${result.examined} logins examined, ${result.resealed} resealed under the newest key, ` +
        `${result.alreadyCurrent} already under it, ${result.changedMeanwhile} changed meanwhile (stored anew under it)`,
    );
    return 0;
  } catch (error) {
    console.error(`finsify proxy reencrypt-secrets: failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await store.close();
  }
}
