/** Hardware profiles as the model uses them: devices, storage, networks and nodes, in canonical units. */

export const precisions = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'fp6', 'fp4', 'int8', 'int4'] as const;
export type Precision = (typeof precisions)[number];

export interface Source {
  readonly url: string;
  readonly title: string;
  readonly note?: string;
}

interface ProfileBase {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly released?: number;
  readonly sources: Readonly<Record<string, Source>>;
}

export interface Power {
  /** W */
  readonly idle?: number;
  /** W, TDP or maximum board/node power */
  readonly max: number;
}

/** Kinds of compute device: `asic` covers NPUs and cloud accelerators that are neither GPUs nor TPUs (Gaudi, Trainium). */
export const computeDeviceKinds = ['cpu', 'gpu', 'tpu', 'asic', 'fpga'] as const;
export type ComputeDeviceKind = (typeof computeDeviceKinds)[number];

/** One MIG-style partition profile of a GPU: a named share of its compute and memory slices. */
export interface PartitionProfile {
  /** NVIDIA's name, e.g. `1g.10gb` */
  readonly name: string;
  /** compute slices of the GPU's `computeSlices` this instance gets */
  readonly computeSlices: number;
  /** memory slices of the GPU's `memorySlices` this instance gets */
  readonly memorySlices: number;
  /** bytes of device memory the instance sees */
  readonly memory: number;
  /** most instances of this profile one GPU can hold */
  readonly maxInstances: number;
}

/** How a GPU splits into isolated instances (NVIDIA Multi-Instance GPU). */
export interface DevicePartitioning {
  readonly computeSlices: number;
  readonly memorySlices: number;
  readonly profiles: readonly PartitionProfile[];
}

export interface ComputeDeviceProfile extends ProfileBase {
  readonly kind: ComputeDeviceKind;
  /** Dense peak throughput per precision, FLOP/s (ops/s for integer precisions). */
  readonly peak: Readonly<Partial<Record<Precision, number>>>;
  /** Structured-sparsity peaks as the vendor prints them: listed for reference, never used by the model. */
  readonly peakSparse?: Readonly<Partial<Record<Precision, number>>>;
  /** MIG partitions, where the GPU supports them */
  readonly partitioning?: DevicePartitioning;
  readonly memory?: { readonly capacity?: number; readonly bandwidth: number };
  /** absent when the vendor publishes no figure */
  readonly power?: Power;
  /** USD per unit */
  readonly price?: number;
  /** Scale-up link bandwidth per device, bytes/s. */
  readonly interconnect?: { readonly bandwidth: number };
  readonly cores?: number;
  /** s, mean time between job-interrupting failures of one device in service (default for `failures`) */
  readonly mtbf?: number;
  /** achieved fractions of peak fitted on a published result (`sources.efficiency` names it); absent: the kind's defaults */
  readonly efficiency?: DeviceEfficiency;
}

/** Fractions of a device's peaks its software stack achieves, fitted on one published result. */
export interface DeviceEfficiency {
  /** inference: fraction of the usable compute peak (see `computeRate`) the matrix work achieves */
  readonly inferenceCompute?: number;
  /** inference: fraction of the memory bandwidth weight and KV-cache reads achieve (MBU) */
  readonly inferenceMemory?: number;
  /** training: model FLOPs utilisation (6·N·D over the usable dense peak), fitted on one published step time */
  readonly trainingMfu?: number;
  /** fraction of the scale-up and scale-out links' bandwidth the collectives (all-reduce, all-to-all) reach; absent: the links as published */
  readonly collective?: number;
  /**
   * inference of a mixture-of-experts model: the fraction of the dense figures above (compute and memory) its
   * iterations reach, fitted on one published MoE deployment; absent: `defaultMoeInferenceEfficiency`
   */
  readonly moeInference?: number;
}

export interface StorageProfile extends ProfileBase {
  readonly kind: 'storage';
  readonly class: 'nvme' | 'parallel-fs' | 'object-store';
  readonly capacity?: number;
  readonly read_bandwidth: number;
  readonly write_bandwidth?: number;
  readonly latency?: number;
  readonly power?: Power;
  readonly price?: number;
  /** USD per byte per second (from USD/GB/month) */
  readonly price_per_gb_month?: number;
  /** fraction of the published read and write bandwidth a workload reaches (fitted by `simulate calibrate`); absent: as published */
  readonly efficiency?: { readonly storage?: number };
}

/** Scale-out fabrics (`infiniband`, `ethernet`) and the scale-up links that join accelerators (`nvlink`, AMD `infinity-fabric`, Google TPU `ici`, AWS `neuronlink`). */
export const networkClasses = ['infiniband', 'ethernet', 'nvlink', 'infinity-fabric', 'ici', 'neuronlink'] as const;
export type NetworkClass = (typeof networkClasses)[number];

export interface NetworkProfile extends ProfileBase {
  readonly kind: 'network';
  readonly class: NetworkClass;
  /** bytes/s per port, one direction */
  readonly bandwidth: number;
  readonly latency?: number;
  readonly power?: Power;
  readonly price?: number;
  /** a switch: ports of `bandwidth` each (absent on adapters and transceivers) */
  readonly ports?: number;
}

export interface Component<P> {
  readonly profile: P;
  readonly count: number;
}

export interface NodeProfile extends ProfileBase {
  readonly kind: 'node' | 'cloud-instance';
  readonly accelerators?: Component<ComputeDeviceProfile>;
  /** CPU sockets; absent on accelerator nodes whose host CPU is not published */
  readonly cpus?: Component<ComputeDeviceProfile>;
  readonly memory?: { readonly capacity: number };
  readonly storage: readonly Component<StorageProfile>[];
  readonly network: readonly (Component<NetworkProfile> & { readonly role: 'compute' | 'storage' | 'management' })[];
  /**
   * The scale-up fabric. `domainNodes` is how many of these nodes it joins into one domain: 1 for an
   * 8-GPU HGX board, 18 for the compute trays of a GB200 NVL72 rack, 4 for a Trainium2 UltraServer.
   */
  readonly scale_up?: { readonly profile: NetworkProfile; readonly domainNodes: number };
  readonly power?: Power;
  /** `liquid` when the system cannot be air-cooled (GB200/GB300 NVL72); absent when unpublished */
  readonly cooling?: 'air' | 'liquid';
  readonly price?: number;
  /** why the price is what it is (required when it is 0: free hardware says why) */
  readonly price_reason?: string;
  readonly provider?: string;
  readonly region?: string;
  /** USD/s per instance */
  readonly pricing?: Readonly<Partial<Record<'on_demand' | 'reserved_1y' | 'reserved_3y' | 'spot', number>>>;
  readonly billing?: { readonly increment: number; readonly minimum: number };
  readonly price_as_of?: string;
}

export type DeviceProfile = ComputeDeviceProfile | StorageProfile | NetworkProfile;
export type Profile = DeviceProfile | NodeProfile;
