import { defaultMemoryUtilization } from '../model/performance/defaults.js';
import { fineTuneMemory } from '../model/performance/fine-tuning.js';
import { trainingMemory } from '../model/performance/training-memory.js';
import type { TrainingWorkload } from '../model/types.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { deviceLimit, measurePoint, poolOf, rankLayouts, sizedFor, tensorDegrees, type RunScenario } from './plan-search.js';
import type { DeploymentPlan, PlanLayout, PlanPoint } from './plan-types.js';
import type { ServiceTarget } from './size-fleet.js';
import { formatGigabytes } from '../support/format-quantity.js';

export interface TrainingPlanOptions {
  /** devices per job to try; default: one node, then doubling up to what the pool holds */
  readonly devices?: readonly number[];
  /** the model's layers and width (from its card), for the activations and the pipeline depths */
  readonly shape?: { readonly layers: number; readonly hiddenSize: number };
  /** tokens per sequence for the activations; default 8,192 (printed) */
  readonly sequenceLength?: number;
  /** called after each simulated layout (progress) */
  readonly onPoint?: (layout: PlanLayout, point: PlanPoint) => void;
}

/** Pipeline depths tried: powers of two up to 64 (and at most one layer per stage). */
const MAX_PIPELINE = 64;
const DEFAULT_SEQUENCE_LENGTH = 8192;

/**
 * The deployment plan of a training workload: every device count and tensor × pipeline split whose model
 * states and activations fit each device's memory (`trainingMemory`, distributed optimizer), simulated with
 * the workload's jobs at that layout; the cheapest by TCO that meets the target (a completion-time or wait
 * target) wins. Tensor parallelism stays inside a node and pipelining starts once it fills the node (the
 * layout Megatron-LM recommends, Narayanan et al. SC 2021 §3.3): the time model charges tensor and pipeline
 * traffic inside the MFU, so for one model-parallel size this split needs the least memory at the same time.
 */
export async function planTraining(scenario: ResolvedScenario, name: string, target: ServiceTarget, run: RunScenario, options: TrainingPlanOptions = {}): Promise<DeploymentPlan> {
  const w = scenario.workloads.find((x): x is TrainingWorkload => x.name === name && x.kind === 'training');
  if (!w) throw new RangeError(`no training workload ${name}`);
  if (w.slice) throw new RangeError(`workload ${name} runs on part of a device (devices:); the plan searches layouts of whole devices`);
  if (w.params.kind !== 'constant') throw new RangeError(`workload ${name} draws its model size from a distribution; the plan lays out one model: give params a single value`);
  const pool = poolOf(scenario, w.pool);
  const capacity = pool.device.memory?.capacity;
  if (capacity === undefined) throw new RangeError(`${pool.device.id} publishes no memory capacity: the plan cannot check what fits`);
  const usable = capacity * defaultMemoryUtilization.value;
  const limit = deviceLimit(pool);
  const sequenceLength = options.sequenceLength ?? DEFAULT_SEQUENCE_LENGTH;
  const shape = options.shape && { ...options.shape, sequenceLength };
  const counts = options.devices ?? defaultCounts(pool.devicesPerNode, limit);
  const outcomes: { layout: PlanLayout; tried: PlanPoint[]; miss?: string; noFit?: string }[] = [];
  for (const devices of counts) {
    if (devices > limit) {
      outcomes.push({ layout: { tensor_parallel: 1, data_parallel: devices }, tried: [], noFit: `${devices} devices: ${pool.id} holds ${limit}` });
      continue;
    }
    // the shallowest split that fits: deeper pipelines of the same devices take the same time in the model (its
    // MFU carries pipeline traffic) and only need less memory, so they are not simulated
    for (const { tp, pp } of splits(devices, pool.devicesPerNode, options.shape?.layers)) {
      const dp = devices / (tp * pp);
      const layout: PlanLayout = { tensor_parallel: tp, pipeline_parallel: pp, data_parallel: dp };
      const full = trainingMemory({ params: w.params.value, tensorParallel: tp, pipelineParallel: pp, dataParallel: dp, ...(shape && { shape }) });
      // a LoRA job holds a frozen base and its adapters instead of every weight's gradients and Adam state
      const states = w.fineTune ? fineTuneMemory(w.params.value, w.fineTune, tp * pp, dp).bytes : full.states;
      const memory = { states, activations: full.activations, total: states + (full.activations ?? 0) };
      if (memory.total > usable) {
        const acts = memory.activations === undefined ? '' : ` + ${formatGigabytes(memory.activations)} activations`;
        outcomes.push({
          layout,
          tried: [],
          noFit: `${devices} devices: each needs ${formatGigabytes(memory.states)} of model states${acts}, over the ${formatGigabytes(usable)} usable of ${pool.device.id}`,
        });
        continue;
      }
      const sized = sizedFor(withTraining(scenario, name, devices, tp * pp), w.pool, devices);
      try {
        const point = await measurePoint(sized.scenario, name, target, run, { replicas: devices, devices, nodes: sized.nodes });
        options.onPoint?.(layout, point);
        const miss = point.meets ? undefined : (point.rejected ?? (point.overload !== undefined ? `overloaded: ${point.overload}` : 'misses the target'));
        outcomes.push({ layout, tried: [point], ...(miss !== undefined && { miss: `${devices} devices: ${miss}` }) });
      } catch (err) {
        // the training model cannot time the layout (e.g. it spans nodes the profile publishes no links for)
        if (!(err instanceof RangeError)) throw err;
        outcomes.push({ layout, tried: [], noFit: err.message });
      }
      break;
    }
  }
  const layouts = rankLayouts(outcomes, target.metric);
  const win = layouts[0]?.verdict === 'best' ? layouts[0] : undefined;
  return {
    workload: name,
    kind: 'training',
    pool: pool.id,
    target,
    best: win?.cheapest ? { layout: win.layout, point: win.cheapest } : null,
    layouts,
    assumptions: [
      `memory per device: mixed-precision Adam states (16 bytes per parameter, the 12 of the optimizer split over the data-parallel ranks), ${defaultMemoryUtilization.value * 100} % of ${pool.device.id}'s memory usable`,
      shape
        ? `activations: selective recomputation with sequence parallelism, micro-batch 1 of ${sequenceLength.toLocaleString('en-US')}-token sequences`
        : 'activations not counted: the workload names no model card with layers and width',
      'tensor parallelism inside one node, pipelining once it fills the node; the time model carries tensor and pipeline traffic in the MFU, so of each device count only the shallowest split that fits is simulated',
      pool.owned ? `the owned pool ${pool.id} is sized to the nodes each layout needs` : `the cloud pool ${pool.id} bills the instances the jobs hold`,
    ],
  };
}

/** Tensor × pipeline splits of `devices`: tensor degrees inside the node, deeper pipelines only at a full node. */
function splits(devices: number, devicesPerNode: number, layers: number | undefined): { tp: number; pp: number }[] {
  const out: { tp: number; pp: number }[] = [];
  for (const tp of tensorDegrees(devicesPerNode)) {
    for (let pp = 1; pp <= MAX_PIPELINE; pp *= 2) {
      if (pp > 1 && tp !== devicesPerNode) break;
      if (layers !== undefined && (pp > layers || layers % pp !== 0)) continue;
      if (devices % (tp * pp) === 0) out.push({ tp, pp });
    }
  }
  return out;
}

function defaultCounts(devicesPerNode: number, limit: number): number[] {
  const out: number[] = [];
  for (let d = devicesPerNode; d <= limit; d *= 2) out.push(d);
  return out.length > 0 ? out : [limit];
}

/** The scenario with training workload `name` on `devices` devices per job split into groups of `modelParallel`. */
export function withTraining(scenario: ResolvedScenario, name: string, devices: number, modelParallel: number): ResolvedScenario {
  const workloads = scenario.workloads.map((w) => (w.name === name && w.kind === 'training' ? { ...w, devices: { kind: 'constant' as const, value: devices }, modelParallel } : w));
  return { ...scenario, workloads };
}
