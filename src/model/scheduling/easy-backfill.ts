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
 * Cost: the copy at S is a second Cluster kept in step with the real one through a log of this
 * scheduler's allocations, replayed only when a reservation is needed, so a pass costs
 * O(k log k) for the k running jobs walked to find S, plus the queue scan, where a job whose size
 * already failed to fit in this pass (monotone feasibility, see placement.ts) is skipped in O(1).
 */
export class EasyBackfillScheduler extends QueueScheduler {
  readonly kind = 'easy-backfill' as const;

  private mirror: Cluster | undefined;
  /** cluster.version the mirror reflects once `log` is replayed */
  private mirrorAt = -1;
  private log: { readonly placement: Placement; readonly sign: 1 | -1 }[] = [];
  private logging = true;
  private last: Reservation | undefined;

  constructor(cluster: Cluster, options?: SchedulerOptions) {
    super(cluster, options, bySubmission);
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

    // 2. Reservation for the head, on the mirror.
    const mirror = this.syncedMirror();
    const released: RunningJob[] = [];
    const headDemand = head.demand;
    let shadow = Infinity;
    const headMilli = demandMilli(headDemand);
    this.runningSet.forEachByExpectedEnd((r) => {
      const end = r.expectedEnd > now ? r.expectedEnd : now;
      if (end > shadow) return false;
      mirror.release(r.placement);
      released.push(r);
      if (shadow === Infinity && mirror.canPlaceDemand(headDemand)) shadow = end;
      return true;
    });
    this.last = { jobId: head.job.id, at: now, shadow };

    // 3. Backfill scan. The mirror now shows the cluster at the shadow time; it is restored below.
    this.logging = false;
    const goneByShadow: Placement[] = [];
    const skip = new FailedSizes();
    try {
      for (let i = q.begin + 1; i < q.end; i++) {
        if (cluster.freeMilli === 0) break;
        const w = q.at(i);
        if (w === undefined || skip.hopeless(w.demand)) continue;
        const p = cluster.locate(w.demand);
        if (!p) {
          skip.failed(w.demand);
          continue;
        }
        if (now + w.job.estimate <= shadow) {
          goneByShadow.push(p);
        } else if (mirror.freeMilli - demandMilli(w.demand) < headMilli) {
          continue; // not even the device count at the shadow time leaves room for the head
        } else {
          mirror.occupy(p);
          if (!mirror.canPlaceDemand(headDemand)) {
            mirror.release(p);
            continue;
          }
        }
        cluster.occupy(p);
        this.launch(i, p, now, start);
      }
    } finally {
      for (const r of released) mirror.occupy(r.placement);
      for (const p of goneByShadow) mirror.occupy(p);
      this.mirrorAt = cluster.version;
      this.logging = true;
    }
  }

  private note(placement: Placement, sign: 1 | -1): void {
    if (!this.logging || !this.mirror) return;
    // A long log costs more to replay than a fresh copy; drop it and copy when next needed.
    if (this.log.length > 4096) {
      this.mirror = undefined;
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
 * Smallest sizes that failed to place during one scan, per allowed-pool set. Feasibility is monotone
 * (placement.ts), and the cluster only fills up during a scan, so larger requests are hopeless too.
 */
class FailedSizes {
  private readonly any: { whole: number; milli: number } = { whole: Infinity, milli: Infinity };
  private readonly other = new Map<string, { whole: number; milli: number }>();

  hopeless(d: Demand): boolean {
    const f = d.poolKey === '' ? this.any : this.other.get(d.poolKey);
    if (!f) return false;
    // A failed share means no device has room for it, so no whole device is free either.
    return d.whole > 0 ? d.whole >= f.whole || f.milli <= 1000 : d.milli >= f.milli;
  }

  failed(d: Demand): void {
    let f = d.poolKey === '' ? this.any : this.other.get(d.poolKey);
    if (!f) {
      f = { whole: Infinity, milli: Infinity };
      this.other.set(d.poolKey, f);
    }
    if (d.whole > 0) f.whole = Math.min(f.whole, d.whole);
    else f.milli = Math.min(f.milli, d.milli);
  }
}
