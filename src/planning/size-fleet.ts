import type { Estimate } from '../metrics/confidence-interval.js';
import type { Pool, Scenario } from '../model/types.js';
import type { SimulationResult } from '../simulate.js';

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
}

export const serviceMetrics = ['wait.mean', 'wait.p50', 'wait.p95', 'wait.p99', 'completion_time.mean', 'completion_time.p95', 'completion_time.p99', 'ttft.p99', 'tpot.p99', 'slo_attainment'] as const;
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
}

export interface FleetSizing {
  readonly pool: string;
  readonly target: ServiceTarget;
  readonly points: readonly FleetPoint[];
  /** cheapest size meeting the target (by mean), null if none does */
  readonly best: FleetPoint | null;
}

/** The scenario with `poolId` resized to `nodes` nodes usable from the start (later purchases kept). */
export function withPoolSize(scenario: Scenario, poolId: string, nodes: number): Scenario {
  let found = false;
  const sites = scenario.sites.map((site) => ({
    ...site,
    pools: site.pools.map((pool): Pool => {
      if (pool.id !== poolId) return pool;
      found = true;
      if (site.kind !== 'on-prem') throw new RangeError(`pool ${poolId} is not owned: size cloud pools with their quota`);
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
  scenario: Scenario,
  poolId: string,
  sizes: readonly number[],
  target: ServiceTarget,
  run: (s: Scenario) => Promise<SimulationResult>,
  onPoint?: (p: FleetPoint) => void,
): Promise<FleetSizing> {
  const points: FleetPoint[] = [];
  for (const nodes of sizes) {
    const result = await run(withPoolSize(scenario, poolId, nodes));
    const service = serviceLevel(result, target.metric);
    const cost = result.summary.cost;
    if (cost === undefined) throw new RangeError('sizeFleet picks the cheapest size: the scenario must not say costs: none');
    const pessimistic = target.metric === 'slo_attainment' ? (service.low ?? service.mean) : (service.high ?? service.mean);
    const cloud = Object.entries(cost.per_site)
      .filter(([name]) => scenario.sites.find((s) => s.name === name)?.kind === 'cloud')
      .reduce((sum, [, c]) => sum + c.total.mean, 0);
    // An overloaded size stopped early: its service figures cover only the start of a runaway queue.
    const o = result.overload;
    const point: FleetPoint = {
      nodes,
      service,
      meets: !o && meets(target.metric, service.mean, target.limit),
      meets_with_confidence: !o && meets(target.metric, pessimistic, target.limit),
      tco: cost.total,
      npv: cost.npv,
      cloud_spend: cloud,
      ...(o && { overload: { offered_load: o.offered_load, workload: o.workload, reason: o.reason } }),
    };
    points.push(point);
    onPoint?.(point);
  }
  const ok = points.filter((p) => p.meets);
  const best = ok.length === 0 ? null : ok.reduce((a, b) => (b.tco.mean < a.tco.mean ? b : a));
  return { pool: poolId, target, points, best };
}
