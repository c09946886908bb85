/**
 * Reader for the SenseTime Helios traces (Hu et al., "Characterization and Prediction of Deep Learning
 * Workloads in Large-Scale GPU Datacenters", SC '21): https://github.com/S-Lab-System-Group/HeliosData,
 * `data/<cluster>/cluster_log.csv`. CSV with a header; columns found by name:
 *
 * | column      | meaning, unit                                       | TraceJob                                   |
 * |-------------|-----------------------------------------------------|--------------------------------------------|
 * | job_id      | Slurm job id (submission order)                     | id                                         |
 * | user        | hashed user, prefix `u`                             | user                                       |
 * | vc          | hashed virtual cluster, prefix `vc`                 | queue                                      |
 * | gpu_num     | GPUs required                                       | devices; 0 ⇒ cpuOnly (Helios has CPU jobs) |
 * | cpu_num     | CPUs required                                       | cpus                                       |
 * | node_num    | nodes of the job                                    | nodes                                      |
 * | state       | COMPLETED, CANCELLED, FAILED, TIMEOUT, NODE_FAIL    | status                                     |
 * | submit_time | `YYYY-MM-DD HH:MM:SS`, cluster wall clock           | submit, s since the origin                 |
 * | start_time  | same format                                         | (runtime fallback: end − start)            |
 * | end_time    | same format                                         |                                            |
 * | duration    | s, end − start                                      | runtime                                    |
 * | queue       | s, start − submit                                   | recordedWait (fallback: start − submit)    |
 *
 * Only job_id, gpu_num and submit_time are required columns. Times are read as UTC wall clock
 * (the clusters are in China: no daylight saving, differences are exact). Origin: the first kept
 * job's submit_time, or `options.origin`. Rows with neither duration nor start and end: skipped,
 * `missing-time` (info).
 */
import { parseInstant } from './field-values.js';
import { IssueSink, sourceName } from './issue-sink.js';
import { columnIndex, readCsvRows } from './read-csv-rows.js';
import { checkColumnCount, numberCell, textCell } from './row-cells.js';
import { TraceOrigin } from './trace-origin.js';
import type { TraceJob } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

export interface HeliosOptions extends TraceReadOptions {
  /** Time 0 as `YYYY-MM-DD HH:MM:SS` (or Unix seconds); default: the first job's submit_time. */
  readonly origin?: string | number;
  /** Called once with the origin used (Unix seconds, reading the wall clock as UTC). */
  readonly onOrigin?: (unixSeconds: number) => void;
}

const REQUIRED = ['job_id', 'gpu_num', 'submit_time'] as const;

/** Streams the jobs of a Helios `cluster_log.csv` (plain or gzip), in file order. */
export async function* readHelios(source: TraceSource, options: HeliosOptions = {}): AsyncGenerator<TraceJob> {
  const sink = new IssueSink(sourceName(source, options), options);
  const origin = new TraceOrigin(options.origin, sink, options.onOrigin);
  let index = new Map<string, number>();
  let width = 0;
  const rows = readCsvRows(source, sink, {
    header: true,
    onHeader: (names, line) => {
      index = columnIndex(names, REQUIRED, sink, line);
      width = names.length;
    },
  });
  for await (const batch of rows) {
    for (const { fields: f, line } of batch.rows) {
      sink.row(f);
      if (!checkColumnCount(f, width, line, sink)) continue;
      const cell = (name: string): string | undefined => {
        const i = index.get(name);
        return i === undefined ? undefined : f[i];
      };
      const instant = (name: string) => {
        const text = textCell(cell(name));
        if (text === undefined) return undefined;
        const at = parseInstant(text);
        if (at === undefined) {
          sink.skip(line, 'bad-timestamp', 'error', `'${text}' is not a time like 2020-06-09 18:41:01`, name);
          return null;
        }
        return at;
      };
      const gpus = numberCell(cell('gpu_num'), 'gpu_num', line, sink);
      if (gpus === null) continue;
      if (gpus === undefined) {
        sink.skip(line, 'missing-field', 'error', 'gpu_num is empty', 'gpu_num');
        continue;
      }
      const submitAt = instant('submit_time');
      if (submitAt === null) continue;
      if (submitAt === undefined) {
        sink.skip(line, 'missing-field', 'error', 'submit_time is empty', 'submit_time');
        continue;
      }
      const startAt = instant('start_time');
      if (startAt === null) continue;
      const endAt = instant('end_time');
      if (endAt === null) continue;
      const duration = numberCell(cell('duration'), 'duration', line, sink, 'runtime');
      const queued = numberCell(cell('queue'), 'queue', line, sink, 'time');
      const cpus = numberCell(cell('cpu_num'), 'cpu_num', line, sink);
      const nodes = numberCell(cell('node_num'), 'node_num', line, sink);
      if (duration === null || queued === null || cpus === null || nodes === null) continue;
      let runtime = duration;
      if (runtime === undefined && startAt !== undefined && endAt !== undefined) {
        runtime = endAt.seconds - startAt.seconds + (endAt.fraction - startAt.fraction);
        if (runtime < 0) {
          sink.skip(line, 'negative-runtime', 'error', `end_time is ${-runtime} s before start_time`, 'end_time');
          continue;
        }
      }
      if (runtime === undefined) {
        sink.skip(line, 'missing-time', 'info', 'no duration and no start/end time: the job never ran', 'duration');
        continue;
      }
      const submit = origin.relative(submitAt);
      const job: TraceJob = { id: (cell('job_id') ?? '').trim(), submit, devices: sink.wholeDevices(line, gpus, 'gpu_num'), deviceKind: 'gpu', cpuOnly: gpus === 0, runtime, line };
      const wait = queued ?? (startAt === undefined ? undefined : startAt.seconds - submitAt.seconds + (startAt.fraction - submitAt.fraction));
      if (wait !== undefined && wait >= 0) job.recordedWait = wait;
      if (cpus !== undefined) job.cpus = cpus;
      if (nodes !== undefined) job.nodes = nodes;
      const user = textCell(cell('user'));
      if (user !== undefined) job.user = user;
      const vc = textCell(cell('vc'));
      if (vc !== undefined) job.queue = vc;
      const state = textCell(cell('state'));
      if (state !== undefined) job.status = state;
      sink.keep(line, submit);
      yield job;
    }
  }
}
