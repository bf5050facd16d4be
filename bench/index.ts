// `npm run bench`: ns/op figures and ratios, all measured in this one run.
import { runHotPath } from './hot-path.js';

const sections: [string, () => string[]][] = [['Encode/decode hot path', runHotPath]];
for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  for (const line of run()) console.log(line);
}
