import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, errorMessage, redact } from '../../../src/contract/redact.js';

const SECRET = 'd16bdfd0-5bd2-46d3-96c2-12313sdsda';

describe('contract: redact', () => {
  it("masks secret-looking keys at any depth and blanks what they held out of every string (the spec's LoginNotFound)", () => {
    const body = { error: 'LoginNotFound', message: `Cannot find Login with login secret: '${SECRET}'.`, extra: { loginSecret: SECRET, note: `was ${SECRET}` } };
    assert.deepEqual(redact(body), {
      error: 'LoginNotFound',
      message: `Cannot find Login with login secret: '${REDACTED}'.`,
      extra: { loginSecret: REDACTED, note: `was ${REDACTED}` },
    });
  });

  it('leaves such keys out when the mask is null (the widget), numbers and nested values included', () => {
    const value = { message: 'bob / hunter2x refused; login secret 1234567890', extra: { credentials: { username: 'bob', password: 'hunter2x' }, loginSecret: 1234567890, attempt: 2 } };
    assert.deepEqual(redact(value, [], null), { message: `bob / ${REDACTED} refused; login secret ${REDACTED}`, extra: { attempt: 2 } });
  });

  it('blanks the given secrets out, and never anything shorter than 4 characters', () => {
    assert.deepEqual(redact({ a: ['x abcd y', 'abc'], b: 7 }, ['abcd', 'abc']), { a: [`x ${REDACTED} y`, 'abc'], b: 7 });
    assert.equal(redact('The login secret expired; reconnect 2 logins', []), 'The login secret expired; reconnect 2 logins');
  });

  it('matches the secret key names the widget and the proxy both hide', () => {
    const keys = ['secret', 'loginSecret', 'service-secret', 'App-Secret', 'password', 'credentials', 'Authorization', 'cookie', 'set-cookie'];
    const value = Object.fromEntries(keys.map((key) => [key, 'value-x']));
    assert.deepEqual(redact(value), Object.fromEntries(keys.map((key) => [key, REDACTED])));
    assert.deepEqual(redact({ ...value, kept: 1 }, [], null), { kept: 1 });
  });

  it('copies, never changes its input, and stops at 8 levels', () => {
    const input = { secret: 'abcdef', deep: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } } };
    const copy = redact(input) as typeof input;
    assert.equal(input.secret, 'abcdef');
    assert.equal(copy.deep.a.b.c.d.e.f.g, REDACTED as unknown);
    assert.equal(redact(null), null);
    assert.equal(redact(5), 5);
  });

  it('scrubs an error message of secrets as written and percent-encoded', () => {
    const secret = 'a/b c+d';
    assert.equal(errorMessage(new Error(`failed on ${secret} at /cb/${encodeURIComponent(secret)}`), [secret]), `failed on ${REDACTED} at /cb/${REDACTED}`);
    assert.equal(errorMessage('plain abcd', ['abcd']), `plain ${REDACTED}`);
  });
});
