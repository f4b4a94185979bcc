import { aTimeout, expect } from '@open-wc/testing';
import type { Service } from '../../../src/catalog/types.js';
import type { FinsifyConnect } from '../../../src/connect.js';
import { FinsifyServiceSelectEvent } from '../../../src/events.js';
import {
  assertCleanSteps,
  broadcast,
  button,
  callbackUrl,
  capturePopups,
  connectElement,
  OTHER_ORIGIN,
  popupClosed,
  postPage,
  provider,
  record,
  resultMessage,
  SECRET,
  seenOnConnectPage,
  settle,
  statusText,
  steps,
  terminals,
  tokenUrl,
  WAIT_PAGE,
  windowMessage,
  nextTask,
  until,
  type Recorded,
} from './helpers.js';

const SUCCESS = { status: 'success', login_id: 23456, secret: SECRET };

describe('<finsify-connect> results', () => {
  let capture: ReturnType<typeof capturePopups>;
  let events: Recorded[];
  let el: FinsifyConnect;

  beforeEach(async () => {
    capture = capturePopups();
    el = await connectElement();
    events = record(el);
  });

  afterEach(() => {
    capture.restore();
    for (const popup of capture.popups) popup.close();
    assertCleanSteps(events, SECRET);
  });

  const WAITING = "Still connecting in the other window? When you're done, it finishes here.";
  /** The calm waiting state: no spinner, a polite status, and a button that starts again. */
  const expectWaiting = () => {
    expect(el.hasAttribute('waiting')).to.equal(true);
    expect(statusText(el)).to.equal(WAITING);
    const status = el.shadowRoot!.querySelector('[part~="status"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(el.shadowRoot!.querySelector('[part~="spinner"]')).to.equal(null);
    expect(button(el).textContent!.trim()).to.equal('Start again');
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
    expect(button(el).getAttribute('aria-disabled')).to.equal(null);
  };
  const via = () => events.find((event) => event.detail['name'] === 'CALLBACK_RECEIVED')?.detail['via'];
  const onlyTerminal = () => {
    expect(terminals(events), JSON.stringify(terminals(events))).to.have.length(1);
    return terminals(events)[0]!;
  };

  it('learns a success by reading the popup location, then closes the popup', async () => {
    el.tokenUrl = tokenUrl({ login_id: 23456, secret: SECRET, callback: 'plain' }).url;
    const outcome = await settle(el.open(), events);
    expect(outcome).to.deep.equal({ type: 'success', detail: { status: 'success', login_id: 23456, secret: SECRET, service_id: 8 } });
    expect(via()).to.equal('location');
    expect(onlyTerminal()).to.deep.equal({ type: 'finsify-success', detail: outcome.detail });
    expect(events.find((event) => event.type === 'finsify-open')!.detail).to.deep.equal({ service_id: 8, token_id: 'tok-ok' });
    expect(steps(events)).to.deep.equal(['POPUP_OPENED', 'TOKEN_REQUESTED', 'TOKEN_RECEIVED', 'CALLBACK_RECEIVED', 'SUCCESS']);
    await until(() => capture.popups[0]!.closed, 'popup left open');
  });

  it('opens a centred popup that says "Connecting…" until the token arrives, and times every step', async () => {
    const started = Date.now();
    let answer!: () => void;
    const tokens = provider(() => WAIT_PAGE);
    el.tokenProvider = async (request, context) => {
      await new Promise<void>((resolve) => (answer = resolve));
      return tokens.fn(request, context);
    };
    const features: string[] = [];
    const open = window.open;
    window.open = (...args: Parameters<typeof window.open>) => {
      features.push(String(args[2]));
      return open(...args);
    };
    const outcome = el.open();
    window.open = open;
    const popup = capture.popups[0]!;
    expect(popup.document.querySelector('[role="status"]')!.textContent).to.equal('Connecting Vietcombank…');
    expect(popup.document.documentElement.lang).to.equal('en');
    // Asked for centred over this window (the browser may still keep it on the screen).
    const asked = Object.fromEntries(features[0]!.split(',').map((pair) => pair.split('=') as [string, string]));
    expect(Number(asked['left'])).to.equal(Math.round(window.screenX + (window.outerWidth - Number(asked['width'])) / 2));
    expect(Number(asked['top'])).to.equal(Math.round(window.screenY + (window.outerHeight - Number(asked['height'])) / 2));
    expect(asked['popup']).to.equal('yes');
    answer();
    await until(() => events.some((event) => event.type === 'finsify-open'));
    el.remove();
    await outcome;
    const times = events.filter((event) => event.type === 'finsify-event').map((event) => event.detail['at'] as number);
    expect(times.length).to.be.greaterThan(3);
    for (const [index, at] of times.entries()) {
      expect(at).to.be.within(started, Date.now());
      if (index) expect(at).to.be.at.least(times[index - 1]!);
    }
  });

  it("ignores a callback page in the popup that carries another flow's state", async () => {
    const tokens = provider((state) => callbackUrl(`${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`, SUCCESS, 'plain'));
    el.tokenProvider = tokens.fn;
    el.timeout = 1.5;
    const outcome = await settle(el.open(), events);
    expect(outcome).to.deep.equal({ type: 'exit', detail: { reason: 'timeout' } });
    expect(steps(events)).not.to.include('CALLBACK_RECEIVED');
    onlyTerminal();
  });

  it('learns a success by postMessage alone', async () => {
    const tokens = provider((state) => postPage([resultMessage(state, SUCCESS)]));
    el.tokenProvider = tokens.fn;
    const outcome = await settle(el.open(), events);
    expect(outcome.type).to.equal('success');
    expect(via()).to.equal('message');
    onlyTerminal();
  });

  for (const callback of ['done', 'done-query']) {
    it(`takes a backend-kept done page's result (${callback === 'done' ? 'state as last segment' : 'state parameter'}), with no secret`, async () => {
      el.tokenUrl = tokenUrl({ login_id: 23456, callback }).url;
      const outcome = await settle(el.open(), events);
      expect(outcome).to.deep.equal({ type: 'success', detail: { status: 'success', login_id: 23456, service_id: 8 } });
      onlyTerminal();
    });
  }

  it('learns a success by BroadcastChannel when COOP cuts the popup off from its opener', async () => {
    el.closedGracePeriod = 5000;
    el.tokenUrl = tokenUrl({ login_id: 23456, secret: SECRET, callback: 'coop' }).url;
    const outcome = await settle(el.open(), events);
    expect(outcome).to.deep.equal({ type: 'success', detail: { status: 'success', login_id: 23456, secret: SECRET, service_id: 8 } });
    expect(via()).to.equal('channel');
    onlyTerminal();
  });

  it('learns a success by BroadcastChannel from a callback page with no opener', async () => {
    const tokens = provider(() => WAIT_PAGE);
    el.tokenProvider = tokens.fn;
    const outcome = el.open();
    await until(() => events.some((event) => event.type === 'finsify-open'));
    // A window without opener, as after a COOP browsing-context switch.
    window.open(callbackUrl(tokens.state(), SUCCESS), '_blank', 'noopener');
    expect((await settle(outcome, events)).type).to.equal('success');
    expect(via()).to.equal('channel');
    onlyTerminal();
  });

  for (const kind of ['callback', 'plain']) {
    for (const encode of ['percent', 'raw']) {
      it(`reads a ${encode} payload on the ${kind === 'plain' ? 'location' : 'completeConnect()'} path`, async () => {
        el.tokenUrl = tokenUrl({ login_id: 23456, secret: SECRET, callback: kind, encode }).url;
        const outcome = await settle(el.open(), events);
        expect(outcome.detail).to.deep.equal({ status: 'success', login_id: 23456, secret: SECRET, service_id: 8 });
        // With completeConnect() on the page, reading the location may still win the race.
        expect(via()).to.be.oneOf(kind === 'plain' ? ['location'] : ['location', 'message']);
        onlyTerminal();
      });
    }
  }

  describe('ignores results it must not trust', () => {
    const good = { status: 'success', login_id: 222 };

    async function startWaiting() {
      const tokens = provider(() => WAIT_PAGE);
      el.tokenProvider = tokens.fn;
      const outcome = el.open();
      await until(() => events.some((event) => event.type === 'finsify-open'));
      return { outcome, state: tokens.state() };
    }

    it('a message from another origin, even from the popup itself', async () => {
      let state = '';
      el.tokenProvider = provider((s) => {
        state = s;
        return postPage([resultMessage(s, { status: 'success', login_id: 111 })], '*', OTHER_ORIGIN);
      }).fn;
      const outcome = el.open();
      const seen = await windowMessage((event) => event.origin === OTHER_ORIGIN && event.data?.type === 'test:posted');
      expect(seen.source).to.equal(capture.popups[0]);
      expect(terminals(events)).to.have.length(0);
      broadcast(state, resultMessage(state, good));
      expect((await settle(outcome, events)).detail).to.deep.include({ login_id: 222 });
      onlyTerminal();
    });

    it('a message from another window of our origin', async () => {
      const { outcome, state } = await startWaiting();
      const forged = resultMessage(state, { status: 'success', login_id: 111 });
      const frame = document.createElement('iframe');
      frame.src = postPage([forged]).replace('post.html', 'post.html?frame');
      const posted = windowMessage((event) => event.source === frame.contentWindow && event.data?.type === 'test:posted');
      document.body.append(frame);
      await posted;
      const self = windowMessage((event) => event.source === window && event.data?.result?.login_id === 111);
      window.postMessage(forged, location.origin);
      await self;
      frame.remove();
      expect(terminals(events)).to.have.length(0);
      broadcast(state, resultMessage(state, good));
      expect((await settle(outcome, events)).detail).to.deep.include({ login_id: 222 });
      onlyTerminal();
    });

    it('a result for another state', async () => {
      el.tokenProvider = provider((state) =>
        postPage([resultMessage('x'.repeat(43), { status: 'success', login_id: 111 }), resultMessage(state, good)]),
      ).fn;
      expect((await settle(el.open(), events)).detail).to.deep.include({ login_id: 222 });
      onlyTerminal();
    });

    it('a result for another state on the BroadcastChannel of ours', async () => {
      const { outcome, state } = await startWaiting();
      broadcast(state, resultMessage('y'.repeat(43), { status: 'success', login_id: 111 }));
      broadcast(state, resultMessage(state, good));
      expect((await settle(outcome, events)).detail).to.deep.include({ login_id: 222 });
    });

    it('messages of the wrong shape', async () => {
      el.tokenProvider = provider((state) =>
        postPage([
          'finsify-connect:result',
          null,
          [state],
          { type: 'other', state, result: good },
          { type: 'finsify-connect:result', state },
          { type: 'finsify-connect:result', state, result: { status: 'success', login_id: -1 } },
          { type: 'finsify-connect:result', state, result: { status: 'success', login_id: 1, secret: 'a\nb' } },
          { type: 'finsify-connect:result', state, result: { status: '<b>success</b>', login_id: 1 } },
          { type: 'finsify-connect:result', state: 'short', result: good },
          resultMessage(state, good),
        ]),
      ).fn;
      expect((await settle(el.open(), events)).detail).to.deep.include({ login_id: 222 });
      onlyTerminal();
    });
  });

  describe('statuses other than success', () => {
    it('cancelled ends in finsify-exit cancelled', async () => {
      el.tokenUrl = tokenUrl({ status: 'cancelled' }).url;
      expect(await settle(el.open(), events)).to.deep.equal({ type: 'exit', detail: { reason: 'cancelled' } });
      expect(onlyTerminal().type).to.equal('finsify-exit');
      expect(steps(events).slice(-2)).to.deep.equal(['CALLBACK_RECEIVED', 'EXIT']);
    });

    it('cancel ends in finsify-exit cancelled', async () => {
      el.tokenUrl = tokenUrl({ status: 'cancel', callback: 'plain' }).url;
      expect(await settle(el.open(), events)).to.deep.equal({ type: 'exit', detail: { reason: 'cancelled' } });
    });

    it('any other status ends in ConnectFailed with the status, never the secret', async () => {
      el.tokenUrl = tokenUrl({ status: 'failed', login_id: 5, secret: SECRET }).url;
      const outcome = await settle(el.open(), events);
      expect(outcome.type).to.equal('error');
      expect(outcome.detail).to.deep.include({ error: 'ConnectFailed', extra: { status: 'failed' } });
      expect(JSON.stringify(events)).not.to.include(SECRET);
      expect(onlyTerminal().type).to.equal('finsify-error');
    });

    it('a 64-character status (the longest the contract allows) ends in ConnectFailed, not CallbackInvalid', async () => {
      const status = `login_${'x'.repeat(58)}`;
      el.tokenUrl = tokenUrl({ status }).url;
      const outcome = await settle(el.open(), events);
      expect(status.length).to.equal(64);
      expect(outcome.detail).to.deep.include({ error: 'ConnectFailed', extra: { status } });
    });
  });

  describe('callback payloads', () => {
    const run = async (payload: string) => {
      el.tokenProvider = provider((state) => `${location.origin}/fixtures/connect/callback/${state}/${payload}`).fn;
      const outcome = await settle(el.open(), events);
      onlyTerminal();
      return outcome;
    };

    it('login_id "1" is login 1', async () => {
      expect((await run(encodeURIComponent('{"status":"success","login_id":"1"}'))).detail).to.deep.equal({ status: 'success', login_id: 1, service_id: 8 });
    });

    for (const [label, payload] of [
      ['login_id -1', '{"status":"success","login_id":-1}'],
      ['login_id 1e309', '{"status":"success","login_id":1e309}'],
      ['login_id "12abc"', '{"status":"success","login_id":"12abc"}'],
    ] as const) {
      it(`${label} is CallbackInvalid`, async () => {
        const outcome = await run(encodeURIComponent(payload));
        expect(outcome.type).to.equal('error');
        expect(outcome.detail).to.deep.include({ error: 'CallbackInvalid' });
      });
    }

    it('an oversized payload is CallbackInvalid', async () => {
      // 12 KB: over the 4 KB bound, under the 16 KB request line Node's HTTP server takes (a
      // 50 KB callback URL never reaches a page; parseCallback's own tests cover 50 KB). Too
      // long for a connect_url, so the fake connect page makes it, as a hostile provider could.
      el.tokenProvider = provider((state) => `${location.origin}/fixtures/connect/page?state=${state}&login_id=1&pad=12000`).fn;
      const outcome = await settle(el.open(), events);
      expect(outcome.detail).to.deep.include({ error: 'CallbackInvalid', message: 'Callback URL too long' });
      onlyTerminal();
    });

    it('broken percent escapes are CallbackInvalid', async () => {
      const outcome = await run('%7B%22status%22%3A%ZZ');
      expect(outcome.detail).to.deep.include({ error: 'CallbackInvalid' });
    });

    it('__proto__ keys are harmless', async () => {
      const outcome = await run(encodeURIComponent('{"status":"success","login_id":5,"__proto__":{"secret":"stolen","polluted":1}}'));
      expect(outcome.detail).to.deep.equal({ status: 'success', login_id: 5, service_id: 8 });
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    });
  });

  describe('a popup that closes', () => {
    it('ends in finsify-exit closed only after the grace period', async () => {
      // Longer than a hidden page's one-second timers, so the poll alone cannot meet the check.
      el.closedGracePeriod = 1500;
      el.tokenProvider = provider(() => WAIT_PAGE).fn;
      const outcome = el.open();
      await until(() => events.some((event) => event.type === 'finsify-open'));
      await seenOnConnectPage(capture.popups[0]!);
      capture.popups[0]!.close();
      const closedAt = performance.now();
      expect(await settle(outcome, events)).to.deep.equal({ type: 'exit', detail: { reason: 'closed' } });
      expect(performance.now() - closedAt).to.be.at.least(1500);
      onlyTerminal();
    });

    it('still takes a result that lands within the grace period', async () => {
      el.closedGracePeriod = 10_000;
      const tokens = provider(() => WAIT_PAGE);
      el.tokenProvider = tokens.fn;
      const outcome = el.open();
      await until(() => events.some((event) => event.type === 'finsify-open'));
      await seenOnConnectPage(capture.popups[0]!);
      capture.popups[0]!.close();
      // Within a few seconds the spinner gives way to the calm waiting state.
      await until(() => el.hasAttribute('waiting'), 'no waiting state during a long grace period');
      await el.updateComplete;
      expectWaiting();
      expect(terminals(events)).to.have.length(0);
      broadcast(tokens.state(), resultMessage(tokens.state(), SUCCESS));
      expect((await settle(outcome, events)).type).to.equal('success');
      onlyTerminal();
    });

    describe('cut off by COOP as the connect page arrives', () => {
      const COOP_PAGE = `${location.origin}/fixtures/connect/page?callback=coop-wait`;

      async function cutOff(): Promise<ReturnType<typeof provider>> {
        el.closedGracePeriod = 50;
        const tokens = provider(() => COOP_PAGE);
        el.tokenProvider = tokens.fn;
        void el.open();
        await until(() => capture.popups[0]?.closed, 'the COOP page never cut the popup off');
        // Many grace periods: a popup that read closed straight from the blank page is not over.
        await aTimeout(800);
        await el.updateComplete;
        return tokens;
      }

      it('is not taken for closed: the flow waits calmly, and a result on the channel still wins', async () => {
        const tokens = await cutOff();
        expect(terminals(events)).to.have.length(0);
        expectWaiting();
        broadcast(tokens.state(), resultMessage(tokens.state(), SUCCESS));
        await until(() => terminals(events).length > 0, 'no result');
        expect(terminals(events)[0]!.type).to.equal('finsify-success');
        onlyTerminal();
        await el.updateComplete;
        expect(el.hasAttribute('waiting')).to.equal(false);
      });

      it('is axe-clean in the waiting state', async () => {
        await cutOff();
        expectWaiting();
        await expect(el).to.be.accessible();
      });

      it('ends as closed when the person presses the button again, which starts a new flow', async () => {
        const first = await cutOff();
        el.tokenProvider = provider(() => WAIT_PAGE).fn;
        button(el).click();
        expect(terminals(events).map((event) => [event.type, event.detail])).to.deep.equal([['finsify-exit', { reason: 'closed' }]]);
        expect(capture.popups).to.have.length(2);
        expect(capture.popups[1]!.closed).to.equal(false);
        // The first flow's result, should it still come, belongs to a flow that is over.
        broadcast(first.state(), resultMessage(first.state(), SUCCESS));
        await aTimeout(100);
        expect(terminals(events)).to.have.length(1);
        expect(el.running).to.equal(true);
        el.remove();
        await until(() => terminals(events).length === 2, 'the second flow did not end when the element was removed');
        expect(terminals(events)[1]!.detail).to.deep.equal({ reason: 'aborted' });
      });

      it('a service chosen in a slotted picker then starts that service, not the one before', async () => {
        await cutOff();
        const next = provider(() => WAIT_PAGE);
        el.tokenProvider = next.fn;
        const picker = el.appendChild(document.createElement('div'));
        picker.dispatchEvent(new FinsifyServiceSelectEvent({ service: { id: 12, name: 'Techcombank' } as Service }));
        expect(terminals(events).map((event) => event.detail)).to.deep.equal([{ reason: 'closed' }]);
        await until(() => next.calls.length === 1, 'no token request for the chosen service');
        expect(next.calls[0]!.request).to.include({ service_id: 12 });
        await el.updateComplete;
        expect(button(el).textContent).to.include('Techcombank');
      });
    });

    describe('closed by the person as the provider\'s first page arrives (within ~300 ms)', () => {
      // The provider is on another origin, as Finsify is: the popup reads unreadable, then closed.
      const AWAY_PAGE = `${OTHER_ORIGIN}/fixtures/connect/page?callback=wait`;

      async function closeEarly(): Promise<ReturnType<typeof provider>> {
        el.closedGracePeriod = 50;
        const tokens = provider(() => AWAY_PAGE);
        el.tokenProvider = tokens.fn;
        void el.open();
        await until(() => events.some((event) => event.type === 'finsify-open'));
        const popup = capture.popups[0]!;
        // The provider's page has arrived once the popup's location can no longer be read.
        await until(() => {
          try {
            void popup.location.href;
            return false;
          } catch {
            return true;
          }
        }, 'the popup never reached the provider page');
        popup.close();
        // "Within a few seconds": a poll (at most a second on a hidden page), then at once.
        await until(() => el.hasAttribute('waiting'), 'no waiting state within 5 s of the popup closing', 5000);
        await el.updateComplete;
        return tokens;
      }

      it('shows the calm waiting state, not a spinner, and no false closed; a late result is taken once', async () => {
        const tokens = await closeEarly();
        expectWaiting();
        expect(terminals(events)).to.have.length(0);
        await expect(el).to.be.accessible();
        broadcast(tokens.state(), resultMessage(tokens.state(), SUCCESS));
        broadcast(tokens.state(), resultMessage(tokens.state(), { status: 'success', login_id: 1 }));
        await until(() => terminals(events).length > 0, 'no result');
        await nextTask(200);
        expect(onlyTerminal()).to.deep.equal({ type: 'finsify-success', detail: { status: 'success', login_id: 23456, secret: SECRET, service_id: 8 } });
        expect(el.running).to.equal(false);
      });

      it('"Start again" ends the flow as closed once and starts a new one', async () => {
        const first = await closeEarly();
        const next = provider(() => WAIT_PAGE);
        el.tokenProvider = next.fn;
        button(el).focus();
        button(el).click();
        expect(terminals(events).map((event) => [event.type, event.detail])).to.deep.equal([['finsify-exit', { reason: 'closed' }]]);
        expect(capture.popups).to.have.length(2);
        await until(() => next.calls.length === 1, 'no token request for the new flow');
        await el.updateComplete;
        expect(el.hasAttribute('waiting')).to.equal(false);
        expect(button(el).getAttribute('aria-busy')).to.equal('true');
        // The first flow's result, should it still come, belongs to a flow that is over.
        broadcast(first.state(), resultMessage(first.state(), SUCCESS));
        await nextTask(100);
        expect(terminals(events)).to.have.length(1);
        el.remove();
        await until(() => terminals(events).length === 2, 'the second flow did not end when the element was removed');
      });

      it('still ends at its timeout', async () => {
        el.timeout = 3;
        await closeEarly();
        await until(() => terminals(events).length > 0, 'no timeout');
        expect(onlyTerminal()).to.deep.equal({ type: 'finsify-exit', detail: { reason: 'timeout' } });
      });
    });


    it('ends at once when closed before it was sent anywhere, and aborts the token request', async () => {
      el.closedGracePeriod = 60_000;
      let signal: AbortSignal | undefined;
      el.tokenProvider = (_request, context) => {
        signal = context.signal;
        return new Promise(() => {});
      };
      const outcome = el.open();
      capture.popups[0]!.close();
      expect(await settle(outcome, events)).to.deep.equal({ type: 'exit', detail: { reason: 'closed' } });
      expect(signal!.aborted).to.equal(true);
      onlyTerminal();
    });

    it('ends at once when closed while the token was on its way, without sending the closed window anywhere', async () => {
      el.closedGracePeriod = 60_000;
      el.tokenProvider = async (request) => {
        // Closed inside one poll interval, just before the token arrives.
        capture.popups[0]!.close();
        return { connect_url: `${WAIT_PAGE}&state=${request.state}` };
      };
      expect(await settle(el.open(), events)).to.deep.equal({ type: 'exit', detail: { reason: 'closed' } });
      expect(events.some((event) => event.type === 'finsify-open')).to.equal(false);
      expect(statusText(el)).not.to.include('Closed it?');
      onlyTerminal();
    });
  });

  describe('a listener of the result event', () => {
    it('finds no flow running, and can start the next one', async () => {
      el.tokenProvider = () => Promise.reject({ error: 'TokenExpire', message: 'expired' });
      const seen: { running: boolean; next?: Promise<unknown> }[] = [];
      el.addEventListener('finsify-error', () => {
        if (seen.length) return;
        el.tokenProvider = provider((state) => callbackUrl(state, { status: 'success', login_id: 7 })).fn;
        seen.push({ running: el.running, next: el.open() });
      });
      const first = await el.open();
      expect(seen[0]!.running).to.equal(false);
      const second = await seen[0]!.next;
      expect(second).not.to.equal(first);
      expect(second).to.deep.include({ type: 'success' });
      await nextTask(100);
      expect(terminals(events).map((event) => event.type)).to.deep.equal(['finsify-error', 'finsify-success']);
      expect(el.running).to.equal(false);
      await el.updateComplete;
      // The status line speaks of the second flow, not the first one's error.
      expect(statusText(el)).to.equal('Vietcombank is connected.');
    });
  });

  it('gives up after the timeout and closes the popup', async () => {
    el.timeout = 0.5;
    el.tokenProvider = provider(() => WAIT_PAGE).fn;
    expect(await settle(el.open(), events)).to.deep.equal({ type: 'exit', detail: { reason: 'timeout' } });
    await popupClosed(capture.popups[0]!);
    expect(steps(events).at(-1)).to.equal('EXIT');
    expect(events.find((event) => event.detail['name'] === 'EXIT')!.detail).to.deep.include({ reason: 'timeout', mode: 'popup', service_id: 8 });
    onlyTerminal();
  });

  it('reports PopupBlocked in popup mode when window.open gives null, and asks for no token', async () => {
    capture.restore();
    const original = window.open;
    window.open = () => null;
    try {
      const { url, key } = tokenUrl();
      el.tokenUrl = url;
      const outcome = await settle(el.open(), events);
      expect(outcome.detail).to.deep.include({ error: 'PopupBlocked' });
      expect(steps(events)).to.deep.equal(['POPUP_BLOCKED', 'ERROR']);
      const requests = await fetch(`/fixtures/connect/requests?key=${key}`).then((response) => response.json());
      expect(requests).to.have.length(0);
      onlyTerminal();
    } finally {
      window.open = original;
    }
  });

  it('ends with aborted when the element is removed mid-flow, and closes the popup', async () => {
    const tokens = provider(() => WAIT_PAGE);
    el.tokenProvider = tokens.fn;
    const outcome = el.open();
    await until(() => events.some((event) => event.type === 'finsify-open'));
    el.remove();
    expect(await settle(outcome, events)).to.deep.equal({ type: 'exit', detail: { reason: 'aborted' } });
    await popupClosed(capture.popups[0]!);
    onlyTerminal();
  });

  it('keeps its flow when the element is only moved', async () => {
    const tokens = provider(() => WAIT_PAGE);
    el.tokenProvider = tokens.fn;
    const outcome = el.open();
    await until(() => events.some((event) => event.type === 'finsify-open'));
    el.parentElement!.append(document.createElement('div'), el);
    await aTimeout(50);
    expect(terminals(events)).to.have.length(0);
    broadcast(tokens.state(), resultMessage(tokens.state(), SUCCESS));
    expect((await settle(outcome, events)).type).to.equal('success');
  });

  it('aborts a pending token request when removed before the token arrives', async () => {
    const { url } = tokenUrl({ delay: 3000 });
    el.tokenUrl = url;
    const outcome = el.open();
    el.remove();
    expect(await settle(outcome, events)).to.deep.equal({ type: 'exit', detail: { reason: 'aborted' } });
    expect(events.some((event) => event.type === 'finsify-open')).to.equal(false);
    onlyTerminal();
  });
});
