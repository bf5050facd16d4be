/** The chip card of the chip-terminal specs: what a contact card computes at its first GENERATE AC for 10.00 CNY. */
import type { CanonicalTlv } from '../../src/message/engine.js';

export const CUP_DEBIT_AID = 'A000000333010101';

/** Field 55 of the request: ARQC, its data and the terminal's. */
export const ARQC_ICC: readonly CanonicalTlv[] = Object.freeze([
  { tag: '9F26', value: 'A1B2C3D4E5F60718' },
  { tag: '9F27', value: '80' },
  { tag: '9F10', value: '07010103A0A802010A010000000000A3F7DFE2' },
  { tag: '9F37', value: '6F1A2B3C' },
  { tag: '9F36', value: '0031' },
  { tag: '95', value: '0000000000' },
  { tag: '9A', value: '240611' },
  { tag: '9C', value: '00' },
  { tag: '9F02', value: '000000001000' },
  { tag: '5F2A', value: '0156' },
  { tag: '82', value: '7C00' },
  { tag: '9F1A', value: '0156' },
  { tag: '9F33', value: 'E0E1C8' },
  { tag: '9F1E', value: '3030303030303031' },
  { tag: '84', value: CUP_DEBIT_AID },
]);
