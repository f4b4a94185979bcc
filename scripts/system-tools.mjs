// The programs the scripts need besides Node (browsers, wrk): where they are, and Debian's packages
// installed when this machine allows it. Nothing is ever downloaded from anywhere else.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The first candidate that exists: an environment variable's value (an entry without a leading
 * `/`, e.g. `CHROME_PATH`) or an absolute path.
 */
export function findExecutable(candidates) {
  for (const entry of candidates) {
    const path = entry.startsWith('/') ? entry : process.env[entry];
    if (path && existsSync(path)) return path;
  }
  return undefined;
}

/** Whether this process may install Debian packages: apt-get exists and we are root. */
export function canInstallDebianPackages() {
  return existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
}

/** `apt-get update` then `apt-get install` of the packages, quietly, without questions. */
export function installDebianPackages(packages, { log = console.log } = {}) {
  log(`Installing ${packages.join(' ')} with apt-get (once per machine)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}

/** A port free on loopback now (the caller starts its server on it right after; a clash is retried). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `cleanup(signal?)` once, when this process exits or is ended by SIGINT, SIGTERM or SIGHUP:
 * Node skips `exit` handlers when a signal ends it, and a CI runner's timeout sends SIGTERM.
 * After a signal the process still ends as the signal would have, unless another handler of it
 * is left to decide. Returns a function that runs the cleanup now (and never again).
 */
export function onProcessEnd(cleanup) {
  let done = false;
  const end = (signal) => {
    if (done) return;
    done = true;
    process.off('exit', onExit);
    for (const name of ENDING_SIGNALS) process.off(name, onSignal);
    cleanup(signal);
  };
  const onExit = () => end();
  const onSignal = (signal) => {
    end(signal);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', onExit);
  for (const name of ENDING_SIGNALS) process.on(name, onSignal);
  return () => end();
}
