import { z } from 'zod';
import { deviceCount, distribution, fraction, quantity } from './quantity-schema.js';
import { profileId, profileSchema } from './profile-schema.js';
import { precisions } from '../model/types.js';
import { schedulerKinds } from '../model/scheduling/index.js';
import { TRACE_FORMATS } from '../traces/index.js';
import { MAX_REPLICATIONS } from './replication-limit.js';

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

const pricingModel = z.enum(['on-demand', 'reserved-1y', 'reserved-3y', 'spot']);

const pool = z
  .strictObject({
    type: profileId.describe('node or cloud-instance profile id (hardware-profiles/ or profiles:)'),
    count: z
      .int()
      .min(0)
      .max(1_000_000)
      .describe('on-prem: nodes usable from the start; cloud: instances provisioned for the whole run (committed), 0 allowed with autoscale'),
    spot: z
      .strictObject({
        interruption_rate: quantity('rate', 'reclaims per instance, e.g. 0.05 /h', { max: 1 }),
        warning: quantity('time', 'notice before reclaim (AWS gives 2 min)', { allowZero: true }).prefault('2 min'),
      })
      .optional()
      .describe('spot/preemptible instances: jobs on reclaimed instances are interrupted'),
    purchases: z
      .array(
        z.strictObject({
          count: z.int().min(1).max(1_000_000).describe('nodes in this order'),
          ordered: quantity('time', 'when the order is placed, from the start of the run', { allowZero: true }),
        }),
      )
      .max(1000)
      .default([])
      .describe('on-prem: further nodes bought during the run; each becomes usable lead_time after its order'),
    lead_time: quantity('time', 'on-prem: procurement lead time from order to usable nodes', { allowZero: true }).prefault('0 s'),
    capex_per_node: quantity('money', "on-prem: price of one node (default: the node profile's price); 0 needs capex_reason", { allowZero: true, max: 1e9 }).optional(),
    capex_reason: z.string().min(1).max(200).optional().describe('why capex_per_node is what it is, e.g. donated; required when it is 0, printed in cost_analysis.basis'),
    pricing: pricingModel.optional().describe('cloud: pricing model of the committed instances (default on-demand; spot with a spot block)'),
    max: z.int().min(1).max(1_000_000).optional().describe('cloud: quota, most instances at once (default: count)'),
    provisioning_delay: quantity('time', 'cloud: from request to a usable instance', { allowZero: true }).prefault('0 s'),
    autoscale: z
      .strictObject({
        idle_timeout: quantity('time', 'release an instance after this long without work', { allowZero: true }).prefault('15 min'),
        scale_up_wait: quantity('time', "request instances when jobs' expected wait reaches this (0: as soon as a job waits)", { allowZero: true }).prefault('0 s'),
      })
      .optional()
      .describe('cloud: add on-demand (or spot) instances up to max when jobs wait, release idle ones'),
  })
  .refine((p) => p.capex_per_node !== 0 || p.capex_reason !== undefined, {
    message: "is 0 USD without a capex_reason: say why the nodes are free (e.g. capex_reason: donated), or give their price",
    path: ['capex_per_node'],
  })
  .describe('a pool of identical nodes');

const onPremCosts = z
  .strictObject({
    network: quantity('money', 'fabric capex for the site', { allowZero: true }).prefault('0 USD'),
    storage: quantity('money', 'storage capex for the site', { allowZero: true }).prefault('0 USD'),
    installation: quantity('money', 'installation and integration, one-off', { allowZero: true }).prefault('0 USD'),
    depreciation: quantity('time', 'straight-line depreciation life', { max: 30 * YEAR }).prefault('5 years'),
    financing: z
      .strictObject({ rate: fraction('annual interest rate', 1, { allowZero: true }), term: quantity('time', 'loan term, repaid monthly', { max: 30 * YEAR }) })
      .optional()
      .describe('finance the capex with a loan instead of paying cash'),
    power_price: quantity('moneyPerEnergy', 'electricity price (default: US industrial average 2024, EIA)', { allowZero: true }).prefault('0.0807 USD/kWh'),
    time_of_day: z
      .array(
        z.strictObject({
          from: z.number().min(0).max(24).describe('hour the price starts'),
          to: z.number().min(0).max(24).describe('hour the price ends (exclusive)'),
          price: quantity('moneyPerEnergy', 'electricity price in these hours', { allowZero: true }),
        }),
      )
      .max(48)
      .optional()
      .describe('electricity prices by hour of day, overriding power_price in their hours'),
    pue: z.number().min(1).max(5).default(1.56).describe('power usage effectiveness (default: Uptime Institute 2024 global average 1.56)'),
    colocation: quantity('moneyPerPowerTime', 'space and cooling per kW of provisioned IT power', { allowZero: true }).prefault('0 USD/kW/month'),
    maintenance: fraction('maintenance and support contracts, fraction of capex per year', 1, { allowZero: true }).default(0),
    staff: z.number().min(0).max(10_000).default(0).describe('full-time equivalents operating the site'),
    staff_cost: quantity('moneyRate', 'fully loaded cost of one FTE', { allowZero: true }).prefault('0 USD/year'),
    licences: quantity('moneyRate', 'software licences for the site', { allowZero: true }).prefault('0 USD/year'),
    licences_per_node: quantity('moneyRate', 'software licences per node (e.g. per-GPU subscriptions × GPUs)', { allowZero: true }).prefault('0 USD/year'),
    carbon_intensity: quantity('massPerEnergy', 'grid emissions (default: US average 2023, EIA 0.81 lb/kWh)', { allowZero: true }).prefault('0.367 kg/kWh'),
    egress_price: quantity('moneyPerByte', 'price of data sent out of the site', { allowZero: true }).prefault('0 USD/GB'),
    idle_power_fraction: fraction("node power when idle, as a fraction of its max, where the node profile gives no idle figure (a modelling assumption)", 1, { allowZero: true }).default(0.25),
  })
  .describe('what the owned site costs');

const cloudCosts = z
  .strictObject({
    discount: fraction('negotiated discount on every compute price', 1, { allowZero: true }).default(0),
    storage: quantity('bytes', 'data kept in the cloud', { allowZero: true }).prefault('0 GB'),
    storage_price: quantity('moneyPerByteTime', 'storage price (default: S3 Standard first 50 TB, us-east-1)', { allowZero: true }).prefault('0.023 USD/GB/month'),
    egress_price: quantity('moneyPerByte', 'internet egress (default: AWS first 10 TB/month tier)', { allowZero: true }).prefault('0.09 USD/GB'),
    support: fraction('support plan, fraction of the compute and storage bill', 1, { allowZero: true }).default(0),
    pue: z.number().min(1).max(5).default(1.15).describe("provider PUE (default: AWS's reported 2023 global 1.15)"),
    carbon_intensity: quantity('massPerEnergy', 'grid emissions of the region', { allowZero: true }).prefault('0.367 kg/kWh'),
    idle_power_fraction: fraction("instance power when idle, as a fraction of its max, where the profile gives no idle figure", 1, { allowZero: true }).default(0.25),
  })
  .describe('what the cloud site costs besides instance prices (those come from the instance profiles)');

const onlyOnePoolForm = {
  message: "give either 'nodes' (one pool) or 'pools' (named pools), not both or neither",
};
const site = z.union([
  z
    .strictObject({
      kind: z.literal('on-prem').default('on-prem').describe('owned hardware'),
      pools: z.record(name, pool).optional().describe('named pools of nodes'),
      nodes: pool.optional().describe("shorthand for a single pool named 'main'"),
      costs: onPremCosts.prefault({}),
    })
    .refine((s) => (s.pools === undefined) !== (s.nodes === undefined), onlyOnePoolForm)
    .describe('an owned site: nodes bought, powered and operated'),
  z
    .strictObject({
      kind: z.literal('cloud').describe('rented instances'),
      pools: z.record(name, pool).optional().describe('named pools of instances'),
      nodes: pool.optional().describe("shorthand for a single pool named 'main'"),
      costs: cloudCosts.prefault({}),
    })
    .refine((s) => (s.pools === undefined) !== (s.nodes === undefined), onlyOnePoolForm)
    .describe('a cloud site: instances priced by the profiles, provisioned on demand'),
]);

export type OnPremCostsInput = z.output<typeof onPremCosts>;
export type CloudCostsInput = z.output<typeof cloudCosts>;

const maxJobs = z.int().min(1).optional().describe('stop after this many submissions');
const arrivals = z.union([
  z.strictObject({
    rate: quantity('rate', 'mean arrival rate of a Poisson process', { max: 1e9 }),
    diurnal: z
      .strictObject({
        amplitude: fraction('relative daily swing: the rate peaks at (1 + amplitude) × rate', 1, { allowZero: true }),
        peak_hour: z.number().min(0).max(24).default(14).describe('hour of the daily peak (t = 0 is midnight)'),
        weekend_factor: z.number().min(0).max(100).default(1).describe('rate multiplier on days 5 and 6 of each week (at most 100)'),
      })
      .optional()
      .describe('a daily cycle around the mean rate'),
    growth_per_month: fraction('compounding growth of the rate per month, e.g. 5 %', 10).optional(),
    max_jobs: maxJobs,
  }).refine((a) => a.diurnal === undefined || a.growth_per_month === undefined, { message: "give 'diurnal' or 'growth_per_month', not both" }),
  z.strictObject({
    mmpp: z
      .strictObject({
        rates: z.array(quantity('rate', 'arrival rate in this state', { allowZero: true, max: 1e9 })).min(1),
        mean_sojourn: z.array(quantity('time', 'mean stay in this state')).min(1),
      })
      .refine((m) => m.rates.length === m.mean_sojourn.length, { message: 'rates and mean_sojourn need one entry per state' })
      .describe('bursty arrivals: a Markov-modulated Poisson process'),
    max_jobs: maxJobs,
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

const placementFields = {
  name,
  site: name.optional().describe('site the jobs run on (default: the only site)'),
  pool: name.optional().describe('pool within the site (default: its only pool)'),
  priority: z.int().min(-999).max(999).default(0).describe('higher runs first and may preempt lower under priority-preemptive scheduling'),
  team: name.optional().describe('team that owns the workload: the result aggregates job statistics per team'),
  tags: z.array(z.string().min(1).max(64)).max(64).default([]).describe('labels such as sensitive (placement and residency rules use them)'),
  deadline: quantity('time', 'cost-aware placement: each job should complete within this time of its submission').optional(),
  dataset: z
    .strictObject({
      site: name.describe('site where the data lives'),
      input: quantity('bytes', 'bytes each job reads: moved to the run site first when it runs elsewhere', { allowZero: true }),
      output: quantity('bytes', 'bytes each job writes: moved back when it runs elsewhere', { allowZero: true }).prefault('0 B'),
    })
    .optional()
    .describe('data gravity: a job running away from its data pays transfer time over the inter-site link and egress'),
};

const batchWorkload = z
  .strictObject({
  ...placementFields,
  kind: z.literal('batch').default('batch').describe('jobs asking for N devices and an amount of work'),
  arrivals: arrivals.describe('how jobs are submitted: {rate: 4 /h} or {interarrival: <distribution>}'),
  devices: deviceCount.prefault(1),
  work: work.describe('hardware-independent work per job: {reference_time: …} or {flops: …, precision, efficiency}'),
  })
  .describe('a stream of batch jobs, each asking for N devices of one pool and an amount of work');

const storageChoice = z
  .union([
    z.literal('local'),
    z.strictObject({
      profile: profileId.describe('a storage profile: parallel-fs or object-store'),
      capacity: quantity('bytes', 'provisioned capacity (parallel file systems scale throughput with it)').optional(),
      connections: z.int().min(1).optional().describe('concurrent connections in total (object stores)'),
    }),
  ])
  .describe("'local' (the nodes' own drives) or a storage profile");

const trainingWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('training').describe('dense-model training jobs timed by the training performance model'),
    arrivals: arrivals.describe('how jobs are submitted: {rate: 4 /h} or {interarrival: <distribution>}'),
    devices: deviceCount.prefault(8),
    model: z
      .strictObject({
        params: distribution('count', 'model parameters N, e.g. 7e9'),
        tokens: distribution('count', 'training tokens D per job; work = 6·N·D FLOP'),
      })
      .describe('what each job trains'),
    batch: z.strictObject({ tokens: z.number().positive().finite().describe('global batch, tokens per optimizer step') }).prefault({ tokens: 4_194_304 }),
    precision: precision.default('bf16'),
    mfu: fraction('model FLOPs utilisation (default per device class: GPU 0.40, TPU 0.46, CPU/FPGA 0.20)').optional(),
    overlap: fraction('fraction of compute that hides gradient all-reduce (default 2/3)', 1, { allowZero: true }).optional(),
    model_parallel: z.int().min(1).default(1).describe('devices per model replica (tensor × pipeline); gradients all-reduce across replicas'),
    data: z
      .strictObject({
        bytes_per_token: quantity('bytes', 'training data read per token (e.g. 4 B for token ids, more for multimodal)'),
        storage: storageChoice.default('local'),
      })
      .optional()
      .describe('check data loading per step against the storage; a slow store makes steps data-bound'),
  })
  .describe('training jobs: each asks for N devices and trains a model of `params` on `tokens`');

const traceWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('trace').describe('jobs replayed from a trace file, streamed'),
    trace: z
      .strictObject({
        file: z.string().min(1).describe('trace file, relative to this scenario file; plain or gzip'),
        format: z.enum(TRACE_FORMATS.filter((f) => f !== 'azure-llm') as ['swf', ...string[]]).describe('trace format'),
        columns: z.record(z.string(), z.unknown()).optional().describe('csv only: field → column name, index or {column, unit, scale, format}'),
        start_at_zero: z.boolean().default(true).describe('shift times so the first job arrives at 0'),
        time_scale: z.number().positive().finite().default(1).describe('multiply inter-arrival times by this factor (< 1 compresses)'),
        sample: fraction('keep each job with this probability (seeded)').optional(),
        min_devices: z.number().positive().optional(),
        max_devices: z.number().positive().optional(),
        gpu_only: z.boolean().default(false).describe('drop CPU-only jobs'),
        match_gpu_models: z
          .boolean()
          .default(false)
          .describe("enforce the trace's allowed GPU types (they must equal the pool's device profile ids); default: ignore them"),
        limit: z.int().min(1).optional().describe('replay at most this many jobs'),
        strict: z.boolean().default(false).describe('make bad rows fatal'),
      })
      .describe('the trace to replay'),
    hardware: profileId.optional().describe('device the trace ran on; runtimes scale by peak ratio when the pool differs'),
    precision: precision.default('bf16'),
    estimates: z.enum(['trace', 'exact']).default('trace').describe("what schedulers plan with: the trace's requested time, or the true runtime"),
  })
  .describe('a workload replayed from a trace');

const dataWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('data').describe('data/ETL jobs bounded by storage, network and processing'),
    arrivals: arrivals.describe('how jobs are submitted'),
    nodes: z.int().min(1).default(1).describe('whole nodes per job'),
    read: distribution('bytes', 'bytes read per job'),
    write: distribution('bytes', 'bytes written per job').optional(),
    storage: storageChoice.default('local'),
    processing_rate: quantity('byteRate', 'input bytes per second one node can process').optional(),
  })
  .describe('data/ETL jobs');

const inferenceWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('inference').describe('an inference service: replicas with continuous batching'),
    model: z
      .strictObject({
        params: z.number().positive().finite().describe('parameters N, e.g. 70e9'),
        precision: precision.default('bf16').describe('weight precision: bf16/fp16 2 bytes per parameter, fp8/int8 1, int4 0.5'),
        kv_cache: z
          .union([
            z.strictObject({ layers: z.int().min(1), kv_heads: z.int().min(1), head_dim: z.int().min(1) }),
            z.strictObject({ bytes_per_token: quantity('bytes', 'KV-cache bytes per token of context') }),
          ])
          .describe('KV cache: from the architecture (bf16), or bytes per token'),
      })
      .describe('the model served'),
    arrivals: arrivals.optional().describe('synthetic requests: {rate: 40 /s} or {interarrival: …}'),
    tokens: z
      .strictObject({ input: distribution('count', 'prompt tokens per request'), output: distribution('count', 'output tokens per request') })
      .optional()
      .describe('synthetic request sizes'),
    trace: z
      .strictObject({
        file: z.string().min(1).describe('request trace, relative to this scenario file'),
        format: z.literal('azure-llm'),
        start_at_zero: z.boolean().default(true),
        time_scale: z.number().positive().finite().default(1).describe('multiply inter-arrival times (< 1 = more load)'),
        limit: z.int().min(1).optional(),
        strict: z.boolean().default(false),
      })
      .optional()
      .describe('replay a request trace instead of synthetic arrivals'),
    replicas: z
      .union([
        z.int().min(1).max(100_000),
        z.strictObject({
          min: z.int().min(1).max(100_000).describe('replicas always running (and at the start)'),
          max: z.int().min(1).max(100_000).describe('most replicas at once'),
          target_load: z.number().positive().max(1e6).default(32).describe('requests in flight (waiting or running) per replica the autoscaler aims for'),
          ttft_above: quantity('time', 'add a replica when the mean time to first token over the last interval exceeds this').optional(),
          scale_down_delay: quantity('time', 'remove a replica only after the load has stayed below the fleet this long', { allowZero: true }).prefault('5 min'),
          interval: quantity('time', 'how often the autoscaler looks').prefault('30 s'),
        }),
      ])
      .describe('model replicas, each holding tensor_parallel devices while it lives: a number (fixed), or {min, max, target_load, ttft_above, scale_down_delay, interval} to autoscale on load and latency'),
    tensor_parallel: z.int().min(1).max(1024).default(1).describe('devices per replica'),
    max_batch: z.int().min(1).max(100_000).default(256).describe('most sequences a replica decodes at once'),
    slo: z
      .strictObject({ ttft: quantity('time', 'time-to-first-token target').optional(), tpot: quantity('time', 'time-per-output-token target').optional() })
      .default({})
      .describe('targets for SLO attainment'),
  })
  .refine((w) => (w.trace === undefined) === (w.arrivals !== undefined && w.tokens !== undefined), {
    message: "give either 'trace', or both 'arrivals' and 'tokens'",
  })
  .describe('an inference service');

export { MAX_REPLICATIONS } from './replication-limit.js';

export const scenarioSchema = z
  .strictObject({
    name: name.describe('scenario name'),
    description: z.string().max(10_000).optional(),
    seed: z.int().min(0).max(2 ** 32 - 1).default(1).describe('master seed; replication r uses streams derived from (seed, r, purpose)'),
    horizon: quantity('time', 'simulated time span', { max: 100 * YEAR }),
    warmup: quantity('time', 'initial period excluded from statistics', { allowZero: true, max: 100 * YEAR }).prefault('0 s'),
    replications: z.int().min(1).max(MAX_REPLICATIONS).default(1).describe('independent replications for confidence intervals'),
    costs: z
      .enum(['tco', 'none'])
      .default('tco')
      .describe("tco: cost every site over the planning horizon (every owned node needs a price and a power figure); none: a queue-only study, no cost figure is computed or printed"),
    scheduler: z
      .union([
        z.enum(schedulerKinds),
        z.strictObject({
          kind: z.enum(schedulerKinds),
          estimate_factor: z.number().min(1).max(1000).default(1).describe('synthetic jobs: runtime estimate = true runtime × factor'),
          max_devices: z.number().positive().optional().describe('reject jobs asking for more devices'),
          max_runtime: quantity('time', 'reject jobs whose estimate is longer').optional(),
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
            },
      ),
    failures: z
      .strictObject({
        mtbf: quantity('time', "mean time between failures of one device (e.g. 50000 h); default: the device profile's mtbf").optional(),
        checkpoint_interval: quantity('time', 'work between checkpoints; omit for no checkpoints').optional(),
        checkpoint_cost: quantity('time', 'time to write one checkpoint', { allowZero: true }).prefault('0 s'),
        restart_overhead: quantity('time', 'time to restart after a failure', { allowZero: true }).prefault('0 s'),
      })
      .optional()
      .describe('device failures during jobs (batch, training and trace jobs; inference replicas are not failed)')
      .transform((f) =>
        f && {
          ...(f.mtbf !== undefined && { mtbf: f.mtbf }),
          checkpointInterval: f.checkpoint_interval ?? Infinity,
          checkpointCost: f.checkpoint_cost,
          restartOverhead: f.restart_overhead,
        },
      ),
    reference: z
      .strictObject({ device: profileId, precision })
      .default({ device: 'a100-sxm-80gb', precision: 'bf16' })
      .describe('the device and precision that reference_time work is measured on'),
    profiles: z.record(profileId, profileSchema).default({}).describe('inline hardware profiles, same format as hardware-profiles/'),
    sites: z
      .record(name, site)
      .refine((s) => Object.keys(s).length > 0, 'needs at least one site')
      .describe('where the hardware is: site name → {kind, nodes: {type, count}} or {kind, pools: {name: {type, count}}}'),
    policy: z
      .strictObject({
        placement: z
          .enum(['home', 'burst', 'cheapest'])
          .default('home')
          .describe("home: jobs run on their workload's site; burst: overflow to burst.to when the expected wait reaches burst.threshold; cheapest: the cheapest allowed site meeting the workload's deadline"),
        burst: z
          .strictObject({
            to: z.array(name).min(1).describe('sites jobs may burst to, in order of preference'),
            threshold: z
              .union([z.literal('never'), quantity('time', "expected wait at home at which a job bursts (0: every job)", { allowZero: true })])
              .describe("expected wait at home at which a job goes elsewhere: '2 h', '0 s' (everything bursts) or never"),
          })
          .optional(),
        by_kind: z
          .partialRecord(z.enum(['batch', 'training', 'trace', 'inference', 'data']), name)
          .default({})
          .describe('home site per workload kind for workloads that name no site, e.g. {training: onprem, inference: cloud}'),
        residency: z
          .record(z.string().min(1).max(64), z.array(name).min(1))
          .default({})
          .describe('data residency: tag → sites jobs with that tag may run on, e.g. {sensitive: [onprem]}'),
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
    planning: z
      .strictObject({
        horizon: quantity('time', 'planning horizon of the cost projection', { max: 30 * YEAR }).prefault('5 years'),
        discount_rate: fraction('annual discount rate for net present value', 1, { allowZero: true }).default(0.08),
        rent_instead: z
          .strictObject({
            instance: profileId.describe('cloud-instance profile to price the owned capacity against'),
            pricing: pricingModel.default('on-demand'),
            discount: fraction('negotiated discount on that price', 1, { allowZero: true }).default(0),
          })
          .optional()
          .describe("build-vs-buy: what renting instead would cost (default: the scenario's first cloud pool at its pricing)"),
      })
      .prefault({})
      .describe('how costs are projected: usage measured over the simulated window, held over the planning horizon'),
    limits: z
      .strictObject({
        max_queued: z.number().int().min(1).max(1e12).optional().describe('jobs waiting in one pool, or requests queued at one inference service, at which a run stops as overloaded (default 1e6)'),
        max_heap: quantity('bytes', 'JavaScript heap in use at which a run stops as overloaded (default 70 % of the heap Node allows)').optional(),
      })
      .optional()
      .describe('runaway bounds: an overloaded plan stops cleanly, marked incomplete with stopped_by overload, instead of exhausting memory'),
    workloads: z
      .array(z.union([batchWorkload, trainingWorkload, traceWorkload, inferenceWorkload, dataWorkload]))
      .min(1)
      .max(10_000)
      .describe('what runs: each workload submits jobs to one pool'),
  })
  .refine((s) => s.warmup < s.horizon, { message: 'warmup must be shorter than the horizon', path: ['warmup'] });

export type ScenarioInput = z.output<typeof scenarioSchema>;
