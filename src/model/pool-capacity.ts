import type { Cluster, Placement } from './scheduling/index.js';

/**
 * Which nodes of a one-pool cluster are usable now. The cluster is built with every node the pool can
 * ever have (on-prem: all tranches; cloud: the quota); a node that is not yet delivered, or not
 * provisioned, holds a placeholder allocation of all its devices, so schedulers simply see it as full.
 * Busy-time accounting never sees placeholders (the replication integrates job placements only).
 *
 * Online nodes are kept at the lowest indices where possible (bringOnline takes the lowest offline
 * node), so placement, which prefers low indices, packs work onto them.
 */
export class PoolCapacity {
  private readonly placeholders = new Map<number, Placement>();

  constructor(
    private readonly cluster: Cluster,
    readonly devicesPerNode: number,
    initiallyOnline: number,
  ) {
    for (let node = cluster.nodeCount - 1; node >= initiallyOnline; node--) this.hold(node);
  }

  get online(): number {
    return this.cluster.nodeCount - this.placeholders.size;
  }

  get offline(): number {
    return this.placeholders.size;
  }

  /** Makes up to `n` offline nodes usable, lowest index first. @returns the nodes that came online */
  bringOnline(n: number): number[] {
    const nodes = [...this.placeholders.keys()].sort((a, b) => a - b).slice(0, n);
    for (const node of nodes) {
      const placeholder = this.placeholders.get(node);
      if (placeholder) this.cluster.release(placeholder);
      this.placeholders.delete(node);
    }
    return nodes;
  }

  /** True when nothing runs on the node (every device free) and it is online. */
  isIdle(node: number): boolean {
    return !this.placeholders.has(node) && this.cluster.freeOnNode(node) === this.devicesPerNode;
  }

  /** Takes an idle online node out of service. @throws RangeError if it is busy or already offline */
  takeOffline(node: number): void {
    if (!this.isIdle(node)) throw new RangeError(`node ${node} is busy or offline`);
    this.hold(node);
  }

  private hold(node: number): void {
    const p: Placement = { pool: this.cluster.poolOfNode(node), nodes: Int32Array.of(node), devices: this.cluster.freeDevicesOn(node, this.devicesPerNode), milli: 1000 };
    this.cluster.occupy(p);
    this.placeholders.set(node, p);
  }
}
