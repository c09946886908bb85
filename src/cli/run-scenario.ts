import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../support/input-error.js';
import type { Job } from '../model/job.js';
import type { ReplicaPlacement } from '../model/replication/replication-metrics.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { resultToJson } from '../report/json-result.js';
import { formatSummary } from '../report/text-summary.js';
import { Catalog } from '../scenario/catalog.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { simulateScenario, type SimulationResult } from '../simulate/simulate.js';
import type { ReplicationTick } from '../simulate/one-replication.js';
import { formatTraceIssue, type TraceIssue } from '../traces/index.js';
import { UsageError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { stopWarning } from './stop-warning.js';
import { METRICS_DEFAULT_START } from './metrics-start.js';
import { refuseCollisions, scenarioInputs, type NamedFile } from './output-collisions.js';
import { onStopSignal, signalExitCode, stoppedBy, type StopSignal } from './stop-signals.js';
import { BufferedFile, STDOUT, writeFileAtomic } from '../support/write-atomic.js';

/** The options of `simulate run` (run-command.ts declares and parses them). */
export interface RunOptions {
  readonly output?: string | undefined;
  readonly json?: true | undefined;
  readonly write: boolean;
  readonly replications?: number | undefined;
  readonly seed?: number | undefined;
  readonly maxEvents?: number | undefined;
  readonly maxWallTime?: number | undefined;
  readonly maxQueued?: number | undefined;
  readonly maxHeap?: number | undefined;
  readonly catalog: string;
  readonly jobsCsv?: string | undefined;
  readonly timeline?: string | undefined;
  readonly timelineMaxEvents?: number | undefined;
  readonly metrics?: string | undefined;
  /** epoch ms --metrics stamps simulated time 0 at */
  readonly metricsStart?: number | undefined;
  readonly html?: string | true | undefined;
  readonly md?: string | true | undefined;
  readonly quiet?: true | undefined;
  /** worker threads to run replications on at once */
  readonly workers?: number | undefined;
}

/** What a user must know about a run that worked: trace rows skipped, jobs rejected. */
function runWarnings(scenario: ResolvedScenario, result: SimulationResult, firstIssues: ReadonlyMap<string, TraceIssue>): string[] {
  const lines: string[] = [];
  // the result records trace paths as the scenario wrote them; messages name them from here
  const where = new Map(scenario.workloads.flatMap((w) => ((w.kind === 'trace' || w.kind === 'inference') && w.trace ? [[w.name, w.trace.file] as const] : [])));
  for (const [name, t] of Object.entries(result.traces)) {
    const first = firstIssues.get(name);
    if (first) lines.push(formatTraceIssue(first));
    const skipped = t.skipped.filter((s) => s.count > 0);
    if (skipped.length > 0 && t.rowsReplayed < t.rowsRead) {
      lines.push(
        `workload '${name}': ${t.rowsReplayed.toLocaleString('en-US')} of ${t.rowsRead.toLocaleString('en-US')} rows of ${displayPath(where.get(name) ?? t.file)} replayed; skipped: ${skipped.map((s) => `${s.reason} × ${s.count.toLocaleString('en-US')}`).join(', ')} (hint: simulate trace inspect lists them; trace.strict: true makes a bad row an error)`,
      );
    }
    const adjusted = t.adjusted ?? [];
    if (adjusted.length > 0) {
      lines.push(
        `workload '${name}': rows of ${displayPath(where.get(name) ?? t.file)} replayed with a changed value: ${adjusted.map((s) => `${s.reason} × ${s.count.toLocaleString('en-US')}`).join(', ')} (hint: simulate trace inspect lists them; trace.strict: true makes such a row an error)`,
      );
    }
  }
  const rep = result.replications[0];
  if (rep) {
    for (const [name, m] of Object.entries(rep.workloads)) {
      if (m.rejected > 0)
        lines.push(
          `workload '${name}': ${m.rejected.toLocaleString('en-US')} job(s) rejected in replication 1: they ask for more devices than their pool can ever hold, or break a scheduler limit (max_devices, max_runtime); see "rejected" in the result`,
        );
    }
  }
  return lines;
}

/** `--html`/`--md` given without a file name write to reports/<scenario name>.<ext>. */
const reportPath = (option: string | boolean | undefined, scenario: ResolvedScenario, ext: string): string | undefined =>
  option === undefined || option === false ? undefined : option === true ? join('reports', `${scenario.name}.${ext}`) : option;

/** `simulate run`: loads the scenario, simulates it and writes the result, the job CSV and the reports asked for. */
export async function runScenario(file: string, opts: RunOptions, io: CliIo, setExit: (code: ExitCodeValue) => void): Promise<void> {
  let scenario = loadScenario(file, { catalog: new Catalog(opts.catalog) });
  if (opts.replications !== undefined || opts.seed !== undefined) {
    scenario = Object.freeze({
      ...scenario,
      ...(opts.replications !== undefined && { replications: opts.replications }),
      ...(opts.seed !== undefined && { seed: opts.seed }),
    });
  }
  const out = opts.json || !opts.write ? undefined : (opts.output ?? join('reports', `${scenario.name}.json`));
  const html = reportPath(opts.html, scenario, 'html');
  const md = reportPath(opts.md, scenario, 'md');
  // Before the run, so a bad output path costs nothing: outputs may not collide or replace an input.
  const outputs: NamedFile[] = [
    ...(opts.json ? [{ label: '--json', path: STDOUT }] : []),
    ...(out !== undefined ? [{ label: '-o', path: out }] : []),
    ...(opts.jobsCsv !== undefined ? [{ label: '--jobs-csv', path: opts.jobsCsv }] : []),
    ...(opts.timeline !== undefined ? [{ label: '--timeline', path: opts.timeline }] : []),
    ...(opts.metrics !== undefined ? [{ label: '--metrics', path: opts.metrics }] : []),
    ...(html !== undefined ? [{ label: '--html', path: html }] : []),
    ...(md !== undefined ? [{ label: '--md', path: md }] : []),
  ];
  if (opts.metricsStart !== undefined && opts.metrics === undefined) throw new UsageError('--metrics-start sets the time stamps of --metrics; give --metrics FILE too');
  // the per-job CSV and the timeline are written as jobs start and end, in this thread: not from worker threads
  if ((opts.workers ?? 1) > 1 && (opts.jobsCsv !== undefined || opts.timeline !== undefined)) {
    throw new UsageError(`--workers ${opts.workers} runs replications on other threads; --jobs-csv and --timeline are written from this one: leave out --workers`);
  }
  // more threads than replications or cores only wait
  const cores = availableParallelism();
  const workers = Math.min(opts.workers ?? 1, scenario.replications, cores);
  if (workers < (opts.workers ?? 1) && !opts.quiet) {
    const why = workers === cores && cores < scenario.replications ? `${cores} cores` : `${scenario.replications} replication${scenario.replications === 1 ? '' : 's'} to run`;
    io.stderr(`note: --workers ${opts.workers} lowered to ${workers}: ${why}\n`);
  }
  refuseCollisions(outputs, scenarioInputs([{ scenario, file }], opts.catalog));
  // With a file's content on stdout (`-o -`, `--jobs-csv -`, `--timeline -`, `--md -`), the summary goes to stderr (or nowhere with -q).
  const toStdout = outputs.some((o) => o.path === STDOUT);
  const say = toStdout ? (t: string) => void (!opts.quiet && io.stderr(t)) : io.stdout;
  // The CSV writer (csv-stringify) loads only when --jobs-csv asks for it (start-up, main.ts).
  const jobCsv = opts.jobsCsv === undefined ? undefined : await import('../report/job-csv.js');
  const timelineOutput = opts.timeline === undefined ? undefined : await import('./timeline-output.js');
  const maxSlices = opts.timelineMaxEvents ?? (timelineOutput === undefined ? 0 : (await import('../report/timeline.js')).DEFAULT_TIMELINE_MAX_SLICES);
  const started = performance.now();
  // a live line on a terminal; otherwise (a pipe, a CI log) one line per replication done
  const progress = opts.quiet ? undefined : (await import('./run-progress.js')).runProgress(scenario.name, scenario.horizon, scenario.replications);
  // A stop signal: the run stops at its next slice and nothing is written (a second one quits at once).
  // Listening before any temporary file exists: a signal in between would kill the process and
  // leave the file behind. Kept until the outputs are written: a signal after the run lets the atomic writes finish.
  let stopSignal: StopSignal | undefined;
  const stopListening = onStopSignal((signal) => (stopSignal = signal));
  try {
    const csv = opts.jobsCsv === undefined || jobCsv === undefined ? undefined : new BufferedFile(opts.jobsCsv, io.stdout);
    let timeline;
    try {
      timeline = opts.timeline === undefined || timelineOutput === undefined ? undefined : new timelineOutput.TimelineOutput(opts.timeline, scenario, maxSlices, io.stdout);
    } catch (err) {
      csv?.abort();
      throw err;
    }
    const abortFiles = (): void => {
      csv?.abort();
      timeline?.abort();
    };
    let replication = 0;
    const names = scenario.workloads.map((w) => w.name);
    if (jobCsv !== undefined) csv?.write(jobCsv.JOB_CSV_HEADER);
    const deadline = opts.maxWallTime === undefined ? Infinity : started + opts.maxWallTime * 1000;
    let timedOut = false;
    const firstIssues = new Map<string, TraceIssue>();
    let result;
    try {
      result = await simulateScenario(scenario, {
        ...(opts.maxEvents !== undefined && { maxEvents: opts.maxEvents }),
        ...(opts.maxQueued !== undefined && { maxQueued: opts.maxQueued }),
        ...(opts.maxHeap !== undefined && { maxHeap: opts.maxHeap }),
        ...((csv || timeline) && {
          onJob: (event: 'start' | 'end', job: Job, pool: string, outcome?: 'completed' | 'interrupted') => {
            if (csv && jobCsv && event === 'end') csv.write(jobCsv.jobCsvRow(replication, names[job.workload]!, pool, job, outcome ?? 'completed'));
            timeline?.onJob(replication, event, job, pool, outcome);
          },
        }),
        ...(timeline && { onReplica: (event: 'start' | 'end', replica: ReplicaPlacement) => timeline.onReplica(replication, event, replica) }),
        ...(workers > 1 && { workers }),
        ...(progress && { onTick: (t: ReplicationTick) => progress.tick(t) }),
        onProgress: (done, total, index) => {
          replication = done;
          if (progress) progress.replicationDone(index);
          else if (!opts.quiet && total > 1) io.stderr(`replication ${done}/${total} done\n`);
        },
        shouldStop: () => {
          if (stopSignal !== undefined) return true;
          if (performance.now() < deadline) return false;
          timedOut = true;
          return true;
        },
        // (a stopped run writes nothing, so a stopped result was stopped by the wall-time limit)
        stopReason: 'max-wall-time',
        onTraceIssue: (workload, issue) => {
          if (issue.severity !== 'info' && !firstIssues.has(workload)) firstIssues.set(workload, issue);
        },
      });
    } catch (err) {
      // (stopped while reading a trace, its error is beside the point: the user asked to stop)
      if (stopSignal === undefined) {
        abortFiles();
        throw err;
      }
    } finally {
      progress?.stop();
    }
    if (stopSignal !== undefined || result === undefined) {
      const signal = stopSignal ?? 'SIGINT';
      abortFiles();
      const kept = out !== undefined && out !== STDOUT && existsSync(out) ? ` (${out} left as it was)` : '';
      io.stderr(`${stoppedBy(signal)} during replication ${Math.min(replication + 1, scenario.replications)} of ${scenario.replications}: nothing written${kept}\n`);
      setExit(signalExitCode(signal));
      return;
    }
    for (const line of runWarnings(scenario, result, firstIssues)) io.stderr(`warning: ${line}\n`);
    if (!result.complete) io.stderr(`warning: ${stopWarning(result, scenario.replications, timedOut ? `--max-wall-time ${opts.maxWallTime} s` : `--max-events ${opts.maxEvents}`)}\n`);
    const json = resultToJson(result);
    // The result first, then the per-job CSV and the timeline: if the result cannot be written, neither are they.
    try {
      if (out !== undefined) writeFileAtomic(out, json, io.stdout);
    } catch (err) {
      abortFiles();
      throw err;
    }
    try {
      csv?.commit();
    } catch (err) {
      timeline?.abort();
      throw err;
    }
    if (timeline && opts.timeline !== undefined && timelineOutput) {
      const warning = timelineOutput.timelineCapWarning(opts.timeline, timeline.commit(result), maxSlices);
      if (warning !== undefined) io.stderr(`warning: ${warning}\n`);
    }
    if (opts.metrics !== undefined) {
      const { resultToOpenMetrics } = await import('../report/openmetrics.js');
      writeFileAtomic(opts.metrics, resultToOpenMetrics(result, opts.metricsStart ?? Date.parse(METRICS_DEFAULT_START)), io.stdout);
    }
    if (opts.json) {
      io.stdout(json);
    } else {
      say(formatSummary(result));
      if (out !== undefined && out !== STDOUT) say(`\nresult written to ${out}\n`);
    }
    if (html !== undefined || md !== undefined) {
      // The report (and d3 with it) loads only when a report is asked for.
      const { writeRunReports } = await import('./report-outputs.js');
      for (const f of writeRunReports(result, { html, md, source: file }, io)) if (!opts.quiet) io.stderr(`wrote ${f}\n`);
    }
    if (!opts.quiet) io.stderr(`simulated in ${((performance.now() - started) / 1000).toFixed(2)} s (${result.replications.reduce((s, r) => s + r.events, 0).toLocaleString('en-US')} events)\n`);
  } finally {
    stopListening();
  }
}
