// `npm run bench`: ns/op figures and ratios, all measured in this one run.
import { runCrypto } from './crypto.js';
import { runHotPath } from './hot-path.js';

const sections: [string, () => string[]][] = [
  ['Encode/decode hot path', runHotPath],
  ['Crypto, portable beside node:crypto', runCrypto],
];
for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  for (const line of run()) console.log(line);
}
