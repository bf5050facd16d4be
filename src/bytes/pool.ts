/**
 * Small private copies from shared slabs. Creating a typed array over a fresh ArrayBuffer costs far more
 * than a view on an existing one, and decode copies every body it reads; like Node's Buffer pool, views are
 * carved from a slab until it is used up. A view keeps its slab alive, so only small copies come from here,
 * and they stay internal (values handed out are copied again).
 */
const SLAB_BYTES = 16 * 1024;
const MAX_POOLED = 2 * 1024;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

function carve(bytes: number): number {
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += bytes;
  return at;
}

/** A copy of `src[start, end)`. */
export function copyBytes(src: Uint8Array, start = 0, end = src.length): Uint8Array {
  const n = end - start;
  if (n > MAX_POOLED) return src.slice(start, end);
  const at = carve(n);
  const view = new Uint8Array(slab, at, n);
  view.set(start === 0 && end === src.length ? src : src.subarray(start, end));
  return view;
}
