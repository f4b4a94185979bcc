import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBackoff } from '../../../demo/retry.js';

describe('the demo page hands a login secret to its backend with backoff', () => {
  it('waits out failures worth waiting out, longer each time, and returns the first success', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withBackoff(
      async () => {
        calls += 1;
        if (calls < 4) throw new Error('503');
        return 'stored';
      },
      { retryable: () => true, sleep: async (ms) => void sleeps.push(ms), random: () => 1 },
    );
    assert.equal(result, 'stored');
    assert.deepEqual(sleeps, [1000, 2000, 4000]);
  });

  it('gives up after its tries, and at once on a refusal', async () => {
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error('down'));
    };
    await assert.rejects(withBackoff(failing, { retryable: () => true, tries: 3, sleep: async () => {} }), /down/);
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(withBackoff(failing, { retryable: () => false, sleep: async () => {} }), /down/);
    assert.equal(calls, 1);
  });
});
