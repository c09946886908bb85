import type { Cluster } from './cluster.js';
import { CountingShadow } from './counting-shadow.js';
import { MirrorShadow } from './mirror-shadow.js';
import type { Demand, Placement } from './placement.js';
import { QueueIndex } from './queue-index.js';
import { bySubmission, QueueScheduler, type Waiting } from './queue-scheduler.js';
import { ScanMemo } from './scan-memo.js';
import type { SchedulerOptions, StartCallback } from './scheduler.js';
import type { ShadowView } from './shadow-view.js';

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
 * Cost. The cluster at S is a ShadowView (shadow-view.ts). Where the head asks for whole devices on
 * pools of one-device nodes and no running job shares a device, it is free-device counts per pool
 * (CountingShadow): finding S walks the k running jobs with the earliest ends in O(k log k), and
 * each candidate costs O(1) — the textbook's cost. Otherwise it is a second Cluster (MirrorShadow)
 * kept in step through a log of this scheduler's allocations: the same walk, plus every device of
 * the k jobs freed and re-occupied. Both give the same answers where both apply. The scan skips in
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

  private readonly mirror: MirrorShadow;
  private readonly counting: CountingShadow;
  /** running jobs holding a share of a device (milli < 1000): the counting view needs none */
  private runningShares = 0;
  /** Set while a view shows the cluster at the shadow time (see reserve). */
  private shadowState: ShadowState | undefined;
  private last: Reservation | undefined;
  private readonly memo: ScanMemo;
  /** where in the queue the scan's next candidate is */
  private readonly index: QueueIndex<Waiting>;

  constructor(cluster: Cluster, options?: SchedulerOptions) {
    super(cluster, options, bySubmission);
    this.memo = new ScanMemo(cluster.deviceCount);
    this.index = new QueueIndex(this.queue);
    this.queue.watch(this.index);
    this.mirror = new MirrorShadow(cluster);
    this.counting = new CountingShadow(cluster);
  }

  /** The reservation computed by the latest pass that needed one (for reports and tests). */
  get reservation(): Reservation | undefined {
    return this.last;
  }

  protected override onAllocated(placement: Placement): void {
    if (placement.milli < 1000) this.runningShares++;
    this.mirror.note(placement, 1);
  }

  protected override onReleased(placement: Placement): void {
    if (placement.milli < 1000) this.runningShares--;
    this.mirror.note(placement, -1);
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
    const view = st.view;
    const headMilli = demandMilli(head.demand);
    const shadow = st.shadow;

    // 3. Backfill scan, with the view showing the cluster at the shadow time.
    view.beginScan();
    st.launched = false;
    const memo = this.memo;
    memo.begin();
    // When every waiting job asks for whole devices on any pool, the scan ends as soon as even the
    // smallest of them cannot be placed (feasibility is monotone in size): the rest would be skipped.
    const sizes = this.waitingSizes;
    const smallest = sizes.others === 0 ? sizes.smallestWhole : 0;
    // Estimates are compared as now + estimate ≤ shadow below; the index only narrows, so its bound is loose.
    const shortEnough = shadow - now + 1e-9 * (1 + Math.abs(shadow));
    let completed = false;
    try {
      for (let i = from; i < q.end; i++) {
        if (cluster.freeMilli === 0 || cluster.freeWholeDevices < smallest || memo.smallestFailedWhole <= smallest) break;
        i = this.nextCandidate(i, shortEnough, view.freeMilli - headMilli);
        if (i < 0) break;
        const w = q.at(i);
        if (w === undefined) continue;
        const d = w.demand;
        if (memo.hopeless(d)) continue;
        const endsByShadow = now + w.job.estimate <= shadow;
        if (!endsByShadow) {
          // Not even the device count at the shadow time would leave room for the head.
          if (view.freeMilli - demandMilli(d) < headMilli) continue;
          // The same request was refused with the cluster as it is now: same placement, same answer.
          if (memo.refusedAt(d) === cluster.version) continue;
        }
        const p = cluster.locate(d);
        if (!p) {
          memo.failed(d);
          continue;
        }
        if (endsByShadow) {
          view.gone(p);
        } else if (!view.admits(p)) {
          memo.refused(d, cluster.version);
          continue;
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
      view.endScan();
    }
  }

  /**
   * The first queue position ≥ from that the scan below would not skip at once: every request but a
   * whole-device one allowed on every pool; such a one only if it could be placed now (no more
   * devices than are free, fewer than the smallest that failed) and either ends by the shadow time
   * (estimate ≤ shortEnough) or leaves the head its room at the shadow time (size × 1000 ≤ roomMilli).
   * Skipping the others changes nothing: the scan would have passed over them. Tests override it
   * (returning `from`) to compare with a scan that visits every entry.
   */
  protected nextCandidate(from: number, shortEnough: number, roomMilli: number): number {
    const fitsNow = Math.min(this.cluster.freeWholeDevices, this.memo.smallestFailedWhole - 1);
    const index = this.index;
    const bySize = index.nextBySize(from, Math.min(fitsNow, Math.floor(roomMilli / 1000)));
    let byEstimate = index.nextByEstimate(from, shortEnough);
    while (byEstimate >= 0 && (bySize < 0 || byEstimate < bySize)) {
      const d = this.queue.at(byEstimate)?.demand;
      if (d && !(d.whole > fitsNow && d.poolKey === '')) return byEstimate;
      byEstimate = index.nextByEstimate(byEstimate + 1, shortEnough);
    }
    return bySize;
  }

  /** Whether the kept shadow-time state still holds (see ShadowState). Tests override it to compare. */
  protected reusable(st: ShadowState, head: Waiting, now: number): boolean {
    return st.head === head && st.version === this.cluster.version && st.layout === this.queue.layout && now <= st.shadow;
  }

  /** Whether counts may stand for the mirror (CountingShadow.applies). Tests override it to compare. */
  protected countable(head: Waiting): boolean {
    return CountingShadow.applies(this.cluster, head.demand, this.runningShares);
  }

  /**
   * Computes the head's reservation on the view that fits it, which then shows the cluster at the
   * shadow time until the next reservation.
   */
  private reserve(head: Waiting, now: number): ShadowState {
    this.shadowState?.view.restore();
    const view: ShadowView = this.countable(head) ? this.counting : this.mirror;
    const shadow = view.reserve(head.demand, now, this.runningSet);
    this.last = { jobId: head.job.id, at: now, shadow };
    const st: ShadowState = { head, shadow, view, version: -1, layout: -1, scannedEnd: -1, launched: false };
    this.shadowState = st;
    return st;
  }
}

/**
 * The view at the shadow time, kept between passes. A pass may reuse it when the head, the
 * cluster (version) and the queue layout are unchanged and now ≤ shadow: the walk would free the
 * same jobs and find the same shadow time. If that pass started nothing in its scan, every earlier
 * candidate was judged against the very state it would meet again (and now + estimate only grew),
 * so the scan resumes at the first entry it has not seen; otherwise it rescans from the head.
 */
export interface ShadowState {
  readonly head: Waiting;
  readonly shadow: number;
  readonly view: ShadowView;
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
