/** A Finsify login secret as the contract accepts it: 1 to 256 printable ASCII characters, no space. */
export const LOGIN_SECRET_PATTERN = /^[\x21-\x7e]{1,256}$/;

/** True for a string shaped like a login secret. */
export const isLoginSecret = (value: unknown): value is string => typeof value === 'string' && LOGIN_SECRET_PATTERN.test(value);
