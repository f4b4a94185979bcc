// Every built bundle loads in a real browser and its elements work (Vite once left decorators raw
// in some files: a page that cannot parse them would fail here), and two copies on one page, or
// the IIFE with the ES build, register each element once without an error.
import { expect } from '@open-wc/testing';
import { closePages, doc, openPage, until, win, type PageWindow } from './helpers.js';

const IIFE = '/dist/finsify-connect.iife.js';
const page = (...scripts: Array<['script' | 'module', string]>) => `/integration/page?${new URLSearchParams(scripts)}`;

/** A Subresource Integrity value, as browsers check it: sha384, base64. */
async function sha384(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

type Registry = CustomElementRegistry;
const registry = (frame: HTMLIFrameElement): Registry => (frame.contentWindow as unknown as { customElements: Registry }).customElements;

/** Both tags registered, both render their shadow DOM, and a reactive property reaches the DOM. */
async function assertElementsWork(frame: HTMLIFrameElement, tags = ['finsify-service-picker', 'finsify-connect']): Promise<void> {
  for (const tag of tags) await until(() => registry(frame).get(tag), `${tag} is defined`);
  const document = doc(frame);
  if (tags.includes('finsify-connect')) {
    const connect = document.createElement('finsify-connect') as HTMLElement & { serviceName?: string; updateComplete: Promise<unknown> };
    connect.setAttribute('service-id', '8');
    connect.setAttribute('service-name', 'Vietcombank');
    document.body.append(connect);
    await connect.updateComplete;
    expect(connect.serviceName, 'the attribute reached the decorated property').to.equal('Vietcombank');
    expect(connect.shadowRoot!.querySelector('[part~="button"]')!.textContent).to.contain('Vietcombank');
  }
  if (tags.includes('finsify-service-picker')) {
    const picker = document.createElement('finsify-service-picker') as HTMLElement & { services: unknown; updateComplete: Promise<unknown> };
    picker.services = [{ id: 1, name: 'Vietcombank', country_code: 'VN', type: 'bank', media_path: null, logo_file_name: null, cover_file_name: null, color: null, provider: 'Finsify', has_balance: true, call_to_action: null }];
    document.body.append(picker);
    await until(() => picker.shadowRoot?.querySelector('[role="option"]'), 'the picker renders its given service');
    expect(picker.shadowRoot!.querySelector('[role="option"]')!.textContent).to.contain('Vietcombank');
  }
  expect((win(frame) as PageWindow).pageErrors).to.deep.equal([]);
}

describe('built bundles in the browser', () => {
  afterEach(closePages);

  it('dist/finsify-connect.iife.js registers both elements and sets window.FinsifyConnect', async () => {
    const frame = await openPage(page(['script', IIFE]));
    await assertElementsWork(frame);
    const api = win(frame).FinsifyConnect!;
    expect(Object.keys(api).sort()).to.deep.equal(['completeConnect', 'parseCallback', 'registerLocale']);
    expect(api.parseCallback('https://p.example/cb/abcdefghijklmnopqrstuvwx/{"status":"success","login_id":5}')).to.deep.include({ ok: true });
  });

  for (const [entry, registers, leaves] of [
    ['/dist/index.js', ['finsify-service-picker', 'finsify-connect'], []],
    ['/dist/picker.js', ['finsify-service-picker'], ['finsify-connect']],
    ['/dist/connect.js', ['finsify-connect'], ['finsify-service-picker']],
  ] as const) {
    it(`${entry} (ES build) registers ${registers.join(' and ')}`, async () => {
      const frame = await openPage(page(['module', entry]));
      await assertElementsWork(frame, [...registers]);
      for (const tag of leaves) expect(registry(frame).get(tag), `${entry} does not register ${tag}`).to.equal(undefined);
    });
  }

  it('/dist/callback.js (ES build) loads without registering anything', async () => {
    const frame = await openPage(page(['module', '/test/browser/integration/pages/callback-import.js']));
    await until(() => (win(frame) as unknown as { callbackExports?: string[] }).callbackExports, 'the callback entry loaded');
    expect((win(frame) as unknown as { callbackExports: string[] }).callbackExports).to.deep.equal(['completeConnect', 'parseCallback']);
    expect(registry(frame).get('finsify-connect')).to.equal(undefined);
    expect(win(frame).pageErrors).to.deep.equal([]);
  });

  it('two copies of the IIFE on one page: no error, the first registration stays', async () => {
    const frame = await openPage(page(['script', IIFE], ['script', '/test/browser/integration/pages/remember-registration.js'], ['script', `${IIFE}?copy=2`]));
    await assertElementsWork(frame);
    const remembered = (win(frame) as unknown as { firstRegistration: Record<string, unknown> }).firstRegistration;
    expect(registry(frame).get('finsify-connect')).to.equal(remembered['finsify-connect']);
    expect(registry(frame).get('finsify-service-picker')).to.equal(remembered['finsify-service-picker']);
  });

  it('the IIFE and the ES build on one page, in either order: no error, one registration', async () => {
    const iifeFirst = await openPage(page(['script', IIFE], ['script', '/test/browser/integration/pages/remember-registration.js'], ['module', '/dist/index.js']));
    await assertElementsWork(iifeFirst);
    const remembered = (win(iifeFirst) as unknown as { firstRegistration: Record<string, unknown> }).firstRegistration;
    expect(registry(iifeFirst).get('finsify-connect')).to.equal(remembered['finsify-connect']);

    const esFirst = await openPage(page(['module', '/test/browser/integration/pages/es-then-iife.js']));
    await until(() => (win(esFirst) as unknown as { iifeLoaded?: boolean }).iifeLoaded, 'the IIFE loaded after the ES build');
    await assertElementsWork(esFirst);
    const esClasses = (win(esFirst) as unknown as { firstRegistration: Record<string, unknown> }).firstRegistration;
    expect(registry(esFirst).get('finsify-connect')).to.equal(esClasses['finsify-connect']);
    expect(win(esFirst).FinsifyConnect, 'the IIFE still sets its global').to.have.property('completeConnect');
  });

  it('dist/locales/<code>.js after the IIFE: each pack registers, elements follow a lang change, a missing pack warns once', async () => {
    const frame = await openPage(page(['script', IIFE], ['script', '/test/browser/integration/pages/count-warnings.js'], ['script', '/dist/locales/ms.js'], ['script', '/dist/locales/id.js']));
    await assertElementsWork(frame);
    const document = doc(frame);
    type Element = HTMLElement & { locale?: string; query?: string; services?: unknown; updateComplete: Promise<unknown> };
    const picker = document.querySelector('finsify-service-picker') as Element;
    const connect = document.querySelector('finsify-connect') as Element;
    const text = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`)?.textContent;
    document.documentElement.lang = 'ms';
    await until(() => text(picker, 'label') === 'Cari bank atau perkhidmatan anda', 'the picker follows <html lang> into the ms pack');
    await until(() => text(connect, 'label') === 'Sambungkan Vietcombank', 'the button follows it too');
    connect.locale = 'id';
    await until(() => text(connect, 'label') === 'Hubungkan Vietcombank', 'the id pack, by the locale property');
    picker.query = 'zzz';
    await until(() => text(picker, 'empty')?.includes('Tiada perkhidmatan yang sepadan dengan “zzz”'), 'the no-match text in Malay');
    // th was not loaded: English, and one warning however many elements ask.
    document.documentElement.lang = 'th';
    await until(() => text(picker, 'label') === 'Find your bank or service', 'English for a pack not loaded');
    const more = document.createElement('finsify-service-picker') as Element;
    more.services = [];
    document.body.append(more);
    await more.updateComplete;
    const warnings = (win(frame) as unknown as { warnings: string[] }).warnings.filter((w) => w.includes('locale pack'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('finsify-connect/locales/th');
    // And the th pack's script, added now, switches the page.
    const script = document.createElement('script');
    script.src = '/dist/locales/th.js';
    document.head.append(script);
    await until(() => text(picker, 'label') === 'ค้นหาธนาคารหรือบริการของคุณ', 'the th pack, loaded late');
    expect((win(frame) as PageWindow).pageErrors).to.deep.equal([]);
  });

  it('each locale pack has its SRI file, and runs under that hash after the IIFE', async () => {
    const iifeIntegrity = (await (await fetch(`${IIFE}.sri`)).text()).trim();
    for (const code of ['ms', 'id', 'th']) {
      const written = await fetch(`/dist/locales/${code}.js.sri`);
      expect(written.ok, `npm run build wrote dist/locales/${code}.js.sri`).to.equal(true);
      const packIntegrity = (await written.text()).trim();
      expect(packIntegrity).to.equal(await sha384(await (await fetch(`/dist/locales/${code}.js`)).arrayBuffer()));
      const frame = await openPage(`/integration/sri?${new URLSearchParams({ integrity: iifeIntegrity, pack: code, packIntegrity })}`);
      await until(() => registry(frame).get('finsify-connect'), 'the IIFE ran');
      const picker = doc(frame).createElement('finsify-service-picker') as HTMLElement & { locale: string; services: unknown; updateComplete: Promise<unknown> };
      picker.locale = code;
      picker.services = [];
      doc(frame).body.append(picker);
      await picker.updateComplete;
      expect(picker.shadowRoot!.querySelector('[part~="label"]')!.textContent, `${code} pack ran`).to.not.equal('Find your bank or service');
    }
  });

  it('the SRI hash the build writes (dist/finsify-connect.iife.js.sri, the one it prints) is that of the file and lets the IIFE run; a wrong one blocks it', async () => {
    const written = await fetch(`${IIFE}.sri`);
    expect(written.ok, 'npm run build wrote dist/finsify-connect.iife.js.sri').to.equal(true);
    const integrity = (await written.text()).trim();
    // Computed here, by the browser, from the bytes it is served: not by scripts/sri.mjs.
    expect(integrity, "the hash of the file's bytes").to.equal(await sha384(await (await fetch(IIFE)).arrayBuffer()));

    const good = await openPage(`/integration/sri?${new URLSearchParams({ integrity })}`);
    await until(() => registry(good).get('finsify-connect'), 'the IIFE ran under its integrity hash');
    const bad = await openPage(`/integration/sri?${new URLSearchParams({ integrity: await sha384(new TextEncoder().encode('not the bundle')) })}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(registry(bad).get('finsify-connect'), 'a mismatching hash blocks the script').to.equal(undefined);
  });
});
