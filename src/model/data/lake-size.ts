import type { DataStream, Lake } from './data-types.js';
import { bytesArrived, bytesArrivedIntegral, rateProfile, type RateProfile } from './stream-rate.js';

/**
 * The size of a lake at any time, in closed form (no simulation: a 3-year lake is a formula, not 3 years
 * of events). Data written at time w has age t − w; it sits in tier j while its age is in
 * [aⱼ, aⱼ₊₁) (aⱼ: the tier's enterAge; the last bound is the retention, or never) and is deleted at the
 * retention. With S(t) = Σ over the streams sinking into the lake of ratio × A(t) (bytes written by t,
 * A the stream's closed-form arrivals), the logical bytes in tier j at t are
 *   Lⱼ(t) = S(t − aⱼ) − S(t − aⱼ₊₁) + initial · [aⱼ ≤ t < aⱼ₊₁]
 * (S = 0 before 0; the initial bytes are aged 0 at t = 0), and raw bytes = logical × overhead.
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
    const initial = from <= t && t < to ? this.lake.initial : 0;
    return this.written(t - from) - (Number.isFinite(to) ? this.written(t - to) : 0) + initial;
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
    const initial = this.lake.initial * Math.max(0, Math.min(t1, to) - Math.max(t0, from));
    return integral(from) - (Number.isFinite(to) ? integral(to) : 0) + initial;
  }

  /** Logical bytes that entered tier j in [t0, t1): written (the first tier) or moved there by a lifecycle rule. */
  tierEntries(j: number, t0: number, t1: number): number {
    const [from] = this.ageRange(j);
    const moved = j > 0 && t0 <= from && from < t1 ? this.lake.initial : 0;
    return this.written(t1 - from) - this.written(t0 - from) + moved;
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
