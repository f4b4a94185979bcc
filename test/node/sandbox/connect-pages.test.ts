import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SANDBOX_TEST_CREDENTIALS } from '../../../src/sandbox.js';
import { api, callbackResult, connectWith, newCustomer, newToken, postForm, sandbox } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sandbox connect pages: outcomes', () => {
  it('success: a new login with an integer id and a uuid secret', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const result = callbackResult(await connectWith(handler, token.connect_url, 'demo', 'demo'));
    assert.deepEqual(Object.keys(result), ['status', 'login_id', 'secret']);
    assert.equal(result.status, 'success');
    assert.ok(Number.isSafeInteger(result.login_id));
    assert.match(result.secret, UUID);
    const [login] = handler.control.state().logins;
    assert.equal(login?.id, result.login_id);
    assert.equal(login?.service_id, 8);
  });

  it('percent-encodes the result as one path segment after callback_url', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const response = await connectWith(handler, token.connect_url, 'demo', 'demo');
    const location = response.headers.get('location')!;
    assert.match(location, /^http:\/\/partner\.test\/finsify\/callback\/state-123\/%7B%22status%22%3A%22success%22/);
  });

  it('adds exactly one segment to a callback_url with a trailing slash, and normalises it', async () => {
    const handler = sandbox();
    const customer_id = await newCustomer(handler);
    const { json } = await api(handler, 'POST', '/v2/token', { customer_id, service_id: 8, callback_url: 'http://partner.test/finsify/callback/a b/' });
    const cancelled = await postForm(handler, json.data.connect_url, { action: 'cancel' });
    assert.equal(cancelled.headers.get('location'), 'http://partner.test/finsify/callback/a%20b/%7B%22status%22%3A%22cancel%22%7D');
  });

  it('makes one login of one token, however fast the form is sent twice', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    await handler(new Request(token.connect_url));
    await postForm(handler, token.connect_url, { action: 'accept' });
    const answers = await Promise.all([1, 2].map(() => postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: 'demo' })));
    assert.equal(handler.control.state().logins.length, 1);
    assert.deepEqual(answers.map((answer) => answer.status === 303 && answer.headers.get('location')!.includes('success')).sort(), [false, true]);
  });

  it('wrong password: shows an announced error and allows a retry on the same token', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const wrong = await connectWith(handler, token.connect_url, 'demo', 'wrong');
    assert.equal(wrong.status, 200);
    const page = await wrong.text();
    assert.match(page, /<div class="error" id="form-error" role="alert"><svg [^]*?<\/svg><p><strong>Sign-in failed<\/strong> <span>Wrong username or password\. 4 tries left\.<\/span><\/p><\/div>/);
    assert.match(page, /id="password"[^>]*aria-invalid="true" aria-describedby="form-error"/);
    const right = await postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: 'demo' });
    assert.equal(callbackResult(right).status, 'success');
  });

  it('ends with login_wrong_credentials after five wrong tries', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    let response = await connectWith(handler, token.connect_url, 'nobody', 'x');
    for (let i = 2; i <= 4; i += 1) {
      assert.equal(response.status, 200);
      response = await postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: `wrong-${i}` });
    }
    assert.match(await response.text(), /1 try left/);
    response = await postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: 'wrong' });
    assert.deepEqual(callbackResult(response), { status: 'login_wrong_credentials' });
  });

  for (const [username, status] of [['locked', 'login_account_locked'], ['expired', 'login_password_expired']] as const) {
    it(`${username}/${username}: ends with status ${status} and no login`, async () => {
      const handler = sandbox();
      const token = await newToken(handler);
      assert.deepEqual(callbackResult(await connectWith(handler, token.connect_url, username, username)), { status });
      assert.equal(handler.control.state().logins.length, 0);
    });
  }

  it('cancel on the terms page or on the login form ends with status cancel', async () => {
    const handler = sandbox();
    const onTerms = await newToken(handler);
    await handler(new Request(onTerms.connect_url));
    assert.deepEqual(callbackResult(await postForm(handler, onTerms.connect_url, { action: 'cancel' })), { status: 'cancel' });
    const onLogin = await newToken(handler);
    await postForm(handler, onLogin.connect_url, { action: 'accept' });
    assert.deepEqual(callbackResult(await postForm(handler, onLogin.connect_url, { action: 'cancel' })), { status: 'cancel' });
  });

  it('slow bank: waits, then succeeds; the token cannot be used a second time meanwhile', async () => {
    const handler = sandbox({ slowBankDelayMs: 60_000 });
    const token = await newToken(handler);
    await postForm(handler, token.connect_url, { action: 'accept' });
    let settled = false;
    const pending = postForm(handler, token.connect_url, { action: 'login', username: 'SLOW', password: 'slow' }).finally(() => (settled = true));
    // Wait (by turns of the event loop, not by time) until the bank is "working" on the sign-in.
    while (handler.control.state().tokens[0]?.used_at === null) await new Promise((resolve) => setImmediate(resolve));
    const second = await postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: 'demo' });
    assert.equal(second.status, 400);
    assert.equal(settled, false, 'still waiting for the slow bank');
    // Closing the sandbox ends the wait early; the sign-in still succeeds.
    await handler.close();
    const result = callbackResult(await pending);
    assert.equal(result.status, 'success');
    assert.equal(handler.control.state().logins.length, 1);
  });

  it('does not sign in before the terms are accepted', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const response = await postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: 'demo' });
    assert.equal(response.status, 303);
    assert.equal(new URL(response.headers.get('location')!, token.connect_url).href, token.connect_url);
    assert.match(await (await handler(new Request(token.connect_url))).text(), /Accept and continue/);
    assert.equal(handler.control.state().logins.length, 0);
  });
});

describe('sandbox connect pages: markup and headers', () => {
  it('sends a strict CSP whose nonce matches the page, and no-store, no-referrer, DENY framing', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const response = await handler(new Request(token.connect_url));
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action 'self' http:\/\/partner\.test/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const page = await response.text();
    assert.equal(page.match(/<(style|script)\b/g)?.length, 2);
    assert.equal(page.match(new RegExp(`nonce="${nonce!.replace(/[+/=]/g, '\\$&')}"`, 'g'))?.length, 2);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.doesNotMatch(page, /\son[a-z]+=/i, 'no inline event handlers');
    // A fresh nonce for every page.
    const again = (await handler(new Request(token.connect_url))).headers.get('content-security-policy');
    assert.notEqual(again, csp);
  });

  it('is accessible: lang, labelled fields, a polite status, the brand name, and the test credentials on the page', async () => {
    const handler = sandbox();
    const token = await newToken(handler, 1);
    const terms = await (await handler(new Request(token.connect_url))).text();
    assert.match(terms, /<html lang="en">/);
    assert.match(terms, /<h1>Connect Vietcombank<\/h1>/);
    assert.match(terms, /<strong>Sandbox Partner<\/strong> uses Finsify/);
    assert.match(terms, /<img src="http:\/\/sandbox\.test\/media\/services\/vietcombank-logo\.svg" alt=""/);
    await postForm(handler, token.connect_url, { action: 'accept' });
    const form = await (await handler(new Request(token.connect_url))).text();
    assert.match(form, /<label for="username">Username<\/label><input id="username" name="username" type="text" autocomplete="username"/);
    assert.match(form, /<label for="password">Password<\/label><input id="password" name="password" type="password" autocomplete="current-password"/);
    assert.match(form, /role="status" aria-live="polite"/);
    assert.match(form, /<button class="secondary" type="submit" name="action" value="cancel" formnovalidate>Cancel<\/button>/);
    assert.match(form, /:focus-visible \{ outline: 3px solid/);
    assert.match(form, /<aside class="test-credentials" aria-labelledby="test-credentials-title">/);
    for (const credential of SANDBOX_TEST_CREDENTIALS) assert.ok(form.includes(`<code>${credential.username}</code></td><td><code>${credential.password}</code>`));
  });

  it('escapes service names and shows an initials badge when the service has no logo', async () => {
    const handler = sandbox();
    const tng = await newToken(handler, 69);
    assert.match(await (await handler(new Request(tng.connect_url))).text(), /Connect Touch &#39;n Go eWallet/);
    const dongA = await newToken(handler, 10);
    const page = await (await handler(new Request(dongA.connect_url))).text();
    assert.match(page, /<span class="badge" aria-hidden="true">DAB<\/span><span class="brand-name">Đông Á Bank<\/span>/);
  });

  it('keeps text on brand colours at 4.5:1 or more (Maybank yellow gets dark text)', async () => {
    const handler = sandbox();
    const token = await newToken(handler, 60);
    const page = await (await handler(new Request(token.connect_url))).text();
    assert.match(page, /--header: #FFC83D; --on-header: #000000; --button: #FFC83D; --on-button: #000000;/);
  });

  it('sends COOP same-origin only when enabled, switchable at run time', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    assert.equal((await handler(new Request(token.connect_url))).headers.get('cross-origin-opener-policy'), null);
    handler.control.setCrossOriginOpenerPolicy(true);
    assert.equal((await handler(new Request(token.connect_url))).headers.get('cross-origin-opener-policy'), 'same-origin');
    const done = await connectWith(handler, token.connect_url, 'demo', 'demo');
    assert.equal(done.headers.get('cross-origin-opener-policy'), 'same-origin');
    const on = sandbox({ crossOriginOpenerPolicy: true });
    const other = await newToken(on);
    assert.equal((await on(new Request(other.connect_url))).headers.get('cross-origin-opener-policy'), 'same-origin');
  });

  it('needs no API credentials (people open it), and ignores unknown actions', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    const response = await postForm(handler, token.connect_url, { action: 'transfer-money' });
    assert.equal(response.status, 303);
    assert.equal(handler.control.state().tokens[0]?.used_at, null);
  });
});
