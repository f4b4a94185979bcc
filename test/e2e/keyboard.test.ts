/**
 * End-to-end, issue 5 case 9 (and 10): the whole flow by keyboard alone, from the page's first Tab
 * to the picker's search, arrows and Enter (the popup opens within that key press), through the
 * connect page's terms and login form, to the result.
 */
import assert from 'node:assert/strict';
import { e2eSuites } from './support/harness.js';
import { connected, say } from './support/messages.js';
import { TERMS_ACCEPT } from './support/connect-page.js';
import { expectOneTerminal, expectPopupClosed, expectRealisticData, expectSandboxPopup, successDetail } from './support/expect.js';
import { waitFor } from './support/wait.js';

const SEARCH = 'finsify-service-picker#picker > input#search[part="search-input"]';
const BUTTON = 'finsify-connect#connect > button[part="button"]';

e2eSuites((test) => {
  test('9) the whole flow by keyboard alone', async (session) => {
    const demo = await session.openDemo({ user: 'carol', mode: 'popup' });
    await demo.tabTo(SEARCH);
    await demo.page.keyboard.type('vietin');
    await waitFor('the search to narrow the list', async () =>
      (await demo.page.$$eval('#picker >>> [role="option"]', (options) => options.map((option) => option.id))).join() === 'option-4' || undefined,
    );
    await demo.page.keyboard.press('ArrowDown');
    const activeOption = await demo.page.$eval('#picker >>> #search', (input) => input.getAttribute('aria-activedescendant'));
    assert.equal(activeOption, 'option-4', 'ArrowDown makes VietinBank the active option');

    const popup = await demo.expectPopup(() => demo.page.keyboard.press('Enter'));
    await expectSandboxPopup(popup, session.stack);
    await popup.waitForTerms();
    await popup.tabTo(TERMS_ACCEPT);
    await popup.page.keyboard.press('Enter');
    await popup.page.waitForSelector('#username', { visible: true });
    await waitFor('the login form to focus the username', async () => (await popup.activeElement()) === 'input#username');
    await popup.page.keyboard.type('demo');
    await popup.page.keyboard.press('Tab');
    assert.equal(await popup.activeElement(), 'input#password');
    await popup.page.keyboard.type('demo');
    await popup.page.keyboard.press('Enter');

    const success = successDetail(await demo.waitForTerminal());
    assert.equal(success.service_id, 4);
    await expectPopupClosed(popup);
    await demo.waitForButton({ label: say('connectAnother'), busy: false, status: connected('VietinBank') });
    // Back on the page, focus is on the widget's button, ready for the next key press.
    await waitFor('focus to return to the connect button', async () => (await demo.deepFocus()) === BUTTON);
    const carol = session.backend('carol');
    await waitFor('the backend to list the new login', async () => (await carol.logins()).some((login) => login.login_id === success.login_id));
    await expectRealisticData(carol, success.login_id, 'VND');
    await expectOneTerminal(demo, 'finsify-success');
  });
});
