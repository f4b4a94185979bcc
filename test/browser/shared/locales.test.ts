// Locale packs (ms, id, th), the run-time `lang`, and the English fallback for a pack not loaded.
// The order of the tests matters: the packs are imported part-way through, as a page would.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/index.js';
import type { FinsifyConnect, FinsifyServicePicker } from '../../../src/index.js';
import { connectMessages } from '../../../src/connect/messages.js';
import type { PackMessages } from '../../../src/i18n/registry.js';
import { pickerMessages } from '../../../src/picker/messages.js';

const service = (id: number, name: string, type = 'bank', country_code = 'VN') => ({
  id,
  name,
  type,
  country_code,
  provider: 'Finsify',
  media_path: null,
  logo_file_name: null,
  cover_file_name: null,
  color: null,
  has_balance: true,
  call_to_action: null,
});
const SERVICES = [service(1, 'Vietcombank'), service(2, 'MoMo', 'other')];

const PACKS = {
  ms: () => import('../../../src/locales/ms/index.js'),
  id: () => import('../../../src/locales/id/index.js'),
  th: () => import('../../../src/locales/th/index.js'),
};

const shadow = (el: Element) => el.shadowRoot!;
const label = (picker: FinsifyServicePicker) => shadow(picker).querySelector('[part~="label"]')!.textContent;
const button = (connect: FinsifyConnect) => shadow(connect).querySelector('[part~="label"]')!.textContent;

/** A picker and a connect button side by side, without a `locale` of their own, in `wrapper`. */
async function pair(lang?: string) {
  const wrapper = await fixture<HTMLElement>(html`<section lang=${lang ?? 'en'}>
    <finsify-service-picker .services=${SERVICES}></finsify-service-picker>
    <finsify-connect service-id="1" service-name="Vietcombank" token-url="/nowhere"></finsify-connect>
  </section>`);
  if (!lang) wrapper.removeAttribute('lang');
  const picker = wrapper.querySelector('finsify-service-picker')!;
  const connect = wrapper.querySelector('finsify-connect')!;
  await picker.updateComplete;
  await connect.updateComplete;
  return { wrapper, picker, connect };
}

function spyWarnings(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

describe('locales', () => {
  const html0 = document.documentElement.getAttribute('lang');
  afterEach(() => document.documentElement.setAttribute('lang', html0 ?? 'en'));

  it('follows a lang change on <html> at run time, in both elements', async () => {
    const { picker, connect } = await pair();
    expect(label(picker)).to.equal('Find your bank or service');
    expect(button(connect)).to.equal('Connect Vietcombank');
    document.documentElement.setAttribute('lang', 'vi');
    await waitUntil(() => label(picker) === 'Tìm ngân hàng hoặc dịch vụ của bạn', 'the picker follows <html lang>');
    await waitUntil(() => button(connect) === 'Kết nối Vietcombank', 'the button follows <html lang>');
    document.documentElement.setAttribute('lang', 'en');
    await waitUntil(() => label(picker) === 'Find your bank or service' && button(connect) === 'Connect Vietcombank', 'and back');
  });

  it('follows a lang change on an ancestor, across a shadow root, and the locale property still wins', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<div lang="en"><finsify-service-picker></finsify-service-picker><finsify-connect service-name="BIDV" service-id="3" token-url="/nowhere" locale="en"></finsify-connect></div>`;
    const picker = root.querySelector('finsify-service-picker')!;
    const connect = root.querySelector('finsify-connect')!;
    picker.services = SERVICES;
    await picker.updateComplete;
    await connect.updateComplete;
    root.querySelector('div')!.setAttribute('lang', 'vi');
    await waitUntil(() => label(picker) === 'Tìm ngân hàng hoặc dịch vụ của bạn', 'the picker follows a lang inside a shadow root');
    await picker.updateComplete;
    expect(button(connect), 'locale="en" wins over lang').to.equal('Connect BIDV');
    host.setAttribute('lang', 'vi');
    root.querySelector('div')!.removeAttribute('lang');
    await waitUntil(() => label(picker) === 'Tìm ngân hàng hoặc dịch vụ của bạn', 'the host’s lang, from outside its shadow root');
    host.removeAttribute('lang');
    await waitUntil(() => label(picker) === 'Find your bank or service', 'no lang left: the page’s');
  });

  it('asked for a pack that is not loaded: English, and one warning naming the pack', async () => {
    const { warnings, restore } = spyWarnings();
    try {
      const first = await pair('ms');
      const second = await pair('ms-MY');
      for (const { picker, connect } of [first, second]) {
        expect(label(picker)).to.equal('Find your bank or service');
        expect(button(connect)).to.equal('Connect Vietcombank');
      }
      first.picker.locale = 'ms';
      await first.picker.updateComplete;
    } finally {
      restore();
    }
    const about = warnings.filter((text) => text.includes('locale pack'));
    expect(about).to.have.length(1);
    expect(about[0]).to.contain('finsify-connect/locales/ms').and.to.contain('dist/locales/ms.js');
  });

  it('a pack imported later: the elements already on the page switch to it', async () => {
    const { picker, connect } = await pair('ms');
    expect(label(picker)).to.equal('Find your bank or service');
    await PACKS.ms();
    await waitUntil(() => label(picker) === 'Cari bank atau perkhidmatan anda', 'the picker shows Malay');
    await waitUntil(() => button(connect) === 'Sambungkan Vietcombank', 'the button shows Malay');
  });

  for (const [code, picked, connectText, status] of [
    ['id', 'Cari bank atau layanan Anda', 'Hubungkan Vietcombank', '2 layanan'],
    ['th', 'ค้นหาธนาคารหรือบริการของคุณ', 'เชื่อมต่อ Vietcombank', '2 บริการ'],
  ] as const) {
    it(`the ${code} pack: both elements speak it, and it is axe-clean`, async () => {
      const { warnings, restore } = spyWarnings();
      await PACKS[code]();
      restore();
      expect(warnings).to.deep.equal([]);
      const { wrapper, picker, connect } = await pair(code);
      expect(label(picker)).to.equal(picked);
      expect(button(connect)).to.equal(connectText);
      expect(shadow(picker).querySelector('[part~="status"]')!.textContent).to.equal(status);
      await expect(wrapper).to.be.accessible();
    });
  }

  it('each pack has every key of both elements, in its own words', async () => {
    for (const code of ['ms', 'id', 'th'] as const) {
      const { messages } = (await PACKS[code]()) as { messages: PackMessages };
      expect(Object.keys(messages.picker).sort(), `${code} picker`).to.deep.equal(Object.keys(pickerMessages.en).sort());
      expect(Object.keys(messages.connect).sort(), `${code} connect`).to.deep.equal(Object.keys(connectMessages.en).sort());
      const same = Object.entries(messages.picker).filter(([key, text]) => JSON.stringify(text) === JSON.stringify(pickerMessages.en[key as keyof typeof pickerMessages.en]));
      // "Bank" is "Bank" in Malay and Indonesian.
      expect(same.map(([key]) => key), `${code}: untranslated`).to.deep.equal(code === 'th' ? [] : ['typeBank']);
    }
  });
});

describe('<finsify-service-picker> texts', () => {
  it('says "no match" once', async () => {
    const picker = await fixture<FinsifyServicePicker>(html`<finsify-service-picker .services=${SERVICES} query="zzz"></finsify-service-picker>`);
    await picker.updateComplete;
    const visible = shadow(picker).querySelector('[part~="base"]') as HTMLElement;
    expect(visible.innerText.split('No service matches').length - 1).to.equal(1);
    expect((shadow(picker).querySelector('[part~="status"]') as HTMLElement).hidden).to.equal(true);
    await expect(picker).to.be.accessible();
  });

  it('right to left: the count reads "2 services", the number first, on the right', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div dir="rtl" lang="en" style="width: 480px">
      <finsify-service-picker .services=${SERVICES}></finsify-service-picker>
    </div>`);
    const picker = wrapper.querySelector('finsify-service-picker')!;
    await picker.updateComplete;
    const status = shadow(picker).querySelector('[part~="status"]')!;
    expect(status.textContent).to.equal('2 services');
    const text = [...status.querySelector('bdi')!.childNodes].find((node): node is Text => node instanceof Text && node.data.trim() !== '')!;
    const box = (start: number, end: number) => {
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, end);
      return range.getBoundingClientRect();
    };
    const digit = box(0, 1);
    const word = box(2, 10);
    expect(digit.right, '"2" left of "services"').to.be.at.most(word.left + 0.5);
    expect(word.right, 'the count sits at the start (right) of the line').to.be.closeTo(status.getBoundingClientRect().right, 1);
    await expect(picker).to.be.accessible();
  });

  it('names the wallets: the other type reads "Wallet or other", after the documented ones', async () => {
    const picker = await fixture<FinsifyServicePicker>(
      html`<finsify-service-picker .services=${[...SERVICES, service(3, 'VCB Statement', 'statement')]}></finsify-service-picker>`,
    );
    await picker.updateComplete;
    const types = [...shadow(picker).querySelector<HTMLSelectElement>('[part~="type-select"]')!.options].map((o) => o.textContent);
    expect(types).to.deep.equal(['All types', 'Bank', 'Statement', 'Wallet or other']);
    const momo = [...shadow(picker).querySelectorAll('[role="option"]')].find((o) => o.textContent!.includes('MoMo'))!;
    expect(momo.querySelector('[part~="meta"]')!.textContent).to.equal('Vietnam · Wallet or other');
  });
});
