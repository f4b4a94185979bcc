// Subresource Integrity value of a file, as browsers check it: sha384, base64.
import { createHash } from 'node:crypto';

export function sriHash(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}
