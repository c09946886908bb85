/**
 * The uplinks of a pool's leaf switches, shared by the jobs that cross leaves (src/model/fabric/fabric-types.ts).
 *
 * Capacity. A leaf of k nodes has node-facing bandwidth k × B (B = one node's compute-NIC bandwidth) and
 * uplinks of k × B / oversubscription. Counted in units of B, its capacity is k / oversubscription.
 *
 * Demand. A data-parallel job across leaves runs its all-reduce as rings, one per local rank
 * (hierarchical all-reduce, src/model/performance/collectives.ts); with its nodes taken leaf by leaf, each
 * ring leaves a leaf once, so every leaf the job occupies sends one NIC's worth per rank, B in all, up its
 * uplinks. A job within one leaf sends nothing up.
 *
 * Sharing. The n cross-leaf jobs on a leaf each get capacity / n (equal shares, as the brief of issue 16
 * asks; a job held back by another leaf does not hand its unused share on, which keeps the arithmetic
 * local and errs on the slow side). A job's scale-out links then run at
 *   factor = min(1, min over its leaves l of (capacity_l / n_l) / B)
 * of their bandwidth: a ring runs at the pace of its slowest edge. The factor is never above 1 — the
 * fabric never makes a job faster than its NICs alone — and Σ over a leaf's jobs of factor × B ≤ its
 * capacity: no uplink is over-committed.
 */
export class LeafUplinks {
  /** leaf → ids of the cross-leaf jobs on it */
  private readonly users = new Map<number, Set<number>>();
  /** job id → the leaves it occupies */
  private readonly leavesOf = new Map<number, readonly number[]>();

  constructor(
    /** nodes of the pool */
    private readonly poolNodes: number,
    readonly nodesPerLeaf: number,
    readonly oversubscription: number,
  ) {
    if (!Number.isInteger(nodesPerLeaf) || nodesPerLeaf < 1) throw new RangeError(`nodes per leaf must be an integer ≥ 1, got ${nodesPerLeaf}`);
    if (!(oversubscription > 0) || !Number.isFinite(oversubscription)) throw new RangeError(`oversubscription must be positive and finite, got ${oversubscription}`);
  }

  /** The distinct leaves of pool-local node indices, ascending. */
  leaves(localNodes: ArrayLike<number>): number[] {
    const set = new Set<number>();
    for (let i = 0; i < localNodes.length; i++) set.add(Math.floor((localNodes[i] ?? 0) / this.nodesPerLeaf));
    return [...set].sort((a, b) => a - b);
  }

  /** Uplink capacity of leaf `l`, in node-NIC units: its nodes / oversubscription. */
  capacity(l: number): number {
    const nodes = Math.min(this.nodesPerLeaf, this.poolNodes - l * this.nodesPerLeaf);
    return Math.max(0, nodes) / this.oversubscription;
  }

  /** Cross-leaf jobs on leaf `l` now. */
  usersOn(l: number): number {
    return this.users.get(l)?.size ?? 0;
  }

  /**
   * Job `id` starts on these pool-local nodes. @returns false (and records nothing) when they sit in one
   * leaf: such a job never touches the uplinks.
   */
  join(id: number, localNodes: ArrayLike<number>): boolean {
    const leaves = this.leaves(localNodes);
    if (leaves.length < 2) return false;
    if (this.leavesOf.has(id)) throw new RangeError(`job ${id} already crosses leaves`);
    this.leavesOf.set(id, leaves);
    for (const l of leaves) {
      let s = this.users.get(l);
      if (!s) this.users.set(l, (s = new Set()));
      s.add(id);
    }
    return true;
  }

  /** Job `id` stops (ends, is preempted); unknown ids are ignored. */
  leave(id: number): void {
    const leaves = this.leavesOf.get(id);
    if (!leaves) return;
    this.leavesOf.delete(id);
    for (const l of leaves) this.users.get(l)?.delete(id);
  }

  /** The jobs that share a leaf with job `id` (itself included), ascending: those whose factor a change of `id` can move. */
  neighbours(id: number): number[] {
    const out = new Set<number>();
    for (const l of this.leavesOf.get(id) ?? []) for (const j of this.users.get(l) ?? []) out.add(j);
    return [...out].sort((a, b) => a - b);
  }

  /** Fraction of its scale-out bandwidth job `id` gets now (1 for a job within one leaf or unknown). */
  factor(id: number): number {
    let f = 1;
    for (const l of this.leavesOf.get(id) ?? []) f = Math.min(f, this.capacity(l) / Math.max(1, this.usersOn(l)));
    return f;
  }

  /** Cross-leaf jobs now. */
  get crossing(): number {
    return this.leavesOf.size;
  }
}
