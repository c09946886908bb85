/**
 * fast-check generators of small batch scenarios: 1-2 pools of 1-16 devices, 1-3 workloads with
 * devices per job drawn from an empirical choice within the pool, offered load per pool from 0.2 to
 * 1.3 (overload included), several service-time distributions, Poisson or deterministic/empirical
 * arrivals on a coarse grid (so completions and arrivals often coincide), and horizons sized for
 * about 20-200 submissions.
 */
import fc from 'fast-check';
import type { PoolSpec, ScenarioSpec, WorkloadSpec } from './scenario-yaml.js';

const SERVICE_KINDS = ['exponential', 'constant', 'uniform', 'gamma', 'lognormal', 'weibull', 'pareto', 'empirical', 'normal'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
const ARRIVAL_KINDS = ['poisson', 'constant', 'empirical'] as const;
export type ArrivalKind = (typeof ARRIVAL_KINDS)[number];

/** YAML of a service-time (reference_time) distribution of mean about `m` hours. */
export function serviceYaml(kind: ServiceKind, m: number): string {
  switch (kind) {
    case 'exponential':
      return `{ kind: exponential, mean: ${m} h }`;
    case 'constant':
      return `${m} h`;
    case 'uniform':
      return `{ kind: uniform, min: 0 s, max: ${2 * m} h }`;
    case 'gamma':
      return `{ kind: gamma, shape: 0.5, scale: ${2 * m} h }`;
    case 'lognormal':
      return `{ kind: lognormal, mean: ${m} h, sd: ${1.5 * m} h }`;
    case 'weibull':
      return `{ kind: weibull, shape: 1.5, scale: ${m} h }`;
    case 'pareto':
      return `{ kind: pareto, shape: 2.5, scale: ${0.6 * m} h }`;
    case 'empirical':
      return `{ kind: empirical, values: [${m / 2} h, ${m} h, ${2 * m} h], weights: [2, 1, 1] }`;
    case 'normal':
      return `{ kind: normal, mean: ${m} h, sd: ${m} h }`; // negative draws become zero-length jobs
  }
}

/** Rounds to a multiple of a quarter hour, at least one quarter. */
const quarter = (hours: number) => Math.max(0.25, Math.round(hours * 4) / 4);

export interface GeneratedWorkload {
  readonly pool: number;
  readonly devices: readonly number[];
  readonly weights: readonly number[];
  readonly service: ServiceKind;
  /** service mean scale, hours */
  readonly meanHours: number;
  readonly arrival: ArrivalKind;
  /** offered load this workload brings to its pool */
  readonly rho: number;
}

export interface GeneratedScenario {
  readonly spec: ScenarioSpec;
  readonly poolSizes: readonly number[];
  readonly workloads: readonly GeneratedWorkload[];
  /** true when some arrival process is random, so the seed must matter */
  readonly random: boolean;
}

const workloadArb = (poolSizes: readonly number[]) =>
  fc.integer({ min: 0, max: poolSizes.length - 1 }).chain((pool) => {
    const c = poolSizes[pool]!;
    return fc.record({
      pool: fc.constant(pool),
      devices: fc.uniqueArray(fc.integer({ min: 1, max: c }), { minLength: 1, maxLength: Math.min(3, c) }),
      weights: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }),
      service: fc.constantFrom(...SERVICE_KINDS),
      meanHours: fc.constantFrom(0.25, 0.5, 1, 2),
      arrival: fc.constantFrom(...ARRIVAL_KINDS),
      rho: fc.double({ min: 0.2, max: 1.3, noNaN: true }),
    });
  });

export const scenarioArb = (options: { maxReplications?: number; allowWarmup?: boolean } = {}): fc.Arbitrary<GeneratedScenario> =>
  fc
    .array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 2 })
    .chain((poolSizes) =>
      fc.record({
        poolSizes: fc.constant(poolSizes),
        workloads: fc.array(workloadArb(poolSizes), { minLength: 1, maxLength: 3 }),
        targetJobs: fc.integer({ min: 20, max: 200 }),
        warmupFraction: options.allowWarmup === false ? fc.constant(0) : fc.constantFrom(0, 0, 0.2, 0.5),
        replications: fc.integer({ min: 1, max: options.maxReplications ?? 2 }),
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      }),
    )
    .map(({ poolSizes, workloads, targetJobs, warmupFraction, replications, seed }) => {
      const perPool = poolSizes.map((_, p) => workloads.filter((w) => w.pool === p).length);
      let totalRatePerHour = 0;
      const workloadSpecs: WorkloadSpec[] = workloads.map((w, i) => {
        const c = poolSizes[w.pool]!;
        // Device-time per job is the reference time whatever the device count, so the pool's offered
        // load is λ·E[reference time] / c; split the drawn ρ over the pool's workloads.
        const ratePerHour = (w.rho * c) / w.meanHours / perPool[w.pool]!;
        let arrivals: string;
        if (w.arrival === 'poisson') {
          arrivals = `{ rate: ${ratePerHour.toPrecision(6)} /h }`;
          totalRatePerHour += ratePerHour;
        } else {
          const gap = quarter(1 / ratePerHour);
          arrivals = w.arrival === 'constant' ? `{ interarrival: ${gap} h }` : `{ interarrival: { kind: empirical, values: [${quarter(gap / 2)} h, ${quarter(gap * 1.5)} h] } }`;
          totalRatePerHour += 1 / gap;
        }
        const weights = w.devices.map((_, k) => w.weights[k]! + (k === 0 ? 1 : 0)); // some weight > 0
        return {
          name: `w${i}`,
          pool: `p${w.pool}`,
          arrivals,
          devices: `{ kind: empirical, values: [${w.devices.join(', ')}], weights: [${weights.join(', ')}] }`,
          referenceTime: serviceYaml(w.service, w.meanHours),
        };
      });
      const horizonHours = Math.max(1, Math.round((targetJobs / totalRatePerHour) * 1000) / 1000);
      const warmupHours = Math.round(horizonHours * warmupFraction * 1000) / 1000;
      const pools: PoolSpec[] = poolSizes.map((devices, p) => ({ name: `p${p}`, devices }));
      const spec: ScenarioSpec = {
        name: 'generated',
        seed,
        horizon: `${horizonHours} h`,
        warmup: `${warmupHours} h`,
        replications,
        pools,
        workloads: workloadSpecs,
      };
      return { spec, poolSizes, workloads, random: workloads.some((w) => w.arrival !== 'constant') };
    });

/**
 * The same workloads (same names, so the same random streams) on one pool large enough that no job
 * ever waits: every job starts at its submission, so its start event reveals its submission time,
 * devices and duration even when, in the real scenario, it is still queued at the horizon.
 */
export function unboundedTwin(spec: ScenarioSpec, devices = 16_000): ScenarioSpec {
  return {
    ...spec,
    name: `${spec.name ?? 'scenario'}-twin`,
    pools: [{ name: 'big', devices }],
    workloads: spec.workloads.map(({ pool: _pool, site: _site, ...w }) => w),
  };
}
