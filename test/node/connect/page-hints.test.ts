import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { applyPageHints } from '../../../src/connect/page-hints.js';

const page = (href: string): void => {
  Object.defineProperty(globalThis, 'location', { value: new URL(href), configurable: true });
};

describe('the widget\'s page hints on the token request', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'location');
  });

  it('sends the locale as Accept-Language and a forced theme as Finsify-Theme to a same-origin token URL', () => {
    page('https://partner.example/app');
    const headers = new Headers();
    applyPageHints(headers, { locale: 'vi', theme: 'dark' }, '/api/finsify/token');
    assert.deepEqual([...headers], [['accept-language', 'vi'], ['finsify-theme', 'dark']]);
  });

  it('sends no theme header across origins (a CORS preflight could refuse it), and never replaces the partner\'s headers', () => {
    page('https://partner.example/app');
    const cross = new Headers();
    applyPageHints(cross, { locale: 'vi', theme: 'dark' }, 'https://api.partner.example/token');
    assert.deepEqual([...cross], [['accept-language', 'vi']]);
    const own = new Headers({ 'Accept-Language': 'en', 'Finsify-Theme': 'light' });
    applyPageHints(own, { locale: 'vi', theme: 'dark' }, '/token');
    assert.deepEqual([...own], [['accept-language', 'en'], ['finsify-theme', 'light']]);
  });

  it('leaves out a locale that is not a plain language tag, and a theme that was not forced', () => {
    page('https://partner.example/app');
    const headers = new Headers();
    applyPageHints(headers, { locale: 'vi\r\nX: 1' }, '/token');
    assert.deepEqual([...headers], []);
  });
});
