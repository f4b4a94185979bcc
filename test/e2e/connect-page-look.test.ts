/**
 * End-to-end, issue 15 (sandbox pages): the connect pages follow the partner's page. The demo set
 * to Vietnamese and dark opens a popup whose pages are Vietnamese and dark (the widget's
 * `Accept-Language` and `Finsify-Theme`, the proxy's `forwardPageHints`, the sandbox's
 * `?locale=&theme=`), name the partner "Finsify Demo", and keep the username after a wrong password.
 */
import assert from 'node:assert/strict';
import { e2eSuites } from './support/harness.js';
import { expectOneTerminal, expectSandboxPopup } from './support/expect.js';

e2eSuites((test) => {
  test('Vietnamese and dark like the demo page, the partner by name, the username kept after a wrong password', async (session) => {
    const demo = await session.openDemo({ user: 'alice', secretMode: 'browser', mode: 'popup', locale: 'vi', theme: 'dark' });
    const popup = await demo.expectPopup(() => demo.clickService('Techcombank'));
    await expectSandboxPopup(popup, session.stack);
    assert.match(await popup.waitForTerms(), /^Kết nối Techcombank$/);
    const look = await popup.page.evaluate(() => ({
      query: location.search,
      lang: document.documentElement.lang,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    assert.deepEqual(look, { query: '?locale=vi&theme=dark', lang: 'vi', background: 'rgb(11, 17, 32)' });
    assert.match(await popup.text('.content p:nth-of-type(2)'), /^Finsify Demo dùng Finsify để đọc dữ liệu Techcombank/);

    await popup.acceptTerms();
    await popup.submitLogin('demo', 'sai-mat-khau');
    assert.match(await popup.formError(), /Sai tên đăng nhập hoặc mật khẩu\. Bạn còn 4 lần thử\./);
    const fields = await popup.page.evaluate(() => ({
      lang: document.documentElement.lang,
      username: document.querySelector<HTMLInputElement>('#username')!.value,
      password: document.querySelector<HTMLInputElement>('#password')!.value,
    }));
    assert.deepEqual(fields, { lang: 'vi', username: 'demo', password: '' });

    await popup.cancel();
    await demo.waitForTerminal();
    await expectOneTerminal(demo, 'finsify-exit');
  });
});
