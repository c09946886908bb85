/**
 * Int32Arrays for the node and device lists of placements, cut from shared slabs. A typed array of
 * more than 64 bytes gets its own off-heap buffer in V8, which costs about 1.9 µs to allocate and
 * free — four times a view into a slab — and a saturated replay makes one per job start. Short lists
 * stay on the heap, and long ones get their own buffer, so a slab (16 KiB) is only ever kept alive
 * by lists of 17…1,024 entries.
 */
const SLAB = 4096;
const ON_HEAP = 16;
const OWN_BUFFER = 1024;

let slab = new Int32Array(SLAB);
let used = 0;

/** A zero-filled list of n entries that nothing else uses. */
export function indexList(n: number): Int32Array {
  if (n <= ON_HEAP || n > OWN_BUFFER) return new Int32Array(n);
  if (used + n > SLAB) {
    slab = new Int32Array(SLAB);
    used = 0;
  }
  const list = slab.subarray(used, used + n);
  used += n;
  return list;
}
