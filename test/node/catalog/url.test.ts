import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_URL_LENGTH, safeHttpUrl } from '../../../src/catalog/url.js';

describe('safeHttpUrl', () => {
  it('accepts absolute http: and https: URLs and returns them normalised', () => {
    assert.equal(safeHttpUrl('https://example.com/register-account'), 'https://example.com/register-account');
    assert.equal(safeHttpUrl('HTTP://Example.COM'), 'http://example.com/');
    assert.equal(safeHttpUrl('https://example.com/a b?q=ngân'), 'https://example.com/a%20b?q=ng%C3%A2n');
  });

  const refused: Array<[string, unknown]> = [
    ['javascript:', 'javascript:alert(1)'],
    ['mixed-case javascript:', 'JaVaScRiPt:alert(1)'],
    ['javascript: after a control character', '\u0001javascript:alert(1)'],
    ['javascript: after a space', ' javascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a newline inside the scheme', 'java\nscript:alert(1)'],
    ['https: after a space', ' https://example.com/'],
    ['https: after a control character', '\u0000https://example.com/'],
    ['a tab inside an https: scheme', 'ht\ttps://example.com/'],
    ['a newline inside the host', 'https://exa\nmple.com/'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob:', 'blob:https://example.com/uuid'],
    ['scheme-relative //host', '//evil.example/x'],
    ['a relative path', '/register'],
    ['a bare word', 'register'],
    ['ftp:', 'ftp://example.com/file'],
    ['http: without slashes', 'http:example.com'],
    ['credentials', 'https://bank.example@evil.example/'],
    ['a backslash host trick', '\\\\evil.example/x'],
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
    ['an object', { href: 'https://example.com/' }],
    ['an over-long URL', `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`],
  ];
  for (const [label, value] of refused) {
    it(`refuses ${label}`, () => {
      assert.equal(safeHttpUrl(value), null);
    });
  }

  it('accepts a URL of exactly the maximum length', () => {
    const prefix = 'https://example.com/';
    const url = prefix + 'a'.repeat(MAX_URL_LENGTH - prefix.length);
    assert.equal(safeHttpUrl(url), url);
  });
});
