import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../../src/picker.js';
import type { FinsifyConnect } from '../../../src/connect.js';
import { broadcast, button, capturePopups, record, resultMessage, statusText, terminals, tokenRequests, tokenUrl, until } from './helpers.js';

const catalog = [
  { id: 12, name: 'Vietcombank', provider: 'Finsify', media_path: null, cover_file_name: null, logo_file_name: null, color: { primary: '0A6E3B', secondary: 'FFFFFF' }, type: 'bank', country_code: 'VN', has_balance: true, call_to_action: null },
  { id: 67, name: 'AmBank', provider: 'Finsify', media_path: null, cover_file_name: null, logo_file_name: null, color: { primary: 'ED1B24', secondary: 'FEF200' }, type: 'bank', country_code: 'MY', has_balance: true, call_to_action: null },
];

describe('<finsify-connect> with a slotted <finsify-service-picker>', () => {
  it('connects the service chosen by a click, opening the popup inside that click', async () => {
    const capture = capturePopups();
    try {
      // The popup waits on the connect page until the test ends the flow, after the click returned:
      // a WebDriver click (WebKit) returns about a second later, long after a flow that went on by itself.
      const { url, key } = tokenUrl({ login_id: 31, callback: 'wait' });
      const el = await fixture<FinsifyConnect>(html`<finsify-connect token-url=${url}><finsify-service-picker .services=${catalog}></finsify-service-picker></finsify-connect>`);
      const events = record(el);
      const picker = el.querySelector('finsify-service-picker')!;
      let option: HTMLElement | null = null;
      await until(() => (option = [...picker.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')].find((node) => node.textContent!.includes('AmBank')) ?? null));
      let openedInClick = false;
      // Runs after the element's own listener (added in its constructor), still inside the dispatch.
      el.addEventListener('finsify-service-select', () => (openedInClick = capture.popups.length === 1));
      const rect = option!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
      expect(openedInClick).to.equal(true);
      await until(async () => (await tokenRequests(key)).length > 0);
      const request = (await tokenRequests(key))[0]!;
      expect(request.body['service_id']).to.equal(67);
      expect(terminals(events)).to.have.length(0);
      const state = request.body['state'] as string;
      broadcast(state, resultMessage(state, { status: 'success', login_id: 31 }));
      await until(() => terminals(events).length > 0);
      expect(terminals(events)[0]!.detail).to.deep.equal({ status: 'success', login_id: 31, service_id: 67 });
      await el.updateComplete;
      expect(statusText(el)).to.equal('AmBank is connected.');
      expect(button(el).textContent!.trim()).to.equal('Connect another bank');
      expect(el.shadowRoot!.activeElement).to.equal(button(el));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(terminals(events)).to.have.length(1);
    } finally {
      capture.restore();
      for (const popup of capture.popups) popup.close();
    }
  });
});
