// `npm run demo`: decodes every captured and synthetic message in fixtures/ and prints an annotated,
// masked byte map of each — framing (length, TPDU, CUP header) first, then every field and subfield.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cupDialect,
  cupFrameProfile,
  cupProcessingRequirement,
  dialects,
  fromHex,
  lengthHeaders,
  unframeMessage,
  type CupDialectOptions,
  type Dialect,
  type FrameProfile,
} from '../src/index.js';

interface Fixture {
  source: string;
  description: string;
  hex: string;
  framing: string;
  dialect?: CupDialectOptions | string;
  synthetic?: boolean;
}

const root = join(import.meta.dirname, '..', 'fixtures');
const TPDU_AND_HEADER: FrameProfile = { lengthHeader: lengthHeaders.none, tpdu: true, header: 'cup' };

/** The frame profile a fixture's framing note describes. */
function profileOf(framing: string): FrameProfile | null {
  if (framing.startsWith('2-byte binary')) return cupFrameProfile;
  if (framing.startsWith('5-byte TPDU')) return TPDU_AND_HEADER;
  return null;
}

function dialectOf(folder: string, fx: Fixture): Dialect {
  if (typeof fx.dialect === 'string') return dialects[fx.dialect as keyof typeof dialects];
  if (folder === 'iso') return dialects.iso87ascii;
  return fx.dialect ? cupDialect(fx.dialect) : dialects.cup;
}

let count = 0;
for (const folder of ['cup', 'iso']) {
  for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.json')).sort()) {
    const fx = JSON.parse(readFileSync(join(root, folder, file), 'utf8')) as Fixture;
    const bytes = fromHex(fx.hex);
    const profile = profileOf(fx.framing);
    const lines = [`\n━━ ${folder}/${file}${fx.synthetic ? ' (synthetic)' : ''}`, `   ${fx.description}`, `   source: ${fx.source}`];
    let body = bytes;
    if (profile) {
      const frame = unframeMessage(profile, bytes);
      body = frame.body;
      const parts: string[] = [];
      if (frame.length !== undefined) parts.push(`length ${frame.length}`);
      if (frame.tpdu) parts.push(`TPDU ${frame.tpdu.id} dest ${frame.tpdu.destination} src ${frame.tpdu.source}`);
      if (frame.header && !(frame.header instanceof Uint8Array)) {
        const h = frame.header;
        const req = cupProcessingRequirement(h);
        parts.push(`header app ${h.applicationType} ver ${h.specVersion} status ${h.terminalStatus} processing ${h.processingRequirement}${req ? ` (${req})` : ''} sub ${h.subVersion}`);
      }
      lines.push(`   frame: ${parts.join(' · ')}`);
    }
    const dialect = typeof fx.dialect === 'string' ? dialects[fx.dialect as keyof typeof dialects] : dialectOf(folder, fx);
    lines.push(dialect.describe(body).toString().replace(/^/gm, '   '));
    console.log(lines.join('\n'));
    count++;
  }
}
console.log(`\n${count} messages decoded; card numbers, tracks, PIN blocks and keys are masked.`);
