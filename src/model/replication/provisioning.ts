import { PRIORITY_COMPLETION, PRIORITY_IDLE_CHECK, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';

/** What provisioning tells the rest of the run when a pool's capacity moves. */
export interface CapacityListener {
  /** the pool's online nodes changed (capacity.online) */
  online(p: RunPool): void;
  /** the devices the pool offers to jobs changed: nodes online less the devices replicas reserve */
  usable(p: RunPool, devices: number): void;
  /** an autoscaled instance became usable, or was released (billing) */
  instanceStarted(p: RunPool): void;
  instanceStopped(p: RunPool): void;
  /** the pool has new capacity: it wants a scheduling pass */
  changed(p: RunPool): void;
}

/** Per pool: what provisioning keeps beyond the shared capacity. */
interface Provision {
  /** devices held by inference replicas (not available to jobs) */
  reserved: number;
  /** cloud autoscaling: instances requested and not yet usable */
  pendingNodes: number;
  /** cloud autoscaling: last instant a node was asked for beyond the devices waiting jobs need */
  lastExtraNode: number;
  /** cloud autoscaling: when each node last became idle (NaN while busy or offline) */
  readonly idleSince: Float64Array;
}

/**
 * Capacity over time: on-prem tranches delivered on their dates, cloud instances asked for when jobs
 * wait on an autoscaled pool (usable after the provisioning delay) and released after an idle
 * timeout, and the devices inference replicas reserve. Also says how long a new job would wait on a
 * pool given the capacity online and on its way, for placement across pools.
 */
export class Provisioning {
  private readonly provisions: Provision[];

  /** Schedules the tranches within the horizon and the idle clocks of autoscaled nodes online at 0, pool by pool. */
  constructor(
    private readonly clock: RunClock,
    pools: readonly RunPool[],
    horizon: number,
    private readonly listener: CapacityListener,
  ) {
    this.provisions = pools.map((p) => ({ reserved: 0, pendingNodes: 0, lastExtraNode: -1, idleSince: new Float64Array(p.pool.nodeCount).fill(NaN) }));
    for (const p of pools) {
      listener.usable(p, this.usableDevices(p));
      for (const t of p.pool.tranches) {
        if (t.onlineAt > 0 && t.onlineAt <= horizon) clock.scheduleAt(t.onlineAt, (n: number) => this.delivered(p, n), t.nodes, PRIORITY_COMPLETION);
      }
      if (p.pool.cloud?.autoscale) for (let node = 0; node < p.capacity.online; node++) this.markIdle(p, node);
    }
  }

  /** Devices the pool offers to jobs now: nodes online less the devices replicas reserve. */
  usableDevices(p: RunPool): number {
    return p.capacity.online * p.pool.devicesPerNode - this.of(p).reserved;
  }

  /**
   * Devices the pool could still give inference replicas: its nodes online (an autoscaled cloud pool: its whole
   * quota, which it provisions on demand) less what replicas reserve. Jobs running there are not counted: replicas
   * are placed before them.
   */
  replicaRoom(p: RunPool): number {
    const nodes = p.pool.cloud?.autoscale ? p.pool.cloud.max : p.capacity.online;
    return nodes * p.pool.devicesPerNode - this.of(p).reserved;
  }

  /** Inference replicas take (`devices` > 0) or give back (< 0) devices of the pool for good. */
  reserve(p: RunPool, devices: number): void {
    this.of(p).reserved += devices;
    this.listener.usable(p, this.usableDevices(p));
  }

  /**
   * s a new job of this size would wait on the pool: 0 when it fits now and nobody waits; else the
   * backlog drained by the devices online or on their way (src/model/backlog.ts), Infinity with none;
   * on an autoscaled pool with quota left, at most the provisioning delay.
   */
  expectedWait(p: RunPool, request: { devices: number; gpuModels?: readonly string[] }): number {
    if (p.scheduler.waiting === 0 && p.cluster.canPlace(request)) return 0;
    const s = this.of(p);
    const dpn = p.pool.devicesPerNode;
    const capacity = (p.capacity.online + s.pendingNodes) * dpn - s.reserved;
    // no device online or on its way (a pool whose first delivery is still to come): nothing would start, however
    // short the backlog; an empty backlog must not read as "no wait" there
    const drain = capacity > 0 ? p.backlog.drainTime(this.clock.now, capacity) : Infinity;
    const cloud = p.pool.cloud;
    if (cloud?.autoscale && (cloud.max - p.capacity.online - s.pendingNodes) * dpn >= request.devices) return Math.min(drain, cloud.provisioningDelay);
    return drain;
  }

  /** After a pass: ask for instances when jobs wait on an autoscaled pool with quota left. */
  autoscale(p: RunPool): void {
    const cloud = p.pool.cloud;
    if (!cloud?.autoscale || p.scheduler.waiting === 0) return;
    const s = this.of(p);
    const now = this.clock.now;
    const dpn = p.pool.devicesPerNode;
    const room = cloud.max - p.capacity.online - s.pendingNodes;
    if (room <= 0) return;
    if (cloud.autoscale.scaleUpWait > 0 && p.backlog.drainTime(now, p.capacity.online * dpn - s.reserved) < cloud.autoscale.scaleUpWait) return;
    const deficit = p.backlog.queuedDevices - p.cluster.freeWholeDevices - s.pendingNodes * dpn;
    // Jobs can wait with devices free (fragments too small for them): then one more node, at most
    // once per instant — with no delay and no idle timeout, asking again could never end.
    let nodes = Math.ceil(deficit / dpn - 1e-9);
    if (nodes <= 0) {
      nodes = s.pendingNodes === 0 && s.lastExtraNode !== now ? 1 : 0;
      if (nodes > 0) s.lastExtraNode = now;
    }
    nodes = Math.min(nodes, room);
    if (nodes <= 0) return;
    s.pendingNodes += nodes;
    this.clock.schedule(cloud.provisioningDelay, (n: number) => this.provisioned(p, n), nodes, PRIORITY_COMPLETION);
  }

  /** Work started on these nodes: they are not idle. */
  nodesBusy(p: RunPool, nodes: Int32Array): void {
    if (!p.pool.cloud?.autoscale) return;
    const idleSince = this.of(p).idleSince;
    for (const node of nodes) idleSince[node] = NaN;
  }

  /** Work left these nodes: those left without any start their idle clock. */
  nodesFreed(p: RunPool, nodes: Int32Array): void {
    if (p.pool.cloud?.autoscale) for (const node of nodes) this.markIdle(p, node);
  }

  private of(p: RunPool): Provision {
    const s = this.provisions[p.index];
    if (!s) throw new RangeError(`pool ${p.pool.id} is not in this run`);
    return s;
  }

  /** An on-prem tranche arrived: its nodes become usable. */
  private delivered(p: RunPool, nodes: number): void {
    p.capacity.bringOnline(nodes);
    this.listener.online(p);
    this.listener.usable(p, this.usableDevices(p));
    this.listener.changed(p);
  }

  private provisioned(p: RunPool, nodes: number): void {
    this.of(p).pendingNodes -= nodes;
    for (const node of p.capacity.bringOnline(nodes)) {
      this.listener.instanceStarted(p);
      this.markIdle(p, node);
    }
    this.listener.online(p);
    this.listener.usable(p, this.usableDevices(p));
    this.listener.changed(p);
  }

  /** An autoscaled node has nothing running: release it after the idle timeout unless work comes. */
  private markIdle(p: RunPool, node: number): void {
    const scale = p.pool.cloud?.autoscale;
    if (!scale || !p.capacity.isIdle(node)) return;
    const now = this.clock.now;
    this.of(p).idleSince[node] = now;
    this.clock.schedule(scale.idleTimeout, () => this.idleCheck(p, node, now), undefined, PRIORITY_IDLE_CHECK);
  }

  private idleCheck(p: RunPool, node: number, since: number): void {
    const cloud = p.pool.cloud;
    const s = this.of(p);
    if (!cloud || s.idleSince[node] !== since || !p.capacity.isIdle(node) || p.capacity.online <= cloud.committed) return;
    p.capacity.takeOffline(node);
    s.idleSince[node] = NaN;
    this.listener.instanceStopped(p);
    this.listener.online(p);
    this.listener.usable(p, this.usableDevices(p));
  }
}
