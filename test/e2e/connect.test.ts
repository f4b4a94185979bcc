/**
 * End-to-end, issue 5 cases 1, 2, 3 (and 10 for each): a person connects a bank from the demo
 * page (`localhost`) through the sandbox's connect pages in a popup (`127.0.0.1`), with the secret
 * in the browser or kept by the backend, and after a wrong password; then the backend's accounts
 * and transactions for the new login.
 */
import assert from 'node:assert/strict';
import { e2eSuites } from './support/harness.js';
import { connected, say, connectLabel, connectingLabel } from './support/messages.js';
import { expectOneTerminal, expectPopupClosed, expectRealisticData, expectSandboxPopup, STATE_PATTERN, successDetail } from './support/expect.js';
import { sandboxSecret } from './support/stack.js';
import { waitFor } from './support/wait.js';

e2eSuites((test) => {
  test('1) success in popup mode, the secret in finsify-success (browser mode), one terminal event', async (session) => {
    const demo = await session.openDemo({ user: 'alice', secretMode: 'browser', mode: 'popup' });
    assert.deepEqual(await demo.buttonState(), { label: connectLabel(), busy: false, status: '', statusIsError: false });

    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));
    await expectSandboxPopup(popup, session.stack);
    assert.match(await popup.waitForTerms(), /Connect Techcombank/);
    await demo.waitForButton({ label: connectingLabel('Techcombank'), busy: true, status: say('statusPopup') });

    const [tokenRequest] = await demo.tokenRequests();
    const body = JSON.parse(tokenRequest!.body) as { service_id?: number; state?: string; login_id?: number };
    assert.equal(body.service_id, 8);
    assert.equal(body.login_id, undefined);
    assert.match(body.state ?? '', STATE_PATTERN);
    const open = await demo.waitForEvent('finsify-open');
    assert.equal(open.detail.service_id, 8);
    assert.equal(typeof open.detail.token_id, 'string');

    await popup.acceptTerms();
    await popup.submitLogin('demo', 'demo');
    const success = successDetail(await demo.waitForTerminal());
    assert.equal(success.service_id, 8);
    assert.equal(success.secret, sandboxSecret(session.stack, success.login_id), 'finsify-success carries the login secret');
    await expectPopupClosed(popup);
    await demo.waitForButton({ label: say('connectAnother'), busy: false, status: connected('Techcombank'), statusIsError: false });

    // The person sees the event in the log with the secret masked; the page handed it to the backend.
    await demo.waitForLog('backend: login stored');
    const logText = (await demo.logTexts()).join('\n');
    assert.ok(logText.includes('(masked)'), 'the log shows the secret masked');
    assert.ok(!logText.includes(success.secret!), 'the log never shows the whole secret');
    const others = (await demo.events()).filter((event) => event.name !== 'finsify-success');
    assert.ok(!JSON.stringify(others).includes(success.secret!), 'no event but finsify-success carries the secret');

    const alice = session.backend('alice');
    const login = await waitFor('the backend to list the new login', async () => (await alice.logins()).find((entry) => entry.login_id === success.login_id));
    assert.equal(login.service_id, 8);
    await expectRealisticData(alice, success.login_id, 'VND');
    await expectOneTerminal(demo, 'finsify-success');
  });

  test('2) success with the backend keeping the secret: the secret is nowhere in the page, the backend has the login', async (session) => {
    const demo = await session.openDemo({ user: 'bob', secretMode: 'server', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));
    await expectSandboxPopup(popup, session.stack);
    await popup.connect('demo', 'demo');
    const success = successDetail(await demo.waitForTerminal());
    assert.equal('secret' in success, false, `finsify-success has no secret: ${JSON.stringify(success)}`);
    await expectPopupClosed(popup);
    await demo.waitForButton({ busy: false, status: connected('Techcombank') });

    const secret = sandboxSecret(session.stack, success.login_id);
    const bob = session.backend('bob', 'server');
    // The backend received the callback itself and stored the login for bob.
    const login = await waitFor('the backend to list the new login', async () => (await bob.logins()).find((entry) => entry.login_id === success.login_id));
    assert.equal(login.service_id, 8);
    await expectRealisticData(bob, success.login_id, 'VND');
    await demo.waitForLog('finsify-success');

    const events = await demo.events();
    assert.ok(!JSON.stringify(events).includes(secret), 'no DOM event detail holds the secret');
    const exposed = await demo.exposedText();
    assert.equal(new URL(exposed.url).href, session.stack.demoUrl, 'the main page never left its address');
    for (const [where, text] of Object.entries(exposed)) assert.ok(!String(text).includes(secret), `the secret is in the page's ${where}`);
    const mainNavigations = session.log.lines.filter((line) => line.includes('[demo] navigated to'));
    assert.equal(mainNavigations.length, 1, `the main page navigated once (its load): ${mainNavigations.join('; ')}`);
    assert.ok(!mainNavigations.some((line) => line.includes(secret)), 'no URL of the main page holds the secret');
    const cookies = await demo.page.cookies(session.stack.demoUrl);
    assert.ok(!JSON.stringify(cookies).includes(secret), 'no cookie of the page holds the secret');
    await expectOneTerminal(demo, 'finsify-success');
  });

  test('3) a wrong password, then the right one', async (session) => {
    const demo = await session.openDemo({ user: 'carol', secretMode: 'browser', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('Vietcombank'));
    await expectSandboxPopup(popup, session.stack);
    await popup.waitForTerms();
    await popup.acceptTerms();
    await popup.submitLogin('demo', 'wrong');
    assert.match(await popup.formError(), /Wrong username or password\. 4 tries left\./);
    // The flow goes on: no result yet, the button still busy, the popup open.
    assert.deepEqual(await demo.terminalEvents(), []);
    await demo.waitForButton({ busy: true, label: connectingLabel('Vietcombank') });
    assert.equal(popup.page.isClosed(), false);

    await popup.submitLogin('demo', 'demo');
    const success = successDetail(await demo.waitForTerminal());
    assert.equal(success.service_id, 1);
    assert.equal(success.secret, sandboxSecret(session.stack, success.login_id));
    await expectPopupClosed(popup);
    await demo.waitForButton({ busy: false, status: connected('Vietcombank') });
    const carol = session.backend('carol');
    await waitFor('the backend to list the new login', async () => (await carol.logins()).some((login) => login.login_id === success.login_id));
    await expectRealisticData(carol, success.login_id, 'VND');
    await expectOneTerminal(demo, 'finsify-success');
  });
});
