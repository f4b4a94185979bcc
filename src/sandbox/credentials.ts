/** What a connect attempt ends in, chosen by the credentials typed on the sandbox's login form. */
export type ConnectOutcome = 'success' | 'slow_success' | 'wrong_password' | 'login_account_locked' | 'login_password_expired';

/** One documented pair of test credentials. */
export interface SandboxTestCredential {
  username: string;
  password: string;
  outcome: ConnectOutcome;
  description: string;
}

/** Wrong tries allowed on one token before the flow ends with `login_wrong_credentials`. */
export const MAX_WRONG_ATTEMPTS = 5;

/**
 * The credentials the sandbox's connect pages understand (also shown on the pages themselves).
 * Any other username or password counts as a wrong password. Usernames are case-insensitive.
 * The person can also press Cancel on either page: the flow ends with status `cancel`.
 */
export const SANDBOX_TEST_CREDENTIALS: ReadonlyArray<SandboxTestCredential> = Object.freeze([
  { username: 'demo', password: 'demo', outcome: 'success', description: 'Connects at once: status "success" with login_id and secret.' },
  {
    username: 'demo',
    password: 'wrong',
    outcome: 'wrong_password',
    description: `Shows "wrong username or password"; try again on the same page. After ${MAX_WRONG_ATTEMPTS} wrong tries the flow ends with status "login_wrong_credentials".`,
  },
  { username: 'locked', password: 'locked', outcome: 'login_account_locked', description: 'The bank says the account is locked: status "login_account_locked".' },
  { username: 'expired', password: 'expired', outcome: 'login_password_expired', description: 'The bank says the password has expired: status "login_password_expired".' },
  { username: 'slow', password: 'slow', outcome: 'slow_success', description: 'A slow bank: waits a few seconds, then connects with status "success".' },
]);

/** The outcome of typing `username` and `password`. */
export function outcomeFor(username: string, password: string): ConnectOutcome {
  const name = username.trim().toLowerCase();
  const match = SANDBOX_TEST_CREDENTIALS.find((c) => c.username === name && c.password === password && c.outcome !== 'wrong_password');
  return match?.outcome ?? 'wrong_password';
}
