import type { Cluster } from './cluster.js';
import type { Demand, Placement } from './placement.js';
import type { RunningSet } from './running-set.js';
import type { ShadowView } from './shadow-view.js';

/**
 * The cluster at the shadow time as free-device counts per pool: O(1) per running job freed and per
 * backfill candidate, where a mirror Cluster pays for every device of the job (a 1,000-device job on
 * one-device nodes is 1,000 node moves, twice per reservation).
 *
 * Exact — the same shadow time and the same admissions as the mirror — when `applies`:
 * - the head asks for whole devices, and every pool it may use has one device per node: then it fits
 *   in such a pool exactly when the pool has at least that many free devices (placement.ts rule 1
 *   for one device, rule 2 — that many completely free nodes — for more);
 * - no running job holds a share of a device: then freeing a running job frees each of its devices
 *   entirely, and a device free now is free at S.
 * Shares backfilled while the view is in use are followed per device (`shares`), so a share placed
 * on a device that already holds one at S does not count that device a second time.
 */
export class CountingShadow implements ShadowView {
  /** free whole devices at S, per pool */
  private readonly wholeFree: Float64Array;
  /** milli-units at S of devices holding backfilled shares that still run then */
  private readonly shares = new Map<number, number>();
  private free = 0;
  private head: Demand | undefined;

  constructor(private readonly cluster: Cluster) {
    this.wholeFree = new Float64Array(cluster.pools.length);
  }

  /** Whether counts give the mirror's answers for this head (see the class comment). */
  static applies(cluster: Cluster, head: Demand, runningShares: number): boolean {
    return head.whole > 0 && runningShares === 0 && head.pools.every((p) => cluster.pools[p]?.devicesPerNode === 1);
  }

  get freeMilli(): number {
    return this.free;
  }

  reserve(head: Demand, now: number, running: RunningSet): number {
    const cluster = this.cluster;
    const wholeFree = this.wholeFree;
    for (let p = 0; p < wholeFree.length; p++) wholeFree[p] = cluster.poolFreeWholeDevices(p);
    this.free = cluster.freeMilli;
    this.shares.clear();
    this.head = head;
    let shadow = Infinity;
    running.forEachByExpectedEnd((r) => {
      const end = r.expectedEnd > now ? r.expectedEnd : now;
      if (end > shadow) return false;
      const p = r.placement;
      wholeFree[p.pool] = (wholeFree[p.pool] ?? 0) + p.devices.length;
      this.free += p.devices.length * p.milli;
      if (shadow === Infinity && this.headFits()) shadow = end;
      return true;
    });
    return shadow;
  }

  gone(): void {}

  admits(p: Placement): boolean {
    const undo = this.take(p);
    if (this.headFits()) return true;
    this.give(p, undo);
    return false;
  }

  beginScan(): void {}
  endScan(): void {}

  restore(): void {
    this.head = undefined;
  }

  /** Allocates p at S; returns the whole devices it took, for give(). */
  private take(p: Placement): number {
    let taken = p.devices.length;
    if (p.milli < 1000 || p.mig) {
      // Shares and MIG instances: a device counts once, when the first of them lands on it.
      taken = 0;
      for (const d of p.devices) {
        const held = this.shares.get(d) ?? 0;
        if (held === 0) taken++;
        this.shares.set(d, held + p.milli);
      }
    }
    this.wholeFree[p.pool] = (this.wholeFree[p.pool] ?? 0) - taken;
    this.free -= p.devices.length * p.milli;
    return taken;
  }

  private give(p: Placement, taken: number): void {
    if (p.milli < 1000 || p.mig) {
      for (const d of p.devices) {
        const held = (this.shares.get(d) ?? 0) - p.milli;
        if (held > 0) this.shares.set(d, held);
        else this.shares.delete(d);
      }
    }
    this.wholeFree[p.pool] = (this.wholeFree[p.pool] ?? 0) + taken;
    this.free += p.devices.length * p.milli;
  }

  private headFits(): boolean {
    const head = this.head;
    if (!head) return false;
    for (const p of head.pools) if ((this.wholeFree[p] ?? 0) >= head.whole) return true;
    return false;
  }
}
