import { dialects, fromHex } from './src/portable.js';
import { SALE_HEX } from './spec/message/support.js';
for (const c of ['9F2701809F10855A0862108108400034249F', '9F2701809F20FF5A08621081084000342494', '9F2701805A08621081084000342494DF']) {
  const len = String(c.length/2).padStart(4,'0');
  const hex = SALE_HEX.replace('00119F2608ED1D6BA78357FB25', len + c);
  const d = dialects.cup.describe(fromHex(hex), { partial: true });
  console.log(d.error?.code, d.error?.offset, d.error?.path, d.rows.filter(r=>r.path.startsWith('55')||r.path.startsWith('60')).map(r=>[r.path,r.offset,r.length,r.hex,r.value]));
  console.log(d.toString().includes('62108108400034249'));
}
