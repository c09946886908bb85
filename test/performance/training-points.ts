// Published training step times (data/published/performance-points.yaml, `unit: seconds`, vendor claims with a
// `training` block) turned into inputs of the training performance model: the fit and predict cases of issue 14.
import type { NodeProfile, Precision } from '../../src/model/types.js';
import { trainingEstimate, type TrainingEstimate } from '../../src/model/performance/index.js';
import { publishedPoints } from './published-points.js';
import { deviceProfile, networkProfile, nodeProfile } from './profiles.js';

/** Parameters of the Llama 3.1 models (Hugging Face model cards: 8.03 B, 70.6 B, 405.9 B). */
const params: Readonly<Record<string, number>> = { 'llama3.1-8b': 8.03e9, 'llama3.1-70b': 70.55e9, 'llama3.1-405b': 405.85e9 };

/**
 * The host each accelerator's step times ran on. A v6e slice is built of ct6e-standard-4t VMs (4 chips) joined
 * over ICI; Ironwood (TPU7x) slices are built of 4-chip hosts too (the points' notes: "16 hosts of 4 chips"), but
 * no TPU7x instance is in the catalog (Google publishes no price), so its host is the v6e VM with the Ironwood
 * chip and ICI link in place of the v6e ones: only its devices and links enter the training model.
 */
function hostOf(accelerator: string, hosts: number): NodeProfile {
  const v6e = nodeProfile('gcp-ct6e-standard-4t');
  const inSlice = (n: NodeProfile, ici: string): NodeProfile => ({ ...n, scale_up: { profile: networkProfile(ici), domainNodes: hosts } });
  // a v6e slice has at most 256 chips (64 hosts); more run as several slices over the data-centre network
  if (accelerator === 'tpu-v6e') return { ...v6e, scale_up: { profile: networkProfile('ici-v6e'), domainNodes: Math.min(hosts, 64) } };
  if (accelerator === 'tpu-v7') return inSlice({ ...v6e, id: 'tpu7x-host (test: ct6e-standard-4t with Ironwood chips)', accelerators: { profile: deviceProfile('tpu-v7'), count: 4 } }, 'ici-v7');
  throw new Error(`no host for ${accelerator}`);
}

interface TrainingPoint {
  readonly kind: string;
  readonly accelerator: string;
  readonly accelerator_count: number;
  readonly benchmark: string;
  readonly precision: string;
  readonly unit: string;
  readonly value: number;
  readonly training?: { readonly global_batch: number; readonly sequence_length: number };
  readonly convergence?: { readonly global_batch: number; readonly sequence_length: number; readonly samples_mean: number; readonly train_minutes_mean: number };
}

/** The MLPerf systems, as catalog nodes (NVL72 racks as their compute trays, joined by `scale_up.domain_nodes`). */
const mlperfNodes: Readonly<Record<string, string>> = {
  'h100-sxm-80gb': 'dgx-h100',
  'h200-sxm-141gb': 'dgx-h200',
  'b200-sxm-180gb': 'dgx-b200',
  'b300-sxm-288gb': 'dgx-b300',
  'b200-gb200': 'gb200-nvl72-tray',
  'b300-gb300': 'gb300-nvl72-tray',
};

/**
 * Llama 3.1 405B does not fit one GPU: its replicas span a tensor × pipeline group whose size the points file
 * does not carry. 8 (one HGX board, or two NVL72 trays) is ASSUMED: it only sets the gradient bytes each
 * device all-reduces (N / 8), which hide behind the backward pass at these batch sizes either way.
 */
const MODEL_PARALLEL_405B = 8;

/**
 * The training part of an MLPerf Training score: the scored runs' samples to the quality target (the
 * `convergence` block: samples_count at run_stop) at their global batch, as steps of the training model; compared
 * with the scored runs' summed training blocks (`train_minutes_mean`, evaluations excluded), in seconds. Llama
 * 3.1 8B and 405B pre-training only: 6·N FLOPs per token holds there (LoRA fine-tuning's FLOPs per token depend
 * on the recomputation the logs do not state).
 */
export function mlperfTrainingRun(id: string, mfu?: number): TrainingEstimate & { readonly published: number } {
  const p = publishedPoints.get(id) as TrainingPoint | undefined;
  if (p?.kind !== 'mlperf-training' || !p.convergence) throw new Error(`${id} is not an MLPerf Training point with its training work`);
  const n = params[p.benchmark];
  const node = mlperfNodes[p.accelerator];
  if (n === undefined || node === undefined) throw new Error(`${id}: no parameter count or system for ${p.benchmark} on ${p.accelerator}`);
  const { global_batch: sequences, sequence_length: sequenceLength, samples_mean: samples } = p.convergence;
  const estimate = trainingEstimate({
    params: n,
    tokens: samples * sequenceLength,
    steps: samples / sequences,
    precision: p.precision as Precision,
    batch: { sequences, sequenceLength },
    devices: p.accelerator_count,
    node: nodeProfile(node),
    ...(p.benchmark === 'llama3.1-405b' && { modelParallel: MODEL_PARALLEL_405B }),
    ...(mfu !== undefined && { mfu }),
  });
  return { ...estimate, published: p.convergence.train_minutes_mean * 60 };
}

/** One optimizer step of the published run: its model, global batch, precision and chips, data parallel (MaxText FSDP). */
export function trainingStep(id: string, mfu?: number): TrainingEstimate & { readonly published: number } {
  const p = publishedPoints.get(id) as TrainingPoint | undefined;
  if (!p?.training || p.unit !== 'seconds') throw new Error(`${id} is not a published step time`);
  const n = params[p.benchmark];
  if (n === undefined) throw new Error(`${id}: no parameter count for ${p.benchmark}`);
  const { global_batch: sequences, sequence_length: sequenceLength } = p.training;
  const estimate = trainingEstimate({
    params: n,
    tokens: sequences * sequenceLength,
    steps: 1,
    precision: p.precision as Precision,
    batch: { sequences, sequenceLength },
    devices: p.accelerator_count,
    node: hostOf(p.accelerator, p.accelerator_count / 4),
    ...(mfu !== undefined && { mfu }),
  });
  return { ...estimate, published: p.value };
}

/**
 * The MFU at which a modelled time equals the published one, by bisection on (0.01, 1]: the modelled time
 * falls as the MFU rises. `modelled(mfu)` gives the modelled and the published time of one point.
 */
export function fitMfu(modelled: (mfu: number) => { readonly time: number; readonly published: number }): number {
  let lo = 0.01;
  let hi = 1;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    const m = modelled(mid);
    if (m.time > m.published) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
