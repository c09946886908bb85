import { replicaFit } from '../model/feasibility.js';
import type { InferenceWorkload } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { planDisaggregated } from './plan-disaggregated.js';
import { deviceLimit, fewestMeeting, measurePoint, poolOf, rankLayouts, sizedFor, tensorDegrees, type RunScenario } from './plan-search.js';
import type { DeploymentPlan, PlanLayout, PlanPoint } from './plan-types.js';
import type { ServiceTarget } from './size-fleet.js';

/**
 * The deployment plan of an inference service: for each tensor-parallel degree whose replica fits the
 * device memory, the fewest replicas that meet the target, found by simulating the scenario with the
 * service at that layout (doubling, then bisection: the service level is taken to improve with replicas,
 * which common random numbers — the same seed at every point — keep true of the runs too); then the
 * cheapest of those by TCO. A layout that misses the target with every replica the pool holds, or whose
 * replica does not fit, says so.
 */
export async function planService(
  scenario: ResolvedScenario,
  name: string,
  target: ServiceTarget,
  run: RunScenario,
  onPoint?: (layout: PlanLayout, point: PlanPoint) => void,
): Promise<DeploymentPlan> {
  const w = scenario.workloads.find((x): x is InferenceWorkload => x.name === name && x.kind === 'inference');
  if (!w) throw new RangeError(`no inference workload ${name}`);
  if (w.disaggregated) return planDisaggregated(scenario, name, target, run, onPoint);
  if (w.slice) throw new RangeError(`workload ${name} runs on part of a device (devices:); the plan searches layouts of whole devices`);
  const pool = poolOf(scenario, w.pool);
  const limit = deviceLimit(pool);
  const outcomes: { layout: PlanLayout; tried: PlanPoint[]; miss?: string; noFit?: string }[] = [];
  for (const tp of tensorDegrees(pool.devicesPerNode)) {
    const layout: PlanLayout = { tensor_parallel: tp };
    const fit = replicaFit(w.model, pool, tp);
    if (fit.kind === 'unmodelled') {
      outcomes.push({ layout, tried: [], noFit: fit.reason });
      continue;
    }
    if (fit.kind === 'too-large') {
      outcomes.push({ layout, tried: [], noFit: `the weights need ${gb(fit.weightBytes)} per replica but ${tp} × ${pool.device.id} hold ${gb(fit.usableBytes)} after the activation reserve` });
      continue;
    }
    const most = Math.floor(limit / tp);
    const tried = new Map<number, PlanPoint>();
    const at = async (replicas: number): Promise<PlanPoint> => {
      const known = tried.get(replicas);
      if (known) return known;
      const devices = replicas * tp;
      const sized = sizedFor(withService(scenario, name, tp, replicas), w.pool, devices);
      const point = await measurePoint(sized.scenario, name, target, run, { replicas, devices, nodes: sized.nodes });
      tried.set(replicas, point);
      onPoint?.(layout, point);
      return point;
    };
    // rejections come from one replica's KV cache: more replicas cannot cure them, so the layout stops there
    const fewest = await fewestMeeting(most, async (r) => {
      const p = await at(r);
      return p.meets ? 'meets' : p.rejected !== undefined ? 'never' : 'misses';
    });
    const points = [...tried.values()].sort((a, b) => a.replicas - b.replicas);
    const miss = fewest === undefined ? missReason(points, most, pool.id) : undefined;
    outcomes.push({ layout, tried: points, ...(miss !== undefined && { miss }) });
  }
  const layouts = rankLayouts(outcomes);
  const win = layouts[0]?.verdict === 'best' ? layouts[0] : undefined;
  return {
    workload: name,
    kind: 'inference',
    pool: pool.id,
    target,
    best: win?.cheapest ? { layout: win.layout, point: win.cheapest } : null,
    layouts,
    assumptions: [
      `replicas hold whole devices of ${pool.id} (${pool.device.id}), tensor parallelism inside one ${pool.node.id} node; autoscaling is replaced by a fixed replica count`,
      pool.owned
        ? `the owned pool ${pool.id} is sized to the nodes each deployment needs (other workloads on it share those nodes)`
        : `the cloud pool ${pool.id} bills the instances each deployment holds (quota ${limit} devices)`,
      'the service level is taken to improve as replicas are added (the search doubles, then bisects)',
    ],
  };
}

/** The scenario with service `name` at `tp` devices per replica and a fixed `replicas`. */
export function withService(scenario: ResolvedScenario, name: string, tp: number, replicas: number): ResolvedScenario {
  const workloads = scenario.workloads.map((w) => {
    if (w.name !== name || w.kind !== 'inference') return w;
    const { autoscale: _fixed, ...rest } = w;
    return { ...rest, tensorParallel: tp, replicas };
  });
  return { ...scenario, workloads };
}

function missReason(points: readonly PlanPoint[], most: number, pool: string): string {
  const rejecting = points.find((p) => p.rejected !== undefined);
  if (rejecting?.rejected !== undefined) return rejecting.rejected;
  const last = points.find((p) => p.replicas === most);
  if (!last) return `misses the target with every replica count tried (up to ${most})`;
  return `misses the target even with ${most} replicas, all that ${pool} holds${last.overload !== undefined ? `: overloaded (${last.overload})` : ''}`;
}

const gb = (bytes: number) => `${(bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
