// WebKit for the tests: Debian's WebKitGTK (`webkit2gtk-driver`) driven through WebDriver. MiniBrowser
// has no headless mode, so the driver (and the browsers it starts) run on a virtual X display
// (`xvfb-run -a`) unless DISPLAY is set. Nothing is installed from here: `.ci/run` installs the
// packages, and `npm test` without them says what to install and runs the other engines.
import { spawn } from 'node:child_process';
import { findExecutable, freePort, onProcessEnd } from './system-tools.mjs';

export const WEBKIT_INSTALL_COMMAND = 'sudo apt-get install -y webkit2gtk-driver xvfb';

/** `{ driver, miniBrowser, xvfbRun }` when WebKit can run here, else undefined. */
export function findWebKit() {
  const driver = findExecutable(['WEBKIT_WEBDRIVER_PATH', '/usr/bin/WebKitWebDriver']);
  const miniBrowser = findExecutable([
    'WEBKIT_MINIBROWSER_PATH',
    '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  ]);
  const xvfbRun = process.env.DISPLAY ? undefined : findExecutable(['/usr/bin/xvfb-run']);
  if (!driver || !miniBrowser || (!process.env.DISPLAY && !xvfbRun)) return undefined;
  return { driver, miniBrowser, xvfbRun };
}

/**
 * webdriverio capabilities for MiniBrowser. `popupBlocker: false` lets script open windows, as the
 * other engines' test browsers do (puppeteer turns their blockers off); with it on (the default of
 * Safari and every WebKit browser), only a user gesture opens one.
 */
export function webkitCapabilities(webkit, { popupBlocker = false } = {}) {
  return {
    browserName: 'MiniBrowser',
    // webdriverio 9 speaks BiDi by default, which WebKitWebDriver does not: classic only.
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': {
      binary: webkit.miniBrowser,
      args: ['--automation', ...(popupBlocker ? [] : ['--javascript-can-open-windows-automatically=true'])],
    },
  };
}

/**
 * Starts WebKitWebDriver (under `xvfb-run -a` without a DISPLAY) on a free loopback port, with
 * `env` added to this process's environment (the browsers it starts inherit it).
 * Returns `{ hostname, port, stop }`; `stop()` ends the driver, its browsers and the X server
 * (one process group), and runs when this process exits or is ended by a signal too.
 *
 * Tried up to three times: two `xvfb-run -a` starting at once can pick the same display number (the
 * test runs start drivers side by side), and the one that loses exits at once.
 */
export async function startWebKitDriver(webkit = findWebKit(), { env = {} } = {}) {
  if (!webkit) throw new Error(`WebKit not found. Install it with: ${WEBKIT_INSTALL_COMMAND} (or set WEBKIT_WEBDRIVER_PATH)`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDriverOnce(webkit, env);
    } catch (error) {
      if (attempt === 3 || !(error instanceof EarlyExit)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
    }
  }
}

class EarlyExit extends Error {}

async function startDriverOnce(webkit, env) {
  const port = await freePort();
  const command = [webkit.driver, `--port=${port}`, '--host=127.0.0.1'];
  if (webkit.xvfbRun) command.unshift(webkit.xvfbRun, '-a', '-s', '-screen 0 1280x1024x24');
  const child = spawn(command[0], command.slice(1), { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  // Its own process group (detached), which a signal to ours does not reach: ended with this process.
  const stop = onProcessEnd(() => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  });
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) {
      stop();
      throw new EarlyExit(`WebKitWebDriver exited (${child.exitCode}): ${log}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`WebKitWebDriver did not answer on port ${port}: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { hostname: '127.0.0.1', port, stop };
}
