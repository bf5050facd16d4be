/** Small ISO 8583:1987 ASCII messages in plain frames for the client specs, and a host that answers them. */
import { dialects } from '../../../src/index.js';
import { frameMessage, unframeMessage } from '../../../src/frame/frame.js';
import { plainFrameProfile } from '../../../src/frame/profile.js';
import { responseMti } from '../../../src/message/mti.js';
import type { Message } from '../../../src/message/message.js';

export const dialect = dialects.iso87ascii;
export const profile = plainFrameProfile;
export const TID = 'TERM0001';

/** A framed message with STAN `stan` (field 11), terminal `tid` (41) and network code 301 (70). */
export function request(mti: string, stan: string, tid = TID): Uint8Array {
  return frameMessage(profile, { body: dialect.encode({ mti, fields: { '11': stan, '41': tid, '70': '301' } }) });
}

/** The decoded message of a plain frame. */
export function read(frame: Uint8Array): Message {
  return dialect.decode(unframeMessage(profile, frame).body);
}

/** The answer a host gives to `frame`: the response MTI, the same 11, 41 and 70, and 39 = `code`. */
export function answerTo(frame: Uint8Array, code = '00'): Uint8Array {
  const m = read(frame);
  return frameMessage(profile, {
    body: dialect.encode({ mti: responseMti(m.mti), fields: { '11': m.get('11') as string, '39': code, '41': m.get('41') as string, '70': '301' } }),
  });
}

/** MTI and STAN of a frame, e.g. `0810 000001`. */
export function summary(frame: Uint8Array): string {
  const m = read(frame);
  return `${m.mti} ${String(m.get('11'))}`;
}
