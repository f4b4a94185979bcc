import { expect, html, oneEvent } from '@open-wc/testing';
import { resetCatalogStores } from '../../../src/catalog/index.js';
import { pickerMessages } from '../../../src/picker/messages.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import { FIXTURES, loaded, mount, part, pickerFixture, root, searchInput, uniqueToken, unmountAll } from './helpers.js';

const sample = () => `${FIXTURES}/sample.json?media=${uniqueToken('locale')}`;

function metaOf(el: FinsifyServicePicker, position: number): string {
  return root(el).querySelectorAll('[part~="meta"]')[position]!.textContent!;
}

describe('<finsify-service-picker> locales', () => {
  afterEach(() => {
    unmountAll();
    resetCatalogStores();
  });

  it('ships every message in Vietnamese', () => {
    const en = Object.keys(pickerMessages.en).sort();
    expect(Object.keys(pickerMessages['vi']!).sort()).to.deep.equal(en);
    for (const key of en) expect(pickerMessages['vi']![key as keyof typeof pickerMessages.en], key).to.not.deep.equal(pickerMessages.en[key as keyof typeof pickerMessages.en]);
  });

  it('speaks Vietnamese with locale="vi"', async () => {
    const el = await pickerFixture(html`<finsify-service-picker locale="vi" catalog-url=${sample()}></finsify-service-picker>`);
    await loaded(el);
    expect(part(el, 'label')!.textContent).to.equal('Tìm ngân hàng hoặc dịch vụ của bạn');
    expect(searchInput(el).placeholder).to.equal('Tìm theo tên');
    expect(part(el, 'status')!.textContent).to.equal('20 dịch vụ');
    expect(metaOf(el, 0)).to.equal('Việt Nam · Ngân hàng');
    expect(part(el, 'listbox')!.getAttribute('aria-label')).to.equal('Dịch vụ');
    const countries = [...part<HTMLSelectElement>(el, 'country-select')!.options].map((option) => option.textContent);
    expect(countries[0]).to.equal('Tất cả quốc gia');
    expect(countries).to.include('Việt Nam');
    const types = [...part<HTMLSelectElement>(el, 'type-select')!.options].map((option) => option.textContent);
    expect(types).to.deep.equal(['Tất cả các loại', 'Ngân hàng', 'Sao kê', 'Ví điện tử hoặc khác']);
    el.query = 'không có';
    await el.updateComplete;
    expect(part(el, 'empty')!.textContent).to.contain('Không có dịch vụ nào khớp với “không có”');
    expect(part(el, 'clear-button')!.textContent!.trim()).to.equal('Xoá tìm kiếm');
  });

  it('takes the language from the nearest lang attribute', async () => {
    const wrapper = await mount(html`<section><finsify-service-picker catalog-url=${sample()}></finsify-service-picker></section>`, {
      lang: 'vi-VN',
    });
    const el = wrapper.querySelector('finsify-service-picker')!;
    await loaded(el);
    expect(part(el, 'status')!.textContent).to.equal('20 dịch vụ');
  });

  it('prefers the locale attribute over lang, and falls back to English for an unknown one', async () => {
    const wrapper = await mount(
      html`<finsify-service-picker locale="en" .services=${[]}></finsify-service-picker>
        <finsify-service-picker locale="xx" .services=${[]}></finsify-service-picker>`,
      { lang: 'vi' },
    );
    const [en, unknown] = [...wrapper.querySelectorAll('finsify-service-picker')];
    expect(part(en!, 'label')!.textContent).to.equal('Find your bank or service');
    // "xx" matches nothing, so the nearest lang decides.
    expect(part(unknown!, 'label')!.textContent).to.equal('Tìm ngân hàng hoặc dịch vụ của bạn');
  });

  it('localises error messages by their code', async () => {
    const error = oneEvent(document, 'finsify-catalog-error');
    const el = await pickerFixture(
      html`<finsify-service-picker locale="vi" catalog-url=${`${FIXTURES}/invalid-json?${uniqueToken('vi-err')}`}></finsify-service-picker>`,
    );
    await error;
    await el.updateComplete;
    expect(part(el, 'error-message')!.textContent).to.equal('Không đọc được danh sách dịch vụ.');
    expect(part(el, 'retry-button')!.textContent).to.equal('Thử lại');
  });

  it('merges partner strings key by key over the locale', async () => {
    const el = await pickerFixture(
      html`<finsify-service-picker
        locale="vi"
        .strings=${{ label: 'Chọn ngân hàng', count: { other: '{number} ngân hàng' } }}
        catalog-url=${sample()}
      ></finsify-service-picker>`,
    );
    await loaded(el);
    expect(part(el, 'label')!.textContent).to.equal('Chọn ngân hàng');
    expect(part(el, 'status')!.textContent).to.equal('20 ngân hàng');
    expect(searchInput(el).placeholder).to.equal('Tìm theo tên');
    el.strings = { clearSearch: 'Reset' };
    el.query = 'zzz';
    await el.updateComplete;
    expect(part(el, 'clear-button')!.textContent!.trim()).to.equal('Reset');
    expect(part(el, 'label')!.textContent).to.equal('Tìm ngân hàng hoặc dịch vụ của bạn');
  });

  it('formats counts for the locale', async () => {
    const services = Array.from({ length: 1234 }, (_, i) => ({ id: i + 1, name: `Bank ${i + 1}`, type: 'bank', country_code: 'VN' }));
    const wrapper = await mount(html`<finsify-service-picker locale="en" .services=${services}></finsify-service-picker>
      <finsify-service-picker locale="vi" .services=${services}></finsify-service-picker>`);
    const [en, vi] = [...wrapper.querySelectorAll('finsify-service-picker')];
    expect(part(en!, 'status')!.textContent).to.equal('1,234 services');
    expect(part(vi!, 'status')!.textContent).to.equal('1.234 dịch vụ');
  });
});
