/**
 * What the model runs: profiles, pools, workloads and the run's own settings (`RunInputs`). The cost
 * inputs (src/cost/costed-scenario.ts) and the scenario's name and description
 * (src/scenario/scenario.ts) extend it in the layers that own them. Produced once by `src/scenario/`
 * and frozen. Units: every number is in the canonical unit of its dimension — seconds, bytes, bytes/s, watts,
 * USD, USD/s, FLOP, FLOP/s (int8/int4 "ops" counted as FLOP/s of that precision), 1/s for rates.
 */

import type { PricingModel } from './usage-ledger.js';
import type { ComputeDeviceProfile, NodeProfile, Precision } from './profile-types.js';
import type { Workload } from './workload-types.js';
import type { Pipeline } from './pipeline-types.js';
import type { PoolFabric } from './fabric/fabric-types.js';
import type { FailureDomain } from './failures/goodput.js';
import type { DataStream, Lake } from './data/data-types.js';

export { precisions } from './profile-types.js';
export type * from './profile-types.js';
export type * from './workload-types.js';
export type * from './pipeline-types.js';
export type * from './data/data-types.js';

/**
 * Capacity bought over time: a tranche of `nodes` ordered at `orderedAt` s and usable from
 * `onlineAt` = orderedAt + lead time. The cost layer pays capex at the order date (cash) and
 * depreciates from the online date (accounting).
 */
export interface Tranche {
  readonly nodes: number;
  readonly orderedAt: number;
  readonly onlineAt: number;
}

/** A pool as the scenario describes it: hardware, capacity over time, power, failures. */
export interface PoolSpec {
  /** `site/pool`, unique in the scenario */
  readonly id: string;
  readonly site: string;
  readonly name: string;
  readonly node: NodeProfile;
  readonly nodeCount: number;
  /** The schedulable device: the node's accelerator, or its CPU socket when it has none. */
  readonly device: ComputeDeviceProfile;
  readonly devicesPerNode: number;
  readonly deviceCount: number;
  /** s, per-device MTBF used when the scenario has `failures` (its own mtbf, else the device profile's) */
  readonly mtbf?: number;
  /** spot/preemptible capacity: instances are reclaimed at this rate, after a warning */
  readonly spot?: { readonly interruptionRate: number /* 1/s per instance */; readonly warning: number /* s */ };
  /**
   * on-prem: when the nodes become usable. `nodeCount` is their sum; before a tranche's `onlineAt`
   * its nodes cannot run jobs (procurement lead time). Always at least one tranche.
   */
  readonly tranches: readonly Tranche[];
  /** cloud pools: how instances are priced, provisioned and scaled */
  readonly cloud?: CloudPoolSpec;
  /** node power, W: idle and maximum (absent when the node profile publishes none: energy is then 0) */
  readonly power?: NodePower;
  /** the pool's leaf/spine scale-out fabric, when the scenario describes one (absent: every job sees its NICs alone) */
  readonly fabric?: PoolFabric;
}

/** A node's power draw, W, and whether its idle figure is published or assumed. */
export interface NodePower {
  readonly idle: number;
  readonly max: number;
  /**
   * Set when (part of) `idle` is not published but assumed: this fraction of the maximum (the site's
   * `idle_power_fraction`) stands in for every idle figure the node profile, or a part summed into it,
   * lacks. Absent when every idle figure comes from a profile. The cost basis prints it.
   */
  readonly idleAssumedFraction?: number;
}

/** A pool the run can place jobs on: its description and the price cost-aware placement compares. */
export interface Pool extends PoolSpec {
  /**
   * USD per device-second this pool costs when used (cloud: the instance price of its pricing model /
   * devices per node; on-prem: the fully loaded owned cost per device-second at full use). Set by the
   * cost layer when the run is built (src/cost/price-scenario.ts), never by loading.
   */
  readonly placementPrice: number;
  /** with placement: greenest, what a device-second there emits (set by the cost layer with the price) */
  readonly placementCarbon?: PlacementCarbon;
}

/** The operational emissions of a device-second on a pool: its facility power and its site's grid, hour by hour. */
export interface PlacementCarbon {
  /** W per device at full use, facility overhead (PUE) included */
  readonly wattsPerDevice: number;
  /** kg CO2e per J for consecutive hours, the first at simulation hour `firstHour`; one value: the same every hour */
  readonly kgPerJoule: readonly number[];
  readonly firstHour: number;
}

/**
 * A cloud pool: `committed` instances are provisioned for the whole run (reserved, or static
 * on-demand); with `autoscale`, up to `max` instances in total, more are requested when jobs wait and
 * released after `idleTimeout` without work. `nodeCount` = max.
 */
export interface CloudPoolSpec {
  readonly pricing: PricingModel;
  /** pricing of the instances autoscaling adds (on-demand unless spot) */
  readonly burstPricing: PricingModel;
  readonly committed: number;
  readonly max: number;
  /** s from request to a usable instance */
  readonly provisioningDelay: number;
  readonly autoscale?: {
    /** s an instance stays idle before it is released */
    readonly idleTimeout: number;
    /** request instances when a waiting job's expected wait reaches this many s (0 = as soon as a job waits) */
    readonly scaleUpWait: number;
  };
  /** s, billing increment and minimum charge per instance start (from the profile's billing) */
  readonly billing: { readonly increment: number; readonly minimum: number };
}

/** A site as the model sees it: its pools (what the site costs is the cost layer's, `CostedSite`). */
export interface Site<P extends PoolSpec = Pool> {
  readonly name: string;
  /** an edge site (scenario `kind: edge`) is owned, so `on-prem` here and costed as such, with `edge` set */
  readonly kind: 'on-prem' | 'cloud';
  /** an edge site: a few small owned nodes near users, finite and never a burst target */
  readonly edge?: true;
  readonly pools: readonly P[];
}

/**
 * Where jobs run when more than one pool may take them (src/model/placement-policy.ts):
 * - `home`: every job runs on its workload's pool;
 * - `burst`: on the home pool unless its expected wait is ≥ `threshold` s, then on the first allowed
 *   burst pool (in `burstTo` order) that can take it;
 * - `cheapest`: the allowed pool with the lowest expected cost (placementPrice × devices × duration)
 *   whose expected completion meets the workload's deadline, else the earliest expected completion.
 * - `greenest`: the allowed pool where the job would emit the least operational CO2e (its devices' power × PUE ×
 *   the site's grid intensity, hour by hour over its expected run: `Pool.placementCarbon`) whose expected
 *   completion meets the deadline, else the earliest expected completion.
 * Residency (`Workload.allowedSites`) filters the candidates of every policy.
 */
export type PlacementPolicy =
  { readonly kind: 'home' } | { readonly kind: 'burst'; readonly threshold: number; readonly burstTo: readonly string[] } | { readonly kind: 'cheapest' } | { readonly kind: 'greenest' };

/** A wide-area link between two sites (data gravity): bytes move at `bandwidth` B/s after `latency` s. */
export interface SiteLink {
  readonly between: readonly [string, string];
  readonly bandwidth: number;
  readonly latency: number;
}

export interface SchedulerSpec {
  readonly kind: 'fcfs' | 'easy-backfill' | 'shortest-job-first' | 'priority-preemptive';
  /** synthetic jobs' runtime estimates = true runtime × factor (≥ 1: users overestimate) */
  readonly estimateFactor: number;
  /** most devices one job may ask for; larger jobs are rejected */
  readonly maxDevices?: number;
  /** s, longest estimate a job may declare; longer jobs are rejected */
  readonly maxRuntime?: number;
  /**
   * How job events at one instant are ordered (docs/traces.md, "Same-instant event order"). Absent:
   * completions, then arrivals, then one scheduling pass per pool. `pyss`: the pyss simulator's
   * order — arrivals before completions (a job ending exactly at its estimate is already free), a
   * pass after every arrival and every completion — and pyss's conversion of SWF rows.
   */
  readonly sameTimeOrder?: 'pyss';
}

/**
 * Device failures during jobs: each device fails after an exponential lifetime of mean `mtbf`
 * (a job on n devices fails at rate n/mtbf); a failed job keeps the work of its last completed
 * checkpoint and waits again, paying `restartOverhead` when it restarts.
 */
export interface FailureSpec {
  /** s, mean time between failures of one device; absent = each pool's device profile MTBF */
  readonly mtbf?: number;
  /**
   * s of work between checkpoints; Infinity = no checkpoints
   * @json null (a result writes Infinity as null)
   */
  readonly checkpointInterval: number;
  /** s to write one checkpoint */
  readonly checkpointCost: number;
  /** s to restart after a failure */
  readonly restartOverhead: number;
  /** goodput model (docs/failures.md): absent = the failed device is replaced at once and the job waits again */
  readonly goodput?: GoodputSpec;
}

/**
 * The goodput model: checkpoint writes timed from the model's state, correlated failure domains, and
 * recovery by hot spares (after a swap) or by waiting for the repair. With it a failed job keeps its
 * devices while it recovers, so the paid time it waits is seen as such.
 */
export interface GoodputSpec {
  /** training jobs' checkpoint write = params × bytesPerParam ÷ bandwidth (others keep `checkpointCost`) */
  readonly checkpointWrite?: { readonly bytesPerParam: number; readonly bandwidth: number };
  /** s to repair the node of a failed device (a job without a spare waits this long); 0 = replaced at once */
  readonly repair: number;
  /** failure domains that take down all their nodes at once */
  readonly domains: readonly FailureDomain[];
  /** per pool id: spare nodes held out of scheduling that replace a failed node after `swap` s */
  readonly spares: Readonly<Record<string, { readonly nodes: number; readonly swap: number }>>;
}

/** The run's own inputs: what `ReplicationRun` needs, and nothing about prices or reports. */
export interface RunInputs<P extends PoolSpec = Pool> {
  readonly seed: number;
  /** s */
  readonly horizon: number;
  /** s; statistics count jobs submitted at or after the warm-up */
  readonly warmup: number;
  readonly replications: number;
  readonly scheduler: SchedulerSpec;
  /** absent: devices never fail */
  readonly failures?: FailureSpec;
  readonly reference: { readonly device: ComputeDeviceProfile; readonly precision: Precision };
  readonly sites: readonly Site<P>[];
  readonly workloads: readonly Workload[];
  readonly policy: PlacementPolicy;
  readonly links: readonly SiteLink[];
  /** runaway bounds the scenario sets (absent: the defaults, or the command line's) */
  readonly limits?: RunLimits;
  /** scheduled DAGs of stages (src/model/pipeline-types.ts); absent: none */
  readonly pipelines?: readonly Pipeline[];
  /** streams (Kafka-like topics), in scenario order; addressable by name (absent: none) */
  readonly streams?: readonly DataStream[];
  /** data lakes, in scenario order (absent: none) */
  readonly lakes?: readonly Lake[];
}

/** Bounds that stop an overloaded run cleanly instead of letting its queues exhaust memory. */
export interface RunLimits {
  /** jobs waiting in one pool, or requests queued at one inference service */
  readonly maxQueued?: number;
  /** bytes of JavaScript heap in use */
  readonly maxHeap?: number;
}
