import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { positiveId } from '../../../src/contract/ids.js';

describe('contract: positiveId', () => {
  it('takes a positive safe integer as a number or a string of digits', () => {
    assert.equal(positiveId(23456), 23456);
    assert.equal(positiveId('23456'), 23456);
    assert.equal(positiveId('007'), 7);
    assert.equal(positiveId(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  });

  it('refuses everything else', () => {
    const bad: unknown[] = [0, -1, -0, 1.5, NaN, Infinity, 2 ** 53, '0', '-1', '1.0', '1e3', ' 1', '1 ', '12abc', '0x10', '', '12345678901234567', '9007199254740993', Number.MAX_VALUE * 2, null, undefined, true, [1], { id: 1 }, 10n];
    for (const value of bad) assert.equal(positiveId(value), undefined, String(value));
  });
});
