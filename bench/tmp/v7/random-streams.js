import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
/**
 * Seeded, independent, named random streams (xoroshiro128+ from pure-rand).
 *
 * A stream's 128-bit state is a pure function of (seed, replication, name):
 * FNV-1a 64 over the bytes of the three, expanded to two 64-bit words by
 * SplitMix64 (Vigna's recommended seeding for xoroshiro). So adding a stream
 * never changes the draws of another, creation order does not matter, and the
 * same inputs give the same sequence in any process. Give every source of
 * randomness its own name (`arrivals`, `service/training`, …); compared
 * scenarios that use the same names share random numbers.
 */
export class RandomStreams {
    seed;
    replication;
    streams = new Map();
    /** Throws RangeError unless seed is a safe integer and replication a non-negative safe integer. */
    constructor(seed, replication = 0) {
        if (!Number.isSafeInteger(seed))
            throw new RangeError(`seed must be a safe integer, got ${seed}`);
        if (!Number.isSafeInteger(replication) || replication < 0) {
            throw new RangeError(`replication must be a non-negative integer, got ${replication}`);
        }
        this.seed = seed;
        this.replication = replication;
    }
    /** The stream called `name`; the same object on every call with that name. */
    stream(name) {
        let stream = this.streams.get(name);
        if (stream === undefined) {
            stream = new RandomStream(name, deriveState(this.seed, this.replication, name));
            this.streams.set(name, stream);
        }
        return stream;
    }
}
const TWO_POW_27 = 2 ** 27;
const TWO_POW_M53 = 2 ** -53;
export class RandomStream {
    name;
    rng;
    /** `state` is four int32 words [s0 high, s0 low, s1 high, s1 low], not all zero. */
    constructor(name, state) {
        if (state.length !== 4 || state.every((word) => word === 0)) {
            throw new RangeError('xoroshiro128+ state must be four words, not all zero');
        }
        this.name = name;
        this.rng = xoroshiro128plusFromState(state);
    }
    /**
     * Uniform in [0, 1), a multiple of 2^-53. Built like genrand_res53 from
     * the upper 26 and 27 bits of two 32-bit outputs: pure-rand's
     * uniformFloat64 keeps the lowest bits, which are xoroshiro128+'s weakest.
     */
    uniform() {
        const a = this.rng.next() >>> 6;
        const b = this.rng.next() >>> 5;
        return (a * TWO_POW_27 + b) * TWO_POW_M53;
    }
    /** Uniform in (0, 1); safe for Math.log. */
    uniformOpen() {
        let u = this.uniform();
        while (u === 0)
            u = this.uniform();
        return u;
    }
    /** The generator state as four int32 words, for checkpoints and tests. */
    getState() {
        return this.rng.getState().slice();
    }
}
const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const GOLDEN = 0x9e3779b97f4a7c15n;
/** State words for (seed, replication, name); see the class comment of RandomStreams. */
export function deriveState(seed, replication, name) {
    let h = FNV_OFFSET;
    const mixByte = (byte) => {
        h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK64;
    };
    const mix64 = (value) => {
        const v = BigInt.asUintN(64, value);
        for (let shift = 0n; shift < 64n; shift += 8n)
            mixByte(Number((v >> shift) & 0xffn));
    };
    mix64(BigInt(seed));
    mix64(BigInt(replication));
    for (let i = 0; i < name.length; i++) {
        const unit = name.charCodeAt(i);
        mixByte(unit & 0xff);
        mixByte(unit >>> 8);
    }
    const s0 = splitMix64(h);
    let s1 = splitMix64((h + GOLDEN) & MASK64);
    if (s0 === 0n && s1 === 0n)
        s1 = 1n;
    return [high32(s0), low32(s0), high32(s1), low32(s1)];
}
/** SplitMix64 output for state + golden gamma (Steele, Lea & Flood 2014). */
function splitMix64(state) {
    let z = (state + GOLDEN) & MASK64;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
}
function high32(value) {
    return Number(value >> 32n) | 0;
}
function low32(value) {
    return Number(value & 0xffffffffn) | 0;
}
//# sourceMappingURL=random-streams.js.map