/** The terminal the host-simulator and end-to-end specs run against the simulated acquirer, and their byte source. */
import type { CupHeader } from '../../src/frame/cup-header.js';
import type { Tpdu } from '../../src/frame/tpdu.js';
import type { TerminalConfig } from '../../src/txn/session.js';

// TMK of the Easy8583Ans sign-in exchange (github:yangyongzhen/Easy8583Ans, README.md).
export const TMK = '258FB0AB70D025CDB99DF2C4D302D646';
export const TID = '99999906';
export const MID = '001430170119999';
export const PAN = '6225880123456783';
export const TRACK2 = `${PAN}=27062207001000100`;
/** The card swiped in every sale: PAN 6225880123456783 on its track 2. */
export const CARD = { entry: 'magstripe' as const, track2: TRACK2 };
export const TPDU: Tpdu = { id: '60', destination: '0501', source: '0000' };
export const HEADER: CupHeader = { applicationType: '61', specVersion: '31', terminalStatus: '0', processingRequirement: '0', subVersion: '311108' };
export const CONFIG: TerminalConfig = { terminalId: TID, merchantId: MID, tmk: TMK, tpdu: TPDU, header: HEADER };
/** The fixed clock of the simulated exchanges. */
export const NOW = new Date(2024, 5, 11, 18, 30, 15);
export const now = (): Date => NOW;

/** A repeatable byte source (a linear congruential generator's top bytes): the same seed gives the same bytes. */
export function seeded(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      out[i] = s >>> 24;
    }
    return out;
  };
}
