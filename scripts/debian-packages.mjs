// Installs Debian packages the scripts need (browsers, wrk) when this machine allows it. Nothing is
// ever downloaded from anywhere else.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

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
