/**
 * What a login's status (the spec's "Login status has changed" webhook) means for the person:
 * a short badge text, and what to do when the login needs them. The backend reports `null` while
 * the bank accepts the login (and again once a reconnect succeeded).
 */

export type StatusTone = 'ok' | 'attention';

export interface LoginStatusView {
  /** The badge's words: the status is read, never told by colour alone. */
  label: string;
  tone: StatusTone;
  /** What to do, when the login needs the person (a reconnect); empty when all is well. */
  prompt: string;
}

const views: Record<string, LoginStatusView> = {
  login_wrong_credentials: {
    label: 'Password changed',
    tone: 'attention',
    prompt: 'The bank no longer accepts the saved password. Reconnect and sign in with the new one.',
  },
  login_password_expired: {
    label: 'Password expired',
    tone: 'attention',
    prompt: "The password has expired. Change it in the bank's online banking, then reconnect.",
  },
  login_account_locked: {
    label: 'Locked by the bank',
    tone: 'attention',
    prompt: 'The bank has locked this login. Once the bank unlocks it, reconnect.',
  },
};

export function describeLoginStatus(status: string | null | undefined): LoginStatusView {
  if (!status || status === 'success') return { label: 'Connected', tone: 'ok', prompt: '' };
  // A status the spec does not list yet: still something the bank refuses, so reconnecting is the way out.
  return views[status] ?? { label: status.replace(/^login_/, '').replace(/_/g, ' '), tone: 'attention', prompt: 'The bank reports a problem with this login. Reconnect to sign in again.' };
}
