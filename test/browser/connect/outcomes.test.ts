// What the person reads after each outcome, in English and Vietnamese. Every outcome is driven
// for real (the fake token endpoint, the fake connect page and callback, a blocked popup, a
// timeout) and the text is written out here, never read from the message table.
import { expect, fixture, html } from '@open-wc/testing';
import type { FinsifyConnect } from '../../../src/connect.js';
import type { Service } from '../../../src/catalog/types.js';
import { FinsifyServiceSelectEvent } from '../../../src/events.js';
import { button, capturePopups, provider, record, settle, statusText, terminals, tokenUrl, WAIT_PAGE, type Recorded } from './helpers.js';

type Locale = 'en' | 'vi';

interface Outcome {
  name: string;
  /** Sets the element up so that `open()` ends in this outcome. */
  drive: (el: FinsifyConnect) => void;
  /** `finsify-error` (an alert) or not (a status). */
  error: boolean;
  en: string;
  vi: string;
}

const status = (value: string) => (el: FinsifyConnect) => void (el.tokenUrl = tokenUrl({ status: value, login_id: 5 }).url);
const scenario = (name: string, extra: Record<string, string> = {}) => (el: FinsifyConnect) => void (el.tokenUrl = tokenUrl({ scenario: name, ...extra }).url);
const finsify = (error: string, http: number) => scenario('finsify', { error, http: String(http) });

const EXPIRED = { en: 'The session expired. Please try again.', vi: 'Phiên đã hết hạn. Vui lòng thử lại.' };
const UNAVAILABLE = { en: 'Connecting is unavailable right now. Please try again later.', vi: 'Tạm thời chưa thể kết nối. Vui lòng thử lại sau.' };
const SETUP = {
  en: 'Connecting is not set up right. Please contact support.',
  vi: 'Kết nối chưa được thiết lập đúng. Vui lòng liên hệ bộ phận hỗ trợ.',
};
const FAILED = { en: 'Could not connect Vietcombank. Please try again.', vi: 'Không kết nối được Vietcombank. Vui lòng thử lại.' };

const OUTCOMES: Outcome[] = [
  {
    name: 'status login_wrong_credentials',
    drive: status('login_wrong_credentials'),
    error: true,
    en: 'Wrong username or password. Please check and try again.',
    vi: 'Sai tên đăng nhập hoặc mật khẩu. Vui lòng kiểm tra và thử lại.',
  },
  {
    name: 'status login_account_locked',
    drive: status('login_account_locked'),
    error: true,
    en: 'Your account is locked. Please contact Vietcombank to unlock it.',
    vi: 'Tài khoản đã bị khóa. Vui lòng liên hệ Vietcombank để mở khóa.',
  },
  {
    name: 'status login_password_expired',
    drive: status('login_password_expired'),
    error: true,
    en: 'Your password has expired. Change it at Vietcombank, then reconnect.',
    vi: 'Mật khẩu đã hết hạn. Vui lòng đổi mật khẩu tại Vietcombank rồi kết nối lại.',
  },
  { name: 'status token_expired (the sandbox, on an expired token)', drive: status('token_expired'), error: true, ...EXPIRED },
  { name: 'any other status', drive: status('failed'), error: true, ...FAILED },
  { name: 'status cancel', drive: status('cancel'), error: false, en: 'Cancelled. You can start again.', vi: 'Đã hủy. Bạn có thể bắt đầu lại.' },
  {
    name: 'timeout',
    drive: (el) => {
      el.timeout = 0.5;
      el.tokenProvider = provider(() => WAIT_PAGE).fn;
    },
    error: false,
    en: 'Time ran out. Please try again.',
    vi: 'Đã hết thời gian chờ. Vui lòng thử lại.',
  },
  {
    name: 'PopupBlocked',
    drive: (el) => {
      el.tokenUrl = tokenUrl().url;
      window.open = () => null;
    },
    error: true,
    en: 'The pop-up was blocked. Allow pop-ups for this site and try again.',
    vi: 'Cửa sổ bật lên bị chặn. Hãy cho phép cửa sổ bật lên trên trang này rồi thử lại.',
  },
  { name: 'TokenRequestFailed (network)', drive: scenario('network'), error: true, ...UNAVAILABLE },
  { name: 'TokenRequestFailed (not JSON)', drive: scenario('html'), error: true, ...UNAVAILABLE },
  { name: 'TokenResponseInvalid', drive: scenario('missing'), error: true, ...SETUP },
  {
    name: 'CallbackInvalid',
    drive: (el) => void (el.tokenProvider = provider((state) => `${location.origin}/fixtures/connect/callback/${state}/%7B%22status%22%3A%ZZ`).fn),
    error: true,
    ...FAILED,
  },
  { name: 'Finsify TokenExpire', drive: scenario('expire'), error: true, ...EXPIRED },
  { name: 'Finsify ServerMaintenance', drive: finsify('ServerMaintenance', 503), error: true, ...UNAVAILABLE },
  { name: 'Finsify ConnectError', drive: finsify('ConnectError', 503), error: true, ...UNAVAILABLE },
  { name: 'Finsify InternalError', drive: scenario('finsify500'), error: true, ...UNAVAILABLE },
  { name: 'Finsify TokenCreateError', drive: finsify('TokenCreateError', 500), error: true, ...UNAVAILABLE },
  { name: 'Finsify CustomerCreateError', drive: finsify('CustomerCreateError', 500), error: true, ...UNAVAILABLE },
  { name: 'Finsify ServiceNotFound', drive: finsify('ServiceNotFound', 404), error: true, ...SETUP },
  { name: 'Finsify CustomerNotFound', drive: finsify('CustomerNotFound', 404), error: true, ...SETUP },
  { name: 'Finsify ClientNotFound', drive: finsify('ClientNotFound', 404), error: true, ...SETUP },
  { name: 'Finsify LoginNotFound', drive: finsify('LoginNotFound', 404), error: true, ...SETUP },
  { name: 'Finsify CredentialInvalid', drive: finsify('CredentialInvalid', 400), error: true, ...SETUP },
  { name: 'Finsify DataInvalid', drive: finsify('DataInvalid', 400), error: true, ...SETUP },
  { name: 'Finsify BadRequest', drive: finsify('BadRequest', 400), error: true, ...SETUP },
  { name: 'an unknown Finsify error', drive: finsify('SomethingNew', 418), error: true, ...FAILED },
  { name: 'success', drive: status('success'), error: false, en: 'Vietcombank is connected.', vi: 'Đã kết nối Vietcombank.' },
];

describe('<finsify-connect> tells what happened and what to do next', () => {
  let capture: ReturnType<typeof capturePopups>;
  let events: Recorded[];

  beforeEach(() => {
    capture = capturePopups();
  });

  afterEach(() => {
    capture.restore();
    for (const popup of capture.popups) popup.close();
  });

  async function run(locale: Locale, drive: (el: FinsifyConnect) => void, template = html`<finsify-connect locale=${locale} service-id="8" service-name="Vietcombank"></finsify-connect>`) {
    const el = await fixture<FinsifyConnect>(template);
    events = record(el);
    drive(el);
    await settle(el.open(), events);
    capture.restore();
    await el.updateComplete;
    return el;
  }

  const line = (el: FinsifyConnect) => el.shadowRoot!.querySelector('[part~="status"]')!;

  for (const locale of ['en', 'vi'] as const) {
    describe(locale, () => {
      for (const outcome of OUTCOMES) {
        it(`${outcome.name}: "${outcome[locale]}"`, async () => {
          const el = await run(locale, outcome.drive);
          expect(terminals(events)).to.have.length(1);
          expect(statusText(el)).to.equal(outcome[locale]);
          expect(line(el).getAttribute('role')).to.equal(outcome.error ? 'alert' : 'status');
          if (outcome.error) await expect(el).to.be.accessible();
        });
      }

      it('names no service it does not know: "your bank", capitalised where it starts the line', async () => {
        const el = await run(locale, status('success'), html`<finsify-connect locale=${locale} service-id="8"></finsify-connect>`);
        expect(statusText(el)).to.equal({ en: 'Your bank is connected.', vi: 'Đã kết nối ngân hàng của bạn.' }[locale]);
        const locked = await run(locale, status('login_account_locked'), html`<finsify-connect locale=${locale} service-id="8"></finsify-connect>`);
        expect(statusText(locked)).to.equal(
          { en: 'Your account is locked. Please contact your bank to unlock it.', vi: 'Tài khoản đã bị khóa. Vui lòng liên hệ ngân hàng của bạn để mở khóa.' }[locale],
        );
      });

      it('after a success, the button offers another account of a fixed service, then connects it', async () => {
        const el = await run(locale, status('success'));
        expect(button(el).textContent!.trim()).to.equal({ en: 'Connect another account', vi: 'Kết nối thêm tài khoản' }[locale]);
        await expect(el).to.be.accessible();
        el.tokenUrl = tokenUrl({ status: 'success', login_id: 6 }).url;
        const capture2 = capturePopups();
        try {
          button(el).click();
          await el.updateComplete;
          expect(button(el).textContent!.trim()).to.equal({ en: 'Connecting Vietcombank…', vi: 'Đang kết nối Vietcombank…' }[locale]);
          expect(capture2.popups).to.have.length(1);
        } finally {
          capture2.restore();
          await new Promise((resolve) => el.addEventListener('finsify-success', resolve, { once: true }));
          for (const popup of capture2.popups) popup.close();
        }
        await el.updateComplete;
        expect(button(el).textContent!.trim()).to.equal({ en: 'Connect another account', vi: 'Kết nối thêm tài khoản' }[locale]);
      });

      it('after a reconnect, the button says it is done and starts nothing more', async () => {
        const el = await run(locale, status('success'), html`<finsify-connect locale=${locale} login-id="23456" service-name="Vietcombank"></finsify-connect>`);
        expect(statusText(el)).to.equal({ en: 'Vietcombank is connected.', vi: 'Đã kết nối Vietcombank.' }[locale]);
        expect(button(el).textContent!.trim()).to.equal({ en: 'Reconnected', vi: 'Đã kết nối lại' }[locale]);
        expect(button(el).getAttribute('aria-disabled')).to.equal('true');
        await expect(el).to.be.accessible();
        const before = capture.popups.length;
        button(el).click();
        expect(capture.popups).to.have.length(before);
        expect(el.running).to.equal(false);
        // Another login to reconnect: the button offers it.
        el.loginId = 777;
        await el.updateComplete;
        expect(button(el).textContent!.trim()).to.equal({ en: 'Reconnect Vietcombank', vi: 'Kết nối lại Vietcombank' }[locale]);
        expect(button(el).hasAttribute('aria-disabled')).to.equal(false);
      });

      it('after a success in a picker, the button offers another bank, and a choice in the picker starts it', async () => {
        const picker = document.createElement('div');
        const el = await fixture<FinsifyConnect>(html`<finsify-connect locale=${locale}>${picker}</finsify-connect>`);
        events = record(el);
        el.tokenUrl = tokenUrl({ status: 'success', login_id: 8 }).url;
        picker.dispatchEvent(new FinsifyServiceSelectEvent({ service: { id: 12, name: 'Techcombank' } as Service }));
        await new Promise((resolve) => el.addEventListener('finsify-success', resolve, { once: true }));
        await el.updateComplete;
        expect(statusText(el)).to.equal({ en: 'Techcombank is connected.', vi: 'Đã kết nối Techcombank.' }[locale]);
        expect(button(el).textContent!.trim()).to.equal({ en: 'Connect another bank', vi: 'Kết nối ngân hàng khác' }[locale]);
        picker.dispatchEvent(new FinsifyServiceSelectEvent({ service: { id: 4, name: 'VietinBank' } as Service }));
        await el.updateComplete;
        expect(button(el).textContent!.trim()).to.equal({ en: 'Connecting VietinBank…', vi: 'Đang kết nối VietinBank…' }[locale]);
        await new Promise((resolve) => el.addEventListener('finsify-success', resolve, { once: true }));
        await el.updateComplete;
        expect(statusText(el)).to.equal({ en: 'VietinBank is connected.', vi: 'Đã kết nối VietinBank.' }[locale]);
      });
    });
  }

  describe('strings', () => {
    // Every key answers with its own name: whatever the outcome, the partner's text is shown.
    const everyKey = new Proxy({}, { get: (_, key) => (typeof key === 'string' ? `[${key} {name}]` : undefined) });

    const KEYS: Array<[string, (el: FinsifyConnect) => void, string]> = [
      ['login_wrong_credentials', status('login_wrong_credentials'), 'errorWrongPassword'],
      ['login_account_locked', status('login_account_locked'), 'errorLocked'],
      ['login_password_expired', status('login_password_expired'), 'errorPasswordExpired'],
      ['cancel', status('cancel'), 'statusCancelled'],
      ['another status', status('failed'), 'errorGeneric'],
      ['ServiceNotFound', finsify('ServiceNotFound', 404), 'errorSetup'],
      ['ServerMaintenance', finsify('ServerMaintenance', 503), 'errorUnavailable'],
      ['TokenExpire', scenario('expire'), 'errorExpired'],
      ['success', status('success'), 'statusSuccess'],
    ];

    for (const [name, drive, key] of KEYS) {
      it(`replace the text of ${name}`, async () => {
        const el = await fixture<FinsifyConnect>(html`<finsify-connect service-id="8" service-name="Vietcombank"></finsify-connect>`);
        el.strings = everyKey;
        events = record(el);
        drive(el);
        await settle(el.open(), events);
        await el.updateComplete;
        expect(statusText(el)).to.equal(`[${key} Vietcombank]`);
        if (key === 'statusSuccess') expect(button(el).textContent!.trim()).to.equal('[connectMore Vietcombank]');
      });
    }

    it('replace one text and leave the others, in any locale', async () => {
      const el = await fixture<FinsifyConnect>(html`<finsify-connect locale="vi" service-id="8" service-name="Vietcombank"></finsify-connect>`);
      el.strings = { errorLocked: 'Khóa rồi: gọi {name} nhé.', connectMore: 'Thêm nữa' };
      events = record(el);
      status('login_account_locked')(el);
      await settle(el.open(), events);
      await el.updateComplete;
      expect(statusText(el)).to.equal('Khóa rồi: gọi Vietcombank nhé.');
      status('success')(el);
      await settle(el.open(), events);
      await el.updateComplete;
      expect(statusText(el)).to.equal('Đã kết nối Vietcombank.');
      expect(button(el).textContent!.trim()).to.equal('Thêm nữa');
    });
  });
});
