/**
 * End-to-end, issue 5 case 7: the connect token expires before the person finished, and the
 * sandbox (Finsify) is down for maintenance: the widget reports the right error, closes its
 * popup, and the person sees why.
 */
import assert from 'node:assert/strict';
import { e2eSuites } from './support/harness.js';
import { say } from './support/messages.js';
import { expectOneTerminal, expectPopupClosed, expectSandboxPopup } from './support/expect.js';
import { control } from './support/stack.js';
import { waitFor } from './support/wait.js';

/** Long enough for the connect page to open on a loaded machine, short enough to wait out. */
const TOKEN_LIFETIME_SECONDS = 8;

e2eSuites((test) => {
  test('7a) the token expires before the person finished: finsify-error ConnectFailed token_expired', async (session) => {
    const sandbox = control(session.stack);
    sandbox.updateSettings({ tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });
    const demo = await session.openDemo({ user: 'alice', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));
    await expectSandboxPopup(popup, session.stack);
    const url = await popup.waitForSandbox();
    await popup.waitForTerms();
    const tokenId = url.pathname.split('/').at(-1)!;
    const token = sandbox.state().tokens.find((entry) => entry.id === tokenId);
    assert.ok(token, `the sandbox knows token ${tokenId}`);
    assert.ok(token.expires_at - token.created_at <= TOKEN_LIFETIME_SECONDS * 1000, 'the token got the short lifetime');
    await waitFor('the token to expire', () => Date.now() > token.expires_at + 50, TOKEN_LIFETIME_SECONDS * 1000 + 10_000);

    await popup.acceptTerms({ expectLoginForm: false });
    const terminal = await demo.waitForTerminal();
    // The sandbox ended the flow on that token after it expired (its result is `token_expired`), creating no login.
    const used = sandbox.state().tokens.find((entry) => entry.id === tokenId)!;
    assert.ok(used.used_at !== null && used.used_at >= used.expires_at, `the sandbox ended the flow on the expired token: ${JSON.stringify(used)}`);
    assert.equal(used.terms_accepted, false, 'the expired token never got past the terms');
    assert.equal(terminal.name, 'finsify-error', `terminal event ${terminal.name} ${JSON.stringify(terminal.detail)}`);
    // The connect pages ended the flow with a status other than success: ConnectFailed, as the contract says.
    assert.equal(terminal.detail.error, 'ConnectFailed', `finsify-error for an expired token: ${JSON.stringify(terminal.detail)}`);
    assert.deepEqual(terminal.detail.extra, { status: 'token_expired' });
    assert.equal(typeof terminal.detail.message, 'string');
    await expectPopupClosed(popup);
    await demo.waitForButton({ busy: false, status: say('errorExpired'), statusIsError: true });
    await expectOneTerminal(demo, 'finsify-error');
  });

  test('7b) the sandbox is in maintenance: finsify-error ServerMaintenance (503), popup closed', async (session) => {
    control(session.stack).setFault('token', { maintenance: true });
    const demo = await session.openDemo({ user: 'bob', mode: 'popup' });
    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));

    const terminal = await demo.waitForTerminal();
    assert.equal(terminal.name, 'finsify-error', `terminal event ${terminal.name} ${JSON.stringify(terminal.detail)}`);
    assert.equal(terminal.detail.error, 'ServerMaintenance');
    assert.equal(terminal.detail.http_status, 503);
    assert.equal(typeof terminal.detail.message, 'string');
    await expectPopupClosed(popup);
    assert.ok(
      !session.log.lines.some((line) => line.startsWith('popup') && line.includes(session.stack.sandboxUrl)),
      'the popup never went to the connect pages',
    );
    assert.equal((await demo.events()).some((event) => event.name === 'finsify-open'), false, 'no finsify-open without a token');
    await demo.waitForButton({ busy: false, status: say('errorUnavailable'), statusIsError: true });
    await expectOneTerminal(demo, 'finsify-error');
  });
});
