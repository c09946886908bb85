import { replicaFit } from '../model/feasibility.js';
import type { InferenceWorkload } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { planDisaggregated } from './plan-disaggregated.js';
import { deviceLimit, fewestMeeting, measurePoint, poolOf, rankLayouts, sizedFor, type RunScenario } from './plan-search.js';
import { expertSpec, serviceLayouts } from './plan-layouts.js';

export { serviceLayouts } from './plan-layouts.js';
import type { DeploymentPlan, PlanLayout, PlanPoint } from './plan-types.js';
import type { ServiceTarget } from './size-fleet.js';
import { formatGigabytes } from '../support/format-quantity.js';

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
  options: { readonly moeLayers?: number } = {},
): Promise<DeploymentPlan> {
  const w = scenario.workloads.find((x): x is InferenceWorkload => x.name === name && x.kind === 'inference');
  if (!w) throw new RangeError(`no inference workload ${name}`);
  if (w.disaggregated) return planDisaggregated(scenario, name, target, run, onPoint, options);
  if (w.slice) throw new RangeError(`workload ${name} runs on part of a device (devices:); the plan searches layouts of whole devices`);
  const pool = poolOf(scenario, w.pool);
  const limit = deviceLimit(pool);
  const outcomes: { layout: PlanLayout; tried: PlanPoint[]; miss?: string; noFit?: string }[] = [];
  for (const { tp, ep } of serviceLayouts(w, pool.devicesPerNode, limit)) {
    const layout: PlanLayout = { tensor_parallel: tp, ...(ep !== undefined && { expert_parallel: ep }) };
    const expertParallel = ep === undefined ? undefined : expertSpec(w, ep, options.moeLayers);
    const fit = replicaFit(w.model, pool, tp, undefined, expertParallel);
    if (fit.kind === 'unmodelled') {
      outcomes.push({ layout, tried: [], noFit: fit.reason });
      continue;
    }
    if (fit.kind === 'too-large') {
      const how = ep === undefined ? '' : ` (experts spread over them, the rest split by TP ${tp})`;
      outcomes.push({
        layout,
        tried: [],
        noFit: `the weights need ${formatGigabytes(fit.weightBytes)} per replica but ${perReplicaDevices(tp, ep)} × ${pool.device.id} hold ${formatGigabytes(fit.usableBytes)} after the activation reserve${how}`,
      });
      continue;
    }
    const perReplica = ep ?? tp;
    const most = Math.floor(limit / perReplica);
    const tried = new Map<number, PlanPoint>();
    const at = async (replicas: number): Promise<PlanPoint> => {
      const known = tried.get(replicas);
      if (known) return known;
      const devices = replicas * perReplica;
      const sized = sizedFor(withService(scenario, name, tp, replicas, expertParallel), w.pool, devices);
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
  const layouts = rankLayouts(outcomes, target.metric);
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
      ...(w.model.moe ? ['a mixture-of-experts model is also laid out with its experts spread over EP = TP × attention data-parallel devices (docs/serving.md, "Expert parallelism")'] : []),
    ],
  };
}

/** The scenario with service `name` at `tp` devices per attention group, a fixed `replicas`, and experts spread as given (or not). */
export function withService(scenario: ResolvedScenario, name: string, tp: number, replicas: number, expertParallel?: InferenceWorkload['expertParallel']): ResolvedScenario {
  const workloads = scenario.workloads.map((w) => {
    if (w.name !== name || w.kind !== 'inference') return w;
    const { autoscale: _fixed, expertParallel: _written, ...rest } = w;
    return { ...rest, tensorParallel: tp, replicas, ...(expertParallel && { expertParallel }) };
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

const perReplicaDevices = (tp: number, ep: number | undefined) => ep ?? tp;
