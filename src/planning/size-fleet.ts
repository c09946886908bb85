import type { Estimate } from '../metrics/confidence-interval.js';
import { DEFAULT_FEASIBILITY, holdsAtEveryCorner, readsInterval, type FeasibilityRule } from '../metrics/feasibility.js';
import type { PoolSpec } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import type { SimulationResult } from '../simulate/simulate.js';

/**
 * "How much do we own?" answered with the simulator: run the scenario at each candidate size of one
 * owned pool (everything else — cloud burst, policies, prices — unchanged, same seeds so the runs
 * share random numbers), keep the sizes whose service level meets the target, and pick the one with
 * the lowest TCO. A grid, not a bisection: with burst capacity neither TCO nor waits need be monotone
 * in the fleet size, and the user sees every point.
 */

/** A service-level target over the result: a job-time percentile at most `limit` s, or SLO attainment at least `limit`. */
export interface ServiceTarget {
  readonly metric: ServiceMetric;
  readonly limit: number;
  /** how `plan` reads the target over replications (src/metrics/feasibility.ts); default pessimistic (`size` takes its rule apart) */
  readonly rule?: FeasibilityRule;
}

export const serviceMetrics = [
  'wait.mean',
  'wait.p50',
  'wait.p95',
  'wait.p99',
  'completion_time.mean',
  'completion_time.p95',
  'completion_time.p99',
  'ttft.p99',
  'tpot.p99',
  'slo_attainment',
] as const;
export type ServiceMetric = (typeof serviceMetrics)[number];

export interface FleetPoint {
  readonly nodes: number;
  /** the service metric: mean over replications and its 95% confidence interval */
  readonly service: Estimate;
  /** target met by the mean */
  readonly meets: boolean;
  /** target met by the pessimistic end of the confidence interval too */
  readonly meets_with_confidence: boolean;
  /** USD over the planning horizon, mean over replications */
  readonly tco: Estimate;
  readonly npv: Estimate;
  readonly cloud_spend: number;
  /** only when the run at this size was stopped as overloaded: the size is infeasible, whatever its figures read */
  readonly overload?: { readonly offered_load: number | null; readonly workload: string; readonly reason: string };
  /**
   * only when jobs were rejected at this size (mean per replication): they can never run there, so they
   * never wait either, and the service figures describe only the jobs that fit: the size is infeasible
   */
  readonly rejected?: { readonly jobs: number; readonly reason: string };
}

export interface FleetSizing {
  readonly pool: string;
  readonly target: ServiceTarget;
  readonly points: readonly FleetPoint[];
  /**
   * how `best` read the target (src/metrics/feasibility.ts): `rule` as asked (`--feasibility`, default
   * pessimistic), `read` what it could read: `interval` (the pessimistic end, `meets_with_confidence`) or
   * `mean` (`meets`: the mean rule, or one replication)
   */
  readonly feasibility: { readonly rule: FeasibilityRule; readonly read: 'interval' | 'mean' };
  /** cheapest size meeting the target under the feasibility rule, null if none does */
  readonly best: FleetPoint | null;
}

/** The scenario with `poolId` resized to `nodes` nodes usable from the start (later purchases kept). */
export function withPoolSize(scenario: ResolvedScenario, poolId: string, nodes: number): ResolvedScenario {
  let found = false;
  const sites = scenario.sites.map((site) => ({
    ...site,
    pools: site.pools.map((pool): PoolSpec => {
      if (pool.id !== poolId) return pool;
      found = true;
      if (site.kind !== 'on-prem') throw new RangeError(`pool ${poolId} is not owned: size cloud pools with their quota`);
      // the envelope decided when each delivery is energised at load; a new count would need that decided again
      if (site.power) throw new RangeError(`pool ${poolId} is on power-capped site '${site.name}', whose power envelope size does not re-check yet: change count in the file and simulate each size`);
      const later = pool.tranches.filter((t) => t.onlineAt > 0 || t.orderedAt > 0);
      const tranches = nodes > 0 ? [{ nodes, orderedAt: 0, onlineAt: 0 }, ...later] : later;
      const nodeCount = tranches.reduce((n, t) => n + t.nodes, 0);
      if (nodeCount < 1) throw new RangeError(`pool ${poolId} would have no nodes`);
      return { ...pool, tranches, nodeCount, deviceCount: nodeCount * pool.devicesPerNode };
    }),
  }));
  if (!found) throw new RangeError(`no pool ${poolId}`);
  return { ...scenario, sites };
}

/** The service metric of a result (for ttft/tpot: the worst inference workload; for attainment: the lowest). */
export function serviceLevel(result: SimulationResult, metric: ServiceMetric): Estimate {
  const s = result.summary;
  if (metric === 'ttft.p99' || metric === 'tpot.p99' || metric === 'slo_attainment') {
    const services = Object.values(s.inference);
    if (services.length === 0) throw new RangeError(`${metric} needs an inference workload`);
    const pick = (w: (typeof services)[number]) => (metric === 'slo_attainment' ? w.slo_attainment : metric === 'ttft.p99' ? w.ttft.p99 : w.tpot.p99);
    return services.map(pick).reduce((a, b) => ((metric === 'slo_attainment' ? b.mean < a.mean : b.mean > a.mean) ? b : a));
  }
  const [field, stat] = metric.split('.') as ['wait' | 'completion_time', 'mean' | 'p50' | 'p95' | 'p99'];
  return s.jobs[field][stat];
}

/** Higher is better only for attainment. */
function meets(metric: ServiceMetric, value: number, limit: number): boolean {
  return metric === 'slo_attainment' ? value >= limit : value <= limit;
}

export async function sizeFleet(
  scenario: ResolvedScenario,
  poolId: string,
  sizes: readonly number[],
  target: ServiceTarget,
  run: (s: ResolvedScenario) => Promise<SimulationResult>,
  onPoint?: (p: FleetPoint) => void,
  rule: FeasibilityRule = DEFAULT_FEASIBILITY,
): Promise<FleetSizing> {
  const points: FleetPoint[] = [];
  let readInterval = false;
  for (const nodes of sizes) {
    const result = await run(withPoolSize(scenario, poolId, nodes));
    const service = serviceLevel(result, target.metric);
    const cost = result.summary.cost;
    if (cost === undefined) throw new RangeError('sizeFleet picks the cheapest size: the scenario must not say costs: none');
    const cloud = Object.entries(cost.per_site)
      .filter(([name]) => scenario.sites.find((s) => s.name === name)?.kind === 'cloud')
      .reduce((sum, [, c]) => sum + c.total.mean, 0);
    // An overloaded size stopped early: its service figures cover only the start of a runaway queue.
    const o = result.overload;
    const rejected = rejectedJobs(result, scenario, poolId, nodes);
    const feasible = !o && !rejected;
    const point: FleetPoint = {
      nodes,
      service,
      meets: feasible && meets(target.metric, service.mean, target.limit),
      // the same helper the sweep's constraints and assertions use: the target at the worse end of the interval
      meets_with_confidence: feasible && holdsAtEveryCorner([service], 'pessimistic', ([v]) => meets(target.metric, v!, target.limit)),
      tco: cost.total,
      npv: cost.npv,
      cloud_spend: cloud,
      ...(o && { overload: { offered_load: o.offered_load, workload: o.workload, reason: o.reason } }),
      ...(rejected && { rejected }),
    };
    if (readsInterval(service, rule)) readInterval = true;
    points.push(point);
    onPoint?.(point);
  }
  const ok = points.filter((p) => (readInterval ? p.meets_with_confidence : p.meets));
  const best = ok.length === 0 ? null : ok.reduce((a, b) => (b.tco.mean < a.tco.mean ? b : a));
  return { pool: poolId, target, points, feasibility: { rule, read: readInterval ? 'interval' : 'mean' }, best };
}

/**
 * The jobs the scheduler rejected at this size, and why in the user's terms; undefined when none was.
 * A job larger than every set of nodes the fleet has is rejected on arrival (it could never start):
 * at a small size that is most often what happened, so the reason names the pool's devices; a scheduler
 * limit (max_devices, max_runtime) rejects too, whatever the size, and is named when the scenario sets one.
 */
function rejectedJobs(result: SimulationResult, scenario: ResolvedScenario, poolId: string, nodes: number): FleetPoint['rejected'] {
  const jobs = result.summary.jobs.rejected.mean;
  if (!(jobs > 0)) return undefined;
  const pool = scenario.sites.flatMap((s) => s.pools).find((p) => p.id === poolId);
  if (pool === undefined) throw new Error(`internal: no pool '${poolId}' in the sized scenario`);
  const only = scenario.sites.flatMap((s) => s.pools).length === 1;
  const count = Number.isInteger(jobs) ? jobs.toLocaleString('en-US') : jobs.toFixed(1);
  const perReplication = result.replications.length > 1 ? ' per replication' : '';
  const plural = nodes === 1 ? '' : 's';
  const devices = `${nodes * pool.devicesPerNode} devices`;
  const held = only ? `${nodes} node${plural} ${nodes === 1 ? 'has' : 'have'} (${devices})` : `the fleet holds with ${nodes} node${plural} (${devices}) in ${poolId}`;
  const { maxDevices, maxRuntime } = scenario.scheduler;
  const limit = maxDevices !== undefined || maxRuntime !== undefined ? ', or break a scheduler limit (max_devices, max_runtime)' : '';
  return { jobs, reason: `${count} job${jobs === 1 ? '' : 's'} rejected${perReplication}: they need more devices than ${held}${limit}` };
}
