// The check every part of a frame makes before it is read: that the frame still holds it.
import { Iso8583Error } from '../errors.js';

/** Throws `FRAME_TRUNCATED` ("frame ends inside `part`") unless `frame` holds `need` bytes from `offset`. */
export function checkRoom(frame: Uint8Array, offset: number, need: number, part: string, path?: string): void {
  if (frame.length - offset < need) {
    throw new Iso8583Error('FRAME_TRUNCATED', `frame ends inside ${part}`, {
      path,
      offset: frame.length,
      expected: `${need} bytes`,
      found: `${Math.max(0, frame.length - offset)} bytes`,
    });
  }
}
