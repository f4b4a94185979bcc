// `npm run proxy`: the reference backend on a port, configured from the environment (see cli-config.ts).
// Its identify() is the demo one (a header or cookie anyone can set): for demos and local testing only.
import { describeStore, proxyOptionsFromConfig, readCliConfig, storeFromConfig } from './cli-config.js';
import { startProxy } from './node.js';

// `npm run proxy -- reencrypt-secrets`: a one-off command, then exit.
if (process.argv[2] === 'reencrypt-secrets') {
  const { runReencryptCommand } = await import('./cli-reencrypt.js');
  process.exit(await runReencryptCommand(process.env, storeFromConfig));
}

const result = readCliConfig(process.env);
if (!result.ok) {
  console.error('finsify proxy: cannot start:');
  for (const error of result.errors) console.error(`  - ${error}`);
  process.exit(1);
}
const { config } = result;
if (config.insecureDevelopmentKey) {
  console.warn('');
  console.warn('!!! PROXY_INSECURE_DEVELOPMENT_KEY=1: login secrets are sealed under a key ANYONE CAN READ in finsify-connect\'s source.');
  console.warn('!!! For local work only. Set PROXY_SECRET_KEYS (e.g. "k1:$(openssl rand -base64 32)") anywhere real.');
  console.warn('');
}

try {
  const running = await startProxy({
    ...proxyOptionsFromConfig(config),
    stopOnSignals: false,
    logger: {
      info: (message, fields) => console.log(`[finsify-proxy] ${message}`, fields ?? ''),
      warn: (message, fields) => console.warn(`[finsify-proxy] ${message}`, fields ?? ''),
      error: (message, fields) => console.error(`[finsify-proxy] ${message}`, fields ?? ''),
    },
  });
  console.log(`Finsify proxy listening on ${running.url}${config.basePath ?? ''} (Finsify at ${config.finsifyBaseUrl}, store ${describeStore(config)})`);
  console.log('identify() is the demo one: the X-Demo-User header or demo_user cookie. Do not use it in production.');
  const stop = (signal: NodeJS.Signals) => {
    console.log(`[finsify-proxy] ${signal}: no new requests; running ones have ${config.stopGraceMs / 1000} s to finish`);
    // A second signal means now.
    process.once(signal, () => process.exit(1));
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`finsify proxy: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
