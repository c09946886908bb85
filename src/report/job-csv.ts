import type { Job } from '../model/job.js';

/** Per-job CSV: one row per run of a job (a job interrupted and restarted has several). Times in s. */
export const JOB_CSV_HEADER = 'replication,job,workload,pool,submit,start,end,devices,wait,run_time,outcome\n';

export function jobCsvRow(replication: number, workload: string, pool: string, job: Job, outcome: string): string {
  return `${replication},${job.id},${csvField(workload)},${csvField(pool)},${job.submit},${job.start},${job.end},${job.devices},${job.start - job.submit},${job.end - job.start},${outcome}\n`;
}

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
