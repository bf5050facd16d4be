// Comparison of secrets (MACs, KCVs, PIN blocks) whose running time does not depend on where they differ.

/**
 * True when `a` and `b` hold the same bytes. Every byte is visited whatever the contents; only the
 * lengths, which are not secret, may end the comparison early.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
