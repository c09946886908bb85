import { replicaFit } from '../model/feasibility.js';
import type { InferenceWorkload, ServingPhase } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { deviceLimit, fewestMeeting, measurePoint, poolOf, rankLayouts, sizedFor, type RunScenario, type SearchedLayout } from './plan-search.js';
import { expertSpec, serviceLayouts } from './plan-layouts.js';
import type { DeploymentPlan, PlanLayout, PlanPoint } from './plan-types.js';
import type { ServiceTarget } from './size-fleet.js';
import { formatGigabytes } from '../support/format-quantity.js';

/** Prefill replicas tried per layout at most (the search usually stops far earlier, on the device bound). */
const MAX_PREFILL_REPLICAS = 64;

/** One phase's replica layout: its tensor-parallel degree, and the devices it spreads its experts over (a mixture of experts). */
interface PhaseLayout {
  readonly tp: number;
  readonly ep?: number;
  /** devices one replica holds */
  readonly devices: number;
  readonly expertParallel?: ServingPhase['expertParallel'];
}

/**
 * The deployment plan of a disaggregated service: for each pair of phase layouts (prefill, decode) whose replicas fit
 * their pools' memory — every tensor-parallel degree inside a node and, for a mixture-of-experts model, every
 * expert-parallel width over it that divides the experts (`serviceLayouts`) — each prefill count P from one up, and
 * for it the fewest decode replicas D meeting the target (doubling, then bisection, as for a colocated service). A
 * P:D point with as many devices as the best found so far cannot be cheaper (TCO grows with the devices a plan
 * holds), so P stops rising there, and a layout whose smallest point already holds that many is not simulated.
 */
export async function planDisaggregated(
  scenario: ResolvedScenario,
  name: string,
  target: ServiceTarget,
  run: RunScenario,
  onPoint?: (layout: PlanLayout, point: PlanPoint) => void,
  options: { readonly moeLayers?: number } = {},
): Promise<DeploymentPlan> {
  const w = scenario.workloads.find((x): x is InferenceWorkload => x.name === name && x.kind === 'inference');
  const phases = w?.disaggregated;
  if (!w || !phases) throw new RangeError(`no disaggregated inference workload ${name}`);
  const prefillPool = poolOf(scenario, phases.prefill.pool);
  const decodePool = poolOf(scenario, phases.decode.pool);
  const samePool = prefillPool.id === decodePool.id;
  const outcomes: SearchedLayout[] = [];
  let bestDevices = Infinity;
  for (const pre of phaseLayouts(w, phases.prefill, prefillPool, options.moeLayers)) {
    for (const dec of phaseLayouts(w, phases.decode, decodePool, options.moeLayers)) {
      const layout: PlanLayout = {
        tensor_parallel: dec.tp,
        ...(dec.ep !== undefined && { expert_parallel: dec.ep }),
        prefill_tensor_parallel: pre.tp,
        ...(pre.ep !== undefined && { prefill_expert_parallel: pre.ep }),
      };
      const noFit = fitProblem(w, prefillPool, pre, 'prefill') ?? fitProblem(w, decodePool, dec, 'decode') ?? roomProblem(pre, dec, prefillPool, decodePool);
      if (noFit !== undefined) {
        outcomes.push({ layout, tried: [], noFit });
        continue;
      }
      const tried: PlanPoint[] = [];
      for (let p = 1; p <= MAX_PREFILL_REPLICAS; p++) {
        if (p * pre.devices + dec.devices >= bestDevices) break;
        const decodeRoom = deviceLimit(decodePool) - (samePool ? p * pre.devices : 0);
        if (p * pre.devices > deviceLimit(prefillPool) || decodeRoom < dec.devices) break;
        const points = new Map<number, PlanPoint>();
        const at = async (d: number): Promise<PlanPoint> => {
          const known = points.get(d);
          if (known) return known;
          const point = await measure(scenario, w, target, run, { p, pre, d, dec });
          points.set(d, point);
          tried.push(point);
          onPoint?.(layout, point);
          return point;
        };
        const fewest = await fewestMeeting(Math.floor(decodeRoom / dec.devices), async (d) => {
          const point = await at(d);
          return point.meets ? 'meets' : point.rejected !== undefined ? 'never' : 'misses';
        });
        if (fewest !== undefined) bestDevices = Math.min(bestDevices, p * pre.devices + fewest * dec.devices);
        if ([...points.values()].some((x) => x.rejected !== undefined)) break;
      }
      if (tried.length === 0) {
        outcomes.push({ layout, tried, dominated: `not simulated: its smallest split (1P:1D, ${pre.devices + dec.devices} devices) holds as many devices as a cheaper plan found` });
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
      ...(w.model.moe ? ["each phase of a mixture-of-experts model is also laid out with its experts spread over EP = TP × attention data-parallel devices, the phase's redundant experts kept"] : []),
    ],
  };
}

/** A phase's layouts on its pool: `serviceLayouts` of the model, with the phase's redundant experts and MoE layers. */
function phaseLayouts(w: InferenceWorkload, phase: ServingPhase, pool: ReturnType<typeof poolOf>, moeLayers: number | undefined): PhaseLayout[] {
  // the phase's own expert parallelism stands where a colocated service's would
  const asService = phase.expertParallel ? { ...w, expertParallel: phase.expertParallel } : w;
  return serviceLayouts(asService, pool.devicesPerNode, deviceLimit(pool)).map(({ tp, ep }) =>
    ep === undefined ? { tp, devices: tp } : { tp, ep, devices: ep, expertParallel: expertSpec(asService, ep, moeLayers) },
  );
}

/** Why the pools cannot hold even one replica of each phase (1P:1D), or undefined when they can. */
function roomProblem(pre: PhaseLayout, dec: PhaseLayout, prefillPool: ReturnType<typeof poolOf>, decodePool: ReturnType<typeof poolOf>): string | undefined {
  if (prefillPool.id === decodePool.id) {
    const room = deviceLimit(decodePool);
    return pre.devices + dec.devices > room ? `its smallest split (1P:1D) needs ${pre.devices + dec.devices} devices; ${decodePool.id} holds ${room}` : undefined;
  }
  if (pre.devices > deviceLimit(prefillPool)) return `a prefill replica needs ${pre.devices} devices; ${prefillPool.id} holds ${deviceLimit(prefillPool)}`;
  if (dec.devices > deviceLimit(decodePool)) return `a decode replica needs ${dec.devices} devices; ${decodePool.id} holds ${deviceLimit(decodePool)}`;
  return undefined;
}

function fitProblem(w: InferenceWorkload, pool: ReturnType<typeof poolOf>, layout: PhaseLayout, phase: string): string | undefined {
  const fit = replicaFit(w.model, pool, layout.tp, undefined, layout.expertParallel);
  if (fit.kind === 'fits') return undefined;
  if (fit.kind === 'unmodelled') return `${phase}: ${fit.reason}`;
  const how = layout.ep === undefined ? '' : ` (experts spread over them, the rest split by TP ${layout.tp})`;
  return `${phase}: the weights need ${formatGigabytes(fit.weightBytes)} per replica but ${layout.devices} × ${pool.device.id} hold ${formatGigabytes(fit.usableBytes)} after the activation reserve${how}`;
}

async function measure(
  scenario: ResolvedScenario,
  w: InferenceWorkload,
  target: ServiceTarget,
  run: RunScenario,
  split: { p: number; pre: PhaseLayout; d: number; dec: PhaseLayout },
): Promise<PlanPoint> {
  const phases = w.disaggregated;
  if (!phases) throw new RangeError(`workload ${w.name} is not disaggregated`);
  const { p, pre, d, dec } = split;
  const phase = (given: ServingPhase, replicas: number, l: PhaseLayout): ServingPhase => {
    const { expertParallel: _searched, ...rest } = given;
    return { ...rest, replicas, tensorParallel: l.tp, ...(l.expertParallel && { expertParallel: l.expertParallel }) };
  };
  const workloads = scenario.workloads.map((x) =>
    x !== w ? x : { ...w, replicas: d, tensorParallel: dec.tp, disaggregated: { prefill: phase(phases.prefill, p, pre), decode: phase(phases.decode, d, dec) } },
  );
  let s: ResolvedScenario = { ...scenario, workloads };
  let nodes: number;
  if (phases.prefill.pool === phases.decode.pool) {
    const sized = sizedFor(s, phases.decode.pool, p * pre.devices + d * dec.devices);
    s = sized.scenario;
    nodes = sized.nodes;
  } else {
    const a = sizedFor(s, phases.prefill.pool, p * pre.devices);
    const b = sizedFor(a.scenario, phases.decode.pool, d * dec.devices);
    s = b.scenario;
    nodes = a.nodes + b.nodes;
  }
  const point = await measurePoint(s, w.name, target, run, { replicas: d, devices: p * pre.devices + d * dec.devices, nodes });
  return { ...point, prefill_replicas: p };
}
