import { replicaFit } from '../../model/feasibility.js';
import { nodeFabric } from '../../model/performance/index.js';
import type { DisaggregatedServing, PoolSpec, ServingPhase, Site, SiteLink } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { expertParallelFits, resolveExpertParallelSize } from './resolve-expert-parallel.js';
import type { ServedModel } from './resolve-served-model.js';
import { formatGigabytes } from '../../support/format-quantity.js';

type InferenceInput = Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>;
type PhaseInput = NonNullable<InferenceInput['disaggregated']>['prefill'];

/** The sites and links a disaggregated service's phases are resolved against. */
export interface PhaseSetting {
  readonly sites: readonly Site<PoolSpec>[];
  readonly links: readonly SiteLink[];
}

/**
 * The phases of a disaggregated service: each on a pool (the workload's unless it names another), with at least one
 * replica, replicas that fit the pool and whose weights fit their devices, and a route for the KV cache from the
 * prefill pool to the decode pool: the compute NICs of both nodes on one site, a scenario link between two sites.
 * @returns undefined after recording a problem
 */
export function resolveDisaggregated(
  w: InferenceInput,
  home: PoolSpec,
  served: ServedModel | undefined,
  allowedSites: readonly string[],
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
  setting: PhaseSetting,
): DisaggregatedServing | undefined {
  const d = w.disaggregated;
  if (!d) return undefined;
  const { fail } = ctx;
  let ok = true;
  if (w.devices) {
    fail(at('devices'), 'a disaggregated service runs its phases on whole devices', 'drop devices, or serve colocated');
    ok = false;
  }
  if (w.prefix_cache || w.sessions) {
    fail(at(w.prefix_cache ? 'prefix_cache' : 'sessions'), 'prefix caching and conversations are not modelled for a disaggregated service', 'drop them, or serve colocated');
    ok = false;
  }
  if (w.speculative) {
    fail(at('speculative'), 'speculative decoding is not modelled for a disaggregated service', 'drop speculative, or serve colocated');
    ok = false;
  }
  if (w.arrivals && 'kind' in w.arrivals && w.arrivals.kind === 'offline') {
    fail(at('arrivals'), 'offline batches are not modelled for a disaggregated service', 'use a request rate, or serve colocated');
    ok = false;
  }
  const prefill = phaseOf('prefill', d.prefill, w, home, served, allowedSites, at, ctx, setting);
  const decode = phaseOf('decode', d.decode, w, home, served, allowedSites, at, ctx, setting);
  if (!prefill || !decode || !ok) return undefined;
  if (prefill.pool.id === decode.pool.id) {
    const needed = prefill.phase.replicas * devicesPerReplica(prefill.phase) + decode.phase.replicas * devicesPerReplica(decode.phase);
    if (needed > prefill.pool.deviceCount) {
      fail(
        at('disaggregated'),
        `its prefill and decode replicas need ${needed} devices but pool '${prefill.pool.id}' has ${prefill.pool.deviceCount}`,
        'fewer replicas, or put one phase on another pool',
      );
      return undefined;
    }
  }
  if (!routeFor(prefill.pool, decode.pool, setting.links, at, ctx)) return undefined;
  return { prefill: prefill.phase, decode: decode.phase };
}

function phaseOf(
  name: 'prefill' | 'decode',
  p: PhaseInput,
  w: InferenceInput,
  home: PoolSpec,
  served: ServedModel | undefined,
  allowedSites: readonly string[],
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
  setting: PhaseSetting,
): { phase: ServingPhase; pool: PoolSpec } | undefined {
  const { fail } = ctx;
  const field = (...rest: FieldPath) => at('disaggregated', name, ...rest);
  const other = name === 'prefill' ? 'decode' : 'prefill';
  if (p.replicas === 0) {
    fail(
      field('replicas'),
      `is 0: the ${name} phase needs at least one replica, or no request is ever ${name === 'prefill' ? 'prefilled' : 'decoded'} (a P:D ratio with a zero)`,
      `give it 1 or more, or serve colocated without disaggregated`,
    );
    return undefined;
  }
  const siteName = p.site ?? home.site;
  const site = setting.sites.find((s) => s.name === siteName);
  if (!site) {
    fail(field('site'), `unknown site '${siteName}'`, `one of: ${setting.sites.map((s) => s.name).join(', ')}`);
    return undefined;
  }
  if (!allowedSites.includes(site.name)) {
    fail(field('site'), `'${site.name}' is not a site this workload may run on (residency)`, `one of: ${allowedSites.join(', ')}`);
    return undefined;
  }
  const poolName = p.pool ?? (site.name === home.site ? home.name : site.pools.length === 1 ? site.pools[0]?.name : undefined);
  const pool = site.pools.find((x) => x.name === poolName);
  if (!pool) {
    fail(
      field(p.pool ? 'pool' : 'site'),
      p.pool ? `unknown pool '${p.pool}' on site '${site.name}'` : `site '${site.name}' has ${site.pools.length} pools`,
      `give the ${name} pool: one of ${site.pools.map((x) => x.name).join(', ')}`,
    );
    return undefined;
  }
  const tensorParallel = p.tensor_parallel ?? w.tensor_parallel;
  if (tensorParallel > pool.devicesPerNode) {
    fail(field('tensor_parallel'), `${tensorParallel} devices per ${name} replica exceed the ${pool.devicesPerNode} of one ${pool.node.id} node`, 'tensor parallelism stays inside a node');
    return undefined;
  }
  if (p.redundant_experts !== undefined && p.expert_parallel === undefined) {
    fail(field('redundant_experts'), `places expert copies, but the ${name} phase has no expert_parallel`, 'give expert_parallel, or remove redundant_experts');
    return undefined;
  }
  // an unresolved card has been reported already
  const expertParallel =
    p.expert_parallel !== undefined && served
      ? resolveExpertParallelSize({ size: p.expert_parallel, redundantExperts: p.redundant_experts ?? 0, tensorParallel }, served, pool, field('expert_parallel'), fail)
      : undefined;
  if (p.expert_parallel !== undefined && !expertParallel) return undefined;
  const perReplica = expertParallel?.size ?? tensorParallel;
  if (p.replicas * perReplica > pool.deviceCount) {
    fail(
      field('replicas'),
      `${p.replicas} ${name} replicas × ${perReplica} devices need ${p.replicas * perReplica} devices but pool '${pool.id}' has ${pool.deviceCount}`,
      `fewer ${name} replicas, or more ${other} ones on another pool`,
    );
    return undefined;
  }
  if (!pool.device.memory) {
    fail(field('pool'), `pool '${pool.id}' runs on ${pool.device.id}, which publishes no memory bandwidth`);
    return undefined;
  }
  if (served && expertParallel && !expertParallelFits(served, pool, tensorParallel, expertParallel, field('expert_parallel'), fail, name)) return undefined;
  const model = served?.model;
  if (model && !expertParallel) {
    const fit = replicaFit(model, pool, tensorParallel);
    if (fit.kind === 'unmodelled') fail(field('pool'), `cannot model a ${name} replica on ${pool.device.id}: ${fit.reason}`);
    if (fit.kind === 'too-large')
      fail(
        field('tensor_parallel'),
        `the weights need ${formatGigabytes(fit.weightBytes)} per ${name} replica, but ${tensorParallel} × ${pool.device.id} hold ${formatGigabytes(fit.usableBytes)} after the activation reserve`,
        'raise tensor_parallel, store the weights in a lower precision (fp8, int4), or use a device with more memory',
      );
    if (fit.kind !== 'fits') return undefined;
  }
  const maxBatchTokens = p.max_batch_tokens ?? w.max_batch_tokens;
  return {
    pool,
    phase: {
      pool: pool.id,
      replicas: p.replicas,
      tensorParallel,
      maxBatch: p.max_batch ?? w.max_batch,
      ...(maxBatchTokens !== undefined && { maxBatchTokens }),
      ...(expertParallel && { expertParallel }),
    },
  };
}

/** Devices one replica of a phase holds: its expert-parallel width, else its tensor-parallel degree. */
export function devicesPerReplica(phase: ServingPhase): number {
  return phase.expertParallel?.size ?? phase.tensorParallel;
}

/** Whether the KV cache can go from the prefill pool to the decode pool: compute NICs on one site, a link between two. */
function routeFor(prefill: PoolSpec, decode: PoolSpec, links: readonly SiteLink[], at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): boolean {
  if (prefill.site !== decode.site) {
    if (links.some((l) => l.between.includes(prefill.site) && l.between.includes(decode.site))) return true;
    ctx.fail(
      at('disaggregated', 'decode', 'site'),
      `no route for the KV cache from the prefill pool '${prefill.id}' to site '${decode.site}': no link joins sites '${prefill.site}' and '${decode.site}'`,
      `add links: [{between: [${prefill.site}, ${decode.site}], bandwidth: …, latency: …}], or put both phases on one site`,
    );
    return false;
  }
  for (const [pool, phase] of [
    [prefill, 'prefill'],
    [decode, 'decode'],
  ] as const) {
    if (nodeFabric(pool.node).scaleOut.bandwidth > 0) continue;
    ctx.fail(
      at('disaggregated', phase, 'pool'),
      `no route for the KV cache: ${pool.node.id} nodes of pool '${pool.id}' have no compute NICs to send or receive it`,
      'use a node profile with compute network ports',
    );
    return false;
  }
  return true;
}
