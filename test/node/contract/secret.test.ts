import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOGIN_SECRET_PATTERN, isLoginSecret } from '../../../src/contract/secret.js';

describe('contract: login secret', () => {
  it('accepts 1 to 256 printable ASCII characters', () => {
    for (const good of ['78cea84c-7eb8-4425-2312-3a1ac8383afe', 'x', '!'.repeat(256), 'a/b?c#d%e"f\\g~']) assert.ok(isLoginSecret(good), good);
  });

  it('refuses empty, too long, spaces, control and non-ASCII characters, and non-strings', () => {
    const bad: unknown[] = ['', 'x'.repeat(257), 'a b', 'a\tb', 'a\nb', 'a\u0000b', 'a\u007fb', 'ä', 'secret\u2028', 12345, null, undefined, ['abc']];
    for (const value of bad) assert.equal(isLoginSecret(value), false, JSON.stringify(value));
    assert.equal(LOGIN_SECRET_PATTERN.test('a b'), false);
  });
});
