import { bytesArrived, timeWhenArrived, type RateProfile } from './stream-rate.js';

/**
 * Consumer lag of a stream as a fluid queue: bytes arrive at the stream's rate profile and leave at the
 * consumers' capacity c (B/s, piecewise constant: it changes only when the consumers' nodes are placed).
 * No event per message: time moves in fixed steps of `step` s, and each step adds the bytes that arrived
 * in it exactly (the closed form A(t₁) − A(t₀)) and removes c × step:
 *   Q(t₁) = max(0, Q(t₀) + A(t₁) − A(t₀) − c (t₁ − t₀)).
 * The only approximation is that the queue may empty part-way through a step; with the step of
 * `lagStep` (≤ 1 % of an hour) that moves a lag's start or end by at most one step.
 * Lag in seconds is the age of the oldest byte not yet processed (bytes are read in arrival order): t − A⁻¹(A(t) − Q(t)).
 * The brokers delete bytes older than the retention whether read or not (as Kafka does): a backlog older than
 * that is cut to the bytes of the last `retention` s, A(t) − A(t − retention), and the rest counts as expired.
 */
export class FluidLag {
  private t = 0;
  private queued = 0;
  /** bytes processed since t = 0 */
  private processed = 0;
  /** measured steps: lag bytes and seconds at each step's end, and each step's weight (s inside the window) */
  private readonly bytes: number[] = [];
  private readonly seconds: number[] = [];
  private readonly weights: number[] = [];
  private lagging = 0;
  private ingested = 0;
  /** bytes deleted by the retention before any consumer read them: since t = 0, and within the window */
  private expiredTotal = 0;
  private expired = 0;

  constructor(
    private readonly profile: RateProfile,
    private readonly step: number,
    /** s: statistics count from here (the warm-up's end) */
    private readonly from: number,
    /** s the brokers keep a byte (Infinity: for ever) */
    private readonly retention = Infinity,
  ) {}

  /** Bytes the consumers have processed by now. */
  get done(): number {
    return this.processed;
  }

  /** Moves the queue to time `to` with capacity `capacity` B/s throughout. */
  advance(to: number, capacity: number): void {
    while (this.t < to) {
      const t1 = Math.min(to, this.t + this.step);
      const arrived = bytesArrived(this.profile, t1) - bytesArrived(this.profile, this.t);
      const offered = this.queued + arrived;
      const out = Math.min(offered, capacity * (t1 - this.t));
      this.queued = offered - out;
      this.processed += out;
      const kept = Number.isFinite(this.retention) ? bytesArrived(this.profile, t1) - bytesArrived(this.profile, t1 - this.retention) : Infinity;
      const expired = Math.max(0, this.queued - kept);
      this.queued -= expired;
      this.expiredTotal += expired;
      const weight = Math.min(t1 - this.t, Math.max(0, t1 - this.from));
      if (weight > 0) {
        this.ingested += (arrived * weight) / (t1 - this.t);
        this.expired += expired;
        // the consumers' position: bytes read or expired, in arrival order
        const behind = this.queued > 0 ? t1 - timeWhenArrived(this.profile, this.processed + this.expiredTotal, t1) : 0;
        this.bytes.push(this.queued);
        this.seconds.push(behind);
        this.weights.push(weight);
        if (this.queued > 0) this.lagging += weight;
      }
      this.t = t1;
    }
  }

  /** Lag statistics over the measured steps (time-weighted). */
  result(): LagResult {
    const total = this.weights.reduce((a, w) => a + w, 0);
    return {
      ingested_bytes: this.ingested,
      expired_bytes: this.expired,
      lag_bytes: summarise(this.bytes, this.weights, total),
      lag_seconds: summarise(this.seconds, this.weights, total),
      lagging_seconds: this.lagging,
      lagging_fraction: total > 0 ? this.lagging / total : 0,
    };
  }
}

/** Time-weighted mean, 99th percentile and maximum of a lag series. */
export interface LagSummary {
  readonly mean: number;
  readonly p99: number;
  readonly max: number;
}

export interface LagResult {
  /** bytes that arrived in the window */
  readonly ingested_bytes: number;
  /** bytes the retention deleted in the window before any consumer read them (0 unless the lag passed the retention) */
  readonly expired_bytes: number;
  readonly lag_bytes: LagSummary;
  readonly lag_seconds: LagSummary;
  /** s of the window with a lag above 0, and their share of it */
  readonly lagging_seconds: number;
  readonly lagging_fraction: number;
}

function summarise(values: readonly number[], weights: readonly number[], total: number): LagSummary {
  if (total <= 0) return { mean: 0, p99: 0, max: 0 };
  let mean = 0;
  let max = 0;
  values.forEach((v, i) => {
    mean += v * (weights[i] ?? 0);
    max = Math.max(max, v);
  });
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  let seen = 0;
  let p99 = 0;
  for (const i of order) {
    seen += weights[i] ?? 0;
    p99 = values[i] ?? 0;
    if (seen >= 0.99 * total) break;
  }
  return { mean: mean / total, p99, max };
}

/** The lag step: 1 min, longer on long runs so a run keeps at most 100 000 steps. */
export function lagStep(horizon: number): number {
  return Math.max(60, horizon / 100_000);
}
