import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RESULT_LENGTH, NOT_JSON, STATUS_PATTERN, keptResult, readResult, validateResult } from '../../../src/contract/callback-result.js';

const SECRET = '78cea84c-7eb8-4425-2312-3a1ac8383afe';
const none = new URLSearchParams();
const segment = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe('contract: callback result', () => {
  it("reads the spec's result, percent-encoded or raw, and from query parameters", () => {
    const result = { status: 'success', login_id: 23456, secret: SECRET };
    assert.deepEqual(readResult(segment(result), none), result);
    assert.deepEqual(readResult(JSON.stringify(result), none), result);
    assert.deepEqual(readResult('', new URLSearchParams(`status=success&login_id=23456&secret=${SECRET}&state=x&lang=vi`)), result);
    assert.deepEqual(readResult('', new URLSearchParams('status=cancelled')), { status: 'cancelled' });
  });

  it('has one status rule: a letter, then up to 63 letters, digits, _ or -', () => {
    const long = `login_${'x'.repeat(58)}`;
    assert.equal(long.length, 64);
    assert.deepEqual(validateResult({ status: long }), { status: long });
    for (const status of ['success', 'cancelled', 'login_wrong_credentials', 'Error-2', 'x']) assert.ok(STATUS_PATTERN.test(status), status);
    for (const status of ['', 'x'.repeat(65), '_x', '-x', '1x', 'a b', 'a.b', '<img src=x>', 'é', 'ok\n', 'ok%20']) {
      assert.equal(validateResult({ status }), 'Invalid status', JSON.stringify(status));
    }
    assert.equal(validateResult({ status: 1 }), 'Invalid status');
    assert.equal(validateResult({}), 'Invalid status');
  });

  it('requires a valid login_id for a success, and a valid login_id and secret wherever they are given', () => {
    assert.equal(validateResult({ status: 'success' }), 'Success without login_id');
    assert.equal(validateResult({ status: 'SUCCESS', secret: SECRET }), 'Success without login_id');
    assert.deepEqual(validateResult({ status: 'success', login_id: '12' }), { status: 'success', login_id: 12 });
    assert.deepEqual(validateResult({ status: 'cancelled', login_id: null, secret: null }), { status: 'cancelled' });
    for (const login_id of [-1, 0, 1.5, '12abc', Infinity, 2 ** 53, true, {}]) {
      assert.equal(validateResult({ status: 'cancelled', login_id }), 'Invalid login_id', String(login_id));
    }
    for (const secret of ['', 'a b', 'x'.repeat(257), 'a\u0000b', 42, {}]) {
      assert.equal(validateResult({ status: 'success', login_id: 1, secret }), 'Invalid secret', String(secret));
    }
  });

  it('refuses hostile input without throwing', () => {
    const hostile = ['not json', '%E0%A4%A', '%7B%22status%22%3A%ZZ', '{%', '[1,2]', 'null', '"success"', '1', encodeURIComponent(encodeURIComponent('{"status":"success","login_id":1}'))];
    for (const text of hostile) assert.equal(typeof readResult(text, none), 'string', text);
    assert.equal(readResult('not json', none), NOT_JSON);
    assert.equal(readResult('', none), 'Invalid status');
    for (const value of [null, undefined, 1, 'success', [], [{ status: 'success' }]]) assert.equal(validateResult(value), 'Result is not an object');
  });

  it('copies only the known fields: no __proto__ or constructor carried along, none read from the prototype', () => {
    const result = readResult(encodeURIComponent('{"status":"success","login_id":5,"__proto__":{"secret":"stolen","polluted":true},"constructor":{"prototype":{"polluted":true}}}'), none);
    assert.deepEqual(result, { status: 'success', login_id: 5 });
    assert.deepEqual(Object.keys(result as object), ['status', 'login_id']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(readResult(encodeURIComponent('{"__proto__":{"status":"success","login_id":3}}'), none), 'Invalid status');
    assert.equal(validateResult(Object.create({ status: 'success', login_id: 1 })), 'Invalid status');
  });

  it('takes for a backend that keeps the secret only a bounded result, and a success only with its secret', () => {
    assert.deepEqual(keptResult(segment({ status: 'success', login_id: 1, secret: SECRET }), none), { status: 'success', login_id: 1, secret: SECRET });
    assert.equal(keptResult(segment({ status: 'success', login_id: 1 }), none), undefined);
    assert.deepEqual(keptResult(segment({ status: 'cancel' }), none), { status: 'cancel' });
    assert.deepEqual(keptResult(segment({ status: `s${'x'.repeat(63)}` }), none), { status: `s${'x'.repeat(63)}` });
    assert.equal(keptResult(segment({ status: 'success', login_id: 1, secret: SECRET, pad: 'x'.repeat(MAX_RESULT_LENGTH) }), none), undefined);
    assert.equal(keptResult('', none), undefined);
  });
});
