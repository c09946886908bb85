import type { Cluster } from './cluster.js';
import type { Demand, Placement } from './placement.js';
import type { RunningSet } from './running-set.js';
import type { ShadowView } from './shadow-view.js';

/**
 * The cluster at the shadow time as a second Cluster (the mirror), exact for every pool shape and
 * request: node-level reservations (whole free nodes for a head that spans nodes, one node with
 * enough free devices, the right models, a device with room for a share).
 *
 * The mirror is kept in step with the real cluster through a log of the scheduler's allocations
 * (`note`), replayed only when a reservation is needed; a long log, or a change the log did not see
 * (cluster.version moved by more than the log), makes a fresh copy instead. `reserve` frees the
 * running jobs with the earliest ends on it — O(k log k) plus every device of those k jobs — and
 * `restore` occupies them again.
 */
export class MirrorShadow implements ShadowView {
  private mirror: Cluster | undefined;
  /** cluster.version the mirror reflects once `log` is replayed */
  private mirrorAt = -1;
  private log: { readonly placement: Placement; readonly sign: 1 | -1 }[] = [];
  private logging = true;
  /** running jobs freed on the mirror, and jobs backfilled as gone by S (on the cluster, not the mirror) */
  private released: Placement[] = [];
  private goneJobs: Placement[] = [];
  private head: Demand | undefined;

  constructor(private readonly cluster: Cluster) {}

  get freeMilli(): number {
    return this.mirror?.freeMilli ?? 0;
  }

  /** The scheduler allocated (+1) or freed (-1) a placement on the cluster. */
  note(placement: Placement, sign: 1 | -1): void {
    if (!this.logging || !this.mirror) return;
    // A long log costs more to replay than a fresh copy; drop it and copy when next needed.
    if (this.log.length > 4096) {
      this.mirror = undefined;
      this.released = [];
      this.goneJobs = [];
      this.log = [];
      return;
    }
    this.log.push({ placement, sign });
  }

  reserve(head: Demand, now: number, running: RunningSet): number {
    this.restore();
    const mirror = this.synced();
    this.head = head;
    let shadow = Infinity;
    running.forEachByExpectedEnd((r) => {
      const end = r.expectedEnd > now ? r.expectedEnd : now;
      if (end > shadow) return false;
      mirror.release(r.placement);
      this.released.push(r.placement);
      if (shadow === Infinity && mirror.canPlaceDemand(head)) shadow = end;
      return true;
    });
    return shadow;
  }

  gone(p: Placement): void {
    this.goneJobs.push(p);
  }

  admits(p: Placement): boolean {
    const mirror = this.mirror;
    if (!mirror || !this.head) return false;
    mirror.occupy(p);
    if (mirror.canPlaceDemand(this.head)) return true;
    mirror.release(p);
    return false;
  }

  beginScan(): void {
    this.logging = false;
  }

  /** The scan's allocations are on the mirror (admitted) or in goneJobs: the mirror is current again. */
  endScan(): void {
    this.mirrorAt = this.cluster.version;
    this.logging = true;
  }

  /** Undoes the shadow-time view: afterwards the mirror equals the cluster as of `mirrorAt`. */
  restore(): void {
    const mirror = this.mirror;
    if (mirror) {
      for (const p of this.released) mirror.occupy(p);
      for (const p of this.goneJobs) mirror.occupy(p);
    }
    this.released = [];
    this.goneJobs = [];
    this.head = undefined;
  }

  /** The mirror, equal to the cluster now. Re-copies it if the cluster changed behind our back. */
  private synced(): Cluster {
    const cluster = this.cluster;
    let mirror = this.mirror;
    if (mirror && cluster.version - this.mirrorAt === this.log.length) {
      for (const { placement, sign } of this.log) {
        if (sign > 0) mirror.occupy(placement);
        else mirror.release(placement);
      }
    } else {
      mirror = this.mirror = cluster.clone();
    }
    this.log = [];
    this.mirrorAt = cluster.version;
    return mirror;
  }
}
