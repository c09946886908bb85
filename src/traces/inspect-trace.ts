import { applyTransforms, type TraceTransform } from './apply-transforms.js';
import { CountTable, type ValueCount } from './count-table.js';
import { DistributionCollector, type DistributionSummary } from './distribution-collector.js';
import { sourceName } from './issue-sink.js';
import { readJobTrace, readRequestTrace, type JobTraceSpec, type RequestTraceSpec, type TraceFormat } from './read-trace.js';
import type { SwfHeader } from './read-swf.js';
import { TraceDiagnostics, type TraceIssueCount } from './trace-diagnostics.js';
import type { TraceIssue } from './trace-issue.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';
import type { DeviceKind, TraceJob } from './trace-record.js';

export interface InspectOptions extends Pick<TraceReadOptions, 'strict' | 'onIssue' | 'name'> {
  /** Applied to jobs before they are summarised (rows read/kept still count the reader's output). */
  readonly transforms?: readonly TraceTransform[];
  /** Issues kept as examples per reason (default 5). */
  readonly maxExamples?: number;
}

/** Arrival times of the kept records (after transforms). */
export interface TraceTimeSpan {
  /** s, smallest submit */
  readonly first: number;
  /** s, largest submit */
  readonly last: number;
  /** s, last − first */
  readonly span: number;
  /** per s: (records − 1) / span, the reciprocal of the mean inter-arrival time; 0 if span is 0 */
  readonly arrivalRate: number;
}

export interface JobInspection {
  readonly deviceKind: DeviceKind | 'mixed';
  /** count per device value, ascending (fractions for shared GPUs) */
  readonly devices: readonly ValueCount<number>[];
  /** GPU-trace rows asking for no GPU */
  readonly cpuOnly: number;
  /** s, distribution of actual runtimes */
  readonly runtime?: DistributionSummary;
  /** s, distribution of user estimates */
  readonly requestedTime?: DistributionSummary;
  /** s, queueing delay recorded on the original system */
  readonly recordedWait?: DistributionSummary;
  /** jobs whose runtime exceeds their requested time */
  readonly runtimeOverRequest: number;
  /** device-seconds: Σ devices × runtime */
  readonly deviceSeconds: number;
  /** devices busy on average if every job ran on arrival: deviceSeconds / span (0 if span is 0) */
  readonly offeredLoad: number;
  readonly users: number;
  readonly groups: number;
  readonly queues: number;
  /** true when more distinct users/queues were seen than are counted (100,000) */
  readonly distinctCapped: boolean;
  readonly statuses: readonly ValueCount<string>[];
  readonly queueSizes: readonly ValueCount<string>[];
  readonly qos: readonly ValueCount<string>[];
  readonly gpuModels: readonly ValueCount<string>[];
}

export interface RequestInspection {
  readonly inputTokens?: DistributionSummary;
  readonly outputTokens?: DistributionSummary;
  readonly totalInputTokens: number;
  readonly totalOutputTokens: number;
}

/** What `simulate trace inspect` shows: a pure data summary of one trace file. */
export interface TraceInspection {
  readonly file: string;
  readonly format: TraceFormat;
  readonly kind: 'jobs' | 'requests';
  /** data rows in the file */
  readonly rowsRead: number;
  /** records the reader yielded */
  readonly rowsKept: number;
  readonly rowsSkipped: number;
  /** records summarised (after transforms) */
  readonly records: number;
  /** counts per reason: errors and infos are skipped rows, warnings are kept rows */
  readonly issues: readonly TraceIssueCount[];
  readonly examples: readonly TraceIssue[];
  readonly time?: TraceTimeSpan;
  /** Unix s (UTC) of time 0, when the format has one (SWF UnixStartTime, timestamp formats) */
  readonly origin?: number;
  readonly swfHeader?: SwfHeader;
  readonly jobs?: JobInspection;
  readonly requests?: RequestInspection;
}

/**
 * Reads a whole trace once, streaming, and summarises it. `format` is a format name (formats that need
 * no options) or a full spec, e.g. `{ format: 'csv', columns: { submit: 't', devices: 'gpus' } }`.
 * Memory is bounded (sketches and capped count tables), whatever the trace length.
 * Throws TraceError for fatal problems, and for the first bad row in strict mode.
 */
export async function inspectTrace(source: TraceSource, format: TraceFormat | JobTraceSpec | RequestTraceSpec, options: InspectOptions = {}): Promise<TraceInspection> {
  const spec = typeof format === 'string' ? ({ format } as JobTraceSpec | RequestTraceSpec) : format;
  const diagnostics = new TraceDiagnostics(options.maxExamples ?? 5);
  const common = {
    diagnostics,
    ...(options.strict === undefined ? {} : { strict: options.strict }),
    ...(options.onIssue === undefined ? {} : { onIssue: options.onIssue }),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  const file = sourceName(source, options);
  const time = new TimeTracker();
  let origin: number | undefined;
  let swfHeader: SwfHeader | undefined;
  let jobs: JobInspection | undefined;
  let requests: RequestInspection | undefined;
  if (spec.format === 'azure-llm') {
    const callerOnOrigin = spec.onOrigin;
    const requestSpec = {
      ...spec,
      ...common,
      onOrigin: (o: number) => {
        origin = o;
        callerOnOrigin?.(o);
      },
    };
    const input = new DistributionCollector();
    const output = new DistributionCollector();
    let totalIn = 0;
    let totalOut = 0;
    for await (const r of readRequestTrace(source, requestSpec)) {
      time.add(r.submit);
      input.add(r.inputTokens);
      output.add(r.outputTokens);
      totalIn += r.inputTokens;
      totalOut += r.outputTokens;
    }
    requests = {
      ...optional('inputTokens', input.summary()),
      ...optional('outputTokens', output.summary()),
      totalInputTokens: totalIn,
      totalOutputTokens: totalOut,
    };
  } else {
    let jobSpec: JobTraceSpec;
    if (spec.format === 'swf') {
      const callerOnHeader = spec.onHeader;
      jobSpec = {
        ...spec,
        ...common,
        onHeader: (h) => {
          swfHeader = h;
          if (h.unixStartTime !== undefined) origin = h.unixStartTime;
          callerOnHeader?.(h);
        },
      };
    } else if (spec.format === 'alibaba-gpu-2023' || spec.format === 'pai-2020') {
      jobSpec = { ...spec, ...common };
    } else {
      const callerOnOrigin = spec.onOrigin;
      jobSpec = {
        ...spec,
        ...common,
        onOrigin: (o: number) => {
          origin = o;
          callerOnOrigin?.(o);
        },
      };
    }
    const stream = applyTransforms(readJobTrace(source, jobSpec), options.transforms ?? []);
    jobs = await summariseJobs(stream, time);
  }
  const summary = diagnostics.summary();
  return {
    file,
    format: spec.format,
    kind: requests === undefined ? 'jobs' : 'requests',
    rowsRead: summary.rowsRead,
    rowsKept: summary.rowsKept,
    rowsSkipped: summary.rowsSkipped,
    records: time.count,
    issues: summary.issues,
    examples: summary.examples,
    ...optional('time', time.span()),
    ...optional('origin', origin),
    ...optional('swfHeader', swfHeader),
    ...optional('jobs', jobs),
    ...optional('requests', requests),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  const out: { [P in K]?: V } = {};
  if (value !== undefined) out[key] = value;
  return out;
}

class TimeTracker {
  count = 0;
  private first = Infinity;
  private last = -Infinity;

  add(submit: number): void {
    this.count++;
    if (submit < this.first) this.first = submit;
    if (submit > this.last) this.last = submit;
  }

  span(): TraceTimeSpan | undefined {
    if (this.count === 0) return undefined;
    const span = this.last - this.first;
    return { first: this.first, last: this.last, span, arrivalRate: span > 0 ? (this.count - 1) / span : 0 };
  }
}

async function summariseJobs(stream: AsyncIterable<TraceJob>, time: TimeTracker): Promise<JobInspection> {
  const devices = new CountTable<number>();
  const runtime = new DistributionCollector();
  const requested = new DistributionCollector();
  const wait = new DistributionCollector();
  const users = new CountTable<string>();
  const groups = new CountTable<string>();
  const queues = new CountTable<string>();
  const statuses = new CountTable<string>(1000);
  const qos = new CountTable<string>(1000);
  const models = new CountTable<string>(1000);
  const kinds = new Set<DeviceKind>();
  let cpuOnly = 0;
  let overRequest = 0;
  let deviceSeconds = 0;
  for await (const job of stream) {
    time.add(job.submit);
    devices.add(job.devices);
    kinds.add(job.deviceKind);
    if (job.cpuOnly) cpuOnly++;
    if (job.runtime !== undefined) {
      runtime.add(job.runtime);
      deviceSeconds += job.devices * job.runtime;
    }
    if (job.requestedTime !== undefined) requested.add(job.requestedTime);
    if (job.recordedWait !== undefined) wait.add(job.recordedWait);
    if (job.runtime !== undefined && job.requestedTime !== undefined && job.runtime > job.requestedTime) overRequest++;
    if (job.user !== undefined) users.add(job.user);
    if (job.group !== undefined) groups.add(job.group);
    if (job.queue !== undefined) queues.add(job.queue);
    if (job.status !== undefined) statuses.add(job.status);
    if (job.qos !== undefined) qos.add(job.qos);
    if (job.gpuModel !== undefined) for (const m of job.gpuModel) models.add(m);
  }
  const span = time.span()?.span ?? 0;
  const [onlyKind, ...otherKinds] = kinds;
  return {
    deviceKind: onlyKind === undefined ? 'gpu' : otherKinds.length === 0 ? onlyKind : 'mixed',
    devices: devices.entries(),
    cpuOnly,
    ...optional('runtime', runtime.summary()),
    ...optional('requestedTime', requested.summary()),
    ...optional('recordedWait', wait.summary()),
    runtimeOverRequest: overRequest,
    deviceSeconds,
    offeredLoad: span > 0 ? deviceSeconds / span : 0,
    users: users.distinct,
    groups: groups.distinct,
    queues: queues.distinct,
    distinctCapped: users.capped || groups.capped || queues.capped,
    statuses: statuses.entries(),
    queueSizes: queues.entries().slice(0, 20),
    qos: qos.entries(),
    gpuModels: models.entries(),
  };
}
