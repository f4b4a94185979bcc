import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hintedLocale, hintedTheme, withPageHints } from '../../../src/server/page-hints.js';
import { call, read, STATE, testProxy } from './helpers.js';

const request = (headers: Record<string, string>): Request => new Request('http://partner.test/token', { headers });

describe('page hints: the widget\'s language and theme on connect_url', () => {
  it('reads the first language by weight and an explicit theme', () => {
    assert.equal(hintedLocale('vi'), 'vi');
    assert.equal(hintedLocale('en-US,vi;q=0.5'), 'en');
    assert.equal(hintedLocale('fr;q=0.2, VI-vn'), 'vi');
    assert.equal(hintedLocale('*'), undefined);
    assert.equal(hintedLocale(null), undefined);
    assert.equal(hintedTheme(' Dark '), 'dark');
    assert.equal(hintedTheme('sepia'), undefined);
  });

  it('adds locale and theme as query parameters, keeping any connect_url already has', () => {
    const url = 'http://127.0.0.1:4010/v2/connect/term/tok-1';
    assert.equal(withPageHints(url, request({ 'accept-language': 'vi', 'finsify-theme': 'dark' })), `${url}?locale=vi&theme=dark`);
    assert.equal(withPageHints(`${url}?locale=en`, request({ 'accept-language': 'vi' })), `${url}?locale=en`);
    assert.equal(withPageHints(url, request({})), url);
    assert.equal(withPageHints('not a url', request({ 'accept-language': 'vi' })), 'not a url');
  });

  it('are added by the proxy only with forwardPageHints', async () => {
    const headers = { 'accept-language': 'vi-VN,vi;q=0.9', 'finsify-theme': 'dark' };
    const off = testProxy();
    const plain = await read(await off.proxy(call('/token', { body: { service_id: 8, state: STATE }, headers })));
    assert.equal((plain.body.data as { connect_url: string }).connect_url, 'https://api.finsify.com/v2/connect/term/tok-1');
    const on = testProxy({ forwardPageHints: true });
    const hinted = await read(await on.proxy(call('/token', { body: { service_id: 8, state: STATE }, headers })));
    assert.equal((hinted.body.data as { connect_url: string }).connect_url, 'https://api.finsify.com/v2/connect/term/tok-1?locale=vi&theme=dark');
    // Finsify itself is asked exactly as the spec says: nothing of the hints reaches it.
    const token = on.finsify.calls.find((c) => c.path === '/v2/token');
    assert.deepEqual(Object.keys(token?.body as object).sort(), ['callback_url', 'customer_id', 'service_id']);
  });
});
