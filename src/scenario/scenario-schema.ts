import { z } from 'zod';
import { fraction, quantity } from './quantity-schema.js';
import { failuresSchema } from './failures-schema.js';
import { profileId, profileSchema } from './profile-schema.js';
import { schedulerKinds } from '../model/scheduling/index.js';
import { MAX_REPLICATIONS } from './replication-limit.js';
import { name } from './name-schema.js';
import { regions } from './service-reach-schema.js';
import { pricingModel, site } from './site-schema.js';
import { pricePathSchema, startInstant } from './refresh-schema.js';
import { lakeSchema, streamSchema } from './data-schema.js';
import { batchWorkload, dataWorkload, inferenceWorkload, precision, traceWorkload, trainingWorkload } from './workload-schema.js';
import { federatedWorkload } from './federated-schema.js';
import { pipelineWorkload } from './pipeline-schema.js';

/**
 * The scenario file: the single source of truth for validation and for the JSON Schema that editors
 * read (`simulate schema`). Defaults live here, so the resolved scenario written into every result
 * shows each of them filled in.
 */

const YEAR = 365.25 * 86_400;

/** `scheduler.same_time_order`: today's order (the default), or the pyss reference simulator's. */
const sameTimeOrders = ['complete-admit-pass', 'pyss'] as const;

export { MAX_REPLICATIONS } from './replication-limit.js';

export const scenarioSchema = z
  .strictObject({
    name: name.describe('scenario name'),
    description: z.string().max(10_000).optional(),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1)
      .describe('master seed; replication r uses streams derived from (seed, r, purpose)'),
    start: startInstant.optional(),
    horizon: quantity('time', 'simulated time span', { max: 100 * YEAR }),
    warmup: quantity('time', 'initial period excluded from statistics', { allowZero: true, max: 100 * YEAR }).prefault('0 s'),
    replications: z.int().min(1).max(MAX_REPLICATIONS).default(1).describe('independent replications for confidence intervals'),
    costs: z
      .enum(['tco', 'none'])
      .default('tco')
      .describe('tco: cost every site over the planning horizon (every owned node needs a price and a power figure); none: a queue-only study, no cost figure is computed or printed'),
    scheduler: z
      .union([
        z.enum(schedulerKinds),
        z.strictObject({
          kind: z.enum(schedulerKinds),
          estimate_factor: z.number().min(1).max(1000).default(1).describe('synthetic jobs: runtime estimate = true runtime × factor'),
          max_devices: z.number().positive().optional().describe('reject jobs asking for more devices'),
          max_runtime: quantity('time', 'reject jobs whose estimate is longer').optional(),
          same_time_order: z
            .enum(sameTimeOrders)
            .default('complete-admit-pass')
            .describe(
              "job events at one instant: complete-admit-pass (completions, then arrivals, then one scheduling pass); pyss: the pyss simulator's order (arrivals first, a pass after every event) and its SWF job conversion (docs/traces.md)",
            ),
        }),
      ])
      .default('fcfs')
      .describe('policy of each pool queue: fcfs, easy-backfill, shortest-job-first or priority-preemptive (gang-scheduled, node-aware placement)')
      .transform((s) =>
        typeof s === 'string'
          ? { kind: s, estimateFactor: 1 }
          : {
              kind: s.kind,
              estimateFactor: s.estimate_factor,
              ...(s.max_devices !== undefined && { maxDevices: s.max_devices }),
              ...(s.max_runtime !== undefined && { maxRuntime: s.max_runtime }),
              // the default order is left out, so resolved scenarios that do not ask keep their bytes
              ...(s.same_time_order === 'pyss' && { sameTimeOrder: 'pyss' as const }),
            },
      ),
    failures: failuresSchema,
    reference: z.strictObject({ device: profileId, precision }).default({ device: 'a100-sxm-80gb', precision: 'bf16' }).describe('the device and precision that reference_time work is measured on'),
    profiles: z.record(profileId, profileSchema).default({}).describe('inline hardware profiles, same format as hardware-profiles/'),
    sites: z
      .record(name, site)
      .refine((s) => Object.keys(s).length > 0, 'needs at least one site')
      .describe('where the hardware is: site name → {kind, nodes: {type, count}} or {kind, pools: {name: {type, count}}}'),
    policy: z
      .strictObject({
        placement: z
          .enum(['home', 'burst', 'cheapest', 'greenest'])
          .default('home')
          .describe(
            "home: jobs run on their workload's site; burst: overflow to burst.to when the expected wait reaches burst.threshold; cheapest: the cheapest allowed site meeting the workload's deadline; greenest: the allowed site where the job would emit the least CO2e (its energy × the grid's intensity over its expected run) meeting the deadline",
          ),
        burst: z
          .strictObject({
            to: z.array(name).min(1).describe('sites jobs may burst to, in order of preference'),
            threshold: z
              .union([z.literal('never'), quantity('time', 'expected wait at home at which a job bursts (0: every job)', { allowZero: true })])
              .describe("expected wait at home at which a job goes elsewhere: '2 h', '0 s' (everything bursts) or never"),
          })
          .optional(),
        by_kind: z
          .partialRecord(z.enum(['batch', 'training', 'trace', 'inference', 'data', 'federated']), name)
          .default({})
          .describe('home site per workload kind for workloads that name no site, e.g. {training: onprem, inference: cloud}'),
        residency: z.record(z.string().min(1).max(64), z.array(name).min(1)).default({}).describe('data residency: tag → sites jobs with that tag may run on, e.g. {sensitive: [onprem]}'),
      })
      .prefault({})
      .describe('placement across sites'),
    links: z
      .array(
        z.strictObject({
          between: z.tuple([name, name]).describe('the two sites'),
          bandwidth: quantity('byteRate', 'usable bandwidth between the sites'),
          latency: quantity('time', 'one-way latency', { allowZero: true }).prefault('0 s'),
        }),
      )
      .max(1000)
      .default([])
      .describe('wide-area links between sites (data moves over them)'),
    regions,
    planning: z
      .strictObject({
        horizon: quantity('time', 'planning horizon of the cost projection', { max: 30 * YEAR }).prefault('5 years'),
        discount_rate: fraction('annual discount rate for net present value', 1, { allowZero: true }).default(0.08),
        rent_instead: z
          .strictObject({
            instance: profileId.describe('cloud-instance profile to price the owned capacity against'),
            pricing: pricingModel.default('on-demand'),
            discount: fraction('negotiated discount on that price', 1, { allowZero: true }).default(0),
            price_path: pricePathSchema.optional().describe('how the rental price moves over the planning horizon'),
          })
          .optional()
          .describe("build-vs-buy: what renting instead would cost (default: the scenario's first cloud pool at its pricing)"),
        fleet_windows: z
          .enum(['refreshes', 'every_change'])
          .default('refreshes')
          .describe(
            'when a new fleet configuration is simulated: at each refresh (default), or also when purchases come online after the simulated window (a new generation added beside the old one)',
          ),
      })
      .prefault({})
      .describe('how costs are projected: usage measured over the simulated window, held over the planning horizon'),
    limits: z
      .strictObject({
        max_queued: z.number().int().min(1).max(1e12).optional().describe('jobs waiting in one pool, or requests queued at one inference service, at which a run stops as overloaded (default 1e6)'),
        max_heap: quantity('bytes', 'JavaScript heap in use at which a run stops as overloaded (default 60 % of the heap Node allows)').optional(),
      })
      .optional()
      .describe('runaway bounds: an overloaded plan stops cleanly, marked incomplete with stopped_by overload, instead of exhausting memory'),
    streams: z.array(streamSchema).min(1).max(1000).optional().describe('data arriving continuously (Kafka-like topics), docs/pipelines.md "Streaming ingestion"'),
    lakes: z.array(lakeSchema).min(1).max(1000).optional().describe('data lakes and file systems, sized over the planning horizon, docs/pipelines.md "Storage as capacity"'),
    workloads: z
      .array(z.union([batchWorkload, trainingWorkload, traceWorkload, inferenceWorkload, dataWorkload, federatedWorkload, pipelineWorkload]))
      .min(1)
      .max(10_000)
      .describe('what runs: each workload submits jobs to one pool'),
  })
  .refine((s) => s.warmup < s.horizon, { message: 'warmup must be shorter than the horizon', path: ['warmup'] });

export type { CloudCostsInput, OnPremCostsInput } from './site-schema.js';
export type ScenarioInput = z.output<typeof scenarioSchema>;
/** A workload of the file other than a pipeline: what one workload of the run is resolved from (a pipeline's job stages are turned into these). */
export type WorkloadInput = Exclude<ScenarioInput['workloads'][number], { kind: 'pipeline' }>;
