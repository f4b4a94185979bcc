import { aTimeout, expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { contrastRatio, resetCatalogStores } from '../../../src/catalog/index.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import {
  FIXTURES,
  generatedServices,
  loadLogosNow,
  loaded,
  optionNames,
  options,
  part,
  pickerFixture,
  rawService,
  requestedPaths,
  root,
  uniqueToken,
} from './helpers.js';

/** `rgb(r, g, b)` as `#rrggbb`, to compare computed colours with catalog colours. */
function rgbToHex(rgb: string): string {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
  return `#${[r, g, b].map((channel) => (channel ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

function optionByName(el: FinsifyServicePicker, name: string): HTMLElement {
  const option = [...root(el).querySelectorAll<HTMLElement>('[role="option"]')].find(
    (candidate) => candidate.querySelector('[part~="name"]')?.textContent === name,
  );
  if (!option) throw new Error(`no option named ${name}`);
  return option;
}

describe('<finsify-service-picker> rendering', () => {
  afterEach(() => resetCatalogStores());

  it('fetches the catalog from catalog-url and renders its services with their place in the list', async () => {
    const url = `${FIXTURES}/sample.json?media=${uniqueToken('render')}`;
    const el = await pickerFixture(html`<finsify-service-picker catalog-url=${url}></finsify-service-picker>`);
    await loaded(el);
    expect(el.catalogUrl).to.equal(url);
    expect(optionNames(el).slice(0, 2)).to.deep.equal(['Vietcombank', 'Techcombank']);
    const first = options(el)[0]!;
    expect(first.getAttribute('aria-setsize')).to.equal('20');
    expect(first.getAttribute('aria-posinset')).to.equal('1');
    expect(first.getAttribute('aria-selected')).to.equal('false');
    expect(part(el, 'status')?.textContent).to.equal('20 services');
    const listbox = part(el, 'listbox')!;
    expect(listbox.getAttribute('role')).to.equal('listbox');
    expect(listbox.getAttribute('aria-label')).to.equal('Services');
  });

  it('defaults catalog-url to Finsify’s catalog', async () => {
    const el = document.createElement('finsify-service-picker');
    expect(el.catalogUrl).to.equal('https://assets.finsify.com/service.json');
  });

  it('accepts a catalog wrapped in data or services', async () => {
    const a = await pickerFixture(html`<finsify-service-picker catalog-url=${`${FIXTURES}/object-data`}></finsify-service-picker>`);
    const b = await pickerFixture(html`<finsify-service-picker catalog-url=${`${FIXTURES}/object-services`}></finsify-service-picker>`);
    await loaded(a);
    await loaded(b);
    expect(options(a).length).to.equal(3);
    expect(options(b).length).to.equal(4);
  });

  it('renders a catalog given through services without fetching, validating it first', async () => {
    const token = uniqueToken('given');
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/counted/${token}`}
        .services=${[rawService(1, 'Given Bank'), { id: 'two', name: 'Not valid' }, rawService(3, 'Other Bank')]}
      ></finsify-service-picker>`,
    );
    expect(optionNames(el)).to.deep.equal(['Given Bank', 'Other Bank']);
    await aTimeout(300);
    const count = await (await fetch(`${FIXTURES}/count/${token}`)).json();
    expect(count.count).to.equal(0);
  });

  it('fires finsify-catalog-load with the count after validation and the fixed filters', async () => {
    const url = `${FIXTURES}/sample.json?media=${uniqueToken('count')}`;
    const event = oneEvent(document, 'finsify-catalog-load');
    await pickerFixture(html`<finsify-service-picker catalog-url=${url} country="vn"></finsify-service-picker>`);
    const { detail } = await event;
    expect(detail.count).to.equal(10);
  });

  it('shows a logo at a fixed size, lazily, with an empty alt, and the initials badge without one', async () => {
    const media = uniqueToken('logo');
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${media}`}></finsify-service-picker>`,
    );
    await loaded(el);
    const img = optionByName(el, 'Vietcombank').querySelector('img')!;
    expect(img.getAttribute('part')).to.equal('logo');
    expect(img.getAttribute('width')).to.equal('40');
    expect(img.getAttribute('height')).to.equal('40');
    expect(img.getAttribute('loading')).to.equal('lazy');
    expect(img.getAttribute('decoding')).to.equal('async');
    expect(img.getAttribute('alt')).to.equal('');
    expect(img.src).to.equal(`${location.origin}${FIXTURES}/media/${media}/vietcombank-logo.png`);
    const box = img.parentElement!.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([40, 40]);

    const badge = optionByName(el, 'Ngân hàng Á Châu (ACB)').querySelector('[part~="initials"]')!;
    expect(badge.textContent).to.equal('NH');
    expect(badge.getAttribute('aria-hidden')).to.equal('true');
    const badgeBox = badge.parentElement!.getBoundingClientRect();
    expect([badgeBox.width, badgeBox.height]).to.deep.equal([40, 40]);
  });

  it('falls back to the initials badge when a logo fails to load', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('broken')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    loadLogosNow(el);
    const option = () => optionByName(el, 'Ngân hàng Quân đội (MB Bank)');
    await waitUntil(() => option().querySelector('[part~="initials"]') !== null, 'badge never replaced the broken logo');
    expect(option().querySelector('img')).to.equal(null);
    expect(option().querySelector('[part~="initials"]')!.textContent).to.equal('NH');
  });

  it('paints the badge in the brand colour through the CSSOM, with readable text', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('brand')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    for (const [name, brand] of [
      ['Ngân hàng Á Châu (ACB)', '#1a4594'],
      ['Vietcombank Statement', '#8dc63f'],
      ['Đông Á Bank', '#f7941d'],
    ] as const) {
      const badge = optionByName(el, name).querySelector<HTMLElement>('[part~="initials"]')!;
      expect(badge.style.getPropertyValue('--finsify-brand')).to.equal(brand);
      const style = getComputedStyle(badge);
      expect(rgbToHex(style.backgroundColor)).to.equal(brand);
      expect(contrastRatio(rgbToHex(style.color), brand)).to.be.at.least(4.5);
    }
  });

  it('gives every brand colour a text colour with at least 4.5:1 contrast', async () => {
    const colours = ['ffffff', '000000', '777777', '767676', '808080', 'ff0000', '00ff00', '0000ff', 'ffff00', 'f7941d', '8dc63f', '595959'];
    const el = await pickerFixture(
      html`<finsify-service-picker
        .services=${colours.map((primary, i) => rawService(i + 1, `Brand ${primary}`, { color: { primary, secondary: null } }))}
      ></finsify-service-picker>`,
    );
    for (const badge of root(el).querySelectorAll<HTMLElement>('[part~="initials"]')) {
      const style = getComputedStyle(badge);
      expect(contrastRatio(rgbToHex(style.color), rgbToHex(style.backgroundColor))).to.be.at.least(4.5);
    }
    expect(root(el).querySelectorAll('[part~="initials"]').length).to.equal(colours.length);
  });

  it('shows country and type as localised text', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('meta')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    expect(optionByName(el, 'Vietcombank').querySelector('[part~="meta"]')!.textContent).to.equal('Vietnam · Bank');
    expect(optionByName(el, 'Vietcombank Statement').querySelector('[part~="meta"]')!.textContent).to.equal(
      'Vietnam · Statement',
    );
    expect(optionByName(el, 'MoMo').querySelector('[part~="meta"]')!.textContent).to.equal('Vietnam · Wallet or other');
  });

  it('shows a type newer than the spec by its token', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker .services=${[rawService(1, 'Crypto Place', { type: 'crypto' })]}></finsify-service-picker>`,
    );
    expect(root(el).querySelector('[part~="meta"]')!.textContent).to.equal('Vietnam · crypto');
    const typeOptions = [...root(el).querySelectorAll<HTMLOptionElement>('[part~="type-select"] option')].map((o) => o.textContent);
    expect(typeOptions).to.deep.equal(['All types', 'crypto']);
  });

  it('highlights the searched text in names with mark elements', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker query="ngan hang" catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('mark')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    expect(optionNames(el)).to.deep.equal(['Ngân hàng Á Châu (ACB)', 'Ngân hàng Quân đội (MB Bank)']);
    const marks = [...options(el)[0]!.querySelectorAll('mark[part="highlight"]')].map((mark) => mark.textContent);
    expect(marks).to.deep.equal(['Ngân hàng']);
    expect(options(el)[1]!.querySelector('[part~="name"]')!.innerHTML.replace(/<!--[^>]*-->/g, '')).to.equal(
      '<mark part="highlight">Ngân hàng</mark> Quân đội (MB Bank)',
    );
  });

  it('filters by the country and type selects, named in the UI language', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('filter')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    const country = part<HTMLSelectElement>(el, 'country-select')!;
    const type = part<HTMLSelectElement>(el, 'type-select')!;
    expect([...country.options].map((o) => o.textContent)).to.deep.equal(['All countries', 'Malaysia', 'Singapore', 'Vietnam']);
    expect([...type.options].map((o) => o.textContent)).to.deep.equal(['All types', 'Bank', 'Statement', 'Wallet or other']);
    expect(root(el).querySelector(`label[for="${country.id}"]`)?.textContent).to.equal('Country');

    country.value = 'MY';
    country.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(options(el)[0]!.getAttribute('aria-setsize')).to.equal('6');
    type.value = 'statement';
    type.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(optionNames(el)).to.deep.equal(['Maybank Statement']);
    expect(part(el, 'status')!.textContent).to.equal('1 service');
  });

  it('lets go of a filter choice the offer no longer has, instead of showing "all" over an empty list', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker
        .services=${[
          rawService(1, 'Vietcombank', { country_code: 'VN', type: 'bank' }),
          rawService(2, 'Maybank Statement', { country_code: 'MY', type: 'statement' }),
          rawService(3, 'Techcombank', { country_code: 'VN', type: 'bank' }),
        ]}
      ></finsify-service-picker>`,
    );
    await loaded(el);
    const country = part<HTMLSelectElement>(el, 'country-select')!;
    country.value = 'MY';
    country.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(optionNames(el)).to.deep.equal(['Maybank Statement']);
    el.type = 'bank';
    await el.updateComplete;
    expect(part<HTMLSelectElement>(el, 'country-select')!.value).to.equal('');
    expect(optionNames(el)).to.deep.equal(['Vietcombank', 'Techcombank']);
    expect(part(el, 'empty')).to.equal(null);
  });

  it('hides each filter control the partner fixes, and offers only the fixed services', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker country="my, sg" catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('fixed')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    expect(part(el, 'country-select')).to.equal(null);
    expect(part(el, 'type-select')).to.not.equal(null);
    expect(options(el)[0]!.getAttribute('aria-setsize')).to.equal('10');
    el.type = 'statement,other';
    await el.updateComplete;
    expect(part(el, 'type-select')).to.equal(null);
    expect(part(el, 'filters')).to.equal(null);
    expect(optionNames(el)).to.deep.equal(['Maybank Statement', 'GrabPay', 'PayNow Statement']);
  });

  it('shows the call to action of the active option outside the option, as a safe new-tab link', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker query="ambank" catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('cta')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    expect(part(el, 'call-to-action')).to.equal(null);
    el.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const region = part(el, 'call-to-action')!;
    expect(region.querySelector('[part~="call-to-action-prompt"]')!.textContent).to.equal('No account yet?');
    const link = part<HTMLAnchorElement>(el, 'call-to-action-link')!;
    expect(link.href).to.equal('https://example.com/register-account');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.textContent).to.contain('Register now!');
    expect(options(el)[0]!.querySelector('a, button, input')).to.equal(null);
    expect(options(el)[0]!.getAttribute('aria-describedby')).to.equal(region.id);
    // After the two filter selects, Tab reaches the link.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement === link).to.equal(true);
  });

  it('marks the selected service, preselectable by the selected attribute, readable as value', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker selected="11" catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('sel')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    expect(el.value).to.equal(11);
    expect(el.selectedService?.name).to.equal('Maybank');
    const selected = root(el).querySelectorAll('[role="option"][aria-selected="true"]');
    expect(selected.length).to.equal(1);
    expect(selected[0]!.getAttribute('part')).to.equal('option option--selected');
    el.value = 1;
    await el.updateComplete;
    expect(el.getAttribute('selected')).to.equal('1');
    expect(optionByName(el, 'Vietcombank').getAttribute('aria-selected')).to.equal('true');
  });

  it('does nothing while disabled', async () => {
    const el = await pickerFixture(html`<finsify-service-picker disabled .services=${generatedServices(5)}></finsify-service-picker>`);
    let fired = 0;
    el.addEventListener('finsify-service-select', () => fired++);
    expect(part<HTMLInputElement>(el, 'search-input')!.disabled).to.equal(true);
    options(el)[1]!.click();
    await el.updateComplete;
    expect(fired).to.equal(0);
    expect(el.selected).to.equal(null);
  });

  it('keeps the query attribute and the search box in step', async () => {
    const el = await pickerFixture(html`<finsify-service-picker .services=${generatedServices(30)}></finsify-service-picker>`);
    el.setAttribute('query', 'lotus');
    await el.updateComplete;
    expect(part<HTMLInputElement>(el, 'search-input')!.value).to.equal('lotus');
    expect(optionNames(el).every((name) => name.includes('Lotus'))).to.equal(true);
    expect(optionNames(el).length).to.be.greaterThan(0);
  });

  it('uses the label attribute as the visible label of the search box', async () => {
    const el = await pickerFixture(html`<finsify-service-picker label="Pick your bank" .services=${[]}></finsify-service-picker>`);
    expect(part(el, 'label')!.textContent).to.equal('Pick your bank');
    expect(part(el, 'search-input')!.getAttribute('aria-labelledby')).to.equal(part(el, 'label')!.id);
  });

  it('requests the logos of rendered rows only', async () => {
    const media = uniqueToken('lazy');
    const services = generatedServices(200).map((service) => ({
      ...service,
      media_path: `${location.origin}${FIXTURES}/media/${media}/`,
      logo_file_name: `logo-${String(service['id'])}.png`,
    }));
    const el = await pickerFixture(html`<finsify-service-picker .services=${services}></finsify-service-picker>`);
    loadLogosNow(el);
    const rendered = options(el).map((option) => `logo-${option.id.replace('option-', '')}.png`);
    await waitUntil(async () => (await requestedPaths(media)).length >= rendered.length, 'rendered logos never requested');
    await aTimeout(200);
    const requested = (await requestedPaths(media)).map((path) => path.split('/').pop());
    expect(requested.length).to.be.lessThan(200);
    expect([...requested].sort()).to.deep.equal([...rendered].sort());
  });
});
