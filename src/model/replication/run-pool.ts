import { Backlog } from '../backlog.js';
import { PoolCapacity } from '../pool-capacity.js';
import { Cluster, clusterPoolOf, schedulers, type Scheduler } from '../scheduling/index.js';
import type { Pool, RunInputs } from '../types.js';

/**
 * One pool in a replication: its spec and the objects the parts share through those objects' own
 * methods (the scheduler's queue, the cluster's devices, which nodes are online, the work waiting and
 * running). What a part keeps about a pool beyond these (busy time, instances on order, …) it keeps
 * to itself, indexed by `index`.
 */
export interface RunPool {
  /** position in the run's pool order: sites in scenario order, then their pools */
  readonly index: number;
  readonly pool: Pool;
  readonly scheduler: Scheduler;
  readonly cluster: Cluster;
  readonly capacity: PoolCapacity;
  readonly backlog: Backlog;
}

/** The run's pools, in site order then pool order, each with the scenario's scheduler. */
export function openRunPools(scenario: RunInputs): RunPool[] {
  const limits = {
    ...(scenario.scheduler.maxDevices !== undefined && { maxDevices: scenario.scheduler.maxDevices }),
    ...(scenario.scheduler.maxRuntime !== undefined && { maxRuntime: scenario.scheduler.maxRuntime }),
  };
  return scenario.sites
    .flatMap((site) => site.pools)
    .map((pool, index) => {
      const cluster = new Cluster([clusterPoolOf(pool)]);
      const initially = pool.tranches.reduce((n, t) => n + (t.onlineAt <= 0 ? t.nodes : 0), 0);
      return {
        index,
        pool,
        scheduler: schedulers[scenario.scheduler.kind](cluster, { limits }),
        cluster,
        capacity: new PoolCapacity(cluster, pool.devicesPerNode, initially),
        backlog: new Backlog(),
      };
    });
}
