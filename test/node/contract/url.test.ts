import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpUrl, isHttp, parseUrl } from '../../../src/contract/url.js';

describe('contract: URL checks', () => {
  it('parses absolute URLs, and relative ones only against a base', () => {
    assert.equal(parseUrl('https://p.example/a')?.href, 'https://p.example/a');
    assert.equal(parseUrl('/a'), undefined);
    assert.equal(parseUrl('/a?b', 'http://x.invalid/')?.pathname, '/a');
    assert.equal(parseUrl('http://[::1'), undefined);
    assert.equal(parseUrl(new URL('https://p.example/u'))?.href, 'https://p.example/u');
  });

  it('accepts absolute http: and https: URLs, in any case', () => {
    assert.equal(httpUrl('https://p.example/cb')?.href, 'https://p.example/cb');
    assert.equal(httpUrl('HTTP://LOCALHOST:3000')?.href, 'http://localhost:3000/');
    assert.ok(isHttp(new URL('http://127.0.0.1/')));
  });

  it('refuses other schemes, relative and unparseable input, and non-strings', () => {
    const bad: unknown[] = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://p.example/', 'blob:https://p.example/1', '//p.example/a', '/callback', 'p.example', '', 'https://', 'http://exa mple.com', undefined, null, 42, { href: 'https://p.example/' }];
    for (const value of bad) assert.equal(httpUrl(value), undefined, String(value));
    assert.equal(isHttp(new URL('ws://p.example/')), false);
  });
});
