import { displayPath, InputError } from '../support/input-error.js';
import type { TraceRow } from '../model/run-replication.js';
import { pyssJobs } from './pyss-conversion.js';
import type { InferenceWorkload, TraceOptions, TraceWorkload } from '../model/types.js';
import {
  applyTransforms,
  assertCsvMapping,
  limitTrace,
  readJobTrace,
  readRequestTrace,
  sampleTrace,
  TraceDiagnostics,
  TraceError,
  REASON_HINTS,
  type JobTraceSpec,
  type TraceIssue,
  type RequestTraceSpec,
  type TraceJob,
  type TraceReadOptions,
} from '../traces/index.js';

/** Rows read from a trace workload's file, with why others were skipped. */
export interface TraceFeedSummary {
  /** the path as the scenario wrote it (results do not depend on where the files live) */
  readonly file: string;
  readonly format: string;
  readonly rowsRead: number;
  /** rows the reader accepted */
  readonly rowsKept: number;
  /** rows handed to the simulation (after transforms, sampling, limit and the skips below) */
  readonly rowsReplayed: number;
  /** rows the reader skipped, and rows the replay skipped (no runtime; no devices on a device pool) */
  readonly skipped: readonly { readonly reason: string; readonly count: number }[];
  /** rows replayed with a value changed to make them runnable (1.5 devices → 2: `fractional-devices`); present when there are any */
  readonly adjusted?: readonly { readonly reason: string; readonly count: number }[];
}

/** Warnings that mean a row was replayed with a changed value (counted in the summary's `adjusted`). */
const ADJUSTING_REASONS: ReadonlySet<string> = new Set(['fractional-devices']);

export interface TraceFeed {
  /** The next rows in submission order, cut where the submission time increases, so no same-time row is split off. */
  next(): Promise<{ rows: TraceRow[]; done: boolean }>;
  close(): Promise<void>;
  summary(): TraceFeedSummary;
}

const BATCH = 4096;

/** The `simulate trace inspect` command line that reads this trace as the scenario does (a CSV needs its column mapping). */
function inspectCommand(name: string, format: string, columns: unknown): string {
  if (format !== 'csv' || typeof columns !== 'object' || columns === null) return `simulate trace inspect ${name} --format ${format}`;
  const pairs = Object.entries(columns).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
  return `simulate trace inspect ${name} --format csv --columns '${pairs.map(([k, v]) => `${k}=${String(v)}`).join(',')}'`;
}

/**
 * Streams a trace workload's rows into the model in batches (memory bounded by the batch, whatever the
 * file size). Sampling is seeded by the scenario seed only, so every replication and every compared
 * scenario replays the same jobs.
 *
 * A trace with nothing to replay is an input error whatever `strict` says (TraceError / InputError, exit
 * code 2): an empty file, a header without rows, or rows that were all skipped or filtered out.
 * `onIssue` sees every issue the reader reports (the CLI prints the first bad row of a lenient read).
 */
export function openTraceFeed(
  workload: TraceWorkload | InferenceWorkload,
  seed: number,
  onIssue?: (issue: TraceIssue) => void,
  maxDevices = Infinity,
  /** `pyss`: SWF rows become jobs as the pyss simulator makes them (pyss-conversion.ts) */
  conversion?: 'pyss',
): TraceFeed {
  const trace = workload.trace;
  if (!trace) throw new Error(`workload '${workload.name}' replays no trace`);
  const { file, format, options } = trace;
  const diagnostics = new TraceDiagnostics();
  const name = displayPath(file);
  const reading: TraceReadOptions = {
    strict: options.strict,
    diagnostics,
    name,
    onIssue: (issue: TraceIssue) => {
      if (issue.reason === 'empty-file' || issue.reason === 'header-only') throw new TraceError(issue);
      onIssue?.(issue);
    },
  };
  // A timestamp trace's time 0 (Unix seconds; the reader reports it): a row's own submit is origin + submit as read.
  let origin = 0;
  const onOrigin = (unixSeconds: number): void => void (origin = unixSeconds);
  // Request traces become rows with token counts; the transforms only look at submission times.
  const read: AsyncIterable<TraceJob & Partial<ReadSubmit>> =
    workload.kind === 'inference' ? requestsAsJobs(readRequestTrace(file, requestTraceSpec(format, reading))) : withReadSubmit(readJobTrace(file, jobTraceSpec(format, options, reading, onOrigin)));
  // pyss converts the file's rows as read, before any transform (a converted row keeps its other fields, readSubmit too)
  const converted = new Map<string, number>();
  const raw = conversion === 'pyss' && workload.kind === 'trace' && format === 'swf' ? pyssJobs(read, maxDevices, converted) : read;
  // The transforms copy each record with a new submit (shift, scale) and keep its other fields, readSubmit too.
  let source = applyTransforms(raw, options.transforms) as AsyncIterable<TraceJob & Partial<ReadSubmit>>;
  if (options.sample !== undefined) source = sampleTrace(source, options.sample, { seed, stream: `${workload.name}/trace-sample` });
  if (options.limit !== undefined) source = limitTrace(source, options.limit);
  const iterator = source[Symbol.asyncIterator]();
  let lookahead: TraceRow | undefined;
  let finished = false;
  let replayed = 0;
  const skips = new Map<string, number>();
  const skip = (reason: string) => skips.set(reason, (skips.get(reason) ?? 0) + 1);

  const pull = async (): Promise<TraceRow | undefined> => {
    for (;;) {
      const r = await iterator.next();
      if (r.done) return undefined;
      const job = r.value;
      if (workload.kind === 'inference') {
        const tokens = job as TraceJob & { inputTokens: number; outputTokens: number; session?: string };
        return { submit: job.submit, devices: 0, runtime: 0, inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens, ...(tokens.session !== undefined && { session: tokens.session }) };
      }
      if (job.runtime === undefined) {
        skip('no runtime');
        continue;
      }
      if (!(job.devices > 0)) {
        skip('no devices (CPU-only row on a device pool)');
        continue;
      }
      if (job.devices > maxDevices) tooLarge(job);
      return {
        submit: job.submit,
        devices: job.devices,
        runtime: job.runtime,
        source: { id: job.id, submit: origin + (job.readSubmit ?? job.submit) },
        ...(job.requestedTime !== undefined && { requestedTime: job.requestedTime }),
        ...(options.matchGpuModels === true && job.gpuModel !== undefined && job.gpuModel.length > 0 && { gpuModels: job.gpuModel }),
      };
    }
  };

  // A row larger than every pool the workload may use can never start: the model rejects it (and counts it);
  // the feed names the row, and in strict mode refuses the trace.
  let warnedTooLarge = false;
  const tooLarge = (job: TraceJob): void => {
    if (warnedTooLarge && !options.strict) return;
    warnedTooLarge = true;
    const issue: TraceIssue = {
      file: name,
      line: job.line,
      field: 'devices',
      reason: 'too-many-devices',
      severity: options.strict ? 'error' : 'warning',
      message: `job ${job.id} asks for ${job.devices} devices, more than the ${maxDevices} of the largest pool workload '${workload.name}' can use`,
      hint: REASON_HINTS['too-many-devices']!,
    };
    if (options.strict) throw new TraceError(issue);
    onIssue?.(issue);
  };

  const nothingToReplay = (): never => {
    const s = diagnostics.summary();
    const reasons = [...s.issues.filter((i) => i.severity !== 'warning').map((i) => `${i.reason} × ${i.count}`), ...[...skips].map(([reason, count]) => `${reason} × ${count}`)];
    throw InputError.single({
      file: name,
      line: 0,
      col: 0,
      field: '',
      message: `no rows to replay for workload '${workload.name}': ${s.rowsRead} read, ${s.rowsKept} kept by the reader${reasons.length > 0 ? `; skipped: ${reasons.join(', ')}` : ''}`,
      hint: `${inspectCommand(name, format, options.columns)} shows why; check the trace's filters (min_devices, max_devices, gpu_only, sample, limit)`,
    });
  };

  return {
    async next() {
      const rows: TraceRow[] = [];
      if (lookahead) rows.push(lookahead);
      lookahead = undefined;
      while (!finished) {
        const row = await pull();
        if (!row) {
          finished = true;
          break;
        }
        if (rows.length >= BATCH && row.submit > (rows.at(-1)?.submit ?? -Infinity)) {
          lookahead = row;
          break;
        }
        rows.push(row);
      }
      replayed += rows.length;
      if (finished && replayed === 0) nothingToReplay();
      return { rows, done: finished && lookahead === undefined };
    },
    async close() {
      await iterator.return?.();
    },
    summary() {
      const s = diagnostics.summary();
      const adjusted = [
        ...s.issues.filter((i) => i.severity === 'warning' && ADJUSTING_REASONS.has(i.reason)).map((i) => ({ reason: i.reason, count: i.count })),
        ...[...converted].map(([reason, count]) => ({ reason, count })),
      ];
      return {
        file: trace.declared,
        format,
        rowsRead: s.rowsRead,
        rowsKept: s.rowsKept,
        rowsReplayed: replayed,
        skipped: [...s.issues.filter((i) => i.severity !== 'warning').map((i) => ({ reason: i.reason, count: i.count })), ...[...skips].map(([reason, count]) => ({ reason, count }))],
        // only when present, so results of traces without such rows keep their bytes
        ...(adjusted.length > 0 && { adjusted }),
      };
    },
  };
}

/** A job row's submit as its reader gave it (s from the format's own origin), before the transforms move it. */
interface ReadSubmit {
  readonly readSubmit: number;
}

/** Stamps each row the reader made (a fresh object per row) in place: no copy per row of a long trace. */
async function* withReadSubmit(jobs: AsyncIterable<TraceJob>): AsyncGenerator<TraceJob & ReadSubmit> {
  for await (const job of jobs) yield Object.assign(job, { readSubmit: job.submit });
}

/**
 * The reader of a job trace's format, with its options (a CSV's column mapping, checked again here).
 * `onOrigin` hears the Unix time a timestamp trace counts from (Philly, Helios, a CSV of timestamps);
 * the other formats give numbers on their own clock (SWF, PAI, Alibaba: times as in the file).
 */
function jobTraceSpec(format: string, options: TraceOptions, reading: TraceReadOptions, onOrigin: (unixSeconds: number) => void): JobTraceSpec {
  switch (format) {
    case 'csv': {
      const columns = options.columns ?? {};
      assertCsvMapping(columns);
      return { format, ...reading, columns, onOrigin };
    }
    case 'philly':
    case 'helios':
      return { format, ...reading, onOrigin };
    case 'swf':
    case 'alibaba-gpu-2023':
    case 'pai-2020':
      return { format, ...reading };
  }
  throw new RangeError(`unknown job trace format '${format}'`);
}

function requestTraceSpec(format: string, reading: TraceReadOptions): RequestTraceSpec {
  if (format === 'azure-llm') return { format, ...reading };
  throw new RangeError(`unknown request trace format '${format}'`);
}

async function* requestsAsJobs(requests: AsyncIterable<import('../traces/index.js').TraceRequest>): AsyncGenerator<TraceJob> {
  for await (const r of requests) {
    yield {
      id: String(r.line),
      submit: r.submit,
      devices: 1,
      deviceKind: 'gpu',
      cpuOnly: false,
      line: r.line,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      ...(r.session !== undefined && { session: r.session }),
    } as TraceJob;
  }
}
