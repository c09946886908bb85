/**
 * Reader for the Alibaba GPU cluster trace v2023 pod list ("openb", Weng et al., USENIX ATC 2023):
 * https://github.com/alibaba/clusterdata/tree/master/cluster-trace-gpu-v2023 (`csv/openb_pod_list_*.csv`).
 * CSV with a header; columns are found by name:
 *
 * | column         | meaning, unit                                      | TraceJob                              |
 * |----------------|----------------------------------------------------|---------------------------------------|
 * | name           | pod id                                             | id                                    |
 * | cpu_milli      | CPU requested, milli-cores                         | cpus = cpu_milli / 1000               |
 * | memory_mib     | memory requested, MiB                              | memory = memory_mib × 2^20 bytes      |
 * | num_gpu        | GPUs requested, integer 0–8                        | devices (see below); 0 ⇒ cpuOnly      |
 * | gpu_milli      | share of one GPU when num_gpu = 1, milli-GPU       | devices = gpu_milli / 1000 if < 1000  |
 * | gpu_spec       | allowed GPU types, `|`-separated; empty = any      | gpuModel                              |
 * | qos            | Kubernetes QoS class (LS, BE, Burstable, …)        | qos                                   |
 * | pod_phase      | Succeeded, Running, Pending, Failed                | status                                |
 * | creation_time  | submission, s (anonymised origin, first pod at 0)  | submit (origin = the trace's 0)       |
 * | deletion_time  | end, s                                             | runtime = deletion − scheduled        |
 * | scheduled_time | bound to a node, s; empty if never scheduled       | recordedWait = scheduled − creation   |
 *
 * devices = gpu_milli / 1000 when num_gpu = 1 and 0 < gpu_milli < 1000 (GPU sharing), else num_gpu.
 * CPU-only pods (num_gpu 0) are kept with devices 0 and cpuOnly true, so callers can count or drop them
 * (`requestsGpus` filter). Pods without scheduled_time or deletion_time (pod_phase Pending: never
 * bound) have no runtime: skipped as `missing-time` (info) unless `keepUnscheduled`, which yields them
 * without runtime. Quirk: `Running` pods end at the snapshot (deletion_time ≤ 12,902,960 s in
 * `openb_pod_list_default.csv`), so their runtimes are censored.
 */
import { mustAt, mustGet } from '../support/must-get.js';
import { IssueSink, sourceName } from './issue-sink.js';
import { columnIndex, readCsvRows } from './read-csv-rows.js';
import { checkColumnCount, numberCell, textCell } from './row-cells.js';
import type { TraceJob } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

export interface AlibabaGpu2023Options extends TraceReadOptions {
  /** Yield never-scheduled pods (no runtime) instead of skipping them. Default false. */
  readonly keepUnscheduled?: boolean;
}

const COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec', 'qos', 'pod_phase', 'creation_time', 'deletion_time', 'scheduled_time'] as const;

/** Streams the pods of an Alibaba GPU v2023 pod list (plain or gzip), in file order. */
export async function* readAlibabaGpu2023(source: TraceSource, options: AlibabaGpu2023Options = {}): AsyncGenerator<TraceJob> {
  const sink = new IssueSink(sourceName(source, options), options);
  let col: number[] = [];
  let width = 0;
  const rows = readCsvRows(source, sink, {
    header: true,
    onHeader: (names, line) => {
      const index = columnIndex(names, COLUMNS, sink, line);
      col = COLUMNS.map((name) => mustGet(index, name, 'column'));
      width = names.length;
    },
  });
  const [cName, cCpu, cMem, cGpu, cMilli, cSpec, cQos, cPhase, cCreate, cDelete, cSched] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  for await (const batch of rows) {
    for (const { fields: f, line } of batch.rows) {
      sink.row(f);
      if (!checkColumnCount(f, width, line, sink)) continue;
      const cell = (c: number): string => mustAt(f, mustAt(col, c, 'column position'), 'field');
      const numGpu = numberCell(cell(cGpu), 'num_gpu', line, sink);
      if (numGpu === null) continue;
      if (numGpu === undefined) {
        sink.skip(line, 'missing-field', 'error', 'num_gpu is empty', 'num_gpu');
        continue;
      }
      const milli = numberCell(cell(cMilli), 'gpu_milli', line, sink);
      const cpuMilli = numberCell(cell(cCpu), 'cpu_milli', line, sink);
      const memMib = numberCell(cell(cMem), 'memory_mib', line, sink);
      const created = numberCell(cell(cCreate), 'creation_time', line, sink, 'time');
      const deleted = numberCell(cell(cDelete), 'deletion_time', line, sink, 'time');
      const scheduled = numberCell(cell(cSched), 'scheduled_time', line, sink, 'time');
      if (milli === null || cpuMilli === null || memMib === null || created === null || deleted === null || scheduled === null) continue;
      if (created === undefined) {
        sink.skip(line, 'missing-field', 'error', 'creation_time is empty', 'creation_time');
        continue;
      }
      if ((scheduled === undefined || deleted === undefined) && options.keepUnscheduled !== true) {
        sink.skip(
          line,
          'missing-time',
          'info',
          `pod never ran to an end (${scheduled === undefined ? 'scheduled_time' : 'deletion_time'} empty, pod_phase ${cell(cPhase)})`,
          scheduled === undefined ? 'scheduled_time' : 'deletion_time',
        );
        continue;
      }
      if (scheduled !== undefined && scheduled < created) {
        sink.skip(line, 'negative-time', 'error', `scheduled_time ${scheduled} is before creation_time ${created}`, 'scheduled_time');
        continue;
      }
      if (scheduled !== undefined && deleted !== undefined && deleted < scheduled) {
        sink.skip(line, 'negative-runtime', 'error', `deletion_time ${deleted} is before scheduled_time ${scheduled}`, 'deletion_time');
        continue;
      }
      const devices = numGpu === 1 && milli !== undefined && milli > 0 && milli < 1000 ? milli / 1000 : numGpu;
      const job: TraceJob = { id: cell(cName).trim(), submit: created, devices, deviceKind: 'gpu', cpuOnly: numGpu === 0, line };
      if (scheduled !== undefined && deleted !== undefined) job.runtime = deleted - scheduled;
      if (scheduled !== undefined) job.recordedWait = scheduled - created;
      if (cpuMilli !== undefined) job.cpus = cpuMilli / 1000;
      if (memMib !== undefined) job.memory = memMib * 2 ** 20;
      const spec = textCell(cell(cSpec));
      if (spec !== undefined)
        job.gpuModel = spec
          .split('|')
          .map((s) => s.trim())
          .filter((s) => s !== '');
      const qos = textCell(cell(cQos));
      if (qos !== undefined) job.qos = qos;
      const phase = textCell(cell(cPhase));
      if (phase !== undefined) job.status = phase;
      sink.keep(line, job.submit);
      yield job;
    }
  }
}
