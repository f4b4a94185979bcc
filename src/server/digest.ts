import { createHash } from 'node:crypto';

/** SHA-256 of `text`, in hex: how the proxy recognises a repeated webhook body or a replayed callback result. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
