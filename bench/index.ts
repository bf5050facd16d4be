// `npm run bench`: ns/op figures and ratios, all measured in this one run, then the issue targets they are checked against.
import { runCrypto } from './crypto.js';
import { runHostPipeline } from './host-pipeline.js';
import { runHotPath, type TargetFigure } from './hot-path.js';
import { runLoad } from './load.js';

const targets: TargetFigure[] = [];
const sections: [string, () => string[] | Promise<string[]>][] = [
  [
    'Encode/decode hot paths',
    () => {
      const r = runHotPath();
      targets.push(...r.targets);
      return r.lines;
    },
  ],
  ['Host pipeline', () => runHostPipeline().lines],
  [
    'Crypto, beside floor rows (portable provider; node:crypto shown too)',
    () => {
      const r = runCrypto();
      targets.push(...r.targets);
      return r.lines;
    },
  ],
  ['Load: terminals on 127.0.0.1 against a host in its own process', runLoad],
];
for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  for (const line of await run()) console.log(line);
}
console.log('\n== Targets (ratio measured above; at most the limit)');
for (const t of targets) {
  const floor = t.floor === undefined ? '' : `  (floor row ${t.floor.toFixed(2)}×${t.floor > t.limit ? ', above the limit' : ''})`;
  console.log(`${t.target.padEnd(64)} ${t.ratio.toFixed(2).padStart(6)}×  limit ${t.limit}×  ${t.ratio <= t.limit ? 'met' : 'NOT met'}${floor}`);
}
