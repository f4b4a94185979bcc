// Where the browsers for tests, benchmarks and screenshots live. Environment variables win, then
// Debian's packages, then other common names. No browser is ever downloaded.
import { canInstallDebianPackages, findExecutable, installDebianPackages } from './system-tools.mjs';

const candidates = {
  chromium: ['CHROME_PATH', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'],
  firefox: ['FIREFOX_PATH', '/usr/bin/firefox-esr', '/usr/bin/firefox'],
};

/** The first existing executable for each browser, or undefined. */
export function findBrowsers() {
  return { chromium: findExecutable(candidates.chromium), firefox: findExecutable(candidates.firefox) };
}

const debianPackages = { chromium: 'chromium', firefox: 'firefox-esr' };

/**
 * Makes sure both browsers exist: installs Debian's packages when this machine can (root and
 * apt-get), otherwise throws with the exact command to run.
 */
export function ensureBrowsers({ log = console.log } = {}) {
  let found = findBrowsers();
  const missing = Object.keys(debianPackages).filter((name) => !found[name]);
  if (missing.length === 0) return found;
  const packages = missing.map((name) => debianPackages[name]);
  if (!canInstallDebianPackages()) {
    throw new Error(
      `Missing browsers for the tests: ${missing.join(', ')}.\n` +
        `Install them with: sudo apt-get install -y ${packages.join(' ')}\n` +
        `or point CHROME_PATH / FIREFOX_PATH at existing executables.`,
    );
  }
  installDebianPackages(packages, { log });
  found = findBrowsers();
  const still = Object.keys(debianPackages).filter((name) => !found[name]);
  if (still.length) throw new Error(`apt-get finished but these browsers are still missing: ${still.join(', ')}`);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureBrowsers());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
