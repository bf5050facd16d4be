import type { Sensitivity } from '../codec/spec.js';
import { expectString } from '../arguments.js';

/** A PAN with at most its first 6 and last 4 digits showing (fewer for short numbers). */
export function maskPan(pan: string): string {
  expectString(pan, 'pan');
  const n = pan.length;
  if (n >= 13) return pan.slice(0, 6) + '*'.repeat(n - 10) + pan.slice(n - 4);
  if (n > 8) return '*'.repeat(n - 4) + pan.slice(n - 4);
  return '*'.repeat(n);
}

/** Track data with its PAN masked like a PAN and everything after the separator hidden. */
export function maskTrack(track: string): string {
  expectString(track, 'track');
  // The first separator: `=` (or `D`) in track 2, `^` in track 1.
  const sep = track.search(/[=Dd^]/);
  if (sep < 0) return '*'.repeat(track.length);
  return maskPan(track.slice(0, sep)) + track[sep] + '*'.repeat(track.length - sep - 1);
}

/** Printable stand-in for a text value of the given sensitivity. */
export function maskText(value: string, sensitivity: Sensitivity): string {
  switch (sensitivity) {
    case 'pan':
      return maskPan(value);
    case 'track':
      return maskTrack(value);
    default:
      return '*'.repeat(value.length);
  }
}

/** Printable stand-in for the hex of a bytes value: bytes holding a PAN or track show none of its digits. */
export function maskHex(hex: string, sensitivity: Sensitivity | undefined): string {
  return maskText(hex, sensitivity === undefined || sensitivity === 'pan' || sensitivity === 'track' ? 'secret' : sensitivity);
}
