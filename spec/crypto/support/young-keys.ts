// Run in a process of its own whose young generation is at its largest from the start (as a long-running host's
// is): makes keys one way over and over, and prints how many bytes per key the scavenges promoted to the old
// generation once the process is warm. Keys made and dropped should die young.
import { getHeapSpaceStatistics } from 'node:v8';
import { fromHex } from '../../../src/bytes/hex.js';
import { deriveTransactionKeyAes, deriveWorkingKeyAes } from '../../../src/crypto/dukpt/index.js';
import { SecretKey } from '../../../src/crypto/key.js';
import { generateCupEcbMac } from '../../../src/crypto/mac/cup-ecb-mac.js';

const initialKey = SecretKey.fromHex('aes', '1273671EA26AC29AFA4D1084127652A1');
const ksn = fromHex('123456789012345600FFFF00');
const mab = new Uint8Array(64);

const ways: Record<string, () => unknown> = {
  // A host's AES DUKPT transaction key for each request.
  'aes-dukpt': () => deriveTransactionKeyAes(initialKey, ksn),
  // Its MAC key from it, used once (the transaction key keeps a schedule, the working key another).
  'aes-working-key': () => deriveWorkingKeyAes(deriveTransactionKeyAes(initialKey, ksn), ksn, 'mac-generation').kcv(),
  // A DES MAK from a key download, used for one CUP MAC.
  'des-mak': () => generateCupEcbMac(SecretKey.fromBytes('des', fromHex('313215FDA2C4AB4C')), mab),
};

const make = ways[process.argv[2]!]!;
let kept: unknown;

function spaceUsed(name: string, spaces = getHeapSpaceStatistics()): number {
  return spaces.find((s) => s.space_name === name)!.space_used_size;
}

/** Makes keys until `scavenges` scavenges have run; returns the keys made and the old generation's growth across them. */
function run(scavenges: number): { keys: number; promoted: number } {
  let keys = 0;
  let promoted = 0;
  let young = spaceUsed('new_space');
  let old = spaceUsed('old_space');
  while (scavenges > 0) {
    for (let i = 0; i < 100; i++) kept = make();
    keys += 100;
    const spaces = getHeapSpaceStatistics();
    const youngNow = spaceUsed('new_space', spaces);
    const oldNow = spaceUsed('old_space', spaces);
    if (youngNow < young) {
      // A scavenge ran: what the old generation gained is what it promoted (a full collection only shrinks it).
      scavenges--;
      if (oldNow > old) promoted += oldNow - old;
    }
    young = youngNow;
    old = oldNow;
  }
  return { keys, promoted };
}

run(4);
const { keys, promoted } = run(4);
process.stdout.write(`${JSON.stringify({ keys, promotedPerKey: promoted / keys, kept: typeof kept })}\n`);
