/**
 * End-to-end, issue 5 cases 4 and 6 (and 10): the person cancels on the connect page, or closes
 * the popup; and the connect pages send `Cross-Origin-Opener-Policy: same-origin`, which cuts the
 * popup off from the page, yet the result arrives (BroadcastChannel) with no false "closed".
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { e2eSuites } from './support/harness.js';
import { connected, say, connectLabel, connectingLabel } from './support/messages.js';
import { expectOneTerminal, expectPopupClosed, expectRealisticData, expectSandboxPopup, successDetail } from './support/expect.js';
import { control, sandboxSecret } from './support/stack.js';
import { waitFor } from './support/wait.js';
import type { DemoPage } from './support/demo-page.js';

/** The calm waiting state of `#connect`: no spinner, a polite status, "Start again" on the button. */
async function expectWaitingState(demo: DemoPage): Promise<void> {
  await demo.waitForButton({ label: say('startAgain'), status: say('statusWaiting'), statusIsError: false });
  const shown = await demo.page.$eval('#connect', (element) => {
    const root = element.shadowRoot!;
    const status = root.querySelector('[part~="status"]')!;
    const button = root.querySelector('[part~="button"]')!;
    return {
      waiting: element.hasAttribute('waiting'),
      spinner: !!root.querySelector('[part~="spinner"]'),
      live: `${status.getAttribute('role')} ${status.getAttribute('aria-live')}`,
      ariaBusy: button.getAttribute('aria-busy'),
      ariaDisabled: button.getAttribute('aria-disabled'),
    };
  });
  assert.deepEqual(shown, { waiting: true, spinner: false, live: 'status polite', ariaBusy: 'false', ariaDisabled: null });
}

e2eSuites((test) => {
  test('4a) the person presses Cancel on the connect page: finsify-exit cancelled', async (session) => {
    const loginsBefore = control(session.stack).state().logins.length;
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('BIDV'));
    await expectSandboxPopup(popup, session.stack);
    await popup.waitForTerms();
    await popup.cancel();

    const exit = await demo.waitForTerminal();
    assert.equal(exit.name, 'finsify-exit');
    assert.deepEqual(exit.detail, { reason: 'cancelled' });
    await expectPopupClosed(popup);
    await demo.waitForButton({ label: connectLabel('BIDV'), busy: false, status: say('statusCancelled'), statusIsError: false });
    await demo.waitForLog('finsify-exit');
    const token = control(session.stack).state().tokens.at(-1);
    assert.ok(token?.used_at, 'the sandbox ended the flow on that token');
    assert.equal(control(session.stack).state().logins.length, loginsBefore, 'no login was created');
    await expectOneTerminal(demo, 'finsify-exit');
  });

  test('4b) the person closes the popup: finsify-exit closed, after the grace period', async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('BIDV'));
    await expectSandboxPopup(popup, session.stack);
    await popup.waitForTerms();
    const grace = await demo.page.$eval('#connect', (element) => (element as HTMLElement & { closedGracePeriod: number }).closedGracePeriod);
    assert.ok(grace > 0, `closedGracePeriod ${grace}`);
    // A person reads the page before closing it. The widget counts a close as the person's only
    // after it saw the popup open on the provider's page on two polls a second or more apart, and
    // a hidden opener polls only once a second: a window closed sooner ends in the waiting state
    // (test 7), not in "closed".
    await delay(3000);
    const closedAt = Date.now();
    await popup.page.close();

    const exit = await demo.waitForTerminal();
    assert.equal(exit.name, 'finsify-exit');
    assert.deepEqual(exit.detail, { reason: 'closed' });
    // A popup that reads closed may still be running (COOP): the widget waits the grace period first.
    assert.ok(exit.at - closedAt >= grace - 100, `"closed" came ${exit.at - closedAt} ms after the popup closed, before the grace period of ${grace} ms`);
    await demo.waitForButton({ busy: false, status: say('statusStopped'), statusIsError: false });
    await expectOneTerminal(demo, 'finsify-exit');
  });

  test('6) COOP same-origin on the connect pages: the result still arrives, no false "closed"', async (session) => {
    control(session.stack).updateSettings({ crossOriginOpenerPolicy: true });
    const demo = await session.openDemo({ user: 'bob', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));
    const url = await popup.waitForSandbox();
    const { headers } = await fetch(url);
    assert.equal(headers.get('cross-origin-opener-policy'), 'same-origin', 'the sandbox sends COOP on its connect pages');
    await popup.waitForTerms();
    // COOP makes the popup read closed to the page at once. A person takes longer than the widget's
    // grace period to read the terms and type a password: the flow must still be running after it.
    const grace = await demo.page.$eval('#connect', (element) => (element as HTMLElement & { closedGracePeriod: number }).closedGracePeriod);
    await delay(grace + 1500);
    assert.deepEqual(await demo.terminalEvents(), [], 'no result event while the person is still on the connect page');
    // No spinner meanwhile: the calm waiting state, whose "Start again" the person need not press.
    await expectWaitingState(demo);
    await popup.acceptTerms();
    await popup.submitLogin('demo', 'demo');

    const success = successDetail(await demo.waitForTerminal());
    assert.equal(success.secret, sandboxSecret(session.stack, success.login_id));
    const received = (await demo.events()).find((event) => event.name === 'finsify-event' && event.detail.name === 'CALLBACK_RECEIVED');
    assert.equal(received?.detail.via, 'channel', `the result came over the BroadcastChannel: ${JSON.stringify(received)}`);
    await demo.waitForButton({ busy: false, status: connected('Techcombank') });

    // A false "closed" would come one grace period after the popup read closed: wait past it.
    await delay(grace + 1500);
    await expectOneTerminal(demo, 'finsify-success');
    assert.ok(!(await demo.logNames()).includes('finsify-exit'), 'the log shows no exit');

    const bob = session.backend('bob');
    await waitFor('the backend to list the new login', async () => (await bob.logins()).some((login) => login.login_id === success.login_id));
    await expectRealisticData(bob, success.login_id, 'VND');
  });

  test('7) the person closes the popup as the first connect page arrives: a calm waiting state, no false "closed"; Start again works', async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('BIDV'));
    // Closed as soon as the provider's first page is there: it cannot be told from a COOP cut-off.
    await popup.waitForSandbox();
    await popup.page.close();

    // Within a few seconds the spinner stops; the flow still waits for a result, which may yet come.
    await expectWaitingState(demo);
    const grace = await demo.page.$eval('#connect', (element) => (element as HTMLElement & { closedGracePeriod: number }).closedGracePeriod);
    await delay(grace + 1000);
    assert.deepEqual(await demo.terminalEvents(), [], 'no "closed" while the flow waits: the person may still be connecting');
    await expectWaitingState(demo);

    // "Start again" (a real click, with the popup blocker on) ends that flow as closed and opens a new popup.
    const next = await demo.expectPopup(async () => (await demo.page.waitForSelector('#connect >>> [part~="button"]'))!.click());
    const exit = await demo.waitForTerminal();
    assert.equal(exit.name, 'finsify-exit');
    assert.deepEqual(exit.detail, { reason: 'closed' });
    await demo.waitForButton({ label: connectingLabel('BIDV'), busy: true });
    await expectSandboxPopup(next, session.stack);
    await next.connect();
    await waitFor('the second flow to succeed', async () => ((await demo.terminalEvents()).length === 2 ? true : undefined));
    const terminals = await demo.terminalEvents();
    assert.deepEqual(terminals.map((event) => event.name), ['finsify-exit', 'finsify-success']);
    await demo.waitForButton({ busy: false, status: connected('BIDV') });
  });
});
