// Comparison of secrets (MACs, KCVs, PIN blocks) whose running time does not depend on where they differ.
import { bytesArg } from './input.js';

/**
 * True when `a` and `b` hold the same bytes. Both must be byte arrays (anything else, text included, throws
 * `BAD_ARGUMENT`: comparing two strings here would compare nothing). Every byte is visited whatever the
 * contents; only the lengths, which are not secret, may end the comparison early.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  bytesArg(a, 'a');
  bytesArg(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
