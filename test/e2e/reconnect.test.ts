/**
 * End-to-end, issue 5 case 8 (and 10): the bank changes a login's status; the sandbox's webhook
 * reaches the backend and the page's feed; then the person reconnects that login with the
 * reconnect element of the logins panel, and gets the same login back.
 */
import assert from 'node:assert/strict';
import { e2eSuites } from './support/harness.js';
import { connected as connectedText, say, reconnectLabel } from './support/messages.js';
import { expectPopupClosed, expectRealisticData, expectSandboxPopup, successDetail } from './support/expect.js';
import { control, sandboxSecret } from './support/stack.js';
import { sendStatusFromPanel } from './support/logins-panel.js';
import { waitFor } from './support/wait.js';

e2eSuites((test) => {
  test('8) a login status webhook reaches the backend and the page, then the login is reconnected', async (session) => {
    const sandbox = control(session.stack);
    const demo = await session.openDemo({ user: 'bob', mode: 'popup' });
    const first = await demo.expectPopup(() => demo.clickService('Techcombank'));
    await first.connect('demo', 'demo');
    const connected = successDetail(await demo.waitForTerminal());
    const loginId = connected.login_id;
    const secret = sandboxSecret(session.stack, loginId);
    await expectPopupClosed(first);

    // The logins panel shows the new login with its actions; QA sends a status change from there.
    const reconnect = `#logins finsify-connect.reconnect[login-id="${loginId}"]`;
    await demo.page.waitForSelector(reconnect, { timeout: 30_000 });
    await sendStatusFromPanel(demo, 'login_password_expired');

    const bob = session.backend('bob');
    const webhook = await waitFor('the backend to receive the status webhook', async () =>
      (await bob.webhooks()).find((event) => event.type === 'login_status' && event.login_id === loginId),
    );
    assert.equal(webhook.status, 'login_password_expired');
    assert.equal(webhook.applied, true);
    assert.equal(sandbox.state().logins.find((login) => login.id === loginId)?.status, 'login_password_expired');
    const stored = await waitFor('the backend to record the status', async () => (await bob.logins()).find((login) => login.login_id === loginId && login.status === 'login_password_expired'));
    assert.ok(stored);
    // The page's feed polls the backend: the person sees the webhook.
    await demo.page.waitForFunction(
      (id) => {
        const text = document.querySelector('#webhooks')?.textContent ?? '';
        return text.includes('status: login_password_expired') && text.includes(`login ${id}`);
      },
      { timeout: 30_000 },
      loginId,
    );
    await demo.waitForLog('webhook received');

    // Reconnect with the panel's <finsify-connect login-id>.
    await demo.waitForButton({ label: reconnectLabel('Techcombank'), busy: false }, reconnect);
    const tokenRequestsBefore = (await demo.tokenRequests()).length;
    const popup = await demo.expectPopup(async () => (await demo.page.waitForSelector(`${reconnect} >>> [part~="button"]`))!.click());
    await expectSandboxPopup(popup, session.stack);
    assert.match(await popup.waitForTerms(), /Reconnect Techcombank/);
    const tokenRequest = (await demo.tokenRequests())[tokenRequestsBefore];
    const body = JSON.parse(tokenRequest!.body) as Record<string, unknown>;
    assert.equal(body.login_id, loginId, `the token body: ${tokenRequest!.body}`);
    assert.equal(body.service_id, undefined, 'a reconnect sends no service_id');
    const token = sandbox.state().tokens.at(-1);
    assert.equal(token?.login_id, loginId, 'the backend asked Finsify for a reconnect token of that login');
    const open = (await demo.events()).filter((event) => event.name === 'finsify-open').at(-1);
    assert.equal(open?.target, 'reconnect');
    assert.equal(open?.detail.login_id, loginId);

    await popup.acceptTerms();
    assert.equal(await popup.page.$eval('#username', (input) => (input as HTMLInputElement).value), 'demo', 'the login form knows the username');
    await popup.submitLogin('demo', 'demo');
    await demo.page.waitForFunction(() => window.__e2e.events.filter((event) => event.name === 'finsify-success').length >= 2, { timeout: 30_000 });
    const terminal = (await demo.terminalEvents()).filter((event) => event.target === 'reconnect');
    assert.deepEqual(terminal.map((event) => event.name), ['finsify-success'], `the reconnect's terminal events: ${JSON.stringify(terminal)}`);
    const success = successDetail(terminal[0]!);
    assert.equal(success.login_id, loginId, 'the same login is back');
    assert.equal(success.secret, secret, 'with the same secret');
    await expectPopupClosed(popup);
    assert.equal(sandbox.state().logins.find((login) => login.id === loginId)?.status, 'success');
    await demo.waitForButton({ label: say('reconnected'), busy: false, status: connectedText('Techcombank') }, reconnect);
    await expectRealisticData(bob, loginId, 'VND');
  });
});
