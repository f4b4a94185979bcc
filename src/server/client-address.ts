/**
 * The client's address as the nearest of `trustedHops` reverse proxies in front of the backend saw it:
 * the `trustedHops`-th `X-Forwarded-For` entry counted from the right. Each proxy appends the address it
 * was reached from, so entries further left were written by the client itself and prove nothing; the
 * leftmost entry is never read. `undefined` when the header has fewer entries than that (the request
 * did not come through every trusted proxy) or the entry is empty.
 *
 * @example createFinsifyProxy({ ..., clientAddress: forwardedClientAddress(1) }) // one load balancer in front
 */
export function forwardedClientAddress(trustedHops: number): (request: Request) => string | undefined {
  if (!Number.isSafeInteger(trustedHops) || trustedHops < 1) {
    throw new TypeError(`forwardedClientAddress: trustedHops must be a whole number of 1 or more, got ${String(trustedHops)}`);
  }
  return (request) => {
    const header = request.headers.get('x-forwarded-for');
    if (header === null) return undefined;
    const entries = header.split(',');
    return entries.length < trustedHops ? undefined : entries[entries.length - trustedHops]!.trim() || undefined;
  };
}
