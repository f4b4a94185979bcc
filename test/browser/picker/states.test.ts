import { aTimeout, expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetCatalogStores } from '../../../src/catalog/index.js';
import type { CatalogErrorDetail } from '../../../src/events.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import { FIXTURES, loaded, mount, options, part, pickerFixture, root, searchInput, uniqueToken, unmountAll } from './helpers.js';

/** Renders a picker for `url` and waits for its catalog error event. */
async function pickerWithError(url: string, timeout?: number): Promise<{ el: FinsifyServicePicker; detail: CatalogErrorDetail }> {
  const event = oneEvent(document, 'finsify-catalog-error');
  const el = await pickerFixture(
    html`<finsify-service-picker catalog-url=${url} catalog-timeout=${timeout ?? 15}></finsify-service-picker>`,
  );
  const { detail } = await event;
  await el.updateComplete;
  return { el, detail };
}

/**
 * Waits until the live region says `text`. The picker announces a status only once it has held
 * for 500 ms, and when two test files run at once one of the two pages is hidden: Firefox then
 * clamps every timer of that page to at least 1 s (Chromium pages here each get their own visible
 * browser context). The announcement's timer and waitUntil's default 1 s timeout would then fire
 * in the same tick, before a poll, so the wait allows for the clamp (and background throttling).
 */
async function announced(el: FinsifyServicePicker, text: string, message: string): Promise<void> {
  await waitUntil(() => part(el, 'live-region')!.textContent === text, message, { timeout: 5000 });
}

async function requestCount(token: string): Promise<number> {
  return ((await (await fetch(`${FIXTURES}/count/${token}`)).json()) as { count: number }).count;
}

describe('<finsify-service-picker> states', () => {
  afterEach(() => {
    unmountAll();
    resetCatalogStores();
  });

  it('shows a busy skeleton and says it is loading while the catalog is on its way', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/never?${uniqueToken('loading')}`} catalog-timeout="30"></finsify-service-picker>`,
    );
    expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
    expect(part(el, 'skeleton')).to.not.equal(null);
    expect(part(el, 'skeleton')!.getAttribute('aria-hidden')).to.equal('true');
    expect(root(el).querySelectorAll('[part~="skeleton-row"]').length).to.be.greaterThan(0);
    expect(part(el, 'status')!.textContent).to.equal('Loading services…');
    expect(part(el, 'listbox')!.hidden).to.equal(true);
    expect(searchInput(el).getAttribute('aria-expanded')).to.equal('false');
    await announced(el, 'Loading services…', 'loading never announced');
  });

  for (const [route, code, text] of [
    ['status/404', 'CatalogFetchFailed', 'could not be loaded'],
    ['status/500', 'CatalogFetchFailed', 'could not be loaded'],
    ['html', 'CatalogInvalid', 'could not be read'],
    ['invalid-json', 'CatalogInvalid', 'could not be read'],
    ['huge', 'CatalogTooLarge', 'too large'],
    ['huge-chunked', 'CatalogTooLarge', 'too large'],
  ] as const) {
    it(`shows an error with a retry for a catalog answering ${route}`, async () => {
      const { el, detail } = await pickerWithError(`${FIXTURES}/${route}?${uniqueToken('err')}`);
      expect(detail.error).to.equal(code);
      expect(detail.message).to.be.a('string').and.not.equal('');
      const error = part(el, 'error')!;
      expect(error.getAttribute('role')).to.equal('alert');
      expect(part(el, 'error-message')!.textContent).to.contain(text);
      expect(part(el, 'retry-button')!.textContent).to.equal('Try again');
      expect(options(el).length).to.equal(0);
      expect(part(el, 'skeleton')).to.equal(null);
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('false');
    });
  }

  it('gives up on a catalog that never answers after catalog-timeout seconds', async () => {
    const { el, detail } = await pickerWithError(`${FIXTURES}/never?${uniqueToken('never')}`, 0.5);
    expect(detail.error).to.equal('CatalogTimeout');
    expect(part(el, 'error-message')!.textContent).to.equal('The list of services took too long to load.');
  });

  it('fires finsify-catalog-error for a given services value that is not a catalog', async () => {
    const event = oneEvent(document, 'finsify-catalog-error');
    const el = await pickerFixture(html`<finsify-service-picker .services=${{ nope: true }}></finsify-service-picker>`);
    expect((await event).detail.error).to.equal('CatalogInvalid');
    expect(part(el, 'error')).to.not.equal(null);
  });

  it('retries after an error and then shows the catalog', async () => {
    const token = uniqueToken('flaky');
    const { el } = await pickerWithError(`${FIXTURES}/flaky/${token}`);
    const load = oneEvent(el, 'finsify-catalog-load');
    part<HTMLButtonElement>(el, 'retry-button')!.click();
    expect((await load).detail.count).to.equal(20);
    await el.updateComplete;
    expect(part(el, 'error')).to.equal(null);
    expect(options(el).length).to.be.greaterThan(0);
    expect(root(el).activeElement === searchInput(el)).to.equal(true);
    expect(await requestCount(token)).to.equal(2);
  });

  it('says so when the catalog is empty', async () => {
    const event = oneEvent(document, 'finsify-catalog-load');
    const el = await pickerFixture(html`<finsify-service-picker catalog-url=${`${FIXTURES}/empty?${uniqueToken('empty')}`}></finsify-service-picker>`);
    expect((await event).detail.count).to.equal(0);
    await el.updateComplete;
    expect(part(el, 'empty')!.textContent).to.contain('No services are available right now.');
    expect(part(el, 'clear-button')).to.equal(null);
    expect(part(el, 'status')!.textContent).to.equal('0 services');
  });

  it('says so when nothing matches the search, and offers to clear it', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker .query=${'<b>nothing</b>'} catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('nomatch')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    expect(part(el, 'empty')!.querySelector('p')!.textContent).to.equal('No service matches “<b>nothing</b>”');
    expect(part(el, 'empty')!.querySelector('b')).to.equal(null);
    expect(part(el, 'clear-button')!.textContent!.trim()).to.equal('Clear search');
    expect(searchInput(el).getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, 'listbox')!.hidden).to.equal(true);
  });

  it('offers to clear the filters when they alone leave nothing', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('nofilter')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    const country = part<HTMLSelectElement>(el, 'country-select')!;
    const type = part<HTMLSelectElement>(el, 'type-select')!;
    country.value = 'SG';
    country.dispatchEvent(new Event('change'));
    type.value = 'other';
    type.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(part(el, 'empty')!.textContent).to.contain('No service matches these filters');
    part<HTMLButtonElement>(el, 'clear-button')!.click();
    await el.updateComplete;
    expect(part<HTMLSelectElement>(el, 'country-select')!.value).to.equal('');
    expect(part<HTMLSelectElement>(el, 'type-select')!.value).to.equal('');
    expect(options(el)[0]!.getAttribute('aria-setsize')).to.equal('20');
  });

  it('announces the count politely once typing pauses', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('live')}`}></finsify-service-picker>`,
    );
    await loaded(el);
    const live = part(el, 'live-region')!;
    expect(live.getAttribute('role')).to.equal('status');
    await announced(el, '20 services', 'count never announced');
    el.query = 'v';
    await el.updateComplete;
    el.query = 'vi';
    await el.updateComplete;
    el.query = 'vie';
    await el.updateComplete;
    // The visible count follows at once; the announcement waits for the pause.
    expect(part(el, 'status')!.textContent).to.equal('3 services');
    expect(live.textContent).to.equal('20 services');
    await announced(el, '3 services', 'new count never announced');
    el.query = 'maybank statement';
    await announced(el, '1 service', 'singular count never announced');
  });

  it('makes one request for two pickers with the same catalog-url', async () => {
    const token = uniqueToken('two');
    const url = `${FIXTURES}/counted/${token}`;
    const wrapper = await mount(html`<finsify-service-picker catalog-url=${url}></finsify-service-picker>
      <finsify-service-picker catalog-url=${url} country="MY"></finsify-service-picker>`);
    const [a, b] = [...wrapper.querySelectorAll('finsify-service-picker')] as FinsifyServicePicker[];
    await loaded(a!);
    await loaded(b!);
    expect(options(a!)[0]!.getAttribute('aria-setsize')).to.equal('20');
    expect(options(b!)[0]!.getAttribute('aria-setsize')).to.equal('6');
    // A third picker, added after the load, reuses the catalog too.
    const load = oneEvent(document, 'finsify-catalog-load');
    const c = document.createElement('finsify-service-picker');
    c.catalogUrl = url;
    wrapper.append(c);
    expect((await load).detail.count).to.equal(20);
    expect(await requestCount(token)).to.equal(1);
  });

  it('aborts the fetch once no picker needs the catalog any more', async () => {
    const token = uniqueToken('abort');
    const el = await pickerFixture(
      html`<finsify-service-picker catalog-url=${`${FIXTURES}/never?${token}`} catalog-timeout="30"></finsify-service-picker>`,
    );
    await aTimeout(200);
    expect(await requestCount(`${token}-closed`)).to.equal(0);
    el.remove();
    // nanostores waits a second before it lets a store go.
    await waitUntil(async () => (await requestCount(`${token}-closed`)) === 1, 'the request was never aborted', {
      timeout: 5000,
      interval: 200,
    });
  });

  it('fires finsify-catalog-load again when catalog-url comes back to a catalog it had loaded', async () => {
    const first = `${FIXTURES}/sample.json?media=${uniqueToken('back')}`;
    const el = await pickerFixture(html`<finsify-service-picker catalog-url=${first}></finsify-service-picker>`);
    await loaded(el);
    el.catalogUrl = `${FIXTURES}/never?${uniqueToken('never')}`;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="skeleton"]')).to.not.equal(null);
    const load = oneEvent(el, 'finsify-catalog-load');
    el.catalogUrl = first;
    expect((await load).detail.count).to.be.greaterThan(0);
  });

  it('fetches again when catalog-url changes', async () => {
    const first = uniqueToken('url-a');
    const second = uniqueToken('url-b');
    const el = await pickerFixture(html`<finsify-service-picker catalog-url=${`${FIXTURES}/counted/${first}`}></finsify-service-picker>`);
    await loaded(el);
    const load = oneEvent(el, 'finsify-catalog-load');
    el.catalogUrl = `${FIXTURES}/counted/${second}`;
    await load;
    expect([await requestCount(first), await requestCount(second)]).to.deep.equal([1, 1]);
  });
});
