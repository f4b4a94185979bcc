/** The login statuses Finsify's webhooks report (spec, "Login status has changed"). */
export const LOGIN_STATUSES = ['login_wrong_credentials', 'login_password_expired', 'login_account_locked'] as const;

export type LoginStatusName = (typeof LOGIN_STATUSES)[number];

/** Whether `value` is one of {@link LOGIN_STATUSES}. */
export function isLoginStatus(value: unknown): value is LoginStatusName {
  return (LOGIN_STATUSES as readonly unknown[]).includes(value);
}
