import { expertParallelOn, nodeFabric, replicaModel, type ReplicaModel } from '../performance/index.js';
import { DisaggregatedService } from '../serving/disaggregated-service.js';
import { FabricTransport, SiteLinkTransport, fabricPath, type KvTransport } from '../serving/kv-transport.js';
import type { InferenceService } from '../inference-service.js';
import type { InferenceWorkload, ServingPhase } from '../types.js';
import type { RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';

/** One phase's replicas as the run holds them: their pool, how one replica computes, and the service they form. */
export interface PhaseReplicas {
  readonly pool: RunPool;
  readonly phase: ServingPhase;
  readonly model: ReplicaModel;
  readonly service: InferenceService;
}

/** What opening a disaggregated service needs of the run. */
export interface PhaseNeeds {
  pool(id: string): RunPool;
  /** moves bytes between two sites over their link (Staging.carry) */
  carry(from: string, to: string, bytes: number, done: () => void): void;
}

/**
 * A disaggregated service (`InferenceWorkload.disaggregated`): the replica model of each phase on its pool (its experts
 * spread over `expertParallel` devices when the phase gives it), the KV path between them (the node fabric of one
 * site, else the sites' link, shared with data staging; with expert parallelism one attention rank's devices at each
 * end, since a request's KV cache lives on the rank that served it), and the service.
 */
export function openDisaggregated(
  clock: RunClock,
  w: InferenceWorkload,
  warmup: number,
  priority: number,
  needs: PhaseNeeds,
): { readonly front: DisaggregatedService; readonly prefill: PhaseReplicas; readonly decode: PhaseReplicas } {
  const d = w.disaggregated;
  if (!d) throw new Error(`workload ${w.name} is not disaggregated`);
  const prefillPool = needs.pool(d.prefill.pool);
  const decodePool = needs.pool(d.decode.pool);
  const modelOn = (p: RunPool, phase: ServingPhase) => {
    const fabric = nodeFabric(p.pool.node);
    const ep = phase.expertParallel && expertParallelOn(fabric, phase.expertParallel);
    return replicaModel({ model: w.model, device: p.pool.device, tensorParallel: phase.tensorParallel, scaleUp: fabric.scaleUp, ...(ep && { expertParallel: ep }) });
  };
  const prefillModel = modelOn(prefillPool, d.prefill);
  const decodeModel = modelOn(decodePool, d.decode);
  const from = prefillPool.pool.site;
  const to = decodePool.pool.site;
  const transport: KvTransport =
    from === to
      ? new FabricTransport(
          clock,
          fabricPath(
            { tensorParallel: d.prefill.tensorParallel, scaleOut: nodeFabric(prefillPool.pool.node).scaleOut },
            { tensorParallel: d.decode.tensorParallel, scaleOut: nodeFabric(decodePool.pool.node).scaleOut },
          ),
          priority,
        )
      : new SiteLinkTransport((bytes, landed) => needs.carry(from, to, bytes, landed));
  const phaseSpec = (p: ServingPhase) => ({ replicas: p.replicas, maxBatch: p.maxBatch, ...(p.maxBatchTokens !== undefined && { maxBatchTokens: p.maxBatchTokens }) });
  const front = new DisaggregatedService(clock, prefillModel, decodeModel, { prefill: phaseSpec(d.prefill), decode: phaseSpec(d.decode), slo: w.slo, warmup }, transport, priority);
  return {
    front,
    prefill: { pool: prefillPool, phase: d.prefill, model: prefillModel, service: front.prefill },
    decode: { pool: decodePool, phase: d.decode, model: decodeModel, service: front.decode },
  };
}
