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
  readonly accelerator: string;
  readonly accelerator_count: number;
  readonly benchmark: string;
  readonly precision: string;
  readonly unit: string;
  readonly value: number;
  readonly training?: { readonly global_batch: number; readonly sequence_length: number };
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
