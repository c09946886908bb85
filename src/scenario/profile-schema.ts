import { z } from 'zod';
import { quantity } from './quantity-schema.js';
import { computeDeviceKinds, networkClasses, precisions } from '../model/profile-types.js';

/**
 * Schema of a hardware profile file (docs/hardware-profiles.md). Upper bounds reject absurd values:
 * they sit an order of magnitude or more above anything shipping today.
 */

const TB = 1e12;
export const sourceSchema = z.strictObject({
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
    .describe('public document the figure comes from'),
  title: z.string().min(1).describe('title of the document'),
  note: z.string().optional().describe('how the figure was derived, if not printed verbatim'),
});
/** A profile's source may also be a local file: the measured points a profile written by simulate calibrate was fitted on. */
const profileSourceSchema = sourceSchema.extend({
  url: z
    .string()
    .regex(/^(https?:\/\/|file:\/\/\/)\S+$/, 'must be an http(s) URL (or a file:/// URL: measured points of your own, as simulate calibrate writes)')
    .describe('public document the figure comes from (file:///…: a local file, e.g. the measured points a calibrated profile was fitted on)'),
});

export const profileId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lower-case letters, digits, dots and dashes')
  .max(80)
  .describe('profile id: the file name without .yaml');

const base = {
  id: profileId,
  name: z.string().min(1).describe('human-readable name'),
  vendor: z.string().min(1).describe('maker or cloud provider'),
  released: z.int().min(1970).max(2100).optional().describe('year of release'),
  sources: z.record(z.string(), profileSourceSchema).default({}).describe('dotted field path (or a prefix of it) → source; every number in a catalog file needs one'),
};

const power = z.strictObject({
  idle: quantity('power', 'typical idle draw', { max: 1e6 }).optional(),
  max: quantity('power', 'TDP or maximum power', { max: 1e6 }),
});

const price = quantity('money', 'purchase price per unit', { max: 1e8 }).optional();
const peakPerDevice = quantity('flopRate', 'dense peak', { max: 1e17 });

const partitionProfile = z.strictObject({
  name: z
    .string()
    .regex(/^\d+g\.\d+gb(\+me)?$/, "must be NVIDIA's MIG profile name, e.g. 1g.10gb or 7g.80gb")
    .describe('MIG profile name'),
  compute_slices: z.int().min(1).max(64).describe('compute slices this instance gets'),
  memory_slices: z.int().min(1).max(64).describe('memory slices this instance gets'),
  memory: quantity('bytes', 'device memory the instance sees', { max: 100 * TB }),
  max_instances: z.int().min(1).max(64).describe('most instances of this profile on one GPU'),
});
const partitioning = z
  .strictObject({
    compute_slices: z.int().min(1).max(64).describe('compute slices the whole GPU has (7 on A100/H100/H200/B200)'),
    memory_slices: z.int().min(1).max(64).describe('memory slices the whole GPU has (8 on A100/H100/H200/B200)'),
    profiles: z.array(partitionProfile).min(1),
  })
  .refine((p) => p.profiles.every((q) => q.compute_slices <= p.compute_slices && q.memory_slices <= p.memory_slices), 'a profile cannot have more slices than the GPU')
  .describe('Multi-Instance GPU partitions');

const mapePair = z.strictObject({
  before: z.number().min(0).describe("% with the base profile's factors"),
  after: z.number().min(0).describe('% with the fitted factors'),
});
/** Provenance of a profile written by `simulate calibrate`: the measured points, the fit and its error. */
const calibrationSchema = z.strictObject({
  tool: z.string().min(1).describe('the simulate version that fitted the figures'),
  base_profile: profileId.describe('the profile the fit started from'),
  points: z.string().min(1).describe('file name of the measured points (CSV)'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')
    .describe('sha256 of the CSV as read'),
  date: z.iso.date().describe('day of the fit, YYYY-MM-DD'),
  holdout: z.string().min(1).describe('how rows were held out of the fit'),
  rows_fitted: z.int().min(1),
  rows_held_out: z.int().min(0),
  factors: z.record(z.string(), z.strictObject({ before: z.number().gt(0).max(1), after: z.number().gt(0).max(1) })).describe('efficiency field → its value before and after the fit'),
  mape_fitted: mapePair.describe('mean absolute percentage error on the fitted rows'),
  mape_held_out: mapePair.optional().describe('the same on the held-out rows, predicted and never fitted'),
});

export const computeDeviceSchema = z.strictObject({
  ...base,
  kind: z.enum(computeDeviceKinds).describe('asic: NPUs and cloud accelerators that are neither GPUs nor TPUs (Gaudi, Trainium)'),
  peak: z
    .partialRecord(z.enum(precisions), peakPerDevice)
    .refine((p) => Object.keys(p).length > 0, 'needs at least one precision')
    .describe('dense peak throughput per precision'),
  peak_sparse: z.partialRecord(z.enum(precisions), peakPerDevice).optional().describe('structured-sparsity (2:4) peaks as printed by the vendor: for reference only, the model never uses them'),
  partitioning: partitioning.optional(),
  memory: z
    .strictObject({
      capacity: quantity('bytes', 'device memory', { max: 100 * TB }).optional(),
      bandwidth: quantity('byteRate', 'peak memory bandwidth', { max: 1000 * TB }),
    })
    .optional(),
  power: power.optional().describe('omit when the vendor publishes none (e.g. TPUs); never guess'),
  price,
  interconnect: z.strictObject({ bandwidth: quantity('byteRate', 'scale-up link bandwidth per device', { max: 1000 * TB }) }).optional(),
  cores: z.int().min(1).max(100_000).optional().describe('CPU cores per socket'),
  mtbf: quantity('time', 'mean time between job-interrupting failures per device, in service', { max: 1e10 * 3600 }).optional(),
  efficiency: z
    .strictObject({
      inference_compute: z.number().gt(0).max(1).optional().describe('fraction of the usable compute peak inference achieves'),
      inference_memory: z.number().gt(0).max(1).optional().describe('fraction of the memory bandwidth inference achieves (MBU)'),
      training_mfu: z
        .number()
        .gt(0)
        .max(1)
        .optional()
        .describe('model FLOPs utilisation training achieves: 6·N·tokens per second over the dense peak at the run\'s precision (sources["efficiency.training_mfu"] names the result)'),
      collective: z
        .number()
        .gt(0)
        .max(1)
        .optional()
        .describe("fraction of the scale-up and scale-out links' bandwidth the device's collectives (all-reduce, all-to-all) reach; absent: the links as published (fitted by simulate calibrate)"),
      moe_inference: z
        .number()
        .gt(0)
        .max(1)
        .optional()
        .describe(
          'fraction of the dense inference figures (inference_compute, inference_memory) a mixture-of-experts model\'s iterations reach: expert kernels, routing and imbalance; fitted on one published MoE deployment (sources["efficiency.moe_inference"] names it)',
        ),
    })
    .refine((e) => Object.keys(e).length > 0, 'needs at least one fraction')
    .optional()
    .describe('achieved fractions of peak fitted on one published result (sources.efficiency names it); absent: the defaults of the device kind'),
  calibration: calibrationSchema.optional().describe('written by simulate calibrate: how the efficiency figures were fitted to measured points (docs/calibration.md)'),
});

export const storageSchema = z.strictObject({
  ...base,
  kind: z.literal('storage'),
  class: z.enum(['nvme', 'parallel-fs', 'object-store']),
  capacity: quantity('bytes', 'capacity per device', { max: 10_000 * TB }).optional(),
  read_bandwidth: quantity('byteRate', 'sequential read bandwidth', { max: 100 * TB }),
  write_bandwidth: quantity('byteRate', 'sequential write bandwidth', { max: 100 * TB }).optional(),
  latency: quantity('time', 'typical read latency', { max: 10 }).optional(),
  power: power.optional(),
  price,
  price_per_gb_month: quantity('moneyPerByteTime', 'storage price', { max: 1e-12 }).optional(),
  efficiency: z
    .strictObject({
      storage: z.number().gt(0).max(1).describe('fraction of the published read and write bandwidth a workload reaches (fio, IOR, a data loader); fitted by simulate calibrate'),
    })
    .optional()
    .describe('achieved fraction of the published bandwidth (sources["efficiency.storage"] names the measurements); absent: as published'),
  calibration: calibrationSchema.optional().describe('written by simulate calibrate: how efficiency.storage was fitted to measured points (docs/calibration.md)'),
});

export const networkSchema = z.strictObject({
  ...base,
  kind: z.literal('network'),
  class: z.enum(networkClasses).describe('scale-out fabric (infiniband, ethernet) or scale-up link (nvlink, infinity-fabric, ici, neuronlink)'),
  bandwidth: quantity('byteRate', 'per port, one direction', { max: 100 * TB }),
  latency: quantity('time', 'port-to-port latency', { max: 1 }).optional(),
  power: power.optional(),
  price,
  ports: z.int().min(1).max(4096).optional().describe('a switch: ports of `bandwidth` each (its price is then per switch)'),
});

const component = z.strictObject({
  profile: profileId.describe('id of a device profile'),
  count: z.int().min(1).max(100_000).describe('how many'),
});

const nodeFields = {
  ...base,
  accelerators: component.optional().describe('accelerators (GPU/TPU/FPGA)'),
  cpus: component.optional().describe('CPU sockets (optional on accelerator nodes whose host CPU is not published)'),
  memory: z.strictObject({ capacity: quantity('bytes', 'host memory', { max: 1000 * TB }) }).optional(),
  storage: z.array(component).default([]),
  network: z.array(component.extend({ role: z.enum(['compute', 'storage', 'management']) })).default([]),
  scale_up: z
    .strictObject({
      profile: profileId,
      domain_nodes: z.int().min(1).max(4096).default(1).describe('nodes this scale-up fabric joins into one domain: 18 for the trays of an NVL72 rack, 1 for an 8-GPU board'),
    })
    .optional(),
  power: power.optional(),
  cooling: z.enum(['air', 'liquid']).optional().describe('liquid when the system cannot be air-cooled'),
  price: quantity('money', 'node purchase price; 0 needs price_reason', { allowZero: true, max: 1e9 }).optional(),
  price_reason: z.string().min(1).max(200).optional().describe('why the price is what it is, e.g. donated; required when it is 0, printed in cost_analysis.basis'),
};

const needsDevices = {
  check: (n: { accelerators?: unknown; cpus?: unknown }) => n.accelerators !== undefined || n.cpus !== undefined,
  message: "needs 'accelerators' or 'cpus': something to schedule",
};
/** Hardware is never free by accident: a price of 0 says why. */
const freeSaysWhy = {
  check: (n: { price?: number | undefined; price_reason?: string | undefined }) => n.price !== 0 || n.price_reason !== undefined,
  params: { message: 'is 0 USD without a price_reason: say why the hardware is free (e.g. price_reason: donated), or give its price', path: ['price'] },
};
export const nodeSchema = z
  .strictObject({ ...nodeFields, kind: z.literal('node') })
  .refine(needsDevices.check, needsDevices.message)
  .refine(freeSaysWhy.check, freeSaysWhy.params);

const hourly = (what: string) => quantity('moneyRate', what, { max: 10_000 / 3600 }).optional();
export const cloudInstanceSchema = z
  .strictObject({
    ...nodeFields,
    kind: z.literal('cloud-instance'),
    provider: z.enum(['aws', 'gcp', 'azure', 'oci', 'other']),
    region: z.string().min(1),
    pricing: z
      .strictObject({
        on_demand: hourly('on-demand price per instance-hour'),
        reserved_1y: hourly('effective hourly price with a 1-year commitment'),
        reserved_3y: hourly('effective hourly price with a 3-year commitment'),
        spot: hourly('spot/preemptible price snapshot'),
      })
      .refine((p) => Object.keys(p).length > 0, 'needs at least one price'),
    billing: z
      .strictObject({
        increment: quantity('time', 'billing increment', { max: 86_400 }),
        minimum: quantity('time', 'minimum charge', { allowZero: true, max: 86_400 }),
      })
      .optional(),
    price_as_of: z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM')
      .optional(),
  })
  .refine(needsDevices.check, needsDevices.message)
  .refine(freeSaysWhy.check, freeSaysWhy.params);

export const profileSchema = z.discriminatedUnion('kind', [computeDeviceSchema, storageSchema, networkSchema, nodeSchema, cloudInstanceSchema]);

export type ProfileInput = z.output<typeof profileSchema>;
