// `npm run bench`: ns/op figures and ratios, all measured in this one run.
import { runCrypto } from './crypto.js';
import { runHotPath } from './hot-path.js';
import { runLoad } from './load.js';

const sections: [string, () => string[] | Promise<string[]>][] = [
  ['Encode/decode hot path', runHotPath],
  ['Crypto, portable beside node:crypto', runCrypto],
  ['Load: terminals on 127.0.0.1 against a host in its own process', runLoad],
];
for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  for (const line of await run()) console.log(line);
}
