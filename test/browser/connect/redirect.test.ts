import { expect } from '@open-wc/testing';
import type { FinsifyConnect } from '../../../src/connect.js';
import { createState } from '../../../src/contract/state.js';
import { nextTask, record, SECRET, tokenRequests, tokenUrl, until, type Recorded } from './helpers.js';

type HostWindow = Window & { finsifyEvents: Recorded[] };

const HOST = '/test/browser/connect/pages/redirect-host.html';
const terminal = (events: Recorded[]) => events.filter((event) => ['finsify-success', 'finsify-error', 'finsify-exit'].includes(event.type));
const names = (events: Recorded[]) => events.filter((event) => event.type === 'finsify-event').map((event) => event.detail['name']);
const storedKeys = () => Object.keys(sessionStorage).filter((key) => key.startsWith('finsify-connect:'));

describe('<finsify-connect> redirect mode', () => {
  let frame: HTMLIFrameElement;

  const host = () => frame.contentWindow as HostWindow;
  const element = () => frame.contentDocument!.querySelector<FinsifyConnect>('finsify-connect')!;

  async function load(src: string) {
    frame = document.createElement('iframe');
    frame.title = 'partner page';
    frame.src = src;
    document.body.append(frame);
    await until(() => frame.contentWindow?.location.pathname === HOST && frame.contentWindow.customElements?.get('finsify-connect') && element()?.shadowRoot);
  }

  afterEach(() => {
    frame?.remove();
    for (const key of storedKeys()) sessionStorage.removeItem(key);
  });

  /** Clicks the button (or runs `start`) and follows the page to Finsify and back; returns what the page saw before leaving. */
  async function roundTrip(start = () => element().shadowRoot!.querySelector('button')!.click()): Promise<{ before: Recorded[]; after: Recorded[] }> {
    const before = host().finsifyEvents;
    start();
    // A new document has its own event list: wait for the one the page came back to.
    await until(() => {
      try {
        const events = host().finsifyEvents;
        return events !== before && host().location.pathname === HOST && terminal(events ?? []).length > 0;
      } catch {
        return false;
      }
    }, 'no result after the round trip');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { before, after: host().finsifyEvents };
  }

  it('goes to connect_url and back, then dispatches the result once', async () => {
    const { url, key } = tokenUrl({ login_id: 23456, secret: SECRET });
    const page = `${HOST}?mode=redirect&token=${encodeURIComponent(url)}`;
    await load(page);
    const { before, after } = await roundTrip();
    expect(names(before)).to.deep.equal(['TOKEN_REQUESTED', 'TOKEN_RECEIVED', 'REDIRECTING']);
    expect(before.find((event) => event.type === 'finsify-open')!.detail).to.deep.equal({ service_id: 8, token_id: 'tok-ok' });
    expect(terminal(after)).to.deep.equal([{ type: 'finsify-success', detail: { status: 'success', login_id: 23456, secret: SECRET, service_id: 8 } }]);
    expect(after.filter((event) => event.type === 'finsify-event').map((event) => [event.detail['name'], event.detail['via'], event.detail['mode']])).to.deep.equal([
      ['CALLBACK_RECEIVED', 'storage', 'redirect'],
      ['SUCCESS', undefined, 'redirect'],
    ]);
    expect(JSON.stringify([...before, ...after].filter((event) => event.type === 'finsify-event'))).not.to.include(SECRET);
    // Back on the page that started it, with no payload in its address, nothing left stored.
    expect(host().location.pathname + host().location.search).to.equal(page);
    expect(storedKeys()).to.deep.equal([]);
    expect((await tokenRequests(key))).to.have.length(1);
    // A reload dispatches nothing again.
    // The reloaded document, not the old one still showing while the reload starts (Firefox).
    const reloaded = host().document;
    host().location.reload();
    await until(() => host().document !== reloaded && host().document.readyState === 'complete' && element()?.shadowRoot && host().finsifyEvents);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(terminal(host().finsifyEvents)).to.have.length(0);
  });

  it('names the service chosen in a picker when the page is back ("Techcombank is connected.")', async () => {
    const { url } = tokenUrl({ login_id: 23457, secret: SECRET });
    await load(`${HOST}?mode=redirect&pick=1&token=${encodeURIComponent(url)}`);
    const choose = () =>
      frame.contentDocument!.querySelector('#picker')!.dispatchEvent(
        new CustomEvent('finsify-service-select', { bubbles: true, composed: true, detail: { service: { id: 12, name: 'Techcombank' } } }),
      );
    const { after } = await roundTrip(choose);
    expect(terminal(after)).to.deep.equal([{ type: 'finsify-success', detail: { status: 'success', login_id: 23457, secret: SECRET, service_id: 12 } }]);
    await element().updateComplete;
    const shadow = element().shadowRoot!;
    expect(shadow.querySelector('[part~="status"]')!.textContent!.trim()).to.equal('Techcombank is connected.');
    expect(shadow.querySelector('button')!.textContent!.trim()).to.equal('Connect another bank');
  });

  it('in auto mode, falls back to a redirect when window.open gives null', async () => {
    const { url } = tokenUrl({ login_id: 4 });
    await load(`${HOST}?mode=auto&block=1&token=${encodeURIComponent(url)}`);
    const { before, after } = await roundTrip();
    expect(names(before)).to.deep.equal(['POPUP_BLOCKED', 'TOKEN_REQUESTED', 'TOKEN_RECEIVED', 'REDIRECTING']);
    expect(before.every((event) => event.type !== 'finsify-event' || event.detail['mode'] === 'auto')).to.equal(true);
    expect(terminal(after)).to.deep.equal([{ type: 'finsify-success', detail: { status: 'success', login_id: 4, service_id: 8 } }]);
  });

  it('in auto mode, ends with PopupBlocked instead of redirecting when the tab cannot keep the flow', async () => {
    const { url, key } = tokenUrl({ login_id: 4 });
    await load(`${HOST}?mode=auto&block=1&nostorage=1&token=${encodeURIComponent(url)}`);
    element().shadowRoot!.querySelector('button')!.click();
    await until(() => terminal(host().finsifyEvents).length > 0, 'no terminal event');
    expect(terminal(host().finsifyEvents)).to.deep.equal([
      {
        type: 'finsify-error',
        detail: { error: 'PopupBlocked', message: 'Popup blocked, and no session storage to redirect with' },
      },
    ]);
    expect(names(host().finsifyEvents)).to.deep.equal(['POPUP_BLOCKED', 'ERROR']);
    // Nothing half-done: no token asked for, and the page stayed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await tokenRequests(key)).to.have.length(0);
    expect(host().location.pathname).to.equal(HOST);
    expect(element().shadowRoot!.textContent).to.include('Allow pop-ups');
  });

  it('brings a cancel back as finsify-exit cancelled', async () => {
    const { url } = tokenUrl({ status: 'cancelled' });
    await load(`${HOST}?mode=redirect&token=${encodeURIComponent(url)}`);
    const { after } = await roundTrip();
    expect(terminal(after)).to.deep.equal([{ type: 'finsify-exit', detail: { reason: 'cancelled' } }]);
  });

  for (const [label, age, reason] of [
    ['a person who came back without a result', 1000, 'cancelled'],
    ['a flow older than its timeout', 901_000, 'timeout'],
  ] as const) {
    it(`ends ${label} with finsify-exit ${reason}`, async () => {
      const state = createState();
      const page = `${location.origin}${HOST}?mode=redirect`;
      sessionStorage.setItem(`finsify-connect:pending:${state}`, JSON.stringify({ state, service_id: 8, returnUrl: page, startedAt: Date.now() - age, timeoutMs: 900_000 }));
      await load(page);
      await until(() => terminal(host().finsifyEvents).length > 0);
      expect(terminal(host().finsifyEvents)).to.deep.equal([{ type: 'finsify-exit', detail: { reason } }]);
      expect(storedKeys()).to.deep.equal([]);
    });
  }

  it('leaves a flow of another page or login alone', async () => {
    const state = createState();
    const other = createState();
    sessionStorage.setItem(`finsify-connect:pending:${state}`, JSON.stringify({ state, service_id: 8, returnUrl: `${location.origin}/elsewhere.html`, startedAt: Date.now(), timeoutMs: 900_000 }));
    sessionStorage.setItem(`finsify-connect:pending:${other}`, JSON.stringify({ state: other, login_id: 5, returnUrl: `${location.origin}${HOST}`, startedAt: Date.now(), timeoutMs: 900_000 }));
    await load(`${HOST}?mode=redirect`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(terminal(host().finsifyEvents)).to.have.length(0);
    expect(storedKeys().sort()).to.deep.equal([`finsify-connect:pending:${state}`, `finsify-connect:pending:${other}`].sort());
  });
});

describe('<finsify-connect> picking up a redirect flow on return', () => {
  const RESULT_SECRET = 'sek-12345678';

  /** A flow this page started before it left, with its result as the callback page stores it. */
  function returned(fields: Record<string, unknown>): void {
    const state = createState();
    sessionStorage.setItem(`finsify-connect:pending:${state}`, JSON.stringify({ state, ...fields, returnUrl: location.href, startedAt: Date.now(), timeoutMs: 900_000 }));
    sessionStorage.setItem(`finsify-connect:result:${state}`, JSON.stringify({ type: 'finsify-connect:result', state, result: { status: 'success', login_id: 5, secret: RESULT_SECRET } }));
  }

  const widget = (): FinsifyConnect => document.createElement('finsify-connect');
  const results = (events: Recorded[]) => terminal(events).map((event) => [event.type, event.detail['login_id']]);

  afterEach(() => {
    for (const key of storedKeys()) sessionStorage.removeItem(key);
    for (const element of document.querySelectorAll('finsify-connect')) element.remove();
  });

  it('matches by the properties set after the element was added, as framework wrappers set them', async () => {
    returned({ login_id: 5 });
    const element = widget();
    const events = record(element);
    document.body.append(element);
    element.loginId = 5;
    await until(() => terminal(events).length > 0, 'the reconnect result was not picked up');
    expect(results(events)).to.deep.equal([['finsify-success', 5]]);
    expect(storedKeys()).to.deep.equal([]);
  });

  it("gives each of two widgets its own flow's result, never the other's", async () => {
    returned({ service_id: 9 });
    const [first, second] = [widget(), widget()];
    const [firstEvents, secondEvents] = [record(first), record(second)];
    document.body.append(first, second);
    first.serviceId = 8;
    second.serviceId = 9;
    await until(() => terminal(secondEvents).length > 0, 'the result did not reach its widget');
    expect(results(secondEvents)).to.deep.equal([['finsify-success', 5]]);
    expect(firstEvents).to.deep.equal([]);
  });

  it('returns a flow started by an element with an id to that element only', async () => {
    returned({ service_id: 8, element_id: 'second' });
    const [first, second] = [widget(), widget()];
    second.id = 'second';
    const [firstEvents, secondEvents] = [record(first), record(second)];
    document.body.append(first, second);
    await until(() => terminal(secondEvents).length > 0, 'the result did not reach its widget');
    expect(firstEvents).to.deep.equal([]);
  });

  it("shows the returned flow's service name, read as untrusted", async () => {
    returned({ service_id: 12, service_name: '  Techcombank  ' });
    const element = widget();
    element.locale = 'en';
    const events = record(element);
    document.body.append(element);
    await until(() => terminal(events).length > 0, 'the result was not picked up');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim()).to.equal('Techcombank is connected.');
    element.remove();
    returned({ service_id: 12, service_name: { toString: 'Techcombank' } });
    const odd = widget();
    odd.locale = 'en';
    const oddEvents = record(odd);
    document.body.append(odd);
    await until(() => terminal(oddEvents).length > 0, 'the result was not picked up');
    await odd.updateComplete;
    expect(odd.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim()).to.equal('Your bank is connected.');
  });

  it('leaves a flow still waiting for its token to the element that runs it', async () => {
    const running = widget();
    running.serviceId = 8;
    running.mode = 'redirect';
    running.tokenProvider = () => new Promise(() => {});
    document.body.append(running);
    await nextTask();
    void running.open();
    // Nothing is kept before the page really leaves: another element could take it for a returned flow.
    expect(storedKeys()).to.deep.equal([]);
    const other = widget();
    other.serviceId = 8;
    const otherEvents = record(other);
    document.body.append(other);
    await nextTask(100);
    expect(otherEvents).to.deep.equal([]);
    expect(running.running).to.equal(true);
  });

  it('still delivers the result when the element is removed and added again before it is read', async () => {
    returned({ service_id: 8 });
    const element = widget();
    element.serviceId = 8;
    const events = record(element);
    document.body.append(element);
    element.remove();
    await nextTask();
    document.body.append(element);
    await until(() => terminal(events).length > 0, 'the result was lost');
    expect(results(events)).to.deep.equal([['finsify-success', 5]]);
  });
});
