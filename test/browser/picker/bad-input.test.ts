import { aTimeout, expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { resetCatalogStores } from '../../../src/catalog/index.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import {
  FIXTURES,
  activeOption,
  loadLogosNow,
  optionNames,
  options,
  part,
  pickerFixture,
  rawService,
  remeasure,
  requestedPaths,
  root,
  uniqueToken,
} from './helpers.js';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** The computed colour of a custom property, as `rgb(...)`, for comparing with computed styles. */
function resolvedColour(el: HTMLElement, property: string): string {
  const probe = document.createElement('span');
  probe.style.color = getComputedStyle(el).getPropertyValue(property).trim();
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

function option(el: FinsifyServicePicker, name: string): HTMLElement {
  const found = options(el).find((candidate) => candidate.querySelector('[part~="name"]')?.textContent === name);
  if (!found) throw new Error(`no option named ${name}`);
  return found;
}

describe('<finsify-service-picker> bad input', () => {
  let el: FinsifyServicePicker;
  let token: string;
  let loadCount: number;

  // A fresh picker per test: open-wc removes fixtures after each one.
  beforeEach(async () => {
    token = uniqueToken('hostile');
    const load = oneEvent(document, 'finsify-catalog-load');
    // Tall enough that every accepted entry is rendered at once.
    el = await pickerFixture(
      html`<finsify-service-picker
        style="--finsify-picker-max-height: 3000px"
        catalog-url=${`${FIXTURES}/hostile.json?token=${token}`}
      ></finsify-service-picker>`,
    );
    loadCount = (await load).detail.count;
    await remeasure(el);
    loadLogosNow(el);
    await waitUntil(() => options(el).length === loadCount, 'not every service was rendered', { timeout: 5000 });
    // Give any (wrongly) scheduled image or CSS request time to leave.
    await aTimeout(300);
  });

  afterEach(() => resetCatalogStores());

  it('leaves out invalid entries and renders the rest', () => {
    expect(loadCount).to.equal(20);
    const names = optionNames(el);
    expect(names).to.include.members(['Proto Bank', 'Wrong Optional Types', 'Safe Link Bank', 'Good Bank']);
    for (const left of ['String Id Bank', 'Wrong Types Bank', 'Wrong Country Bank', '12345']) expect(names).to.not.include(left);
    expect(options(el).every((node) => node.getAttribute('aria-setsize') === '20')).to.equal(true);
  });

  it('shows a name holding markup as text, creating no element', () => {
    const name = '<img src=x onerror="window.__pwned=1"><b>Bold</b> Bank';
    const node = option(el, name).querySelector('[part~="name"]')!;
    expect(node.textContent).to.equal(name);
    expect(node.querySelector('img, b')).to.equal(null);
    expect(root(el).querySelectorAll('img:not([part="logo"])').length).to.equal(0);
    expect(window.__pwned).to.equal(undefined);
  });

  it('renders a call-to-action link only for an http(s) url', async () => {
    el.focus();
    const seen: Record<string, string | null> = {};
    for (let i = 0; i < loadCount; i++) {
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      const name = activeOption(el)!.querySelector('[part~="name"]')!.textContent!;
      seen[name] = part<HTMLAnchorElement>(el, 'call-to-action-link')?.getAttribute('href') ?? null;
    }
    for (const name of ['Cta Javascript', 'Cta Mixed Case', 'Cta Control Chars', 'Cta Tab', 'Cta Data', 'Cta Blob', 'Cta Protocol Relative']) {
      expect(seen[name], name).to.equal(null);
    }
    expect(seen['Safe Link Bank']).to.equal('https://example.com/sign-up');
    expect(window.__pwned).to.equal(undefined);
  });

  it('falls back to the theme colour for any colour that is not 3- or 6-digit hex, requesting nothing', async () => {
    const accent = resolvedColour(el, '--finsify-accent');
    for (const name of ['Colour Injection', 'Colour Url', 'Colour Var', 'Colour Bad Hex']) {
      const badge = option(el, name).querySelector<HTMLElement>('[part~="initials"]')!;
      expect(badge.style.getPropertyValue('--finsify-brand'), name).to.equal('');
      expect(badge.getAttribute('style') ?? '', name).to.not.match(/url|var|evil|;background/i);
      const style = getComputedStyle(badge);
      expect(style.backgroundColor, name).to.equal(accent);
      expect(style.backgroundImage, name).to.equal('none');
    }
    expect(await requestedPaths(`${token}-color`)).to.deep.equal([]);
    expect(await requestedPaths(`${token}-url`)).to.deep.equal([]);
    expect(performance.getEntriesByType('resource').filter((entry) => entry.name.includes('evil.example'))).to.deep.equal([]);
  });

  it('shows the initials badge for logo names that would leave the media folder, requesting nothing', async () => {
    for (const name of ['Logo Dot Dot', 'Logo Encoded Dot Dot', 'Logo Other Host', 'Logo Media Path Escape']) {
      const node = option(el, name);
      expect(node.querySelector('img'), name).to.equal(null);
      expect(node.querySelector('[part~="initials"]'), name).to.not.equal(null);
    }
    expect(await requestedPaths(`${token}-secret`)).to.deep.equal([]);
    expect(await requestedPaths(`${token}-escape`)).to.deep.equal([]);
    expect(performance.getEntriesByType('resource').filter((entry) => entry.name.includes('evil.example'))).to.deep.equal([]);
  });

  it('does not let __proto__ or constructor keys pollute prototypes', () => {
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).to.equal(false);
    const badge = option(el, 'Proto Bank').querySelector<HTMLElement>('[part~="initials"]')!;
    expect(badge.style.getPropertyValue('--finsify-brand')).to.equal('#00ff00');
  });

  it('renders an entry whose optional fields have the wrong type, with harmless fallbacks', () => {
    const node = option(el, 'Wrong Optional Types');
    expect(node.querySelector('img')).to.equal(null);
    expect(node.querySelector('[part~="initials"]')!.textContent).to.equal('WO');
    expect(node.querySelector('[part~="meta"]')!.textContent).to.equal('Vietnam · Bank');
  });

  it('tells the partner which entries it left out, and why (rejectedEntries and one console warning)', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      const picker = await pickerFixture(
        html`<finsify-service-picker .services=${[rawService(1, 'Good Bank'), { ...rawService(2, 'String Id'), id: '2' }, { ...rawService(3, ''), name: undefined }]}></finsify-service-picker>`,
      );
      await picker.updateComplete;
      expect(picker.rejectedEntries).to.deep.equal([
        { index: 1, id: '2', reason: 'id must be a number, not a string' },
        { index: 2, id: 3, reason: 'name is missing' },
      ]);
      const mine = warnings.filter((text) => text.startsWith('finsify-service-picker: left out 2 catalog entries'));
      expect(mine).to.have.length(1);
      expect(mine[0]).to.include('#2 (id 3): name is missing');
    } finally {
      console.warn = warn;
    }
  });

  it('never renders a link other than http(s) anywhere, whichever service is shown', async () => {
    // A call to action is rendered for the selected service only: show each in turn.
    const protocols = new Set<string>();
    for (const id of options(el).map((node) => Number(node.id.replace('option-', '')))) {
      el.selected = id;
      await el.updateComplete;
      for (const link of root(el).querySelectorAll('a')) protocols.add(link.protocol);
    }
    expect([...protocols]).to.deep.equal(['https:']);
  });
});
