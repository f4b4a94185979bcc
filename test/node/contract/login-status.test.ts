import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isLoginStatus, LOGIN_STATUSES } from '../../../src/contract/login-status.js';

it('contract: the spec\'s three login statuses, and nothing else', () => {
  assert.deepEqual([...LOGIN_STATUSES], ['login_wrong_credentials', 'login_password_expired', 'login_account_locked']);
  for (const status of LOGIN_STATUSES) assert.equal(isLoginStatus(status), true);
  for (const other of ['success', 'LOGIN_ACCOUNT_LOCKED', '<b>x</b>', '', null, 7]) assert.equal(isLoginStatus(other), false, String(other));
});
