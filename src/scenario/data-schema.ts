import { z } from 'zod';
import { fraction, quantity } from './quantity-schema.js';
import { name } from './name-schema.js';
import { sourceSchema } from './profile-schema.js';

/**
 * Top-level `streams:` (Kafka-like topics) and `lakes:` (data lakes and file systems), docs/pipelines.md,
 * "Streaming ingestion" and "Storage as capacity". Both optional: without them a scenario resolves and runs
 * exactly as before.
 */

const YEAR = 365.25 * 86_400;

const consumers = z
  .strictObject({
    pool: z.string().min(1).max(130).describe("pool of the stream's site the consumers run on: its name, or site/pool"),
    nodes: z.int().min(1).max(1_000_000).describe('nodes the consumer group holds for the whole run (one consumer per node), reserved like inference replicas'),
    rate_per_node: quantity('byteRate', 'bytes one consumer processes per second'),
  })
  .describe('the consumer group: capacity = min(nodes, partitions) × rate_per_node (a partition is read by one consumer at a time)');

export const streamSchema = z
  .strictObject({
    name: name.describe('stream (topic) name'),
    site: name.describe('site of the brokers'),
    rate: quantity('byteRate', "mean ingest rate, e.g. '40 GB/h'"),
    diurnal: z
      .strictObject({
        amplitude: fraction('relative daily swing: the rate runs from (1 − amplitude) to (1 + amplitude) × the mean', 1, { allowZero: true }),
        peak_hour: z.number().min(0).max(24).describe('hour of day (0–24) of the peak; t = 0 is midnight'),
      })
      .optional()
      .describe("the diurnal arrival's shape: rate × (1 + amplitude × cos(2π (t/day − peak_hour/24)))"),
    monthly_growth: fraction('growth of the rate per month, compounding', 10, { allowZero: true }).optional(),
    partitions: z.int().min(1).max(1_000_000).describe('partitions of the topic (most consumers reading at once)'),
    retention: quantity('time', 'how long the brokers keep each byte', { max: 100 * YEAR }),
    replication: z.int().min(1).max(16).default(3).describe('broker copies of each byte (Kafka replication.factor)'),
    broker_storage: z
      .strictObject({
        price: quantity('moneyPerByteTime', "price of broker disk per byte-month, e.g. '0.08 USD/GB/month'", { allowZero: true }),
        source: sourceSchema.describe('where the price comes from (url, title, note with kind LIST PRICE/QUOTE/ESTIMATE and date)'),
      })
      .optional()
      .describe('what broker disk costs (absent: broker storage is reported, NOT priced, and the summary says so)'),
    consumers,
    sink: z
      .strictObject({
        lake: name.describe('lake the processed bytes are written to'),
        ratio: z.number().positive().max(1000).default(1).describe('bytes written per byte processed (compression < 1, expansion > 1)'),
      })
      .optional()
      .describe('where the processed bytes go'),
  })
  .describe('a stream of data arriving continuously (a Kafka-like topic)');

const tier = z
  .strictObject({
    name: name.describe('tier name, e.g. nvme, standard, cold, archive'),
    price: quantity('moneyPerByteTime', "storage price per raw byte-month, e.g. '0.023 USD/GB/month' (owned lakes: optional, their capacity purchases carry the cost)", { allowZero: true }).optional(),
    retrieval: quantity('moneyPerByte', 'price per byte read back', { allowZero: true }).prefault('0 USD/GB'),
    requests: z.number().min(0).max(1e6).default(0).describe('USD per 1000 requests (PUT on write and transition, GET on read)'),
    reads: quantity('byteRate', 'bytes read back from the tier per second', { allowZero: true }).prefault('0 B/s'),
    source: sourceSchema.optional().describe('where the prices come from (url, title, note with kind LIST PRICE/QUOTE/ESTIMATE and date); required with a price'),
  })
  .refine((t) => t.price === undefined || t.price === 0 || t.source !== undefined, { message: 'has a price without a source: give source {url, title, note}', path: ['source'] });

const redundancy = z
  .union([
    z.strictObject({ replication: z.int().min(1).max(16).describe('copies of each byte (HDFS: 3)') }),
    z.strictObject({
      erasure: z
        .strictObject({ data: z.int().min(1).max(64).describe('data fragments'), parity: z.int().min(0).max(64).describe('parity fragments') })
        .describe('erasure coding, e.g. {data: 8, parity: 3}'),
    }),
  ])
  .describe('raw bytes per logical byte: {replication: n} (n×) or {erasure: {data: d, parity: p}} ((d + p)/d×); cloud object tiers: {replication: 1}, their durability is in the price');

export const lakeSchema = z
  .strictObject({
    name: name.describe('lake name'),
    site: name.describe('site the lake is on'),
    initial: quantity('bytes', 'logical bytes held at the start', { allowZero: true }).prefault('0 B'),
    initial_spread: quantity('time', "the initial bytes' ages are spread evenly over [0, this) at the start (default: the retention, a lake in steady state; without one, 0: all new)", {
      allowZero: true,
      max: 100 * YEAR,
    }).optional(),
    redundancy,
    retention: quantity('time', 'data older than this is deleted (absent: kept for ever)', { max: 100 * YEAR }).optional(),
    object_size: quantity('bytes', 'bytes per object, for request charges (default 128 MB, an assumption)').prefault('128 MB'),
    tiers: z.array(tier).min(1).max(16).describe('storage tiers; new data lands in the first'),
    lifecycle: z
      .array(z.strictObject({ after: quantity('time', 'age at which data moves', { max: 100 * YEAR }), to: name.describe('tier it moves to') }))
      .max(16)
      .default([])
      .describe('lifecycle rules: data of this age moves to that tier (ages increasing, each below the retention)'),
    capacity_purchase: z
      .strictObject({
        increment: quantity('bytes', 'raw capacity per order'),
        lead_time: quantity('time', 'from order to usable capacity', { allowZero: true }),
        price: quantity('moneyPerByte', "price per raw byte bought, e.g. '25 USD/TB'", { allowZero: true }),
        buy_when: fraction('order when the need expected at delivery passes this share of installed + ordered capacity').default(0.8),
        installed: quantity('bytes', 'raw capacity installed at the start (paid at the start like an order)', { allowZero: true }).prefault('0 B'),
        source: sourceSchema.describe('where the price comes from (url, title, note with kind and date)'),
      })
      .optional()
      .describe('owned storage (an on-prem or edge site): capacity bought ahead of need'),
  })
  .describe('a data lake or file system: size over the planning horizon in closed form, priced by tier');

export type StreamInput = z.output<typeof streamSchema>;
export type LakeInput = z.output<typeof lakeSchema>;
