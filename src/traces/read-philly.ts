/**
 * Reader for the Microsoft Philly trace (Jeon et al., "Analysis of Large-Scale Multi-Tenant GPU
 * Clusters for DNN Training Workloads", USENIX ATC '19): https://github.com/msr-fiddle/philly-traces,
 * README "cluster_job_log". The file is one JSON array of jobs; it is streamed element by element
 * (see read-json-array.ts), never parsed whole.
 *
 * | key                     | meaning                                               | TraceJob                                   |
 * |-------------------------|-------------------------------------------------------|--------------------------------------------|
 * | jobid                   | job id                                                | id                                         |
 * | submitted_time          | `YYYY-MM-DD HH:MM:SS`, submission                     | submit, s since the origin                 |
 * | attempts[]              | scheduling attempts, in order                         | attempts = count                           |
 * |  .start_time, .end_time | same format; may be null/"None" (logging gaps)        | runtime (below); recordedWait = first start − submit |
 * |  .detail[]{ip, gpus[]}  | machines and the GPUs used on each                    | devices = Σ gpus of the first attempt with detail; nodes = its machines |
 * | status                  | Pass, Killed, Failed                                  | status                                     |
 * | vc                      | virtual cluster (hashed)                              | queue                                      |
 * | user                    | user (hashed)                                         | user                                       |
 *
 * runtime: `'attempts'` (default) = Σ (end − start) over attempts with both times, i.e. the time
 * the job held GPUs; `'span'` = last end − first start (the upstream notebook's run time, which
 * includes gaps between retries). Skips: no attempts (`no-attempts`, info); last attempt without
 * end_time, i.e. running at the snapshot (`still-running`, info); no attempt with both times
 * (`missing-time`, info); earlier attempts missing a time are left out with a warning
 * (`attempt-missing-time`). No GPUs in any attempt is `zero-devices` (error: Philly is a GPU-only trace).
 *
 * Quirk: times have no zone (the cluster's local wall clock, US Pacific with daylight saving);
 * they are read as UTC, so a difference across the 2017-11-05 change is off by one hour.
 * Origin: the first kept job's submitted_time, or `options.origin`. Upstream is not sorted by
 * submission: expect `unsorted-submit` warnings and negative submits unless you give an origin.
 */
import { isRecord } from '../support/is-record.js';
import { parseInstant, secondsBetween, type Instant } from './field-values.js';
import { IssueSink, sourceName } from './issue-sink.js';
import { openTraceFile, streamFailure } from './open-trace-file.js';
import { readJsonArray, type JsonCursor } from './read-json-array.js';
import { TraceOrigin } from './trace-origin.js';
import type { TraceJob } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

export interface PhillyOptions extends TraceReadOptions {
  /** Time 0 as `YYYY-MM-DD HH:MM:SS` (or Unix seconds); default: the first job's submitted_time. */
  readonly origin?: string | number;
  readonly onOrigin?: (unixSeconds: number) => void;
  /** How runtime is derived from attempts (see the file header). Default 'attempts'. */
  readonly runtime?: 'attempts' | 'span';
  /** Largest element accepted, characters (default 64 Mi); a larger one is a fatal error. */
  readonly maxElementChars?: number;
}

/** Streams the jobs of a Philly cluster_job_log (plain or gzip), in file order. */
export async function* readPhilly(source: TraceSource, options: PhillyOptions = {}): AsyncGenerator<TraceJob> {
  const sink = new IssueSink(sourceName(source, options), options);
  const origin = new TraceOrigin(options.origin, sink, options.onOrigin);
  const trace = await openTraceFile(source, sink);
  const cursor: JsonCursor = { line: 0 };
  try {
    for await (const element of readJsonArray(trace.stream, sink, cursor, options.maxElementChars)) {
      sink.row();
      if (!element.ok) {
        sink.skip(element.line, 'malformed-record', 'error', `the array element is not valid JSON: ${element.error}`);
        continue;
      }
      const job = toJob(element.value, element.line, sink, origin, options.runtime ?? 'attempts');
      if (job === undefined) continue;
      sink.keep(job.line, job.submit);
      yield job;
    }
  } catch (err) {
    throw streamFailure(err, sink, cursor.line);
  } finally {
    trace.close();
  }
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === 'None' || v === '';
}

function toJob(value: unknown, line: number, sink: IssueSink, origin: TraceOrigin, runtimeRule: 'attempts' | 'span'): TraceJob | undefined {
  if (!isRecord(value) || Array.isArray(value)) {
    sink.skip(line, 'malformed-record', 'error', 'the array element is not an object');
    return undefined;
  }
  const rec: Record<string, unknown> = value;
  if (isMissing(rec['jobid'])) {
    sink.skip(line, 'missing-field', 'error', 'no jobid', 'jobid');
    return undefined;
  }
  const id = String(rec['jobid']);
  const submittedText = rec['submitted_time'];
  if (isMissing(submittedText)) {
    sink.skip(line, 'missing-field', 'error', `job ${id} has no submitted_time`, 'submitted_time');
    return undefined;
  }
  const submitted = typeof submittedText === 'string' ? parseInstant(submittedText) : undefined;
  if (submitted === undefined) {
    sink.skip(line, 'bad-timestamp', 'error', `job ${id}: '${String(submittedText)}' is not a time like 2017-10-07 01:11:39`, 'submitted_time');
    return undefined;
  }
  const attempts = rec['attempts'];
  if (!Array.isArray(attempts) || attempts.length === 0) {
    sink.skip(line, 'no-attempts', 'info', `job ${id} has no scheduling attempts`, 'attempts');
    return undefined;
  }
  const last: unknown = attempts[attempts.length - 1];
  if (!isRecord(last) || isMissing(last['end_time'])) {
    sink.skip(line, 'still-running', 'info', `job ${id}: its last attempt has no end_time (running at the snapshot)`, 'attempts.end_time');
    return undefined;
  }
  let devices: number | undefined;
  let nodes = 0;
  let busy = 0;
  let firstStart: Instant | undefined;
  let lastEnd: Instant | undefined;
  for (let a = 0; a < attempts.length; a++) {
    const attempt: unknown = attempts[a];
    if (!isRecord(attempt)) {
      sink.skip(line, 'malformed-record', 'error', `job ${id}: attempts[${a}] is not an object`, `attempts[${a}]`);
      return undefined;
    }
    const detail = attempt['detail'];
    if (devices === undefined && Array.isArray(detail) && detail.length > 0) {
      let gpus = 0;
      for (const machine of detail) {
        const list = isRecord(machine) ? machine['gpus'] : undefined;
        if (Array.isArray(list)) gpus += list.length;
      }
      if (gpus > 0) {
        devices = gpus;
        nodes = detail.length;
      }
    }
    const startText = attempt['start_time'];
    const endText = attempt['end_time'];
    if (isMissing(startText) || isMissing(endText)) {
      sink.report(line, 'attempt-missing-time', 'warning', `job ${id}: attempts[${a}] has no ${isMissing(startText) ? 'start_time' : 'end_time'}; left out of the runtime`, `attempts[${a}]`);
      continue;
    }
    const start = typeof startText === 'string' ? parseInstant(startText) : undefined;
    const end = typeof endText === 'string' ? parseInstant(endText) : undefined;
    if (start === undefined || end === undefined) {
      sink.skip(
        line,
        'bad-timestamp',
        'error',
        `job ${id}: attempts[${a}] has a bad ${start === undefined ? 'start_time' : 'end_time'}`,
        `attempts[${a}].${start === undefined ? 'start_time' : 'end_time'}`,
      );
      return undefined;
    }
    const held = secondsBetween(start, end);
    if (held < 0) {
      sink.skip(line, 'negative-runtime', 'error', `job ${id}: attempts[${a}] ends ${-held} s before it starts`, `attempts[${a}].end_time`);
      return undefined;
    }
    busy += held;
    firstStart ??= start;
    lastEnd = end;
  }
  if (firstStart === undefined || lastEnd === undefined) {
    sink.skip(line, 'missing-time', 'info', `job ${id}: no attempt has both start_time and end_time`, 'attempts');
    return undefined;
  }
  if (devices === undefined) {
    sink.skip(line, 'zero-devices', 'error', `job ${id}: no attempt lists any GPU`, 'attempts.detail.gpus');
    return undefined;
  }
  const submit = origin.relative(submitted);
  const runtime = runtimeRule === 'attempts' ? busy : secondsBetween(firstStart, lastEnd);
  const job: TraceJob = { id, submit, devices, deviceKind: 'gpu', cpuOnly: false, runtime, nodes, attempts: attempts.length, line };
  const wait = secondsBetween(submitted, firstStart);
  if (wait >= 0) job.recordedWait = wait;
  if (typeof rec['status'] === 'string') job.status = rec['status'];
  if (typeof rec['vc'] === 'string') job.queue = rec['vc'];
  if (typeof rec['user'] === 'string') job.user = rec['user'];
  return job;
}
