/**
 * Stateless pseudo-randomness for sampling variants: the values of variant i are a pure function of
 * (seed, i), so any worker or shard can generate any variant without generating the others.
 */

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix of a 32-bit word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few non-negative integers (each < 2^53). */
export function hash32(...words: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) {
    const lo = w >>> 0;
    const hi = Math.floor(w / 0x1_0000_0000) >>> 0;
    h = fmix32((h ^ lo) + 0x7f4a7c15);
    h = fmix32((h ^ hi) + 0x165667b1);
  }
  return h;
}

/** A uniform number in [0, 1) with 53 random bits, from (seed, index, stream). */
export function hashUnit(seed: number, index: number, stream: number): number {
  const a = hash32(seed, index, stream, 1) >>> 5; // 27 bits
  const b = hash32(seed, index, stream, 2) >>> 6; // 26 bits
  return (a * 67108864 + b) / 9007199254740992;
}

/**
 * A pseudo-random permutation of [0, n): a balanced Feistel network on the smallest even power of two
 * ≥ n, with cycle walking to stay inside [0, n). O(1) memory; about 4 rounds per walk step.
 */
export function permuteIndex(i: number, n: number, key: number): number {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`index ${i} outside [0, ${n})`);
  if (n <= 1) return 0;
  let bits = Math.ceil(Math.log2(n));
  if (bits % 2 === 1) bits++;
  const half = bits / 2;
  if (half > 26) throw new RangeError(`permutation size ${n} too large`);
  const mask = 2 ** half - 1;
  let x = i;
  do {
    let left = Math.floor(x / 2 ** half);
    let right = x % 2 ** half;
    for (let round = 0; round < 4; round++) {
      const f = hash32(key, round, right) & mask;
      const next = (left ^ f) & mask;
      left = right;
      right = next;
    }
    x = left * 2 ** half + right;
  } while (x >= n);
  return x;
}
