import type { Precision } from '../types.js';
import type { Link } from './collectives.js';
import { defaultExpertAllToAllOverhead, defaultMemoryUtilization } from './defaults.js';
import { weightReadBytes, type MoeSpec } from './mixture-of-experts.js';
import type { TensorParallelTraffic } from './tensor-parallel-traffic.js';

/**
 * Expert parallelism (EP) for a mixture-of-experts replica, as vLLM (`--enable-expert-parallel`), SGLang
 * (`--enable-dp-attention --ep-size`, DeepEP) and TensorRT-LLM (`moe_expert_parallel_size`) deploy it:
 * - the replica holds `size` devices; attention and the dense layers run data-parallel over size / tp
 *   ranks of `tp` devices each (vLLM: "EP size = TP × DP"; SGLang's DP attention), each rank with its own
 *   share of the batch and a copy of the dense weights split tp ways;
 * - the routed experts are spread over all `size` devices: (routed + redundant) / size whole experts each
 *   (redundant copies are EPLB's replicas of hot experts, e.g. SGLang's `--ep-num-redundant-experts 32`);
 * - every MoE layer sends each token's hidden state to the devices of its top-k experts (dispatch) and
 *   brings the k results back (combine): two all-to-alls per MoE layer per iteration.
 * The replica may span several nodes ("wide EP"): the all-to-all then crosses the compute NICs.
 */
export interface ExpertParallelSpec {
  /** devices of the replica = EP size */
  readonly size: number;
  /** extra expert copies placed besides the routed experts (EPLB); default 0 */
  readonly redundantExperts?: number;
  /** layers with experts (the others are dense); default every layer of the model */
  readonly moeLayers?: number;
  /** devices one scale-up domain joins (`nodeFabric`: devices per node × domain nodes) */
  readonly devicesPerDomain: number;
  /** the compute fabric between domains, per device one direction; needed when the replica spans domains */
  readonly scaleOut?: Link & { readonly from?: string };
  /** how tokens reach other domains (`AllToAllInputs.dispatch`); default 'per-expert' */
  readonly dispatch?: ExpertDispatch;
  /** the most scale-up domains (nodes) the router sends one token to (`AllToAllInputs.maxDomainsPerToken`); default no limit */
  readonly maxDomainsPerToken?: number;
}

/**
 * How the dispatch and combine cross between scale-up domains (DeepEP, github.com/deepseek-ai/DeepEP, README):
 * - 'per-expert': one copy per routed expert, each sent straight to its device (DeepEP's low-latency kernels, which
 *   SGLang and DeepSeek run for decode: pure RDMA, no forwarding);
 * - 'per-domain': one copy per destination domain, sent over the NIC to the device of the same local index there and
 *   forwarded over the scale-up link to the devices of its experts (DeepEP's normal kernels, run for prefill:
 *   "asymmetric-domain bandwidth forwarding, such as forwarding data from NVLink domain to RDMA domain"; DeepSeek-V3
 *   Technical Report, arXiv:2412.19437, §3.2.2: each token "is first transmitted via IB to the GPUs with the same
 *   in-node index on its target nodes" and then "forwarded via NVLink"). The combine goes back the same way.
 */
export type ExpertDispatch = 'per-expert' | 'per-domain';

/** What expert parallelism changes in a replica, computed once by `expertParallelReplica`. */
export interface ExpertParallelModel {
  /** devices of the replica (EP size) */
  readonly devices: number;
  /** attention data-parallel ranks = devices / tensor parallel */
  readonly attentionDataParallel: number;
  /** physical experts on each device = (routed + redundant) / devices */
  readonly expertsPerDevice: number;
  /** bytes of one routed expert (all its MoE layers) */
  readonly expertBytes: number;
  /** bytes of the weights every token uses (attention, dense layers, shared experts, embeddings) */
  readonly denseBytes: number;
  /** bytes of weights on each device = dense / tp + experts per device × expert bytes */
  readonly weightBytesPerDevice: number;
  /** devices of the replica sharing one scale-up domain */
  readonly devicesPerDomain: number;
  /** the dispatch and combine all-to-alls: s per iteration = fixed + perToken × tokens of the replica */
  readonly allToAll: TensorParallelTraffic;
}

/** What this file reads of a replica (`ReplicaModel` of inference.ts, which imports this file: kept structural). */
interface ReplicaCore {
  readonly params: number;
  readonly tensorParallel: number;
  readonly weightBytes: number;
  readonly routedExpertBytes: number;
  readonly expertPick: number;
  readonly activationReserve: number;
  readonly memoryCapacity: number;
  readonly computePrecision: Precision;
  readonly compute: { readonly rate: number };
  readonly tensorParallelTraffic: TensorParallelTraffic;
  readonly expertParallel?: ExpertParallelModel;
}

/** What this file reads of a replica's specification (`ReplicaSpec` of inference.ts). */
interface ReplicaSpecCore {
  readonly model: { readonly moe?: MoeSpec; readonly kvCache: { readonly layers: number } | { readonly bytesPerToken: number }; readonly layers?: number; readonly hiddenSize?: number };
  readonly activationReserve?: number;
  readonly scaleUp?: Link & { readonly from?: string };
  readonly expertParallel?: ExpertParallelSpec;
}

/** Activation bytes the combine moves: bf16, as DeepEP's combine kernels and DeepSeek-V3 (§3.3.2) do. */
const COMBINE_BYTES = 2;

/**
 * Bytes per element the dispatch moves: DeepSeek-V3 quantises the activations to FP8 before the experts'
 * up-projection and dispatches them in FP8 (DeepSeek-V3 Technical Report, arXiv:2412.19437, §3.3.2; DeepEP's
 * low-latency dispatch takes FP8), so an 8-bit or narrower matmul precision dispatches 1 byte, else 2.
 */
function dispatchBytes(computePrecision: Precision): number {
  return computePrecision === 'fp8' || computePrecision === 'int8' || computePrecision === 'fp4' || computePrecision === 'int4' ? 1 : 2;
}

export interface AllToAllInputs {
  readonly devices: number;
  readonly devicesPerDomain: number;
  readonly moeLayers: number;
  readonly hiddenSize: number;
  readonly activeExperts: number;
  readonly computePrecision: Precision;
  readonly scaleUp?: Link & { readonly from?: string };
  readonly scaleOut?: Link & { readonly from?: string };
  /** default 'per-expert' (`ExpertDispatch`) */
  readonly dispatch?: ExpertDispatch;
  /** routed experts per MoE layer: with 'per-domain', the chance a token's k experts miss a domain */
  readonly routedExperts?: number;
  /** with 'per-domain': the most domains one token reaches (DeepSeek-V3's node-limited routing: 4); default no limit */
  readonly maxDomainsPerToken?: number;
  /** s each phase costs beyond its copies when it crosses the NICs; default `defaultExpertAllToAllOverhead` (fitted on DeepEP) */
  readonly callOverhead?: number;
}

/**
 * Expected scale-up domains other than its own that one token's k experts fall in, out of N domains of E/N experts
 * each, the k experts drawn uniformly without replacement from E: a domain is missed with chance
 *   P₀ = Π_{i<k} (E − E/N − i) / (E − i),
 * so N·(1 − P₀) domains are reached, at most `maxDomains` (the router's node limit; capping the mean is the upper bound
 * E[min(X, M)] ≤ min(E[X], M)), of which a share (N − 1)/N are remote. 0 for one domain.
 */
export function expectedRemoteDomains(domains: number, routed: number, active: number, maxDomains = Infinity): number {
  if (domains <= 1) return 0;
  const perDomain = routed / domains;
  let missed = 1;
  for (let i = 0; i < active; i++) missed *= Math.max(0, routed - perDomain - i) / (routed - i);
  return (Math.min(maxDomains, domains * (1 - missed)) * (domains - 1)) / domains;
}

/**
 * The dispatch and combine of every MoE layer, per iteration of T tokens, as a line fixed + perToken × T.
 * Each device holds T / devices of the tokens (attention data-parallel, each rank's tokens split over its tp
 * devices) and sends each of them k times, once per routed expert, to a device chosen uniformly among the
 * EP devices: (EP − 1)/EP of the copies leave the device; of those, the (D − 1) peers of its scale-up domain
 * are reached over the scale-up link and the EP − D others over the compute NICs, both at once:
 *   phase time = max(T/EP · k·h·b · (D−1)/EP / bw_up, T/EP · k·h·b · (EP−D)/EP / bw_out) + α of the slowest link used
 * with b = 1 byte (FP8) for the dispatch under 8-bit math and 2 for the combine. With `dispatch: 'per-domain'`
 * (DeepEP's normal kernels) a token crosses the NICs once per remote domain its experts fall in
 * (`expectedRemoteDomains`) and its k copies cross the scale-up link once, except the one landing on the receiving
 * device: T/EP · R·h·b / bw_out against T/EP · k·h·b · (D−1)/D / bw_up. Two phases per MoE layer, on the critical
 * path: they are not overlapped with compute here (`twoBatchOverlapTime` estimates an iteration that overlaps
 * them). Routing is taken as uniform: load imbalance between experts is not modelled.
 * @throws RangeError when the replica spans domains and the node has no compute NIC, or a link is missing
 */
export function expertAllToAll(input: AllToAllInputs): TensorParallelTraffic {
  const { devices: ep, moeLayers, hiddenSize: h, activeExperts: k } = input;
  const d = Math.min(ep, input.devicesPerDomain);
  if (ep === 1) return { fixed: 0, perToken: 0, source: 'expert_parallel 1: every expert on the one device, no all-to-all' };
  const up = input.scaleUp;
  const out = input.scaleOut;
  if (d > 1 && !(up && up.bandwidth > 0)) throw new RangeError(`expert parallelism over ${d} devices of one node needs a scale-up link between them; the node publishes none`);
  if (ep > d && !(out && out.bandwidth > 0))
    throw new RangeError(`expert_parallel ${ep} spans ${Math.ceil(ep / d)} scale-up domains of ${d} devices, but the node has no NIC with role compute for the all-to-all between them`);
  const perDomain = input.dispatch === 'per-domain';
  if (perDomain && !(input.routedExperts !== undefined && input.routedExperts >= k)) throw new RangeError('per-domain dispatch needs the routed experts per layer');
  // copies per token of one device: into its own domain (scale-up) and out of it (NICs)
  const remote = perDomain ? expectedRemoteDomains(Math.ceil(ep / d), input.routedExperts!, k, input.maxDomainsPerToken) : 0;
  const inDomainCopies = perDomain ? (k * (d - 1)) / d : (k * (d - 1)) / ep;
  const acrossCopies = perDomain ? remote : (k * (ep - d)) / ep;
  let perToken = 0;
  const bytes = [dispatchBytes(input.computePrecision), COMBINE_BYTES];
  for (const b of bytes) {
    // each device holds T/ep of the T tokens
    const inDomain = up && d > 1 ? (inDomainCopies * h * b) / ep / up.bandwidth : 0;
    const across = out && ep > d ? (acrossCopies * h * b) / ep / out.bandwidth : 0;
    perToken += Math.max(inDomain, across);
  }
  perToken *= moeLayers;
  // across domains each phase also pays the kernels' launch, RDMA signalling and wait for the slowest rank
  const overhead = ep > d ? (input.callOverhead ?? defaultExpertAllToAllOverhead.value) : 0;
  const alpha = (ep > d ? (out?.latency ?? 0) : (up?.latency ?? 0)) + overhead;
  const fixed = moeLayers * bytes.length * alpha;
  const where = ep > d ? `${d} devices per scale-up domain, ${ep - d} peers over the compute NICs (${gbps(out)}${out?.from ? `, ${out.from}` : ''})` : `one scale-up domain (${gbps(up)})`;
  return {
    fixed,
    perToken,
    source: `${moeLayers} MoE layers × dispatch (${bytes[0]} byte) + combine (${bytes[1]} bytes) of tokens × top-${k} × hidden ${h} over expert_parallel ${ep}, ${where}${perDomain ? `; once per destination domain (${remote.toFixed(2)} remote domains a token), forwarded over the scale-up link` : ''}${overhead > 0 ? `; ${(overhead * 1e6).toFixed(1)} µs a phase for the kernels${input.callOverhead === undefined ? ` (${defaultExpertAllToAllOverhead.source.split(' (')[0]})` : ''}` : ''}; uniform routing, no overlap with compute, load imbalance not modelled`,
  };
}

function gbps(link: Link | undefined): string {
  if (!link) return 'no link';
  return `${(link.bandwidth / 1e9).toFixed(0)} GB/s per device one way, ${link.latency > 0 ? `${(link.latency * 1e6).toFixed(2)} µs` : 'no published latency'}`;
}

/**
 * The replica of `base` (built with tensor parallelism = the attention group) under `spec.expertParallel`:
 * its devices, weights and free memory per device, KV shards (`kvShardsPerRank` per attention rank), compute
 * rate and communication. Without `spec.activationReserve` the reserve is the default share of every device.
 * @throws RangeError on a dense model, a size that is not a multiple of tp, or experts that do not divide evenly
 */
export function expertParallelReplica<R extends ReplicaCore & { readonly kvShards: number; readonly kvCapacityBytes: number; readonly fits: boolean; readonly computeRate: number }>(
  base: R,
  spec: ReplicaSpecCore,
  kvShardsPerRank: number,
): R {
  const ep = spec.expertParallel;
  const moe = spec.model.moe?.experts;
  if (!ep) return base;
  const size = ep.size;
  const tp = base.tensorParallel;
  if (!moe) throw new RangeError('expert parallelism needs a mixture-of-experts model (a card with experts)');
  if (!Number.isInteger(size) || size < 1 || size % tp !== 0) throw new RangeError(`expert_parallel must be a multiple of tensor_parallel (${tp}), got ${size}`);
  const redundant = ep.redundantExperts ?? 0;
  const physical = moe.routed + redundant;
  if (!Number.isInteger(redundant) || redundant < 0 || physical % size !== 0)
    throw new RangeError(`expert_parallel ${size} does not divide the ${moe.routed} routed${redundant > 0 ? ` + ${redundant} redundant` : ''} experts evenly`);
  const dp = size / tp;
  const expertBytes = base.routedExpertBytes / moe.routed;
  const denseBytes = base.weightBytes - base.routedExpertBytes;
  const expertsPerDevice = physical / size;
  const weightBytesPerDevice = denseBytes / tp + expertsPerDevice * expertBytes;
  const activationReserve = spec.activationReserve ?? (Number.isFinite(base.memoryCapacity) ? (1 - defaultMemoryUtilization.value) * size * base.memoryCapacity : 0);
  const perDeviceFree = base.memoryCapacity - weightBytesPerDevice - activationReserve / size;
  const kvShards = dp * kvShardsPerRank;
  const devicesPerDomain = Math.min(size, ep.devicesPerDomain);
  const layers = 'layers' in spec.model.kvCache ? spec.model.kvCache.layers : spec.model.layers;
  const moeLayers = ep.moeLayers ?? layers;
  const width = spec.model.hiddenSize ?? (layers ? Math.sqrt(base.params / (12 * layers)) : undefined);
  let allToAll: TensorParallelTraffic;
  if (moeLayers === undefined || width === undefined) allToAll = { fixed: 0, perToken: 0, source: 'NOT CHARGED: the model gives no layer count to size the all-to-all' };
  else {
    const links = { ...(spec.scaleUp && { scaleUp: spec.scaleUp }), ...(ep.scaleOut && { scaleOut: ep.scaleOut }) };
    const dispatch = ep.dispatch && { dispatch: ep.dispatch, routedExperts: moe.routed, ...(ep.maxDomainsPerToken !== undefined && { maxDomainsPerToken: ep.maxDomainsPerToken }) };
    allToAll = expertAllToAll({ devices: size, devicesPerDomain, moeLayers, hiddenSize: width, activeExperts: moe.active, computePrecision: base.computePrecision, ...links, ...dispatch });
  }
  const tpTraffic = base.tensorParallelTraffic;
  return {
    ...base,
    // each attention rank all-reduces only its own 1/dp of the tokens
    tensorParallelTraffic:
      dp > 1 ? { ...tpTraffic, perToken: tpTraffic.perToken / dp, source: `${tpTraffic.source}; each of ${dp} attention data-parallel ranks on its 1/${dp} of the tokens` } : tpTraffic,
    computeRate: size * base.compute.rate,
    activationReserve,
    kvShards,
    kvCapacityBytes: Math.max(0, perDeviceFree) * kvShards,
    fits: perDeviceFree >= 0,
    expertParallel: { devices: size, attentionDataParallel: dp, expertsPerDevice, expertBytes, denseBytes, weightBytesPerDevice, devicesPerDomain, allToAll },
  };
}

/**
 * Bytes of weights one device reads in an iteration of `tokens` tokens. Without expert parallelism, 1/tp of
 * what the replica reads (`weightReadBytes`). With it, its share of the dense weights and of its own experts
 * each expert that some token of the whole iteration picked: 1 − (1 − k/E)^T of them (tokens route
 * independently and uniformly; a redundant copy is counted as busy as the expert it copies).
 */
export function deviceWeightReadBytes(replica: ReplicaCore, tokens: number): number {
  const ep = replica.expertParallel;
  if (!ep) return weightReadBytes(replica, tokens) / replica.tensorParallel;
  return ep.denseBytes / replica.tensorParallel + ep.expertsPerDevice * ep.expertBytes * (1 - Math.pow(1 - replica.expertPick, tokens));
}

/** s an iteration of `tokens` tokens waits on communication: the tensor-parallel all-reduces, and the all-to-alls of expert parallelism. */
export function iterationCommunication(replica: ReplicaCore, tokens: number): number {
  const traffic = replica.tensorParallelTraffic;
  const tpTime = traffic.fixed + traffic.perToken * tokens;
  const ep = replica.expertParallel;
  return ep ? tpTime + ep.allToAll.fixed + ep.allToAll.perToken * tokens : tpTime;
}
