import type { Estimate } from '../metrics/confidence-interval.js';
import type { ServiceTarget } from './size-fleet.js';

/**
 * What `simulate plan` returns: the layouts of one workload it considered, the cheapest that meets the
 * target, and why each of the others lost. Plain JSON (printed with --json, written with -o).
 */

/** How one workload is laid out on its pool's devices. */
export interface PlanLayout {
  /** devices one model replica is split over by tensor parallelism */
  readonly tensor_parallel: number;
  /** training: pipeline stages of one model replica */
  readonly pipeline_parallel?: number;
  /** training: model replicas (data-parallel ranks) of one job */
  readonly data_parallel?: number;
  /** a mixture-of-experts service: devices one replica spreads its experts over (EP = TP × attention data-parallel ranks) */
  readonly expert_parallel?: number;
  /** a disaggregated service: devices per prefill replica (`tensor_parallel` is then the decode replicas') */
  readonly prefill_tensor_parallel?: number;
  /** a disaggregated mixture-of-experts service: devices each prefill replica spreads its experts over (`expert_parallel` is then the decode replicas') */
  readonly prefill_expert_parallel?: number;
}

/** One simulated deployment: a layout and a replica count (services) or a device count (training). */
export interface PlanPoint {
  /** inference: service replicas (a disaggregated service: its decode replicas); training: devices per job */
  readonly replicas: number;
  /** a disaggregated service: its prefill replicas (the P of P:D) */
  readonly prefill_replicas?: number;
  /** devices the deployment holds (services: replicas × devices per replica) */
  readonly devices: number;
  /** nodes of the pool those devices need; an owned pool is sized to them */
  readonly nodes: number;
  /** the target's metric for the planned workload: mean over replications and its 95 % interval */
  readonly service: Estimate;
  /** met under the target's rule (default pessimistic: the worse end of the 95 % interval, the mean with one replication) */
  readonly meets: boolean;
  /** met by the pessimistic end of the interval (the mean with one replication), whatever the rule */
  readonly meets_with_confidence: boolean;
  /** USD over the planning horizon (the scenario's TCO with the pool sized to the plan) */
  readonly tco: Estimate;
  /** only when the run was stopped as overloaded: why (the point is infeasible whatever its figures read) */
  readonly overload?: string;
  /** only when requests or jobs were rejected (they can never run at this layout): how many and why */
  readonly rejected?: string;
}

/** `dominated`: not simulated, since its smallest deployment holds as many devices as a cheaper plan found */
export type LayoutVerdict = 'best' | 'runner-up' | 'misses-target' | 'dominated' | 'does-not-fit';

/** One layout: the cheapest point of it that meets the target, the points tried, and its verdict. */
export interface LayoutOutcome {
  readonly layout: PlanLayout;
  readonly verdict: LayoutVerdict;
  /** the cheapest point meeting the target, absent when none does */
  readonly cheapest?: PlanPoint;
  /** every point simulated for the layout, by replicas */
  readonly tried: readonly PlanPoint[];
  /** one line: why it won or lost */
  readonly why: string;
}

export interface DeploymentPlan {
  readonly workload: string;
  readonly kind: 'inference' | 'training';
  /** `site/pool` */
  readonly pool: string;
  readonly target: ServiceTarget;
  /** the winning layout and point; null when no layout meets the target */
  readonly best: { readonly layout: PlanLayout; readonly point: PlanPoint } | null;
  /** best first, then the runners-up by cost, then the layouts that miss the target, those not simulated, and those that do not fit */
  readonly layouts: readonly LayoutOutcome[];
  /** what the search assumed, printed with the plan */
  readonly assumptions: readonly string[];
}
