/**
 * Readers for the Alibaba PAI GPU trace v2020 (Weng et al., "MLaaS in the Wild", NSDI '22):
 * https://github.com/alibaba/clusterdata/tree/master/cluster-trace-gpu-v2020 (README "pai_task_table",
 * "pai_job_table"; column lists in `data/pai_*_table.header`). The CSVs have no header line; a first
 * line that starts with `job_name` is taken as a header and skipped. Times are seconds with an
 * anonymising constant subtracted (the origin is that constant; times are used as given).
 *
 * pai_task_table (one row per task; a task is a gang of `inst_num` identical instances):
 *
 * | # | column     | meaning, unit                                         | TraceJob                                     |
 * |---|------------|-------------------------------------------------------|----------------------------------------------|
 * | 1 | job_name   | job id (hashed)                                       | id = `job_name/task_name`                    |
 * | 2 | task_name  | role: tensorflow, worker, ps, evaluator, …           |                                              |
 * | 3 | inst_num   | instances launched                                    | instances                                    |
 * | 4 | status     | Terminated (success), Failed, Running, Waiting        | status                                       |
 * | 5 | start_time | task launch, s                                        | submit, unless the job table gives one       |
 * | 6 | end_time   | task completion, s                                    | runtime = end − start                        |
 * | 7 | plan_cpu   | CPU per instance, percent of a core (600 = 6 cores)   | cpus = plan_cpu / 100 × inst_num             |
 * | 8 | plan_mem   | memory per instance, GB (read as GiB: 29.296875 = 30000 MiB) | memory = plan_mem × 2^30 × inst_num |
 * | 9 | plan_gpu   | GPU per instance, percent of a GPU (50 = half)        | devices = plan_gpu / 100 × inst_num; empty or 0 ⇒ cpuOnly |
 * |10 | gpu_type   | GPU type assigned (MISC = older K40m/K80/M60, …)      | gpuModel = [gpu_type]                        |
 *
 * pai_job_table: job_name, inst_id, user, status, start_time (= job submission, s), end_time.
 * With `jobTable`, the job table is read first into a map job_name → (submission, user) — memory
 * grows with the number of jobs (≈ 1.2 M jobs upstream, roughly 150 MB) — and each task gets
 * submit = its job's submission, recordedWait = task start − submission, user. A task whose job is
 * not in the table keeps submit = task start (warning `job-not-found`).
 *
 * Skips: tasks without start_time or end_time (Running/Waiting) are `missing-time` (info).
 */
import { mustAt } from '../support/must-get.js';
import { IssueSink, sourceName } from './issue-sink.js';
import { readCsvRows } from './read-csv-rows.js';
import { checkColumnCount, numberCell, textCell } from './row-cells.js';
import type { TraceJob } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

export interface Pai2020Options extends TraceReadOptions {
  /** pai_job_table file, to use job submission times and users (see memory note in the file header). */
  readonly jobTable?: TraceSource;
}

/** One row of pai_job_table. */
export interface PaiJobRow {
  jobName: string;
  instId: string;
  user?: string;
  status?: string;
  /** s, job submission */
  submit: number;
  /** s, job completion; absent while running */
  end?: number;
  line: number;
}

const isHeader = (record: readonly string[]): boolean => record[0]?.trim() === 'job_name';

/** Streams the rows of a pai_job_table CSV (plain or gzip), in file order. Rows without start_time are skipped (`missing-time`). */
export async function* readPaiJobTable(source: TraceSource, options: TraceReadOptions = {}): AsyncGenerator<PaiJobRow> {
  const sink = new IssueSink(sourceName(source, options), options);
  sink.columns(['job_name', 'inst_id', 'user', 'status', 'start_time', 'end_time']);
  for await (const batch of readCsvRows(source, sink, { header: 'auto', isHeader })) {
    for (const { fields: f, line } of batch.rows) {
      sink.row(f);
      if (!checkColumnCount(f, 6, line, sink)) continue;
      const submit = numberCell(f[4], 'start_time', line, sink, 'time');
      const end = numberCell(f[5], 'end_time', line, sink, 'time');
      if (submit === null || end === null) continue;
      if (submit === undefined) {
        sink.skip(line, 'missing-time', 'info', 'start_time (submission) is empty', 'start_time');
        continue;
      }
      const row: PaiJobRow = { jobName: mustAt(f, 0, 'job_name field').trim(), instId: mustAt(f, 1, 'inst_id field').trim(), submit, line };
      const user = textCell(f[2]);
      if (user !== undefined) row.user = user;
      const status = textCell(f[3]);
      if (status !== undefined) row.status = status;
      if (end !== undefined) row.end = end;
      sink.keep(line, submit);
      yield row;
    }
  }
}

/** Streams the tasks of a pai_task_table CSV (plain or gzip) as jobs, in file order. See the file header. */
export async function* readPai2020(source: TraceSource, options: Pai2020Options = {}): AsyncGenerator<TraceJob> {
  const jobs = new Map<string, { submit: number; user: string | undefined }>();
  if (options.jobTable !== undefined) {
    // Job-table issues go to the same callback and strictness, but not into the task table's row counts.
    const jobOptions: TraceReadOptions = { strict: options.strict === true, ...(options.onIssue === undefined ? {} : { onIssue: options.onIssue }) };
    for await (const row of readPaiJobTable(options.jobTable, jobOptions)) jobs.set(row.jobName, { submit: row.submit, user: row.user });
  }
  const sink = new IssueSink(sourceName(source, options), options);
  sink.columns(['job_name', 'task_name', 'inst_num', 'status', 'start_time', 'end_time', 'plan_cpu', 'plan_mem', 'plan_gpu', 'gpu_type']);
  for await (const batch of readCsvRows(source, sink, { header: 'auto', isHeader })) {
    for (const { fields: f, line } of batch.rows) {
      sink.row(f);
      if (!checkColumnCount(f, 10, line, sink)) continue;
      const inst = numberCell(f[2], 'inst_num', line, sink);
      const start = numberCell(f[4], 'start_time', line, sink, 'time');
      const end = numberCell(f[5], 'end_time', line, sink, 'time');
      const planCpu = numberCell(f[6], 'plan_cpu', line, sink);
      const planMem = numberCell(f[7], 'plan_mem', line, sink);
      const planGpu = numberCell(f[8], 'plan_gpu', line, sink);
      if (inst === null || start === null || end === null || planCpu === null || planMem === null || planGpu === null) continue;
      const status = textCell(f[3]);
      if (start === undefined || end === undefined) {
        sink.skip(line, 'missing-time', 'info', `task has no ${start === undefined ? 'start_time' : 'end_time'} (status ${status ?? 'empty'})`, start === undefined ? 'start_time' : 'end_time');
        continue;
      }
      if (end < start) {
        sink.skip(line, 'negative-runtime', 'error', `end_time ${end} is before start_time ${start}`, 'end_time');
        continue;
      }
      const instances = inst ?? 1;
      if (instances === 0) {
        sink.skip(line, 'zero-devices', 'error', 'inst_num is 0: the task launches nothing', 'inst_num');
        continue;
      }
      const jobName = mustAt(f, 0, 'job_name field').trim();
      const taskName = mustAt(f, 1, 'task_name field').trim();
      const devices = sink.wholeDevices(line, ((planGpu ?? 0) / 100) * instances, 'plan_gpu');
      let submit = start;
      let joined = false;
      let user: string | undefined;
      if (options.jobTable !== undefined) {
        const job = jobs.get(jobName);
        if (job === undefined) {
          sink.report(line, 'job-not-found', 'warning', `job '${jobName}' is not in the job table: submit = task start_time`, 'job_name');
        } else {
          submit = job.submit;
          user = job.user;
          joined = true;
        }
      }
      const task: TraceJob = { id: `${jobName}/${taskName}`, submit, devices, deviceKind: 'gpu', cpuOnly: devices === 0, runtime: end - start, instances, line };
      if (joined && start >= submit) task.recordedWait = start - submit;
      if (planCpu !== undefined) task.cpus = (planCpu / 100) * instances;
      if (planMem !== undefined) task.memory = planMem * 2 ** 30 * instances;
      const gpuType = textCell(f[9]);
      if (gpuType !== undefined) task.gpuModel = [gpuType];
      if (user !== undefined) task.user = user;
      if (status !== undefined) task.status = status;
      sink.keep(line, submit);
      yield task;
    }
  }
}
