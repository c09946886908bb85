import { z } from 'zod';
import { precisions } from '../model/types.js';
import { name } from './name-schema.js';
import { profileId, sourceSchema } from './profile-schema.js';
import { distribution, fraction, quantity } from './quantity-schema.js';

/** A `kind: federated` workload (docs/pipelines.md, "Federated learning"): rounds over edge clients, aggregation on a central pool. */
const precision = z.enum(precisions);

const clients = z
  .strictObject({
    count: z.int().min(1).max(1_000_000).describe('clients in the population'),
    site: name.describe('the site the clients sit at (usually an edge site): their updates leave it, the model arrives at it'),
    device: profileId.describe("the clients' accelerator or CPU, a device profile: the catalog's (simulate profiles lists them) or one declared under profiles:, e.g. an edge GPU or a Jetson"),
    uplink: distribution('byteRate', 'upload bandwidth of one client, drawn once per client'),
    downlink: distribution('byteRate', 'download bandwidth of one client, drawn once per client'),
    speed: distribution('count', "multiplier of the device's compute rate per client, drawn once per client (heterogeneous clients)").optional(),
    availability: fraction('mean fraction of clients online when a round starts'),
    diurnal: z
      .strictObject({
        amplitude: fraction('relative daily swing of availability', 1, { allowZero: true }),
        peak_hour: z.number().min(0).max(24).default(2).describe('hour of the most clients online (t = 0 is midnight)'),
      })
      .optional()
      .describe('availability follows a daily cycle: availability·(1 + amplitude·cos(2π(t/day − peak_hour/24))), clipped to [0, 1]'),
    dropout: fraction('probability a selected client drops before reporting', 1, { allowZero: true }),
    power: quantity('power', "a client device's draw while it computes (default: the device profile's max power)").optional(),
    energy_price: quantity('moneyPerEnergy', "price of the clients' electricity; absent: client energy is counted but not priced (stated as an assumption)", { allowZero: true }).optional(),
  })
  .describe('the client population');

const model = z
  .strictObject({
    card: profileId.optional().describe('a model card of models/ (its params)'),
    params: z.number().positive().finite().optional().describe('parameters of the model the clients train (without a card)'),
    precision: precision.default('fp32').describe('precision of the weights sent: 4 bytes per parameter for fp32, 2 for bf16'),
    compression: z.number().min(1).max(1e6).default(1).describe('update compression ratio (quantisation, sparsification): update bytes = params × bytes per parameter ÷ compression'),
    update_bytes: quantity('bytes', 'bytes each client uploads per round, given outright (e.g. LoRA adapters); overrides params × precision ÷ compression').optional(),
    download_bytes: quantity('bytes', 'bytes each client downloads per round (default: params × bytes per parameter, uncompressed)').optional(),
    source: sourceSchema.optional().describe('where params or the byte sizes come from'),
  })
  .refine((m) => (m.card === undefined) !== (m.params === undefined), { message: "give either 'card' or 'params'" })
  .describe('the model each round trains');

const local = z
  .strictObject({
    flops_per_sample: quantity('flops', 'training FLOP per sample (forward and backward)').optional(),
    samples: z.number().positive().finite().optional().describe('samples each client trains on per round'),
    steps: z.int().min(1).optional().describe('local optimizer steps per round (with batch)'),
    batch: z.int().min(1).optional().describe('samples per local step (with steps)'),
    epochs: z.number().positive().finite().optional().describe('passes over the local dataset per round (with dataset_samples)'),
    dataset_samples: z.number().positive().finite().optional().describe("samples in a client's local dataset (with epochs)"),
    tokens: z.number().positive().finite().optional().describe('a language model: tokens each client trains on per round; FLOP = 6·N·tokens (full) or 4·N·tokens (lora)'),
    fine_tuning: z.enum(['full', 'lora']).default('full').describe('with tokens: full fine-tuning (6·N FLOP per token) or LoRA (4·N: the frozen weights need no weight gradients)'),
    precision: precision.default('fp16'),
    mfu: fraction('fraction of the device peak local training reaches (default per device class: GPU 0.40, CPU 0.20; an assumption for small devices)').optional(),
    source: sourceSchema.optional().describe('where flops_per_sample comes from'),
  })
  .superRefine((l, ctx) => {
    const forms = [l.samples !== undefined, l.steps !== undefined && l.batch !== undefined, l.epochs !== undefined && l.dataset_samples !== undefined].filter(Boolean).length;
    if (l.tokens !== undefined) {
      if (forms > 0 || l.flops_per_sample !== undefined)
        ctx.addIssue({ code: 'custom', path: ['tokens'], message: "give either 'tokens' (a language model: FLOP from the parameters) or 'flops_per_sample' with samples, not both" });
    } else if (l.flops_per_sample === undefined) {
      ctx.addIssue({ code: 'custom', message: "give 'flops_per_sample' with 'samples', 'steps' with 'batch', or 'epochs' with 'dataset_samples'; or 'tokens' for a language model" });
    } else if (forms !== 1) {
      ctx.addIssue({ code: 'custom', message: "give exactly one of 'samples', 'steps' with 'batch', or 'epochs' with 'dataset_samples'" });
    }
  })
  .describe('local training per round: FLOP = flops_per_sample × samples, or 6·N·tokens (4·N·tokens with LoRA)');

export const federatedWorkload = z
  .strictObject({
    name,
    kind: z.literal('federated').describe('federated learning: rounds over edge clients, aggregation on a central pool'),
    site: name.optional().describe('site of the aggregation pool (default: the only site)'),
    pool: name.optional().describe('the aggregation pool within that site (default: its only pool)'),
    priority: z.int().min(-999).max(999).default(0).describe('priority of the aggregation jobs'),
    team: name.optional().describe('team that owns the workload'),
    tags: z.array(z.string().min(1).max(64)).max(64).default([]).describe('labels (residency rules apply to the aggregation pool)'),
    clients,
    model,
    local,
    per_round: z.int().min(1).describe('clients selected per round among those online'),
    min_reports: z.int().min(1).describe('updates a round needs to count; fewer and the round fails'),
    round_deadline: quantity('time', 'clients still working this long after the round started are dropped as stragglers (absent: the round waits for the slowest)').optional(),
    selection: z.enum(['random', 'fastest']).default('random').describe('random: uniform among the online clients; fastest: the online clients of shortest expected round time'),
    every: quantity('time', 'start a round on this schedule (a round still running at a tick delays the next to its end); absent: back-to-back').optional(),
    retry_after: quantity('time', 'wait before the next round when fewer than min_reports clients were online').prefault('10 min'),
    max_rounds: z.int().min(1).optional().describe('stop after this many rounds'),
    aggregation: z
      .strictObject({
        devices: z.int().min(1).max(100_000).default(1).describe('devices the aggregation job holds'),
        flops: quantity('flops', 'FLOP per round besides the per-update work (evaluation, optimizer step)', { allowZero: true }).prefault('0 FLOP'),
        flops_per_report: quantity('flops', 'FLOP per received update (default: 2 × params, a weighted sum of the updates as FedAvg)').optional(),
        precision: precision.default('fp32'),
        efficiency: fraction('fraction of the usable peak the aggregation reaches').prefault(0.4),
      })
      .prefault({})
      .describe('the aggregation job each round runs on the central pool'),
  })
  .superRefine((w, ctx) => {
    if (w.per_round > w.clients.count) ctx.addIssue({ code: 'custom', path: ['per_round'], message: `selects ${w.per_round} clients but there are only ${w.clients.count}` });
    if (w.min_reports > w.per_round) ctx.addIssue({ code: 'custom', path: ['min_reports'], message: `needs ${w.min_reports} updates but only ${w.per_round} clients are selected per round` });
  })
  .describe('federated learning rounds');
