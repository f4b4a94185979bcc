import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import { resetCatalogStores } from '../../../src/catalog/index.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import { FIXTURES, loaded, part, searchInput, uniqueToken } from './helpers.js';

type Scheme = 'light' | 'dark' | 'system-dark';
type State = 'loading' | 'loaded' | 'active' | 'no-match' | 'error';

async function pickerIn(state: State, scheme: Scheme, dir: 'ltr' | 'rtl'): Promise<FinsifyServicePicker> {
  const theme = scheme === 'system-dark' ? undefined : scheme;
  const url = {
    loading: `${FIXTURES}/never?${uniqueToken('a11y')}`,
    loaded: `${FIXTURES}/sample.json?media=${uniqueToken('a11y')}`,
    active: `${FIXTURES}/sample.json?media=${uniqueToken('a11y')}`,
    'no-match': `${FIXTURES}/sample.json?media=${uniqueToken('a11y')}`,
    error: `${FIXTURES}/status/500?${uniqueToken('a11y')}`,
  }[state];
  const error = state === 'error' ? oneEvent(document, 'finsify-catalog-error') : undefined;
  const parentNode = document.createElement('div');
  parentNode.dir = dir;
  const el = await fixture<FinsifyServicePicker>(
    html`<finsify-service-picker
      catalog-url=${url}
      catalog-timeout="30"
      theme=${ifDefined(theme)}
      .query=${state === 'no-match' ? 'zzzz' : ''}
    ></finsify-service-picker>`,
    { parentNode },
  );
  if (error) await error;
  if (state === 'loaded' || state === 'active' || state === 'no-match') await loaded(el);
  if (state === 'active') {
    el.focus();
    // MoMo: an option with a call to action, so its link is checked too.
    await sendKeys({ type: 'momo' });
    await sendKeys({ press: 'ArrowDown' });
  }
  await el.updateComplete;
  return el;
}

/**
 * Emulating media features needs CDP: puppeteer drives Firefox over WebDriver BiDi and WebKit runs
 * over classic WebDriver, neither of which can set `prefers-color-scheme`. There the
 * `prefers-color-scheme` cases are not defined (Chromium runs them), while `theme` runs in all three.
 */
const canEmulateMedia = navigator.userAgent.includes('Chrome/');
const schemes: Scheme[] = canEmulateMedia ? ['light', 'dark', 'system-dark'] : ['light', 'dark'];

function backgroundOf(el: FinsifyServicePicker): string {
  return getComputedStyle(el).backgroundColor;
}

describe('<finsify-service-picker> accessibility', function () {
  // axe takes a moment per run; up to 30 runs here.
  this.timeout(30000);

  afterEach(async () => {
    resetCatalogStores();
    if (canEmulateMedia) await emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of schemes) {
    for (const dir of ['ltr', 'rtl'] as const) {
      for (const state of ['loading', 'loaded', 'active', 'no-match', 'error'] as const) {
        it(`passes axe ${state}, ${scheme}, ${dir}`, async () => {
          if (scheme === 'system-dark') await emulateMedia({ colorScheme: 'dark' });
          const el = await pickerIn(state, scheme, dir);
          if (state === 'loading') expect(part(el, 'skeleton')).to.not.equal(null);
          if (state === 'error') expect(part(el, 'retry-button')).to.not.equal(null);
          if (state === 'no-match') expect(part(el, 'clear-button')).to.not.equal(null);
          if (state === 'active') expect(part(el, 'call-to-action-link')).to.not.equal(null);
          await expect(el).to.be.accessible();
        });
      }
    }
  }

  it('applies the dark tokens for theme="dark" and the light ones for theme="light"', async () => {
    const light = await pickerIn('loaded', 'light', 'ltr');
    expect(backgroundOf(light)).to.equal('rgb(255, 255, 255)');
    const dark = await pickerIn('loaded', 'dark', 'ltr');
    expect(backgroundOf(dark)).to.equal('rgb(22, 25, 29)');
    expect(dark.getAttribute('theme')).to.equal('dark');
  });

  if (canEmulateMedia) {
    it('follows prefers-color-scheme without a theme, and theme="light" overrides it', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const system = await pickerIn('loaded', 'system-dark', 'ltr');
      expect(system.hasAttribute('theme')).to.equal(false);
      expect(backgroundOf(system)).to.equal('rgb(22, 25, 29)');
      const light = await pickerIn('loaded', 'light', 'ltr');
      expect(backgroundOf(light)).to.equal('rgb(255, 255, 255)');
      await emulateMedia({ colorScheme: 'light' });
      expect(backgroundOf(system)).to.equal('rgb(255, 255, 255)');
    });
  }

  it("takes a partner's theme from outside: custom properties on the element, and ::part rules", async () => {
    const sheet = document.head.appendChild(document.createElement('style'));
    sheet.textContent = `
      finsify-service-picker.partner-theme { --finsify-surface: #fdf6e3; --finsify-picker-row-height: 64px; }
      finsify-service-picker.partner-theme::part(name) { color: rgb(1, 2, 3); }
      finsify-service-picker.partner-theme::part(search-input) { border-color: rgb(4, 5, 6); }`;
    try {
      const el = await pickerIn('loaded', 'light', 'ltr');
      el.classList.add('partner-theme');
      await el.updateComplete;
      expect(backgroundOf(el)).to.equal('rgb(253, 246, 227)');
      const option = part(el, 'option')!;
      expect(option.getBoundingClientRect().height).to.equal(64);
      expect(getComputedStyle(option.querySelector('[part~="name"]')!).color).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(searchInput(el)).borderTopColor).to.equal('rgb(4, 5, 6)');
    } finally {
      sheet.remove();
    }
  });

  it('sends its events out of a shadow root it sits in (composed)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    const load = oneEvent(document, 'finsify-catalog-load');
    const el = document.createElement('finsify-service-picker') as FinsifyServicePicker;
    el.catalogUrl = `${FIXTURES}/sample.json?media=${uniqueToken('composed')}`;
    shadow.append(el);
    expect((await load).detail.count).to.be.greaterThan(0);
    await loaded(el);
    const select = oneEvent(document, 'finsify-service-select');
    part(el, 'option')!.click();
    // Heard on the document at all, and retargeted to the shadow host: it crossed the boundary.
    expect((await select).target).to.equal(host);
  });

  it('mirrors the layout for dir="rtl"', async () => {
    const el = await pickerIn('loaded', 'light', 'rtl');
    const input = searchInput(el).getBoundingClientRect();
    const icon = part(el, 'search-icon')!.getBoundingClientRect();
    expect(icon.left).to.be.greaterThan(input.left + input.width / 2);
    const option = part(el, 'option')!;
    const logo = option.querySelector('[part~="logo-box"]')!.getBoundingClientRect();
    const name = option.querySelector('[part~="name"]')!.getBoundingClientRect();
    expect(logo.left).to.be.greaterThan(name.left);
    expect(getComputedStyle(option.querySelector('[part~="name"]')!).direction).to.equal('rtl');
  });

  it('labels the combobox, the listbox and the filters', async () => {
    const el = await pickerIn('loaded', 'light', 'ltr');
    const input = searchInput(el);
    expect(input.getAttribute('role')).to.equal('combobox');
    expect(el.shadowRoot!.getElementById(input.getAttribute('aria-labelledby')!)!.textContent).to.equal('Find your bank or service');
    expect(el.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)!.textContent).to.contain('arrow keys');
    expect(part(el, 'listbox')!.getAttribute('aria-label')).to.equal('Services');
    for (const select of el.shadowRoot!.querySelectorAll('select')) {
      expect(el.shadowRoot!.querySelector(`label[for="${select.id}"]`)).to.not.equal(null);
    }
  });
});
