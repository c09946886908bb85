import { z } from 'zod';
import { jobDevices, replicaSlice } from './device-request-schema.js';
import { distribution, fraction, quantity } from './quantity-schema.js';
import { profileId } from './profile-schema.js';
import { precisions } from '../model/types.js';
import { TRACE_FORMATS } from '../traces/trace-formats.js';
import { name } from './name-schema.js';
import { fineTuneSchema } from './fine-tune-schema.js';
import { servedModel, speculativeDecoding } from './served-model-schema.js';
import { conversationsSchema, prefixCacheSchema } from './prefix-cache-schema.js';
import { serviceReachFields } from './service-reach-schema.js';

/** The workloads of the scenario file, one schema per kind: batch, training, trace replay, data jobs, inference services. */
const maxJobs = z.int().min(1).optional().describe('stop after this many submissions');
const arrivals = z.union([
  z
    .strictObject({
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
    })
    .refine((a) => a.diurnal === undefined || a.growth_per_month === undefined, { message: "give 'diurnal' or 'growth_per_month', not both" }),
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
  z
    .strictObject({
      kind: z.literal('offline'),
      requests: z.int().min(1).max(10_000_000).describe('jobs or requests submitted together at time 0 (above limits.max_queued, default 1e6, raise that limit)'),
    })
    .describe("a finite batch submitted at time 0 and drained (MLPerf's Offline scenario): throughput over the drain time"),
]);

export const precision = z.enum(precisions).describe('numeric precision the job runs at');

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

/** One phase of a disaggregated inference service (prefill or decode): its replicas and where they run. */
const servingPhase = (phase: 'prefill' | 'decode') =>
  z
    .strictObject({
      site: name.optional().describe(`site of the ${phase} replicas (default: the workload's)`),
      pool: name.optional().describe(`pool of the ${phase} replicas within that site (default: the workload's pool on its own site, else the site's only pool)`),
      replicas: z.int().min(0).max(100_000).describe(`${phase} replicas, each holding tensor_parallel devices for the whole run (at least 1; a sweep may vary it)`),
      tensor_parallel: z.int().min(1).max(1024).optional().describe(`devices per ${phase} replica (default: the workload's tensor_parallel)`),
      max_batch: z.int().min(1).max(100_000).optional().describe(`most sequences a ${phase} replica batches at once (default: the workload's max_batch)`),
      max_batch_tokens: z.int().min(1).max(10_000_000).optional().describe(`tokens one ${phase} iteration processes at most (default: the workload's max_batch_tokens)`),
      expert_parallel: z
        .int()
        .min(1)
        .max(100_000)
        .optional()
        .describe(`devices each ${phase} replica spreads a mixture-of-experts model's experts over (a multiple of tensor_parallel; whole nodes when wider than one)`),
      redundant_experts: z.int().min(0).max(100_000).optional().describe(`extra expert copies of each ${phase} replica (EPLB), so that routed + redundant divide over expert_parallel`),
    })
    .describe(`the ${phase} replicas`);

export const batchWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('batch').default('batch').describe('jobs asking for N devices and an amount of work'),
    arrivals: arrivals.describe('how jobs are submitted: {rate: 4 /h} or {interarrival: <distribution>}'),
    devices: jobDevices.prefault(1),
    work: work.describe('hardware-independent work per job: {reference_time: …} or {flops: …, precision, efficiency}'),
    carbon_aware: z
      .strictObject({
        deadline: quantity('time', 'longest a job waits for a cleaner grid hour before it queues'),
        threshold: quantity('massPerEnergy', 'queue in the first hour at or below this intensity (default: the cleanest hour within the deadline)', { allowZero: true }).optional(),
      })
      .optional()
      .describe("flexible jobs wait for a cleaner hour of their site's carbon_intensity_hourly series (docs/cost-model.md, Carbon-aware deferral)"),
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

export const trainingWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('training').describe('dense-model training jobs timed by the training performance model'),
    arrivals: arrivals.describe('how jobs are submitted: {rate: 4 /h} or {interarrival: <distribution>}'),
    devices: jobDevices.prefault(8),
    model: z
      .union([
        z
          .strictObject({
            card: profileId.describe('a model card of models/ (simulate models lists them): its parameters; a mixture-of-experts card trains at 6·active·D FLOP'),
            tokens: distribution('count', 'training tokens D per job'),
          })
          .describe('a model card'),
        z
          .strictObject({
            params: distribution('count', 'model parameters N, e.g. 7e9'),
            tokens: distribution('count', 'training tokens D per job; work = 6·N·D FLOP'),
          })
          .describe('the model size spelled out'),
      ])
      .optional()
      .describe('what each job trains (or fine_tune)'),
    fine_tune: fineTuneSchema.optional(),
    batch: z.strictObject({ tokens: z.number().positive().finite().describe('global batch, tokens per optimizer step') }).prefault({ tokens: 4_194_304 }),
    precision: precision.default('bf16'),
    mfu: fraction('model FLOPs utilisation (default per device class: GPU 0.40, TPU 0.46, CPU/FPGA 0.20)').optional(),
    overlap: fraction('fraction of compute that hides gradient all-reduce (default 2/3)', 1, { allowZero: true }).optional(),
    model_parallel: z.int().min(1).default(1).describe('devices per model replica (tensor × pipeline); gradients all-reduce across replicas'),
    expert_parallel: z
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        'expert parallelism for a mixture-of-experts card: data-parallel replicas that share out the routed experts; each step adds the dispatch and combine all-to-alls of every MoE layer, forward and backward, outside the MFU',
      ),
    data: z
      .strictObject({
        bytes_per_token: quantity('bytes', 'training data read per token (e.g. 4 B for token ids, more for multimodal)'),
        storage: storageChoice.default('local'),
      })
      .optional()
      .describe('check data loading per step against the storage; a slow store makes steps data-bound'),
  })
  .describe('training jobs: each asks for N devices and trains a model of `params` on `tokens`');

export const traceWorkload = z
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
        match_gpu_models: z.boolean().default(false).describe("enforce the trace's allowed GPU types (they must equal the pool's device profile ids); default: ignore them"),
        limit: z.int().min(1).optional().describe('replay at most this many jobs'),
        strict: z.boolean().default(false).describe('make bad rows fatal'),
      })
      .describe('the trace to replay'),
    hardware: profileId.optional().describe('device the trace ran on; runtimes scale by peak ratio when the pool differs'),
    precision: precision.default('bf16'),
    estimates: z.enum(['trace', 'exact']).default('trace').describe("what schedulers plan with: the trace's requested time, or the true runtime"),
  })
  .describe('a workload replayed from a trace');

export const dataWorkload = z
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

export const inferenceWorkload = z
  .strictObject({
    ...placementFields,
    kind: z.literal('inference').describe('an inference service: replicas with continuous batching'),
    model: servedModel.describe('the model served: a model card, or its figures'),
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
    sessions: conversationsSchema(arrivals).optional(),
    prefix_cache: prefixCacheSchema.optional(),
    api: z
      .strictObject({ offering: profileId.describe('a managed-API offering of token-apis/ (simulate apis lists them), e.g. groq-llama-3.3-70b') })
      .optional()
      .describe('buy the tokens: every request goes to a managed API (give no replicas)'),
    overflow: z
      .strictObject({
        offering: profileId.describe('a managed-API offering of token-apis/ (simulate apis lists them)'),
        queue_per_replica: z.number().min(0).max(1e6).describe('send a request to the API when more than this many requests per live replica already wait for a batch slot (0: whenever any waits)'),
      })
      .optional()
      .describe('self-host, and send requests to a managed API when the replicas queue too long (a 429 from the API keeps the request on the replicas)'),
    replicas: z
      .union([
        z.int().min(1).max(100_000),
        z.strictObject({
          min: z.int().min(0).max(100_000).describe('replicas always running (and at the start); 0 scales to zero, which needs cold_start'),
          max: z.int().min(1).max(100_000).describe('most replicas at once'),
          target_load: z.number().positive().max(1e6).default(32).describe('requests in flight (waiting or running) per replica the autoscaler aims for'),
          ttft_above: quantity('time', 'add a replica when the mean time to first token over the last interval exceeds this').optional(),
          scale_down_delay: quantity('time', 'remove a replica only after the load has stayed below the fleet this long', { allowZero: true }).prefault('5 min'),
          interval: quantity('time', 'how often the autoscaler looks').prefault('30 s'),
        }),
      ])
      .optional()
      .describe(
        'model replicas, each holding tensor_parallel devices while it lives: a number (fixed), or {min, max, target_load, ttft_above, scale_down_delay, interval} to autoscale on load and latency; absent with disaggregated',
      )
      .optional(),
    tensor_parallel: z.int().min(1).max(1024).default(1).describe('devices per replica (with expert_parallel: per attention data-parallel rank)'),
    expert_parallel: z
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        'expert parallelism for a mixture-of-experts card: devices per replica (EP size = tensor_parallel × attention data-parallel ranks, as vLLM --enable-expert-parallel and SGLang DP attention), the routed experts spread over them, a dispatch and a combine all-to-all per MoE layer; may span whole nodes; absent = every expert split by tensor_parallel',
      ),
    redundant_experts: z
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .describe(
        'with expert_parallel: extra expert copies placed for load balancing (EPLB; SGLang --ep-num-redundant-experts), so that routed + redundant divide evenly over expert_parallel devices; default 0',
      ),
    devices: replicaSlice.optional(),
    max_batch: z.int().min(1).max(100_000).default(256).describe('most sequences a replica decodes at once'),
    max_batch_tokens: z
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .describe(
        'chunked prefill: tokens one iteration processes at most (vLLM max_num_batched_tokens, TensorRT-LLM max_num_tokens); each decoding sequence counts one and prompts are prefilled in chunks of what is left; default unlimited',
      ),
    speculative: speculativeDecoding.optional(),
    slo: z
      .strictObject({ ttft: quantity('time', 'time-to-first-token target').optional(), tpot: quantity('time', 'time-per-output-token target').optional() })
      .default({})
      .describe('targets for SLO attainment'),
    disaggregated: z
      .strictObject({ prefill: servingPhase('prefill'), decode: servingPhase('decode') })
      .optional()
      .describe(
        "prefill and decode on separate replicas, the KV cache sent from one to the other over the node fabric (same site) or the link between the sites; tensor_parallel, max_batch and max_batch_tokens default to the workload's",
      ),
    ...serviceReachFields,
  })
  .refine(
    (w) =>
      [w.trace !== undefined, w.arrivals !== undefined && w.tokens !== undefined, w.sessions !== undefined].filter(Boolean).length === 1 &&
      (w.sessions === undefined || (w.arrivals === undefined && w.tokens === undefined)),
    {
      message: "give either 'trace', both 'arrivals' and 'tokens', or 'sessions'",
    },
  )
  .superRefine((w, ctx) => {
    if (w.replicas === undefined && w.disaggregated === undefined && w.api === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: "give 'replicas' (self-hosted, optionally with 'overflow'), 'disaggregated' with replicas per phase, or 'api' (every request to a managed API)",
      });
    if (w.disaggregated !== undefined && (w.api !== undefined || w.overflow !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: [w.api !== undefined ? 'api' : 'overflow'],
        message: 'a managed API is not modelled beside a disaggregated service: serve colocated to buy or overflow tokens',
      });
    if (w.replicas !== undefined && w.disaggregated !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: "a disaggregated service gives its replicas per phase: drop 'replicas' here, set disaggregated.prefill.replicas and disaggregated.decode.replicas",
      });
  })
  .refine((w) => w.replicas === undefined || w.api === undefined, {
    message: "give either 'replicas' (self-hosted, optionally with 'overflow') or 'api' (every request to a managed API)",
    path: ['replicas'],
  })
  .refine((w) => w.api === undefined || w.overflow === undefined, { message: "'overflow' needs replicas to overflow from: with 'api' every request goes to the API already", path: ['overflow'] })
  .describe('an inference service');
