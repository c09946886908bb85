import { join } from 'node:path';
import { InputError, type InputProblem } from '../support/input-error.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { reportCsvFiles } from '../report/csv-export.js';
import { renderHtmlReport } from '../report/html-report.js';
import { renderMarkdownReport } from '../report/markdown-report.js';
import { readReportInputs } from '../report/read-result-file.js';
import type { ResultDocument } from '../report/result-document.js';
import { buildReport, type ReportInput, type ReportModel, type ReportOptions } from '../report/report-model.js';
import { Catalog } from '../scenario/catalog.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { simulateScenario, type SimulationResult } from '../simulate/simulate.js';
import type { ReplicationTick } from '../simulate/one-replication.js';
import { UsageError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { refuseCollisions, scenarioInputs, type NamedFile } from './output-collisions.js';
import { onStopSignal, signalExitCode, stoppedBy, type StopSignal } from './stop-signals.js';
import { STDOUT, writeFileAtomic } from '../support/write-atomic.js';

/** Where a report goes: any of HTML file, Markdown file (`-` = stdout), CSV folder. */
export interface ReportTargets {
  readonly html?: string;
  /** the option that named the HTML file (`-o` for compare and report, `--html` for run) */
  readonly htmlLabel?: string;
  readonly md?: string;
  readonly csv?: string;
}

/**
 * Renders every requested output in memory first (a failure writes nothing), checks that no two of
 * them, and none of them and an input, are the same file, then writes each file atomically (`-` goes to
 * stdout). `extra` are further files the command writes with them (compare's `--results-dir`).
 * Used by `compare`, `report`, `run --html/--md`, and sweeps.
 */
export function writeReports(
  model: ReportModel,
  results: readonly ResultDocument[],
  targets: ReportTargets,
  io: CliIo,
  inputs: readonly NamedFile[] = [],
  extra: readonly (readonly [NamedFile, string])[] = [],
): string[] {
  const writes: (readonly [NamedFile, string])[] = [];
  if (targets.html !== undefined) writes.push([{ label: targets.htmlLabel ?? '--html', path: targets.html }, renderHtmlReport(model)]);
  if (targets.md !== undefined) writes.push([{ label: '--md', path: targets.md }, renderMarkdownReport(model)]);
  if (targets.csv !== undefined) for (const f of reportCsvFiles(model, results)) writes.push([{ label: '--csv', path: join(targets.csv, f.name) }, f.content]);
  writes.push(...extra);
  refuseCollisions(
    writes.map(([file]) => file),
    inputs,
  );
  // Files first, stdout last: a file that cannot be written leaves stdout empty.
  const ordered = [...writes.filter(([f]) => f.path !== STDOUT), ...writes.filter(([f]) => f.path === STDOUT)];
  for (const [file, content] of ordered) writeFileAtomic(file.path, content, io.stdout);
  for (const w of model.warnings) io.stderr(`warning: ${w}\n`);
  return writes.filter(([f]) => f.path !== STDOUT).map(([file]) => file.path);
}

interface OutputOptions {
  readonly output?: string | undefined;
  readonly md?: string | undefined;
  readonly csv?: string | undefined;
  readonly baseline?: string | undefined;
  readonly title?: string | undefined;
  readonly quiet?: true | undefined;
}

/** The options of `simulate compare` (report-commands.ts declares and parses them). */
export interface CompareOptions extends OutputOptions {
  readonly resultsDir?: string | undefined;
  readonly replications?: number | undefined;
  readonly seed?: number | undefined;
  readonly catalog: string;
}

/** HTML goes to `-o`, or to the default file when no other output was asked for. */
function targetsOf(opts: OutputOptions, defaultHtml: string): ReportTargets {
  const html = opts.output ?? (opts.md === undefined && opts.csv === undefined ? defaultHtml : undefined);
  return {
    ...(html !== undefined && { html, htmlLabel: opts.output !== undefined ? '-o' : 'the default report' }),
    ...(opts.md !== undefined && { md: opts.md }),
    ...(opts.csv !== undefined && { csv: opts.csv }),
  };
}

function modelOf(inputs: readonly ReportInput[], opts: OutputOptions, command: string): ReportModel {
  const options: ReportOptions = { command, ...(opts.title !== undefined && { title: opts.title }), ...(opts.baseline !== undefined && { baseline: baselineOption(opts.baseline, inputs) }) };
  try {
    return buildReport(inputs, options);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message.replace(/^no result named/, '--baseline: no result named'));
    throw err;
  }
}

/** A name when some result is called that, else a 0-based index when it is a number. */
function baselineOption(value: string, inputs: readonly { readonly result: ResultDocument }[]): string | number {
  const named = inputs.some((i) => i.result.scenario.name === value || i.result.variant?.id === value);
  return !named && /^\d+$/.test(value) ? Number(value) : value;
}

function announce(io: CliIo, quiet: boolean | undefined, written: readonly string[]): void {
  if (!quiet) for (const f of written) io.stderr(`wrote ${f}\n`);
}

/** `simulate compare`: runs the scenarios with common random numbers and writes one comparison report. */
export async function compareScenarios(files: readonly string[], opts: CompareOptions, io: CliIo, setExit: (code: ExitCodeValue) => void): Promise<void> {
  const catalog = new Catalog(opts.catalog);
  const problems: InputProblem[] = [];
  const scenarios: ResolvedScenario[] = [];
  for (const file of files) {
    try {
      scenarios.push(loadScenario(file, { catalog }));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const seed = opts.seed ?? scenarios[0]!.seed;
  const replications = opts.replications ?? scenarios[0]!.replications;
  const shared = scenarios.map((s) => Object.freeze({ ...s, seed, replications }));
  if (opts.baseline !== undefined) {
    const b = opts.baseline;
    const ok = shared.some((s) => s.name === b) || (/^\d+$/.test(b) && Number(b) < shared.length);
    if (!ok) throw new UsageError(`--baseline '${b}' names none of the scenarios (have: ${shared.map((s) => s.name).join(', ')})`);
  }
  const inputs = [
    ...scenarioInputs(
      scenarios.map((scenario, i) => ({ scenario, file: files[i]! })),
      opts.catalog,
    ),
  ];
  const targets = targetsOf(opts, join('reports', 'compare.html'));
  const resultFile = (s: ResolvedScenario): NamedFile => ({ label: '--results-dir', path: join(opts.resultsDir!, `${s.name}.json`) });
  // Checked before anything runs (the CSV files, named after the run, are checked again before writing).
  const planned: NamedFile[] = [
    ...(targets.html !== undefined ? [{ label: targets.htmlLabel ?? '-o', path: targets.html }] : []),
    ...(targets.md !== undefined ? [{ label: '--md', path: targets.md }] : []),
    ...(opts.resultsDir !== undefined ? shared.map(resultFile) : []),
  ];
  refuseCollisions(planned, inputs);
  let stopSignal: StopSignal | undefined;
  const stopListening = onStopSignal((signal) => (stopSignal = signal));
  if (!opts.quiet) io.stderr(`common random numbers: every scenario runs with seed ${seed} and ${replications} replication(s)\n`);
  const results: SimulationResult[] = [];
  try {
    for (const [i, s] of shared.entries()) {
      const started = performance.now();
      // a live line on a terminal, named after the scenario and its place in the comparison
      const progress = opts.quiet ? undefined : (await import('./run-progress.js')).runProgress(`${s.name} (${i + 1}/${shared.length})`, s.horizon, s.replications);
      let result: SimulationResult;
      try {
        result = await simulateScenario(s, {
          shouldStop: () => stopSignal !== undefined,
          ...(progress && { onTick: (t: ReplicationTick) => progress.tick(t), onProgress: (_done: number, _total: number, index: number) => progress.replicationDone(index) }),
        });
      } finally {
        progress?.stop();
      }
      if (stopSignal !== undefined) break;
      results.push(result);
      if (!opts.quiet) io.stderr(`${s.name}: simulated in ${((performance.now() - started) / 1000).toFixed(2)} s (${i + 1}/${shared.length})\n`);
    }
  } finally {
    stopListening();
  }
  if (stopSignal !== undefined) {
    io.stderr(`${stoppedBy(stopSignal)} after ${results.length} of ${shared.length} scenarios: nothing written\n`);
    setExit(signalExitCode(stopSignal));
    return;
  }
  const runs: ReportInput[] = results.map((result, i) => ({ result, source: files[i]! }));
  const model = modelOf(runs, opts, `simulate compare ${files.join(' ')}`);
  const extra = opts.resultsDir === undefined ? [] : results.map((r, i) => [resultFile(shared[i]!), `${JSON.stringify(r, null, 2)}\n`] as const);
  const written = writeReports(model, results, targets, io, inputs, extra);
  announce(io, opts.quiet, written);
}

/** `simulate report`: one report from saved results. */
export function reportResults(files: readonly string[], opts: OutputOptions, io: CliIo): void {
  const problems: InputProblem[] = [];
  const inputs: ReportInput[] = [];
  for (const file of files) {
    try {
      inputs.push(...readReportInputs(file));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const model = modelOf(inputs, opts, `simulate report ${files.join(' ')}`);
  const read = files.map((path) => ({ label: 'an input result file', path }));
  const written = writeReports(
    model,
    inputs.map((i) => i.result),
    targetsOf(opts, join('reports', 'report.html')),
    io,
    read,
  );
  announce(io, opts.quiet, written);
}

/**
 * `simulate scenario.yaml --html [file] --md [file]`: the single-scenario report next to the JSON
 * result (reports/<name>.html / .md by default). Called by the `run` command in main.ts.
 */
export function writeRunReports(
  result: SimulationResult,
  opts: { readonly html: string | boolean | undefined; readonly md: string | boolean | undefined; readonly source?: string },
  io: CliIo,
): string[] {
  const targets: ReportTargets = {
    ...(opts.html !== undefined && opts.html !== false && { html: typeof opts.html === 'string' ? opts.html : join('reports', `${result.scenario.name}.html`) }),
    ...(opts.md !== undefined && opts.md !== false && { md: typeof opts.md === 'string' ? opts.md : join('reports', `${result.scenario.name}.md`) }),
  };
  if (targets.html === undefined && targets.md === undefined) return [];
  const model = buildReport([{ result, ...(opts.source !== undefined && { source: opts.source }) }], { command: `simulate ${opts.source ?? result.scenario.name}` });
  return writeReports(model, [result], targets, io);
}
