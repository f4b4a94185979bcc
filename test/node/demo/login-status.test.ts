import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLoginStatus } from '../../../demo/login-status.js';
import { LOGIN_STATUSES } from '../../../src/contract/login-status.js';

describe("a login's status as the demo page shows it", () => {
  it('reads "Connected" with no prompt while the bank accepts the login', () => {
    assert.deepEqual(describeLoginStatus(null), { label: 'Connected', tone: 'ok', prompt: '' });
  });

  it("asks for a reconnect for every status of the spec's webhook, in words", () => {
    for (const status of LOGIN_STATUSES) {
      const view = describeLoginStatus(status);
      assert.equal(view.tone, 'attention', status);
      assert.match(view.prompt, /reconnect/i, status);
      assert.doesNotMatch(view.label, /_/, status);
    }
  });
});
