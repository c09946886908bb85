import type { DataStream, Lake } from './data-types.js';
import { bytesArrived, bytesArrivedIntegral, rateProfile, type RateProfile } from './stream-rate.js';

/**
 * The size of a lake at any time, in closed form (no simulation: a 3-year lake is a formula, not 3 years
 * of events). Data written at time w has age t − w; it sits in tier j while its age is in
 * [aⱼ, aⱼ₊₁) (aⱼ: the tier's enterAge; the last bound is the retention, or never) and is deleted at the
 * retention. With S(t) = Σ over the streams sinking into the lake of ratio × A(t) (bytes written by t,
 * A the stream's closed-form arrivals), the logical bytes in tier j at t are
 *   Lⱼ(t) = S(t − aⱼ) − S(t − aⱼ₊₁) + Iⱼ(t)
 * (S = 0 before 0), and raw bytes = logical × overhead. The initial bytes' ages are spread evenly over
 * [0, D) at t = 0 (D = initialSpread), so at t their ages fill [t, t + D) and
 *   Iⱼ(t) = initial × |[t, t + D) ∩ [aⱼ, aⱼ₊₁)| / D   (D = 0: initial × [aⱼ ≤ t < aⱼ₊₁], all written at 0);
 * with D = the retention, a lake in steady state stays so.
 * The bytes written are the bytes ingested: over months, consumers that keep up on average write what
 * arrives (their lag, hours at most, is measured by the run).
 */
export class LakeSize {
  private readonly inflows: readonly { readonly profile: RateProfile; readonly ratio: number }[];
  /** aⱼ per tier, then the retention (Infinity: kept for ever) */
  private readonly bounds: readonly number[];

  constructor(
    readonly lake: Lake,
    streams: readonly DataStream[],
  ) {
    this.inflows = streams.flatMap((s) => (s.sink?.lake === lake.name ? [{ profile: rateProfile(s), ratio: s.sink.ratio }] : []));
    this.bounds = [...lake.tiers.map((t) => t.enterAge), lake.retention ?? Infinity];
  }

  /** Logical bytes written into the lake by the streams in [0, t]. */
  written(t: number): number {
    return this.inflows.reduce((a, f) => a + f.ratio * bytesArrived(f.profile, t), 0);
  }

  /** Logical bytes in tier `j` at time t. */
  tierBytes(j: number, t: number): number {
    const [from, to] = this.ageRange(j);
    return this.written(t - from) - (Number.isFinite(to) ? this.written(t - to) : 0) + this.initialAt(from, to, t);
  }

  /** Logical bytes in the whole lake at t. */
  logicalBytes(t: number): number {
    return this.lake.tiers.reduce((a, _, j) => a + this.tierBytes(j, t), 0);
  }

  /** Raw bytes (× redundancy overhead) at t. */
  rawBytes(t: number): number {
    return this.logicalBytes(t) * this.lake.overhead;
  }

  /** ∫ Lⱼ over [t0, t1]: logical byte-seconds tier j held (what its price per TB-month is charged on). */
  tierByteSeconds(j: number, t0: number, t1: number): number {
    const [from, to] = this.ageRange(j);
    const integral = (shift: number) => this.writtenIntegral(t1 - shift) - this.writtenIntegral(t0 - shift);
    return integral(from) - (Number.isFinite(to) ? integral(to) : 0) + this.initialIntegral(from, to, t0, t1);
  }

  /** Logical bytes that entered tier j in [t0, t1): written (the first tier) or moved there by a lifecycle rule. */
  tierEntries(j: number, t0: number, t1: number): number {
    const [from] = this.ageRange(j);
    const D = this.lake.initialSpread;
    // initial bytes whose age reaches `from` in [t0, t1): aged x at 0, they get there at from − x
    const moved = j === 0 ? 0 : D === 0 ? (t0 <= from && from < t1 ? this.lake.initial : 0) : (this.lake.initial * overlap(from - t1, from - t0, 0, D)) / D;
    return this.written(t1 - from) - this.written(t0 - from) + moved;
  }

  /** Iⱼ(t): the initial bytes in the age range [from, to) at t. */
  private initialAt(from: number, to: number, t: number): number {
    const D = this.lake.initialSpread;
    if (D === 0) return from <= t && t < to ? this.lake.initial : 0;
    return (this.lake.initial * overlap(t, t + D, from, to)) / D;
  }

  /** ∫ Iⱼ over [t0, t1]: continuous and piecewise linear in t (kinks where t or t + D crosses from or to), so exact by the trapezoid rule between its kinks. */
  private initialIntegral(from: number, to: number, t0: number, t1: number): number {
    const D = this.lake.initialSpread;
    if (D === 0) return this.lake.initial * overlap(t0, t1, from, to);
    const kinks = [t0, t1, from - D, from, to - D, to].filter((k) => Number.isFinite(k) && k >= t0 && k <= t1).sort((a, b) => a - b);
    let sum = 0;
    for (let i = 1; i < kinks.length; i++) {
      const a = kinks[i - 1] ?? t0;
      const b = kinks[i] ?? t1;
      sum += ((this.initialAt(from, to, a) + this.initialAt(from, to, b)) / 2) * (b - a);
    }
    return sum;
  }

  private ageRange(j: number): [number, number] {
    return [this.bounds[j] ?? Infinity, this.bounds[j + 1] ?? Infinity];
  }

  private writtenIntegral(t: number): number {
    return this.inflows.reduce((a, f) => a + f.ratio * bytesArrivedIntegral(f.profile, t), 0);
  }
}

/** Bytes a stream's brokers hold at t: replication × the bytes that arrived within the retention, A(t) − A(t − retention). */
export function brokerBytes(stream: DataStream, t: number): number {
  const p = rateProfile(stream);
  return stream.replication * (bytesArrived(p, t) - bytesArrived(p, t - stream.retention));
}

/** ∫ broker bytes over [t0, t1] (byte-seconds the broker disks held). */
export function brokerByteSeconds(stream: DataStream, t0: number, t1: number): number {
  const p = rateProfile(stream);
  const i = (t: number) => bytesArrivedIntegral(p, t) - bytesArrivedIntegral(p, t - stream.retention);
  return stream.replication * (i(t1) - i(t0));
}

/** Length of [a, b) ∩ [c, d) (0 when they do not meet). */
function overlap(a: number, b: number, c: number, d: number): number {
  return Math.max(0, Math.min(b, d) - Math.max(a, c));
}
