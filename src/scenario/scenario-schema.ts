import { z } from 'zod';
import { deviceCount, distribution, fraction, quantity } from './quantity-schema.js';
import { profileId, profileSchema } from './profile-schema.js';
import { precisions } from '../model/types.js';

/**
 * The scenario file: the single source of truth for validation and for the JSON Schema that editors
 * read (`simulate schema`). Defaults live here, so the resolved scenario written into every result
 * shows each of them filled in.
 */

const YEAR = 365.25 * 86_400;
const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, _ . -')
  .max(80);

const pool = z
  .strictObject({
    type: profileId.describe('node or cloud-instance profile id (hardware-profiles/ or profiles:)'),
    count: z.int().min(1).max(1_000_000).describe('number of nodes or instances'),
  })
  .describe('a pool of identical nodes');

const site = z
  .strictObject({
    kind: z.enum(['on-prem', 'cloud']).default('on-prem').describe('who owns the hardware'),
    pools: z.record(name, pool).optional().describe('named pools of nodes'),
    nodes: pool.optional().describe("shorthand for a single pool named 'main'"),
  })
  .refine((s) => (s.pools === undefined) !== (s.nodes === undefined), {
    message: "give either 'nodes' (one pool) or 'pools' (named pools), not both or neither",
  });

const arrivals = z.union([
  z.strictObject({
    rate: quantity('rate', 'mean arrival rate of a Poisson process', { max: 1e9 }),
    max_jobs: z.int().min(1).optional().describe('stop after this many submissions'),
  }),
  z.strictObject({
    interarrival: distribution('time', 'time between submissions'),
    max_jobs: z.int().min(1).optional().describe('stop after this many submissions'),
  }),
]);

const precision = z.enum(precisions).describe('numeric precision the job runs at');

const work = z.union([
  z.strictObject({
    reference_time: distribution('time', 'total device time of a job on the reference device, summed over its devices (reference GPU-hours)'),
    precision: precision.default('bf16'),
  }),
  z.strictObject({
    flops: distribution('flops', 'floating-point operations per job'),
    precision: precision.default('bf16'),
    efficiency: fraction('fraction of peak achieved (model FLOPs utilisation)').prefault(0.4),
  }),
]);

const batchWorkload = z
  .strictObject({
  name,
  kind: z.literal('batch').default('batch').describe('jobs asking for N devices and an amount of work'),
  site: name.optional().describe('site the jobs run on (default: the only site)'),
  pool: name.optional().describe('pool within the site (default: its only pool)'),
  arrivals: arrivals.describe('how jobs are submitted: {rate: 4 /h} or {interarrival: <distribution>}'),
  devices: deviceCount.prefault(1),
  work: work.describe('hardware-independent work per job: {reference_time: …} or {flops: …, precision, efficiency}'),
  })
  .describe('a stream of batch jobs, each asking for N devices of one pool and an amount of work');

export const scenarioSchema = z
  .strictObject({
    name: name.describe('scenario name'),
    description: z.string().max(10_000).optional(),
    seed: z.int().min(0).max(2 ** 32 - 1).default(1).describe('master seed; replication r uses streams derived from (seed, r, purpose)'),
    horizon: quantity('time', 'simulated time span', { max: 100 * YEAR }),
    warmup: quantity('time', 'initial period excluded from statistics', { allowZero: true, max: 100 * YEAR }).prefault('0 s'),
    replications: z.int().min(1).max(10_000).default(1).describe('independent replications for confidence intervals'),
    scheduler: z
      .union([z.literal('fcfs'), z.strictObject({ kind: z.literal('fcfs') })])
      .default('fcfs')
      .describe('queueing policy per pool: fcfs (strict first-come first-served, gang-scheduled)')
      .transform((s) => (typeof s === 'string' ? { kind: s } : s)),
    reference: z
      .strictObject({ device: profileId, precision })
      .default({ device: 'a100-sxm-80gb', precision: 'bf16' })
      .describe('the device and precision that reference_time work is measured on'),
    profiles: z.record(profileId, profileSchema).default({}).describe('inline hardware profiles, same format as hardware-profiles/'),
    sites: z
      .record(name, site)
      .refine((s) => Object.keys(s).length > 0, 'needs at least one site')
      .describe('where the hardware is: site name → {kind, nodes: {type, count}} or {kind, pools: {name: {type, count}}}'),
    workloads: z.array(batchWorkload).min(1).max(10_000).describe('what runs: each workload submits jobs to one pool'),
  })
  .refine((s) => s.warmup < s.horizon, { message: 'warmup must be shorter than the horizon', path: ['warmup'] });

export type ScenarioInput = z.output<typeof scenarioSchema>;
