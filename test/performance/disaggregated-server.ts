// MLPerf's Server/Interactive search for a disaggregated service: the highest Poisson request rate at which the
// simulator's DisaggregatedService keeps the scenario's p99 TTFT and TPOT limits and keeps up, as simulateServer
// (published-points.ts) does for a colocated one.
import { RandomStreams, Simulation } from '../../src/engine/index.js';
import { nodeFabric, replicaModel, type NodeFabric, type ReplicaModel } from '../../src/model/performance/index.js';
import { DisaggregatedService, type PhaseSpec } from '../../src/model/serving/disaggregated-service.js';
import { FabricTransport, fabricPath } from '../../src/model/serving/kv-transport.js';
import type { InferenceMetrics } from '../../src/model/serving/service-types.js';
import type { InferenceWorkload } from '../../src/model/types.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { deviceProfile, nodeProfile } from './profiles.js';

export interface DisaggregatedLayout {
  readonly node: string;
  readonly accelerator: string;
  /** the workload's `model:` mapping as scenario YAML: a card and its precisions, or the shape inline */
  readonly model: string;
  readonly prefill: PhaseSpec & { readonly tensorParallel: number };
  readonly decode: PhaseSpec & { readonly tensorParallel: number };
  /** every request's prompt and output tokens (the benchmark's means) */
  readonly input: number;
  readonly output: number;
}

export interface ServerLimits {
  /** p99 time to first token and time per output token, s */
  readonly ttft: number;
  readonly tpot: number;
}

function served(l: DisaggregatedLayout): InferenceWorkload {
  return parseScenario(`
name: card
horizon: 1 h
costs: none
sites: { dc: { nodes: { type: ${l.node}, count: 1 } } }
workloads:
  - { name: s, kind: inference, model: ${l.model}, arrivals: { rate: 1 /s }, tokens: { input: 10, output: 10 }, replicas: 1, tensor_parallel: ${l.prefill.tensorParallel} }
`).workloads[0] as InferenceWorkload;
}

/** The replica models of both phases, on the layout's node (built once for a search's runs). */
export function replicaModels(l: DisaggregatedLayout): { prefillModel: ReplicaModel; decodeModel: ReplicaModel; fabric: NodeFabric } {
  const model = served(l).model;
  const fabric = nodeFabric(nodeProfile(l.node));
  const modelOf = (tp: number) => replicaModel({ model, device: deviceProfile(l.accelerator), tensorParallel: tp, scaleUp: fabric.scaleUp });
  return { prefillModel: modelOf(l.prefill.tensorParallel), decodeModel: modelOf(l.decode.tensorParallel), fabric };
}

/**
 * One run of the layout: `rate` Poisson requests/s over `horizon` s (the first fifth is warm-up), or, with rate 0,
 * `drain` requests at time 0 run to the end. Tensor parallelism is taken as given: a replica wider than a node is
 * joined by the node's scale-up fabric (the 72-GPU NVLink domain of a GB200 NVL72), which a scenario does not allow
 * for inference yet. The KV cache crosses the nodes' compute NICs (the runs used NVLink: conservative, and under
 * 1 % of a request's time here).
 */
export function runDisaggregated(l: DisaggregatedLayout, run: { readonly rate: number; readonly horizon: number; readonly drain?: number }, models = replicaModels(l)) {
  const { prefillModel, decodeModel, fabric } = models;
  const sim = new Simulation();
  const warmup = run.rate > 0 ? run.horizon / 5 : 0;
  const path = fabricPath({ tensorParallel: l.prefill.tensorParallel, scaleOut: fabric.scaleOut }, { tensorParallel: l.decode.tensorParallel, scaleOut: fabric.scaleOut });
  const phase = (p: PhaseSpec): PhaseSpec => ({ replicas: p.replicas, maxBatch: p.maxBatch, ...(p.maxBatchTokens !== undefined && { maxBatchTokens: p.maxBatchTokens }) });
  const service = new DisaggregatedService(sim, prefillModel, decodeModel, { prefill: phase(l.prefill), decode: phase(l.decode), slo: {}, warmup }, new FabricTransport(sim, path, 0), 0);
  for (let i = 0; i < l.prefill.replicas; i++) service.prefill.replicaReady(i);
  for (let i = 0; i < l.decode.replicas; i++) service.decode.replicaReady(i);
  let first = NaN;
  let last = 0;
  if (run.rate > 0) {
    const uniform = new RandomStreams(1).stream('arrivals');
    const arrive = () => {
      service.submit(l.input, l.output);
      const next = sim.now - Math.log(uniform.uniformOpen()) / run.rate;
      if (next < run.horizon) sim.scheduleAt(next, arrive, undefined, 1);
    };
    sim.scheduleAt(0, arrive, undefined, 1);
  } else {
    sim.scheduleAt(0, () => Array.from({ length: run.drain ?? 0 }, () => service.submit(l.input, l.output)), undefined, 1);
    service.onCompleted = (now) => {
      if (Number.isNaN(first)) first = now;
      last = now;
    };
  }
  sim.run(run.horizon);
  const result = service.result(run.rate > 0 ? run.horizon - warmup : last);
  return { result, first, last };
}

/**
 * Latency-constrained throughput (MLPerf Server and Interactive): the highest Poisson rate at which the p99 TTFT and
 * TPOT stay within `limits` and what is left queued at the end is under 2 s of arrivals, by bisection (5 steps, 1/64
 * of the capacity) between half and all of the layout's capacity: the rate at which a drain of two full prefill batches per
 * prefill replica (at most 3,000 requests, CPU-cheap) completes requests, from its first completion to its last (a service cannot sustain more than it
 * drains saturated; counting from the first completion leaves out the pipeline's fill and its decode tail). Output
 * tokens/s at that rate, and the run's figures there (undefined when not even half the capacity meets the limits).
 */
export function disaggregatedServer(
  l: DisaggregatedLayout,
  limits: ServerLimits,
  horizon: number,
): { readonly tokensPerSecond: number; readonly capacity: number; readonly atRate: InferenceMetrics | undefined } {
  const drain = Math.min(3000, 2 * l.prefill.replicas * l.prefill.maxBatch);
  const models = replicaModels(l);
  const { first, last } = runDisaggregated(l, { rate: 0, horizon: 24 * 3600, drain }, models);
  const capacity = (drain - 1) / (last - first);
  let atRate: InferenceMetrics | undefined;
  const meets = (rate: number): boolean => {
    const r = runDisaggregated(l, { rate, horizon }, models).result;
    const met = r.ttft.p99 <= limits.ttft && r.tpot.p99 <= limits.tpot && r.queued_at_end < 2 * rate;
    if (met) atRate = r;
    return met;
  };
  let lo = 0.5 * capacity;
  let hi = capacity;
  for (let k = 0; k < 5; k++) {
    const mid = (lo + hi) / 2;
    if (meets(mid)) lo = mid;
    else hi = mid;
  }
  return { tokensPerSecond: lo * l.output, capacity: capacity * l.output, atRate };
}
