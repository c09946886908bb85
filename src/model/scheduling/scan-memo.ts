import type { Demand } from './placement.js';

/**
 * What one backfill scan has learnt, to skip candidates in O(1):
 * - the smallest sizes that could not be placed, per allowed-pool set: feasibility is monotone
 *   (placement.ts) and the cluster only fills up during a scan, so larger requests are hopeless too;
 * - the exact requests refused because their placement would take what the head needs at the
 *   shadow time, with the cluster version then: while the cluster is unchanged, the same request gets
 *   the same placement and the mirror can only have filled up, so the answer stands.
 * Kept by the scheduler and re-armed per scan (`begin`), so scans allocate nothing; requests allowed
 * on every pool (the common case) use typed arrays indexed by size, others a map per pool set.
 */
export class ScanMemo {
  private scan = 0;
  private failedWhole = Infinity;
  private failedShare = Infinity;
  /** by size index (share milli 1…1000, or 1000 + whole devices): scan and cluster version of a refusal */
  private readonly refusedScan: Float64Array;
  private readonly refusedVersion: Float64Array;
  private readonly other = new Map<string, Failed>();

  constructor(deviceCount: number) {
    this.refusedScan = new Float64Array(1001 + deviceCount);
    this.refusedVersion = new Float64Array(1001 + deviceCount);
  }

  /** Smallest whole-device request allowed on every pool that could not be placed in this scan; ∞ if none. */
  get smallestFailedWhole(): number {
    return this.failedWhole;
  }

  begin(): void {
    this.scan++;
    this.failedWhole = Infinity;
    this.failedShare = Infinity;
    if (this.other.size > 0) this.other.clear();
  }

  hopeless(d: Demand): boolean {
    if (d.poolKey === '') return isHopeless(d, this.failedWhole, this.failedShare);
    const f = this.other.get(d.poolKey);
    return f !== undefined && isHopeless(d, f.whole, f.share);
  }

  failed(d: Demand): void {
    if (d.poolKey === '') {
      if (d.whole > 0) this.failedWhole = Math.min(this.failedWhole, d.whole);
      else this.failedShare = Math.min(this.failedShare, d.milli);
      return;
    }
    const f = this.entry(d);
    if (d.whole > 0) f.whole = Math.min(f.whole, d.whole);
    else f.share = Math.min(f.share, d.milli);
  }

  /** Cluster version at which this exact request was refused in this scan, or -1. */
  refusedAt(d: Demand): number {
    if (d.poolKey === '') {
      const k = sizeIndex(d);
      return this.refusedScan[k] === this.scan ? (this.refusedVersion[k] ?? -1) : -1;
    }
    return this.other.get(d.poolKey)?.refused.get(sizeIndex(d)) ?? -1;
  }

  refused(d: Demand, version: number): void {
    const k = sizeIndex(d);
    if (d.poolKey === '') {
      this.refusedScan[k] = this.scan;
      this.refusedVersion[k] = version;
    } else {
      this.entry(d).refused.set(k, version);
    }
  }

  private entry(d: Demand): Failed {
    let f = this.other.get(d.poolKey);
    if (!f) {
      f = { whole: Infinity, share: Infinity, refused: new Map() };
      this.other.set(d.poolKey, f);
    }
    return f;
  }
}

/** A failed share means no device has room for it, so no whole device is free either. */
function isHopeless(d: Demand, failedWhole: number, failedShare: number): boolean {
  return d.whole > 0 ? d.whole >= failedWhole || failedShare <= 1000 : d.milli >= failedShare;
}

function sizeIndex(d: Demand): number {
  return d.whole > 0 ? 1000 + d.whole : d.milli;
}

interface Failed {
  whole: number;
  share: number;
  /** size index → cluster version when it was refused */
  readonly refused: Map<number, number>;
}
