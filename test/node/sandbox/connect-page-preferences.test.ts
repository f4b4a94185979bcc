import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSandboxEnv } from '../../../src/sandbox/cli-config.js';
import { localeFromAcceptLanguage, pagePreferences } from '../../../src/sandbox/page-preferences.js';
import { BASE, CALLBACK, newToken, postForm, sandbox } from './helpers.js';

const page = async (handler: ReturnType<typeof sandbox>, url: string, headers: Record<string, string> = {}): Promise<string> =>
  (await handler(new Request(url, { headers }))).text();

describe('sandbox connect pages: the partner page\'s locale and theme', () => {
  it('reads locale and theme from connect_url, else Accept-Language and the system theme', () => {
    assert.deepEqual(pagePreferences(new Request(`${BASE}/v2/connect/term/x?locale=vi-VN&theme=dark`)), { locale: 'vi', theme: 'dark' });
    assert.deepEqual(pagePreferences(new Request(`${BASE}/v2/connect/term/x?locale=th&theme=sepia`)), { locale: 'en', theme: 'system' });
    assert.deepEqual(pagePreferences(new Request(`${BASE}/x`, { headers: { 'accept-language': 'fr;q=0.9, vi-VN, en;q=0.8' } })), { locale: 'vi', theme: 'system' });
    assert.equal(localeFromAcceptLanguage('de, en;q=0.1, vi;q=0.5'), 'vi');
    assert.equal(localeFromAcceptLanguage('vi;q=0, *'), undefined);
  });

  it('renders the whole flow in Vietnamese for locale=vi, and keeps the locale and theme across its redirect', async () => {
    const handler = sandbox();
    const token = await newToken(handler, 8);
    const url = `${token.connect_url}?locale=vi&theme=dark`;
    const terms = await page(handler, url);
    assert.match(terms, /<html lang="vi" data-theme="dark">/);
    assert.match(terms, /<h1>Kết nối Techcombank<\/h1>/);
    assert.match(terms, /<strong>Sandbox Partner<\/strong> dùng Finsify để đọc dữ liệu Techcombank của bạn/);
    assert.match(terms, />Đồng ý và tiếp tục<\/button>/);
    assert.match(terms, /<h2 id="test-credentials-title">Thông tin đăng nhập thử của sandbox<\/h2>/);
    assert.doesNotMatch(terms, /Accept and continue|Sandbox test credentials/);
    const accepted = await postForm(handler, url, { action: 'accept' });
    assert.equal(accepted.headers.get('location'), `${token.id}?locale=vi&theme=dark`);
    const form = await page(handler, new URL(accepted.headers.get('location')!, url).href);
    assert.match(form, /<h1>Đăng nhập Techcombank<\/h1>/);
    assert.match(form, /<label for="username">Tên đăng nhập<\/label>/);
    const wrong = await (await postForm(handler, url, { action: 'login', username: 'demo', password: 'sai-roi' })).text();
    assert.match(wrong, /<strong>Đăng nhập không thành công<\/strong> <span>Sai tên đăng nhập hoặc mật khẩu\. Bạn còn 4 lần thử\.<\/span>/);
  });

  it('follows Accept-Language when connect_url has no locale', async () => {
    const handler = sandbox();
    const token = await newToken(handler, 1);
    assert.match(await page(handler, token.connect_url, { 'accept-language': 'vi-VN,vi;q=0.9' }), /<h1>Kết nối Vietcombank<\/h1>/);
    assert.match(await page(handler, token.connect_url, { 'accept-language': 'en-GB' }), /<h1>Connect Vietcombank<\/h1>/);
  });

  it('theme=dark renders the dark scheme only; theme=light the light one; without it both, by prefers-color-scheme', async () => {
    const handler = sandbox();
    const token = await newToken(handler, 8);
    const dark = await page(handler, `${token.connect_url}?theme=dark`);
    assert.match(dark, /:root \{ color-scheme: dark; --bg: #0b1120; --text: #f9fafb;[^}]*--surface: #1f2937;[^}]*--button: #e5e7eb;/);
    assert.doesNotMatch(dark, /prefers-color-scheme|--bg: #f3f4f6/);
    const light = await page(handler, `${token.connect_url}?theme=light`);
    assert.match(light, /:root \{ color-scheme: light; --bg: #f3f4f6;/);
    assert.doesNotMatch(light, /prefers-color-scheme|--bg: #0b1120/);
    const system = await page(handler, token.connect_url);
    assert.match(system, /:root \{ color-scheme: light dark; --bg: #f3f4f6;[^}]*\}\n@media \(prefers-color-scheme: dark\) \{ :root \{ --bg: #0b1120;/);
  });

  it('shows an unusable link in the asked language', async () => {
    const handler = sandbox();
    const answer = await handler(new Request(`${BASE}/v2/connect/term/no-such-token?locale=vi&theme=dark`));
    assert.equal(answer.status, 400);
    const text = await answer.text();
    assert.match(text, /<html lang="vi" data-theme="dark">/);
    assert.match(text, /<h1>Liên kết này không còn dùng được<\/h1>/);
    assert.match(text, /<meta name="finsify-error" content="TokenExpire">/);
  });
});

describe('sandbox connect pages: the username after a wrong password', () => {
  it('keeps the username typed, never the password, and focuses the password', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    await postForm(handler, token.connect_url, { action: 'accept' });
    const answer = await postForm(handler, token.connect_url, { action: 'login', username: 'Demo.User<1>', password: 'typo-Pa55word' });
    const text = await answer.text();
    assert.match(text, /<input id="username" name="username" type="text" autocomplete="username" value="Demo.User&#60;1&#62;" required aria-invalid="true" aria-describedby="form-error">/);
    assert.match(text, /<input id="password" name="password" type="password" autocomplete="current-password" value="" required aria-invalid="true" aria-describedby="form-error" autofocus>/);
    assert.ok(!text.includes('typo-Pa55word'), 'the password is not echoed');
  });
});

describe('sandbox connect pages: the partner\'s name', () => {
  it('names the partner by its client\'s configured name', async () => {
    const handler = sandbox({ clients: [{ clientId: 'sandbox-client', serviceSecret: 'sandbox-service-secret', name: 'Finsify Demo' }] });
    const token = await newToken(handler);
    const terms = await page(handler, token.connect_url);
    assert.match(terms, /<strong>Finsify Demo<\/strong> uses Finsify to read your Techcombank data/);
    assert.match(terms, /You can disconnect at any time in Finsify Demo\./);
    assert.doesNotMatch(terms, /partner\.test/);
  });

  it('falls back to the callback host for a client without a name', async () => {
    const handler = sandbox({ clients: [{ clientId: 'sandbox-client', serviceSecret: 'sandbox-service-secret' }] });
    const token = await newToken(handler);
    assert.match(await page(handler, token.connect_url), new RegExp(`<strong>${new URL(CALLBACK).host.replace('.', '\\.')}</strong> uses Finsify`));
  });

  it('takes the name from SANDBOX_CLIENT_NAME in the CLI', () => {
    const named = parseSandboxEnv({ SANDBOX_CLIENT_NAME: 'Finsify Demo' });
    assert.ok(named.ok);
    assert.equal(named.options.clients?.[0]?.name, 'Finsify Demo');
    assert.equal(named.options.clients?.[0]?.clientId, 'sandbox-client');
    const own = parseSandboxEnv({ SANDBOX_CLIENT_ID: 'acme', SANDBOX_SERVICE_SECRET: 's', SANDBOX_CLIENT_NAME: 'Acme Money' });
    assert.ok(own.ok);
    assert.deepEqual(own.options.clients, [{ clientId: 'acme', name: 'Acme Money', serviceSecret: 's' }]);
  });
});
