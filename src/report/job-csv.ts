import type { Job } from '../model/job.js';
import { csvRecord } from './csv-writer.js';

/** Per-job CSV (`run --jobs-csv`): one row per run of a job (a job interrupted and restarted has several). Times in s. */
export const JOB_CSV_HEADER = csvRecord(['replication', 'job', 'workload', 'pool', 'submit', 'start', 'end', 'devices', 'wait', 'run_time', 'outcome']);

export function jobCsvRow(replication: number, workload: string, pool: string, job: Job, outcome: string): string {
  return csvRecord([replication, job.id, workload, pool, job.submit, job.start, job.end, job.devices, job.start - job.submit, job.end - job.start, outcome]);
}
