import type { Cluster } from './cluster.js';
import type { Demand, Placement } from './placement.js';
import { bySubmission, QueueScheduler, type Waiting } from './queue-scheduler.js';
import type { RunningJob, SchedulerOptions, StartCallback } from './scheduler.js';

/**
 * EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001, IEEE TPDS 12(6)): FCFS with one
 * reservation, for the first waiting job only.
 *
 * A pass at time `now`:
 * 1. Start jobs in submission order (ties: lower id) while the head can be placed.
 * 2. The head H does not fit: compute its reservation. Walk the running jobs in order of expected end
 *    e = max(start + estimate, now) — a job already past its estimate counts as ending now — (ties:
 *    lower job id) and free their devices one by one in a copy of the cluster; the *shadow time* S is
 *    the e at which H first fits. Every running job with e ≤ S is counted as gone at S (so jobs ending
 *    at the same instant as the one that made H fit are included; the order of equal ends therefore
 *    does not change S or the extra devices). If H fits nowhere even then, S = ∞.
 *    The *extra* devices are those free at S that H does not need.
 * 3. Scan the rest of the queue in order. A job J backfills if it can be placed now AND either
 *    (a) now + estimate(J) ≤ S — it is gone by the shadow time, or
 *    (b) it uses only extra devices — it then reduces them.
 *    (a) is tested first; a job admitted by (a) does not consume extra devices.
 *    The scan stops as soon as nothing is free.
 *
 * Node-level reservation (our generalisation, exact for the textbook case): "extra devices" are not a
 * number but the copy of the cluster at S. A J that would still run at S is placed now by the normal
 * placement rules, its placement is added to the copy at S, and it is admitted only if H can still be
 * placed there — so H keeps what placement needs at S: whole free nodes when H spans nodes (see
 * placement.ts rule 2), one node with enough free devices when H fits in one, the right models, a
 * device with room for H's share. With one node holding every device, or one device per node, and
 * whole-device jobs, "H still fits at S" is exactly "size(J) ≤ extra", and the schedule equals the
 * textbook's device-count EASY (the tests check this against a plain reference). J's placement is
 * not steered away from H's future devices: if best fit puts it in H's way, J waits.
 *
 * Cost. The copy at S is a second Cluster (the mirror) kept in step with the real one through a log
 * of this scheduler's allocations, replayed only when a reservation is needed. Finding S frees the k
 * running jobs with the earliest ends on the mirror: O(k log k) plus their devices. The scan skips in
 * O(1) a job whose size already failed to fit in this pass (monotone feasibility, see
 * placement.ts), a job whose size exceeds the device count left at S, and a request identical to one
 * refused while the cluster was as it is now. A pass after mere arrivals (same head, cluster and
 * queue layout, now ≤ S) reuses the previous reservation and, if that pass started nothing in its
 * scan, looks only at the new arrivals — provably the same decisions as a full pass (ShadowState).
 * Every pass still costs O(queue) when its scan starts from the head: a long queue of jobs that all
 * fit now but would all delay the head is walked each time (saturated clusters, see the report).
 */
export class EasyBackfillScheduler extends QueueScheduler {
  readonly kind = 'easy-backfill' as const;

  private mirror: Cluster | undefined;
  /** cluster.version the mirror reflects once `log` is replayed */
  private mirrorAt = -1;
  private log: { readonly placement: Placement; readonly sign: 1 | -1 }[] = [];
  private logging = true;
  /** Set while the mirror shows the cluster at the shadow time (see reserve). */
  private shadowState: ShadowState | undefined;
  private last: Reservation | undefined;
  private readonly memo: ScanMemo;

  constructor(cluster: Cluster, options?: SchedulerOptions) {
    super(cluster, options, bySubmission);
    this.memo = new ScanMemo(cluster.deviceCount);
  }

  /** The reservation computed by the latest pass that needed one (for reports and tests). */
  get reservation(): Reservation | undefined {
    return this.last;
  }

  protected override onAllocated(placement: Placement): void {
    this.note(placement, 1);
  }

  protected override onReleased(placement: Placement): void {
    this.note(placement, -1);
  }

  protected round(now: number, start: StartCallback): void {
    const head = this.startInOrder(now, start);
    if (!head) return;
    const q = this.queue;
    const cluster = this.cluster;
    if (cluster.freeMilli === 0 || q.size < 2) return;

    // 2. Reservation for the head — or the previous pass's, when nothing it depends on changed.
    let st = this.shadowState;
    let from: number;
    if (st && this.reusable(st, head, now)) {
      from = st.launched ? q.begin + 1 : st.scannedEnd;
    } else {
      st = this.reserve(head, now);
      from = q.begin + 1;
    }
    const mirror = this.mirror!;
    const headDemand = head.demand;
    const headMilli = demandMilli(headDemand);
    const shadow = st.shadow;

    // 3. Backfill scan, with the mirror showing the cluster at the shadow time.
    this.logging = false;
    st.launched = false;
    const memo = this.memo;
    memo.begin();
    let completed = false;
    try {
      for (let i = from; i < q.end; i++) {
        if (cluster.freeMilli === 0) break;
        const w = q.at(i);
        if (w === undefined) continue;
        const d = w.demand;
        if (memo.hopeless(d)) continue;
        const endsByShadow = now + w.job.estimate <= shadow;
        if (!endsByShadow) {
          // Not even the device count at the shadow time would leave room for the head.
          if (mirror.freeMilli - (d.whole > 0 ? d.whole * 1000 : d.milli) < headMilli) continue;
          // The same request was refused with the cluster as it is now: same placement, same answer.
          if (memo.refusedAt(d) === cluster.version) continue;
        }
        const p = cluster.locate(d);
        if (!p) {
          memo.failed(d);
          continue;
        }
        if (endsByShadow) {
          st.gone.push(p);
        } else {
          mirror.occupy(p);
          if (!mirror.canPlaceDemand(headDemand)) {
            mirror.release(p);
            memo.refused(d, cluster.version);
            continue;
          }
        }
        cluster.occupy(p);
        st.launched = true;
        this.launch(i, p, now, start);
      }
      completed = true;
    } finally {
      st.version = completed ? cluster.version : -1;
      st.layout = q.layout;
      st.scannedEnd = q.end;
      this.mirrorAt = cluster.version;
      this.logging = true;
    }
  }

  /** Whether the kept shadow-time state still holds (see ShadowState). Tests override it to compare. */
  protected reusable(st: ShadowState, head: Waiting, now: number): boolean {
    return st.head === head && st.version === this.cluster.version && st.layout === this.queue.layout && now <= st.shadow;
  }

  /**
   * Computes the head's reservation: brings the mirror to the cluster's state, then frees running
   * jobs on it in order of expected end until the head fits. The mirror stays in that state (the
   * cluster at the shadow time) until restoreMirror().
   */
  private reserve(head: Waiting, now: number): ShadowState {
    this.restoreMirror();
    const mirror = this.syncedMirror();
    const released: RunningJob[] = [];
    const headDemand = head.demand;
    let shadow = Infinity;
    this.runningSet.forEachByExpectedEnd((r) => {
      const end = r.expectedEnd > now ? r.expectedEnd : now;
      if (end > shadow) return false;
      mirror.release(r.placement);
      released.push(r);
      if (shadow === Infinity && mirror.canPlaceDemand(headDemand)) shadow = end;
      return true;
    });
    this.last = { jobId: head.job.id, at: now, shadow };
    const st: ShadowState = { head, shadow, released, gone: [], version: -1, layout: -1, scannedEnd: -1, launched: false };
    this.shadowState = st;
    return st;
  }

  /** Undoes the shadow-time view: afterwards the mirror equals the cluster as of `mirrorAt`. */
  private restoreMirror(): void {
    const st = this.shadowState;
    this.shadowState = undefined;
    if (!st || !this.mirror) return;
    for (const r of st.released) this.mirror.occupy(r.placement);
    for (const p of st.gone) this.mirror.occupy(p);
  }

  private note(placement: Placement, sign: 1 | -1): void {
    if (!this.logging || !this.mirror) return;
    // A long log costs more to replay than a fresh copy; drop it and copy when next needed.
    if (this.log.length > 4096) {
      this.mirror = undefined;
      this.shadowState = undefined;
      this.log = [];
      return;
    }
    this.log.push({ placement, sign });
  }

  /** The mirror, equal to the cluster now. Re-copies it if the cluster changed behind our back. */
  private syncedMirror(): Cluster {
    const cluster = this.cluster;
    if (this.mirror && cluster.version - this.mirrorAt === this.log.length) {
      for (const { placement, sign } of this.log) {
        if (sign > 0) this.mirror.occupy(placement);
        else this.mirror.release(placement);
      }
    } else {
      this.mirror = cluster.clone();
    }
    this.log = [];
    this.mirrorAt = cluster.version;
    return this.mirror;
  }
}

/**
 * The mirror at the shadow time, kept between passes. A pass may reuse it when the head, the
 * cluster (version) and the queue layout are unchanged and now ≤ shadow: the walk would free the
 * same jobs and find the same shadow time. If that pass started nothing in its scan, every earlier
 * candidate was judged against the very state it would meet again (and now + estimate only grew),
 * so the scan resumes at the first entry it has not seen; otherwise it rescans from the head.
 */
export interface ShadowState {
  readonly head: Waiting;
  readonly shadow: number;
  /** running jobs freed on the mirror */
  readonly released: RunningJob[];
  /** placements of jobs backfilled as gone by the shadow time: allocated on the cluster, not on the mirror */
  readonly gone: Placement[];
  /** cluster.version when the pass ended; -1 = not reusable */
  version: number;
  /** queue.layout and queue.end when the pass ended */
  layout: number;
  scannedEnd: number;
  /** whether the latest pass on this state started a job in its scan */
  launched: boolean;
}

/** Total milli-units a demand takes. */
function demandMilli(d: Demand): number {
  return d.whole > 0 ? d.whole * 1000 : d.milli;
}

export interface Reservation {
  /** the blocked head */
  readonly jobId: number;
  /** s, the pass that computed it */
  readonly at: number;
  /** s, the shadow time: when the head is expected to fit (∞ if never) */
  readonly shadow: number;
}

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
class ScanMemo {
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
      return this.refusedScan[k] === this.scan ? this.refusedVersion[k]! : -1;
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
