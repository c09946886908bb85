/**
 * What a trace row becomes. Readers fill only the fields their source provides (see each reader's header
 * for the mapping); every time is in seconds and every size in bytes, so nothing downstream sees a unit.
 */

/** What `TraceJob.devices` counts: GPUs (GPU cluster traces), or processors/cores (HPC logs such as SWF). */
export type DeviceKind = 'gpu' | 'cpu';

/** One batch job (or task/pod) of a cluster trace. */
export interface TraceJob {
  /** the source's id (SWF job number, pod name, `job/task`, …); unique only if the source's is */
  id: string;
  /** s, relative to the trace origin (each reader documents its origin); never re-sorted by readers */
  submit: number;
  /** devices held while running: whole devices, a fraction (< 1) for a shared GPU, 0 for a CPU-only row */
  devices: number;
  deviceKind: DeviceKind;
  /** a GPU-trace row that asks for no GPU (devices 0); kept so callers can count or filter it */
  cpuOnly: boolean;
  /** s, actual run time on the original system (end − start) */
  runtime?: number;
  /** s, the user's run-time estimate / wall-time limit */
  requestedTime?: number;
  /** devices the user asked for when the source records it apart from the allocation (SWF field 8) */
  requestedDevices?: number;
  /** s, queueing delay recorded on the original system (start − submit); for validation, not for replay */
  recordedWait?: number;
  /** device-seconds of work on the reference device (e.g. GPU-hours × 3600), when the source gives work, not time */
  work?: number;
  /** machines spanned (Helios node_num, Philly machines of the first attempt) */
  nodes?: number;
  /** gang size: instances started together (PAI inst_num); devices is the total over all instances */
  instances?: number;
  /** vCPU cores requested for the whole job */
  cpus?: number;
  /** bytes of main memory requested for the whole job */
  memory?: number;
  /** allowed (or, for PAI, assigned) GPU types; absent = any */
  gpuModel?: readonly string[];
  user?: string;
  group?: string;
  /** queue or virtual cluster (SWF queue, Philly/Helios vc) */
  queue?: string;
  partition?: string;
  priority?: string;
  /** Kubernetes QoS class (Alibaba) */
  qos?: string;
  /** final state in the source's own words (SWF codes mapped to words, see read-swf.ts) */
  status?: string;
  /** scheduling attempts on the original system (Philly) */
  attempts?: number;
  /** 1-based line of the row in the (decompressed) file; for JSON, the line where the element starts */
  line: number;
}

/** One LLM inference request of a request trace. */
export interface TraceRequest {
  /** s, relative to the trace origin (Azure: the first request) */
  submit: number;
  /** prompt length, tokens (prefill) */
  inputTokens: number;
  /** generated length, tokens (decode) */
  outputTokens: number;
  /** the conversation it belongs to, when the trace has a `session` column (prefix caching reuses its earlier turns) */
  session?: string;
  /** 1-based line in the file */
  line: number;
}

/** Anything the time transforms can act on. */
export interface Timed {
  submit: number;
}
