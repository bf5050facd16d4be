// Crypto costs per operation, the portable provider beside the node:crypto one, measured in this run.
import { fromHex } from '../src/bytes/hex.js';
import type { CipherProvider } from '../src/crypto/cipher.js';
import { deriveTransactionKeyAes } from '../src/crypto/dukpt/aes.js';
import { deriveTransactionKeyTdes } from '../src/crypto/dukpt/tdes.js';
import { generateCupEcbMac } from '../src/crypto/mac/cup-ecb-mac.js';
import { encryptPinBlock } from '../src/crypto/pin/pin-block.js';
import { SecretKey } from '../src/crypto/key.js';
import { portableProvider } from '../src/crypto/portable-provider.js';
import { nodeProvider } from '../src/node/crypto-provider.js';
import { nsPerOp, report } from './harness.js';

// A 280-byte MAC input, the size of a contactless sale with field 55; its content does not change the cost.
const MAB = Uint8Array.from({ length: 280 }, (_, i) => (i * 37 + 11) & 0xff);
const MAK = fromHex('313215FDA2C4AB4C');
const MAK_KEY = SecretKey.fromBytes('des', MAK);
const PIK = fromHex('0123456789ABCDEFFEDCBA9876543210');
// X9.24-1 example IPEK; counter 0x1FFFFF has all 21 bits set, the longest walk a TDES KSN allows.
const IPEK_TDES = fromHex('6AC292FAA1315B4D858AB3A3D7D5933A');
const KSN_TDES = fromHex('FFFF9876543210FFFFFF');
// X9.24-3 example AES-128 initial key; a counter with 16 one-bits, the most a valid AES KSN may have.
const IK_AES = fromHex('1273671EA26AC29AFA4D1084127652A1');
const KSN_AES = fromHex('123456789012345600FFFF00');

interface Case {
  name: string;
  run: (provider: CipherProvider) => unknown;
}

const CASES: readonly Case[] = [
  { name: 'CUP MAC, 280 B, raw MAK (keyed per call)', run: (p) => generateCupEcbMac(MAK, MAB, { provider: p }) },
  { name: 'CUP MAC, 280 B, SecretKey MAK (keyed once)', run: (p) => generateCupEcbMac(MAK_KEY, MAB, { provider: p }) },
  { name: 'ISO-0 PIN block, TDES', run: (p) => encryptPinBlock(0, PIK, '1234', '4012345678909', { provider: p }) },
  { name: 'TDES DUKPT key, 21 steps', run: (p) => deriveTransactionKeyTdes(IPEK_TDES, KSN_TDES, { provider: p }) },
  { name: 'AES-128 DUKPT key, 16 steps', run: (p) => deriveTransactionKeyAes(IK_AES, KSN_AES, { provider: p }) },
];

/** Runs the crypto benchmark and returns its printed lines: portable ns/op, node ns/op, and their ratio. */
export function runCrypto(): string[] {
  const lines: string[] = [];
  for (const c of CASES) {
    const node = nsPerOp(() => c.run(nodeProvider), 300);
    const portable = nsPerOp(() => c.run(portableProvider), 300);
    lines.push(report(`${c.name}, portable`, portable, { 'node provider': node }));
    lines.push(report(`${c.name}, node`, node));
  }
  return lines;
}
