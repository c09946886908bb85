/**
 * Goodput of a checkpointed job under correlated failures: the pure formulas the simulation uses and
 * the tests check it against.
 *
 * - Checkpoint write time = model state ÷ storage write bandwidth, with state = params × bytes per
 *   parameter (16 for mixed-precision Adam: 2 bf16 weights + 4 fp32 master weights + 4 + 4 fp32 Adam
 *   moments + 2 bf16 gradients; Rajbhandari et al., "ZeRO", SC 2020, §3.1: "16Ψ bytes").
 * - Failure domains: a domain of kind k groups `nodes` consecutive nodes of a pool (a node, a rack, the
 *   nodes under one switch) and fails as a whole at rate 1/mtbf_k, taking every job on its nodes down at
 *   once (the run draws them per pool: replication/recovery.ts). A job on nodes touching d_k distinct
 *   domains of kind k is thus interrupted by them at rate Σ_k d_k/mtbf_k, on top of its devices' own
 *   held/mtbf (superposition of independent Poisson processes, as in failure-clock.ts).
 * - Recovery: a failure that takes f of the job's nodes is repaired, before the job restarts, by f
 *   hot spares after the swap time when the pool has f spares free, else by waiting for the repair.
 * - Expected wall time: Daly (2006) with the restart R = restart overhead + recovery delay:
 *   T = M·e^{R/M}·(e^{(c+w)/M} − 1)·W/c; the effective training time (Llama 3's figure, Meta's
 *   "ETTR") is W/T.
 */
import { expectedWallTimeExponential } from './checkpointing.js';
import { requireNonNegative, requirePositive } from './validate.js';

/** Bytes of training state per parameter for mixed-precision Adam (ZeRO, SC 2020, §3.1). */
export const MIXED_PRECISION_ADAM_BYTES_PER_PARAM = 16;

/** s to write one checkpoint of `params` parameters at `bytesPerParam` over `bandwidth` B/s. */
export function checkpointWriteSeconds(params: number, bytesPerParam: number, bandwidth: number): number {
  requireNonNegative('params', params);
  requirePositive('bytesPerParam', bytesPerParam);
  requirePositive('bandwidth', bandwidth);
  return (params * bytesPerParam) / bandwidth;
}

/** A kind of failure domain of a pool, as the run uses it. */
export interface FailureDomain {
  readonly kind: 'node' | 'rack' | 'switch';
  /** consecutive nodes per domain (node: 1) */
  readonly nodes: number;
  /** s, mean time between failures of one domain */
  readonly mtbf: number;
  /** s to repair a failed domain */
  readonly repair: number;
}

/** Distinct domains of `size` consecutive nodes that the (0-based) node indices touch. */
export function domainsTouched(nodes: ArrayLike<number>, size: number): number {
  if (nodes.length === 0) return 0;
  if (size === 1) return new Set(Array.from(nodes)).size;
  const seen = new Set<number>();
  for (let i = 0; i < nodes.length; i++) seen.add(Math.floor((nodes[i] ?? 0) / size));
  return seen.size;
}

/** The job's nodes in the domain of kind `size` that one failure hits: those sharing the domain of `hit`. */
export function nodesInDomainOf(nodes: ArrayLike<number>, size: number, hit: number): number {
  const domain = Math.floor(hit / size);
  let n = 0;
  for (let i = 0; i < nodes.length; i++) if (Math.floor((nodes[i] ?? 0) / size) === domain) n++;
  return n;
}

/** Rates (1/s) at which a job is interrupted by each domain kind, in the order of `domains`. */
export function domainRates(nodes: ArrayLike<number>, domains: readonly FailureDomain[]): number[] {
  return domains.map((d) => domainsTouched(nodes, d.nodes) / d.mtbf);
}

/**
 * Expected effective training time W/T of `work` s under exponential interruptions with job MTBF
 * `mtbfJob`, checkpoints every `interval` s of work costing `writeCost` s, and `restart` s lost per
 * interruption before work resumes (restart overhead plus any wait for a spare or a repair).
 */
export function expectedEffectiveTime(work: number, interval: number, writeCost: number, restart: number, mtbfJob: number): number {
  requirePositive('work', work);
  requireNonNegative('restart', restart);
  if (!Number.isFinite(mtbfJob)) return work / (work + writeCost * Math.max(0, Math.ceil(work / interval) - 1));
  return work / expectedWallTimeExponential(work, { interval, writeCost, restartOverhead: restart }, mtbfJob);
}

/**
 * The largest restart time (s) per interruption at which the expected effective time still reaches
 * `target`, by bisection on the monotone `expectedEffectiveTime`; 0 when even an instant restart misses.
 */
export function maxRestartForEffectiveTime(target: number, interval: number, writeCost: number, mtbfJob: number): number {
  const at = (r: number) => expectedEffectiveTime(1e6, interval, writeCost, r, mtbfJob);
  if (at(0) < target) return 0;
  let lo = 0;
  let hi = mtbfJob;
  while (at(hi) >= target) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) >= target) lo = mid;
    else hi = mid;
  }
  return lo;
}
