const DIGITS = /^\d{1,16}$/;

/**
 * A positive safe integer id (`login_id`, `service_id`, ...), given as a number or a string of
 * digits (`23456` or `"23456"`, as JSON or a query string carries it); else `undefined`.
 */
export function positiveId(value: unknown): number | undefined {
  const id = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
