import type { Estimate } from '../metrics/confidence-interval.js';
import { DEFAULT_FEASIBILITY, readsInterval } from '../metrics/feasibility.js';
import type { PoolSpec } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import type { SimulationResult } from '../simulate/simulate.js';
import type { LayoutOutcome, PlanLayout, PlanPoint } from './plan-types.js';
import { withPoolSize, type ServiceMetric, type ServiceTarget } from './size-fleet.js';

/**
 * The pieces every plan search shares: sizing the pool to a deployment, reading the target's metric of
 * one workload, and ordering the layouts into a verdict. The searches themselves are in plan-service.ts
 * (inference) and plan-training.ts.
 */

export type RunScenario = (s: ResolvedScenario) => Promise<SimulationResult>;

/** Tensor-parallel degrees inside one node: the powers of two up to the node's devices, and the node itself. */
export function tensorDegrees(devicesPerNode: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= devicesPerNode; d *= 2) out.push(d);
  if (!out.includes(devicesPerNode)) out.push(devicesPerNode);
  return out;
}

/**
 * The fewest of 1..`most` replicas for which `meets` holds, assuming it holds from some count on: doubling
 * from 1 until it holds (or `most` fails), then bisecting between the last failure and the first success.
 * `never` stops the search: no count will do.
 * @returns undefined when even `most` misses
 */
export async function fewestMeeting(most: number, meets: (replicas: number) => Promise<'meets' | 'misses' | 'never'>): Promise<number | undefined> {
  if (most < 1) return undefined;
  let failed = 0;
  let ok: number | undefined;
  for (let r = 1; ; r = Math.min(most, r * 2)) {
    const verdict = await meets(r);
    if (verdict === 'meets') {
      ok = r;
      break;
    }
    failed = r;
    if (r === most || verdict === 'never') return undefined;
  }
  while (ok - failed > 1) {
    const mid = Math.floor((failed + ok) / 2);
    if ((await meets(mid)) === 'meets') ok = mid;
    else failed = mid;
  }
  return ok;
}

/** The pool `id` of the scenario. @throws RangeError when there is none */
export function poolOf(scenario: ResolvedScenario, id: string): PoolSpec & { readonly owned: boolean } {
  for (const site of scenario.sites) {
    const pool = site.pools.find((p) => p.id === id);
    if (pool) return { ...pool, owned: site.kind === 'on-prem' };
  }
  throw new RangeError(`no pool ${id}`);
}

/** Devices the plan may use on the pool: an owned pool's nodes as the scenario has them, a cloud pool's quota. */
export function deviceLimit(pool: PoolSpec): number {
  return pool.cloud ? pool.cloud.max * pool.devicesPerNode : pool.deviceCount;
}

/**
 * The scenario with an owned pool sized to `devices` (whole nodes: a plan pays for the nodes it needs, as
 * `simulate size` does); a cloud pool is left as it is, its instances billed as the deployment holds them.
 */
export function sizedFor(scenario: ResolvedScenario, poolId: string, devices: number): { scenario: ResolvedScenario; nodes: number } {
  const pool = poolOf(scenario, poolId);
  const nodes = Math.max(1, Math.ceil(devices / pool.devicesPerNode - 1e-9));
  return { scenario: pool.owned ? withPoolSize(scenario, poolId, nodes) : scenario, nodes };
}

/** The target's metric of workload `name` in a result: its service figures (inference) or its jobs' times. */
export function workloadLevel(result: SimulationResult, name: string, metric: ServiceMetric): Estimate {
  const s = result.summary;
  if (metric === 'ttft.p99' || metric === 'tpot.p99' || metric === 'slo_attainment') {
    const service = s.inference[name];
    if (!service) throw new RangeError(`${metric} needs workload ${name} to be an inference service`);
    return metric === 'slo_attainment' ? service.slo_attainment : metric === 'ttft.p99' ? service.ttft.p99 : service.tpot.p99;
  }
  const jobs = s.workloads[name];
  if (!jobs) throw new RangeError(`no job figures for workload ${name}`);
  const [field, stat] = metric.split('.') as ['wait' | 'completion_time', 'mean' | 'p50' | 'p95' | 'p99'];
  return jobs[field][stat];
}

const higherIsBetter = (metric: ServiceMetric) => metric === 'slo_attainment';

/** Runs one deployment and reads it against the target. */
export async function measurePoint(scenario: ResolvedScenario, name: string, target: ServiceTarget, run: RunScenario, shape: { replicas: number; devices: number; nodes: number }): Promise<PlanPoint> {
  const result = await run(scenario);
  const cost = result.summary.cost;
  if (cost === undefined) throw new RangeError('a plan picks the cheapest deployment: the scenario must not say costs: none');
  const service = workloadLevel(result, name, target.metric);
  const ok = (v: number) => (higherIsBetter(target.metric) ? v >= target.limit : v <= target.limit);
  const pessimistic = higherIsBetter(target.metric) ? (service.low ?? service.mean) : (service.high ?? service.mean);
  // as size, sweeps and --assert read a target: the worse end of its interval (the mean with one replication), unless asked for the mean
  const rule = target.rule ?? DEFAULT_FEASIBILITY;
  const read = readsInterval(service, rule) ? pessimistic : service.mean;
  // an overloaded run stopped early: its figures cover only the start of a runaway queue
  const overload = result.overload;
  const rejected = rejectedWork(result, name) ?? nothingFinished(result, name);
  const feasible = !overload && rejected === undefined;
  return {
    ...shape,
    service,
    meets: feasible && Number.isFinite(read) && ok(read),
    meets_with_confidence: feasible && Number.isFinite(pessimistic) && ok(pessimistic),
    tco: cost.total,
    ...(overload && { overload: overload.reason }),
    ...(rejected !== undefined && { rejected }),
  };
}

/** A run in which the workload finished nothing measures nothing (an empty sample reads 0 s, no SLO reads as met). */
function nothingFinished(result: SimulationResult, name: string): string | undefined {
  const done = result.summary.inference[name]?.completed.mean ?? result.summary.workloads[name]?.completed.mean ?? 0;
  return done > 0 ? undefined : 'nothing finished within the horizon: lengthen it (--horizon) or use more devices';
}

/**
 * Why workload `name` had requests or jobs rejected (mean per replication), or undefined: a request whose
 * prompt and output exceed a replica's KV cache, a job larger than the pool, never runs at this layout.
 */
function rejectedWork(result: SimulationResult, name: string): string | undefined {
  const service = result.summary.inference[name];
  if (service) {
    const share = service.submitted.mean > 0 ? service.rejected.mean / service.submitted.mean : 0;
    return service.rejected.mean > 0 ? `${(100 * share).toPrecision(3)} % of requests rejected: prompt + output exceed one replica's KV cache` : undefined;
  }
  const jobs = result.summary.workloads[name]?.rejected.mean ?? 0;
  return jobs > 0 ? `${jobs.toPrecision(3)} jobs rejected per replication: larger than the pool or a scheduler limit` : undefined;
}

/**
 * Orders the layouts and gives each its verdict: the cheapest point meeting the target wins (ties: fewer
 * devices, then the earlier layout); the other layouts that meet it are runners-up, each saying how much
 * more it costs; then the layouts that miss the target and those that do not fit, in the order considered.
 */
/** One layout as a search left it: the points it simulated, and why it missed, did not fit, or was not simulated. */
export interface SearchedLayout {
  readonly layout: PlanLayout;
  readonly tried: readonly PlanPoint[];
  readonly miss?: string;
  readonly noFit?: string;
  readonly dominated?: string;
}

export function rankLayouts(outcomes: readonly SearchedLayout[], metric: ServiceMetric): LayoutOutcome[] {
  // on equal cost and devices, the better service level wins; then the order the layouts were considered in
  const better = (a: PlanPoint, b: PlanPoint) => (higherIsBetter(metric) ? b.service.mean - a.service.mean : a.service.mean - b.service.mean);
  const meeting = outcomes
    .map((o, order) => ({ ...o, order, cheapest: cheapestMeeting(o.tried) }))
    .filter((o): o is typeof o & { cheapest: PlanPoint } => o.cheapest !== undefined && o.noFit === undefined)
    .sort((a, b) => a.cheapest.tco.mean - b.cheapest.tco.mean || a.cheapest.devices - b.cheapest.devices || better(a.cheapest, b.cheapest) || a.order - b.order);
  const best = meeting[0];
  const ranked: LayoutOutcome[] = meeting.map((o, i) => {
    const c = o.cheapest;
    if (i === 0) return { layout: o.layout, verdict: 'best', cheapest: c, tried: o.tried, why: `cheapest layout meeting the target: ${usd(c.tco.mean)} with ${c.devices} devices` };
    const more = c.tco.mean - (best?.cheapest.tco.mean ?? 0);
    if (more === 0 && c.devices === best?.cheapest.devices)
      return {
        layout: o.layout,
        verdict: 'runner-up',
        cheapest: c,
        tried: o.tried,
        why: `ties the best on cost and devices (${c.devices}); the best has as good a service level or better, or came first`,
      };
    const share = best && best.cheapest.tco.mean > 0 ? ` (+${((100 * more) / best.cheapest.tco.mean).toFixed(1)} %)` : '';
    return { layout: o.layout, verdict: 'runner-up', cheapest: c, tried: o.tried, why: `meets the target for ${usd(more)} more${share}, with ${c.devices} devices` };
  });
  for (const o of outcomes) {
    if (o.noFit !== undefined || o.dominated !== undefined) continue;
    if (cheapestMeeting(o.tried) !== undefined) continue;
    ranked.push({ layout: o.layout, verdict: 'misses-target', tried: o.tried, why: o.miss ?? 'misses the target at every size tried' });
  }
  for (const o of outcomes) if (o.dominated !== undefined && o.noFit === undefined) ranked.push({ layout: o.layout, verdict: 'dominated', tried: o.tried, why: o.dominated });
  for (const o of outcomes) if (o.noFit !== undefined) ranked.push({ layout: o.layout, verdict: 'does-not-fit', tried: [], why: o.noFit });
  return ranked;
}

function cheapestMeeting(points: readonly PlanPoint[]): PlanPoint | undefined {
  let best: PlanPoint | undefined;
  for (const p of points) if (p.meets && (!best || p.tco.mean < best.tco.mean || (p.tco.mean === best.tco.mean && p.devices < best.devices))) best = p;
  return best;
}

/** USD in the plan's own lines: whole dollars below a million, else millions to three decimals. */
function usd(x: number): string {
  return Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(3)} M USD` : `${Math.round(x).toLocaleString('en-US')} USD`;
}
