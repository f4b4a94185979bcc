import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendMouse } from '@web/test-runner-commands';
import type { Service } from '../../../src/catalog/types.js';
import { FinsifyConnect } from '../../../src/connect.js';
import { FinsifyServiceSelectEvent } from '../../../src/events.js';
import {
  broadcast,
  button,
  capturePopups,
  connectElement,
  provider,
  record,
  resultMessage,
  settle,
  statusText,
  terminals,
  tokenRequests,
  tokenUrl,
  WAIT_PAGE,
  until,
  type Recorded,
  seenOnConnectPage,
} from './helpers.js';

const vietcombank = { id: 12, name: 'Vietcombank', provider: 'Finsify' } as Service;

/** A stand-in for `<finsify-service-picker>`: a button that fires `finsify-service-select` on click. */
function fakePicker(): HTMLElement & { opened?: boolean } {
  const picker: HTMLElement & { opened?: boolean } = document.createElement('div');
  picker.className = 'picker';
  const option = document.createElement('button');
  option.textContent = 'Vietcombank';
  option.addEventListener('click', () => {
    const before = popupCount;
    picker.dispatchEvent(new FinsifyServiceSelectEvent({ service: vietcombank }));
    // Was the popup opened inside this very dispatch, i.e. within the person's click?
    picker.opened = popupCount > before;
  });
  picker.append(option);
  return picker;
}

let popupCount = 0;

// A parent for fixtures, given as fixture()'s parentNode (which also removes it). Not rendered
// by fixture() itself: for a plain element it waits for an animation frame, which never comes
// while a popup from an earlier test keeps this page hidden.
const holder = (): HTMLElement => document.createElement('div');

async function clickOn(element: Element) {
  const rect = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
}

describe('<finsify-connect>', () => {
  let capture: ReturnType<typeof capturePopups>;

  beforeEach(() => {
    capture = capturePopups();
    const original = window.open;
    window.open = function (this: Window, ...args: Parameters<typeof window.open>) {
      popupCount++;
      return original.apply(this, args);
    } as typeof window.open;
    const restore = capture.restore;
    capture.restore = () => {
      window.open = original;
      restore();
    };
  });

  afterEach(async () => {
    capture.restore();
    for (const popup of capture.popups) popup.close();
  });

  describe('button', () => {
    it('says what it connects', async () => {
      const el = await connectElement();
      expect(button(el).textContent!.trim()).to.equal('Connect Vietcombank');
      el.serviceName = undefined;
      await el.updateComplete;
      expect(button(el).textContent!.trim()).to.equal('Connect your bank');
    });

    it('says Reconnect with a login-id', async () => {
      const el = await connectElement(html`<finsify-connect login-id="23456" service-name="Vietcombank"></finsify-connect>`);
      expect(button(el).textContent!.trim()).to.equal('Reconnect Vietcombank');
      expect(el.loginId).to.equal(23456);
      el.serviceName = '';
      await el.updateComplete;
      expect(button(el).textContent!.trim()).to.equal('Reconnect your bank');
    });

    it('speaks Vietnamese from the nearest lang, or the locale attribute', async () => {
      const wrapper = holder();
      wrapper.lang = 'vi';
      const el = await fixture<FinsifyConnect>(html`<finsify-connect service-id="8" service-name="Vietcombank"></finsify-connect>`, { parentNode: wrapper });
      expect(button(el).textContent!.trim()).to.equal('Kết nối Vietcombank');
      el.setAttribute('locale', 'en');
      await el.updateComplete;
      expect(button(el).textContent!.trim()).to.equal('Connect Vietcombank');
      el.locale = 'vi';
      el.loginId = 3;
      el.serviceName = undefined;
      await el.updateComplete;
      expect(button(el).textContent!.trim()).to.equal('Kết nối lại ngân hàng của bạn');
    });

    it('takes partner wording for any message', async () => {
      const el = await connectElement();
      el.strings = { connect: 'Link {name}' };
      await el.updateComplete;
      expect(button(el).textContent!.trim()).to.equal('Link Vietcombank');
    });

    it('ignores ids that are not positive integers', async () => {
      const el = await connectElement(html`<finsify-connect service-id="8x" login-id="-3"></finsify-connect>`);
      expect(el.serviceId).to.equal(undefined);
      expect(el.loginId).to.equal(undefined);
    });

    it('is busy but focusable during a flow, and says so', async () => {
      const el = await connectElement();
      el.tokenProvider = provider(() => WAIT_PAGE).fn;
      const outcome = el.open();
      await el.updateComplete;
      const b = button(el);
      expect(b.getAttribute('aria-busy')).to.equal('true');
      expect(b.getAttribute('aria-disabled')).to.equal('true');
      expect(b.disabled).to.equal(false);
      expect(b.textContent!.trim()).to.equal('Connecting Vietcombank…');
      expect(el.hasAttribute('busy')).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part~="spinner"]')).not.to.equal(null);
      expect(statusText(el)).to.equal('Finish connecting in the window that opened.');
      el.remove();
      await outcome;
      await el.updateComplete;
      expect(b.getAttribute('aria-busy')).to.equal('false');
      expect(el.hasAttribute('busy')).to.equal(false);
    });
  });

  it('makes one token request for a double click', async () => {
    const el = await connectElement();
    const events = record(el);
    // The popup waits on the connect page until the test ends the flow: under load the second
    // click can come a second after the first (WebKit's WebDriver), and a flow that had ended by
    // then would rightly start again.
    const { url, key } = tokenUrl({ login_id: 5, delay: 300, callback: 'wait' });
    el.tokenUrl = url;
    const b = button(el);
    const rect = b.getBoundingClientRect();
    const position: [number, number] = [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)];
    // One command for both clicks: WebDriver takes about a second per click (WebKit), so two
    // commands would be two separate presses.
    await executeServerCommand('double-click', position);
    await until(async () => (await tokenRequests(key)).length > 0, 'no token request');
    // Time for a second request, were the second click to start one.
    await aTimeout(500);
    const requests = await tokenRequests(key);
    expect(requests).to.have.length(1);
    expect(capture.popups).to.have.length(1);
    const state = requests[0]!.body['state'] as string;
    broadcast(state, resultMessage(state, { status: 'success', login_id: 5 }));
    await until(() => terminals(events).length > 0, 'no result');
    expect(terminals(events)).to.have.length(1);
  });

  it('returns the running flow from a second open() and focuses its popup', async () => {
    const el = await connectElement();
    const tokens = provider(() => WAIT_PAGE);
    el.tokenProvider = tokens.fn;
    const first = el.open();
    const second = el.open();
    expect(second).to.equal(first);
    expect(capture.popups).to.have.length(1);
    await until(() => tokens.calls.length === 1);
    broadcast(tokens.state(), resultMessage(tokens.state(), { status: 'success', login_id: 1 }));
    await first;
    expect(tokens.calls).to.have.length(1);
  });

  it('starts the flow for a service chosen in a slotted picker, inside the same click', async () => {
    const el = await connectElement(html`<finsify-connect>${fakePicker()}</finsify-connect>`);
    const events = record(el);
    // The popup waits on the connect page until the test ends the flow: a WebDriver click (WebKit)
    // returns about a second later, when a flow that went on by itself had already ended.
    const { url, key } = tokenUrl({ login_id: 77, callback: 'wait' });
    el.tokenUrl = url;
    expect(button(el).textContent!.trim()).to.equal('Connect your bank');
    const picker = el.querySelector<HTMLElement & { opened?: boolean }>('.picker')!;
    await clickOn(picker.querySelector('button')!);
    expect(picker.opened).to.equal(true);
    await el.updateComplete;
    expect(button(el).textContent!.trim()).to.equal('Connecting Vietcombank…');
    await until(async () => (await tokenRequests(key)).length > 0, 'no token request');
    const request = (await tokenRequests(key))[0]!;
    expect(request.body['service_id']).to.equal(12);
    const state = request.body['state'] as string;
    broadcast(state, resultMessage(state, { status: 'success', login_id: 77 }));
    await until(() => terminals(events).length > 0, 'no result');
    expect(terminals(events)[0]!.detail).to.deep.equal({ status: 'success', login_id: 77, service_id: 12 });
    await el.updateComplete;
    // Connected: the button offers the next bank, and asks for it in the picker.
    expect(statusText(el)).to.equal('Vietcombank is connected.');
    expect(button(el).textContent!.trim()).to.equal('Connect another bank');
    button(el).click();
    await el.updateComplete;
    expect(statusText(el)).to.equal('Choose your bank first.');
    expect(button(el).textContent!.trim()).to.equal('Connect your bank');
    expect(capture.popups).to.have.length(1);
  });

  it('asks to choose a bank first when the button is pressed before the picker', async () => {
    const el = await connectElement(html`<finsify-connect token-url="/fixtures/connect/token">${fakePicker()}</finsify-connect>`);
    button(el).click();
    await el.updateComplete;
    expect(statusText(el)).to.equal('Choose your bank first.');
    expect(capture.popups).to.have.length(0);
  });

  it('starts from a slotted trigger of the partner', async () => {
    const el = await connectElement(html`<finsify-connect service-id="8"><button slot="trigger" id="mine">Link my bank</button></finsify-connect>`);
    const events = record(el);
    el.tokenUrl = tokenUrl({ login_id: 3 }).url;
    expect(el.querySelector('#mine')!.checkVisibility()).to.equal(true);
    expect(button(el).checkVisibility()).to.equal(false);
    await clickOn(el.querySelector('#mine')!);
    expect(capture.popups).to.have.length(1);
    await until(() => terminals(events).length > 0, 'no result');
    expect(terminals(events)[0]!.type).to.equal('finsify-success');
  });

  it('brings focus back to its button when the popup closes', async () => {
    const el = await connectElement(html`<finsify-connect>${fakePicker()}</finsify-connect>`);
    const events = record(el);
    el.closedGracePeriod = 50;
    el.tokenProvider = provider(() => WAIT_PAGE).fn;
    const option = el.querySelector('.picker button') as HTMLButtonElement;
    // A mouse click, not Enter: with test files sharing one Firefox, key presses may reach
    // another page. Focus is then put on the option as a keyboard user's would be.
    await clickOn(option);
    option.focus();
    await until(() => events.some((event) => event.type === 'finsify-open'), 'not opened');
    expect(document.activeElement).to.equal(option);
    await seenOnConnectPage(capture.popups[0]!);
    capture.popups[0]!.close();
    await until(() => terminals(events).length > 0, 'not ended');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(statusText(el)).to.equal('Connecting did not finish. You can try again.');
  });

  it('leaves focus alone when the person has moved elsewhere', async () => {
    const wrapper = holder();
    const el = await fixture<FinsifyConnect>(html`<finsify-connect service-id="8"></finsify-connect>`, { parentNode: wrapper });
    wrapper.append(Object.assign(document.createElement('input'), { ariaLabel: 'elsewhere' }));
    const events = record(el);
    el.tokenProvider = provider(() => WAIT_PAGE).fn;
    el.closedGracePeriod = 50;
    const outcome = el.open();
    await until(() => events.some((event) => event.type === 'finsify-open'));
    wrapper.querySelector('input')!.focus();
    await seenOnConnectPage(capture.popups[0]!);
    capture.popups[0]!.close();
    await settle(outcome, events);
    expect(document.activeElement).to.equal(wrapper.querySelector('input'));
  });

  it('shows an error in an alert and takes the next click as a new flow', async () => {
    const el = await connectElement();
    const events = record(el);
    el.tokenUrl = tokenUrl({ scenario: 'expire' }).url;
    await settle(el.open(), events);
    await el.updateComplete;
    const status = el.shadowRoot!.querySelector('[part~="status"]')!;
    expect(status.getAttribute('role')).to.equal('alert');
    expect(status.getAttribute('part')).to.equal('status status-error');
    expect(status.textContent!.trim()).to.equal('The session expired. Please try again.');
    el.tokenUrl = tokenUrl({ login_id: 2 }).url;
    const outcome = await settle(el.open(), events);
    expect(outcome.type).to.equal('success');
    await el.updateComplete;
    expect(statusText(el)).to.equal('Vietcombank is connected.');
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.getAttribute('role')).to.equal('status');
  });

  it('names every node with a part', async () => {
    const el = await connectElement();
    el.tokenProvider = provider(() => WAIT_PAGE).fn;
    const outcome = el.open();
    await el.updateComplete;
    const unnamed = [...el.shadowRoot!.querySelectorAll('*')].filter((node) => node.localName !== 'slot' && !node.hasAttribute('part'));
    expect(unnamed.map((node) => node.localName)).to.deep.equal([]);
    el.remove();
    await outcome;
  });

  describe('accessibility', () => {
    for (const theme of ['light', 'dark'] as const) {
      it(`passes axe idle, busy and in error (${theme})`, async () => {
        const el = await fixture<FinsifyConnect>(html`<finsify-connect theme=${theme} service-id="8" service-name="Vietcombank"></finsify-connect>`);
        await expect(el).to.be.accessible();
        el.tokenProvider = provider(() => WAIT_PAGE).fn;
        const outcome = el.open();
        await el.updateComplete;
        await expect(el).to.be.accessible();
        el.remove();
        await outcome;
        const again = await fixture<FinsifyConnect>(html`<finsify-connect theme=${theme} service-id="8"></finsify-connect>`);
        again.tokenUrl = tokenUrl({ scenario: 'finsify500' }).url;
        await again.open();
        await again.updateComplete;
        expect(statusText(again)).to.equal('Connecting is unavailable right now. Please try again later.');
        await expect(again).to.be.accessible();
      });
    }

    // Emulating media needs CDP: Chromium only (Firefox is driven over WebDriver BiDi, WebKit over
    // classic WebDriver, neither of which can set prefers-color-scheme).
    if (navigator.userAgent.includes('Chrome/')) {
      it('passes axe under prefers-color-scheme: dark', async () => {
        await emulateMedia({ colorScheme: 'dark' });
        try {
          const el = await fixture<FinsifyConnect>(html`<finsify-connect service-id="8"></finsify-connect>`);
          expect(getComputedStyle(el).getPropertyValue('--finsify-surface').trim()).to.equal('#16191d');
          el.tokenUrl = tokenUrl({ scenario: 'html' }).url;
          await el.open();
          await el.updateComplete;
          await expect(el).to.be.accessible();
        } finally {
          await emulateMedia({ colorScheme: 'light' });
        }
      });
    }
  });

  it('registers once, even when defined again', async () => {
    const { defineElement } = await import('../../../src/define.js');
    expect(() => defineElement('finsify-connect', class extends FinsifyConnect {})).not.to.throw();
    expect(customElements.get('finsify-connect')).to.equal(FinsifyConnect);
  });
});

export type { Recorded };
