// web-test-runner's WebKit: MiniBrowser through WebKitWebDriver (scripts/webkit.mjs), with the
// keyboard fixed. The stock WebDriver launcher types with webdriverio's `keys()`, which presses every
// key down before releasing any, so repeated letters are lost ('zzz' types 'z'); here each key is
// pressed and released in turn, and 'Control+End' is a chord.
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { startWebKitDriver, webkitCapabilities } from './webkit.mjs';

/** WebDriver's code points for the key names the tests use (puppeteer's names). */
const KEYS = {
  Backspace: '\uE003', Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A',
  Escape: '\uE00C', Space: ' ', PageUp: '\uE00E', PageDown: '\uE00F', End: '\uE010', Home: '\uE011',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Delete: '\uE017', Meta: '\uE03D',
};

/** Key actions pressing `key` ('a', 'Enter' or a chord such as 'Control+End'), modifiers held around it. */
export function keyActions(key) {
  const parts = key.length > 1 && key.includes('+') ? key.split('+') : [key];
  const values = parts.map((part) => KEYS[part] ?? part);
  return [
    ...values.map((value) => ({ type: 'keyDown', value })),
    ...values.reverse().map((value) => ({ type: 'keyUp', value })),
  ];
}

class WebKitLauncher extends WebdriverLauncher {
  async initialize(config) {
    this.webkitDriver = await startWebKitDriver(this.webkit);
    this.options.hostname = this.webkitDriver.hostname;
    this.options.port = this.webkitDriver.port;
    await super.initialize(config);
  }

  async stop() {
    await super.stop();
    this.webkitDriver?.stop();
  }

  /** Called by the stock send-keys command with one entry per character ('type') or one key name ('press'). */
  async sendKeys(sessionId, keys) {
    const actions = keys.flatMap((key) => keyActions(key));
    await this.driverManager.performActions(sessionId, [{ type: 'key', id: 'keyboard', actions }]);
  }
}

/** The launcher, for `browsers` in web-test-runner.config.mjs; `webkit` from findWebKit(). */
export function webkitLauncher(webkit, options = {}) {
  const launcher = new WebKitLauncher({ capabilities: webkitCapabilities(webkit, options), logLevel: 'error' });
  launcher.webkit = webkit;
  return launcher;
}
