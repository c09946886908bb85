import { replicaFit } from '../model/feasibility.js';
import type { InferenceWorkload } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { deviceLimit, fewestMeeting, measurePoint, poolOf, rankLayouts, sizedFor, tensorDegrees, type RunScenario, type SearchedLayout } from './plan-search.js';
import type { DeploymentPlan, PlanLayout, PlanPoint } from './plan-types.js';
import type { ServiceTarget } from './size-fleet.js';
import { formatGigabytes } from '../support/format-quantity.js';

/** Prefill replicas tried per layout at most (the search usually stops far earlier, on the device bound). */
const MAX_PREFILL_REPLICAS = 64;

/**
 * The deployment plan of a disaggregated service: for each pair of tensor-parallel degrees (prefill, decode)
 * whose replicas fit their pools' memory, each prefill count P from one up, and for it the fewest decode
 * replicas D meeting the target (doubling, then bisection, as for a colocated service). A P:D point with as
 * many devices as the best found so far cannot be cheaper (TCO grows with the devices a plan holds), so P stops
 * rising there, and a layout whose smallest point already holds that many is not simulated.
 */
export async function planDisaggregated(
  scenario: ResolvedScenario,
  name: string,
  target: ServiceTarget,
  run: RunScenario,
  onPoint?: (layout: PlanLayout, point: PlanPoint) => void,
): Promise<DeploymentPlan> {
  const w = scenario.workloads.find((x): x is InferenceWorkload => x.name === name && x.kind === 'inference');
  const phases = w?.disaggregated;
  if (!w || !phases) throw new RangeError(`no disaggregated inference workload ${name}`);
  if (phases.prefill.expertParallel || phases.decode.expertParallel)
    throw new RangeError(
      `'${name}' spreads its experts in a phase (disaggregated.<phase>.expert_parallel), but the plan searches a disaggregated service's tensor-parallel degrees and P:D split without expert parallelism: remove the phases' expert_parallel to plan it, or sweep the phases' replicas instead`,
    );
  const prefillPool = poolOf(scenario, phases.prefill.pool);
  const decodePool = poolOf(scenario, phases.decode.pool);
  const samePool = prefillPool.id === decodePool.id;
  const outcomes: SearchedLayout[] = [];
  let bestDevices = Infinity;
  for (const tpP of tensorDegrees(prefillPool.devicesPerNode)) {
    for (const tpD of tensorDegrees(decodePool.devicesPerNode)) {
      const layout: PlanLayout = { tensor_parallel: tpD, prefill_tensor_parallel: tpP };
      const noFit = fitProblem(w, prefillPool, tpP, 'prefill') ?? fitProblem(w, decodePool, tpD, 'decode');
      if (noFit !== undefined) {
        outcomes.push({ layout, tried: [], noFit });
        continue;
      }
      const tried: PlanPoint[] = [];
      for (let p = 1; p <= MAX_PREFILL_REPLICAS; p++) {
        if (p * tpP + tpD >= bestDevices) break;
        const decodeRoom = deviceLimit(decodePool) - (samePool ? p * tpP : 0);
        if (p * tpP > deviceLimit(prefillPool) || decodeRoom < tpD) break;
        const points = new Map<number, PlanPoint>();
        const at = async (d: number): Promise<PlanPoint> => {
          const known = points.get(d);
          if (known) return known;
          const point = await measure(scenario, w, target, run, { p, tpP, d, tpD });
          points.set(d, point);
          tried.push(point);
          onPoint?.(layout, point);
          return point;
        };
        const fewest = await fewestMeeting(Math.floor(decodeRoom / tpD), async (d) => {
          const point = await at(d);
          return point.meets ? 'meets' : point.rejected !== undefined ? 'never' : 'misses';
        });
        if (fewest !== undefined) bestDevices = Math.min(bestDevices, p * tpP + fewest * tpD);
        if ([...points.values()].some((x) => x.rejected !== undefined)) break;
      }
      if (tried.length === 0) {
        outcomes.push({ layout, tried, dominated: `not simulated: its smallest split (1P:1D, ${tpP + tpD} devices) holds as many devices as a cheaper plan found` });
        continue;
      }
      const meets = tried.some((x) => x.meets);
      const rejecting = tried.find((x) => x.rejected !== undefined)?.rejected;
      const miss = meets ? undefined : (rejecting ?? 'misses the target with every P:D split the pools hold');
      outcomes.push({ layout, tried: tried.sort((a, b) => a.devices - b.devices), ...(miss !== undefined && { miss }) });
    }
  }
  const layouts = rankLayouts(outcomes, target.metric);
  const win = layouts[0]?.verdict === 'best' ? layouts[0] : undefined;
  return {
    workload: name,
    kind: 'inference',
    pool: samePool ? decodePool.id : `${prefillPool.id} → ${decodePool.id}`,
    target,
    best: win?.cheapest ? { layout: win.layout, point: win.cheapest } : null,
    layouts,
    assumptions: [
      `prefill replicas on ${prefillPool.id} (${prefillPool.device.id}), decode replicas on ${decodePool.id} (${decodePool.device.id}), tensor parallelism inside one node`,
      'for each prefill count, the fewest decode replicas meeting the target (doubling, then bisection); the prefill count rises until a split would hold as many devices as the best found, since TCO grows with the devices held',
      samePool ? `an owned pool is sized to the nodes each split needs` : `each owned pool is sized to the nodes its phase needs`,
    ],
  };
}

function fitProblem(w: InferenceWorkload, pool: ReturnType<typeof poolOf>, tp: number, phase: string): string | undefined {
  const fit = replicaFit(w.model, pool, tp);
  if (fit.kind === 'fits') return undefined;
  if (fit.kind === 'unmodelled') return `${phase}: ${fit.reason}`;
  return `${phase}: the weights need ${formatGigabytes(fit.weightBytes)} per replica but ${tp} × ${pool.device.id} hold ${formatGigabytes(fit.usableBytes)} after the activation reserve`;
}

async function measure(scenario: ResolvedScenario, w: InferenceWorkload, target: ServiceTarget, run: RunScenario, split: { p: number; tpP: number; d: number; tpD: number }): Promise<PlanPoint> {
  const phases = w.disaggregated;
  if (!phases) throw new RangeError(`workload ${w.name} is not disaggregated`);
  const { p, tpP, d, tpD } = split;
  const workloads = scenario.workloads.map((x) =>
    x !== w
      ? x
      : {
          ...w,
          replicas: d,
          tensorParallel: tpD,
          disaggregated: { prefill: { ...phases.prefill, replicas: p, tensorParallel: tpP }, decode: { ...phases.decode, replicas: d, tensorParallel: tpD } },
        },
  );
  let s: ResolvedScenario = { ...scenario, workloads };
  let nodes: number;
  if (phases.prefill.pool === phases.decode.pool) {
    const sized = sizedFor(s, phases.decode.pool, p * tpP + d * tpD);
    s = sized.scenario;
    nodes = sized.nodes;
  } else {
    const a = sizedFor(s, phases.prefill.pool, p * tpP);
    const b = sizedFor(a.scenario, phases.decode.pool, d * tpD);
    s = b.scenario;
    nodes = a.nodes + b.nodes;
  }
  const point = await measurePoint(s, w.name, target, run, { replicas: d, devices: p * tpP + d * tpD, nodes });
  return { ...point, prefill_replicas: p };
}
