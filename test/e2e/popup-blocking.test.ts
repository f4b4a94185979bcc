/**
 * End-to-end, issue 5 case 5 (and 10): the browser's real popup blocker (on in both browsers)
 * refuses a flow started outside a person's gesture: `PopupBlocked` in popup mode; in auto mode
 * the whole page goes to the connect page and comes back with the result, dispatched once.
 */
import assert from 'node:assert/strict';
import { e2eSuites } from './support/harness.js';
import { connected, say } from './support/messages.js';
import { ConnectPage } from './support/connect-page.js';
import { expectOneTerminal, expectRealisticData, successDetail } from './support/expect.js';
import { sandboxSecret } from './support/stack.js';
import { waitFor } from './support/wait.js';

e2eSuites((test) => {
  test('5a) popup mode, started outside a gesture: the browser blocks the popup, finsify-error PopupBlocked', async (session) => {
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    let popups = 0;
    demo.page.on('popup', () => (popups += 1));
    await demo.openOutsideGesture(8);

    const terminal = await demo.waitForTerminal();
    assert.equal(terminal.name, 'finsify-error', `terminal event ${terminal.name} ${JSON.stringify(terminal.detail)}`);
    assert.equal(terminal.detail.error, 'PopupBlocked');
    assert.equal(typeof terminal.detail.message, 'string');
    assert.equal(popups, 0, 'no popup window opened');
    const steps = (await demo.events()).filter((event) => event.name === 'finsify-event').map((event) => event.detail.name);
    assert.ok(steps.includes('POPUP_BLOCKED'), `steps: ${steps.join(', ')}`);
    assert.deepEqual(await demo.tokenRequests(), [], 'no token is asked for a flow that cannot show it');
    await demo.waitForButton({ busy: false, status: say('errorPopupBlocked'), statusIsError: true });
    await expectOneTerminal(demo, 'finsify-error');
  });

  test('5b) auto mode, started outside a gesture: the page goes to the connect page and comes back with finsify-success, once', async (session) => {
    const demo = await session.openDemo({ user: 'carol', mode: 'auto' });
    let popups = 0;
    demo.page.on('popup', () => (popups += 1));
    await demo.openOutsideGesture(8);

    // The whole tab is now on the sandbox's connect pages (127.0.0.1): the person logs in there.
    const connectPage = new ConnectPage(demo.page, session.stack.sandboxUrl);
    const url = await connectPage.waitForSandbox();
    assert.equal(url.hostname, '127.0.0.1');
    await connectPage.connect('demo', 'demo');

    await waitFor('the tab to come back to the demo page', () => demo.page.url() === session.stack.demoUrl);
    const success = successDetail(await demo.waitForTerminal());
    assert.equal(success.service_id, 8);
    assert.equal(success.secret, sandboxSecret(session.stack, success.login_id));
    assert.equal(popups, 0, 'no popup window opened');
    await demo.waitForButton({ busy: false, status: connected() });
    // The page's log (kept across the round trip) tells the story: blocked, redirected, back.
    await demo.waitForLog('finsify-success');
    const log = (await demo.logTexts()).join('\n');
    assert.match(log, /POPUP_BLOCKED/);
    assert.match(log, /REDIRECTING/);
    const carol = session.backend('carol');
    await waitFor('the backend to list the new login', async () => (await carol.logins()).some((login) => login.login_id === success.login_id));
    await expectRealisticData(carol, success.login_id, 'VND');
    await expectOneTerminal(demo, 'finsify-success');
    assert.equal(new URL(demo.page.url()).pathname, '/', 'the callback left nothing in the address');

    // The result was delivered once: a reload of the page does not deliver it again.
    await demo.page.reload({ waitUntil: 'load' });
    await demo.waitForCatalog();
    await demo.waitForEvent('finsify-catalog-load');
    assert.deepEqual(await demo.terminalEvents(), [], 'no result event after a reload');
  });
});
