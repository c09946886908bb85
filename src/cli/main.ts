import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Catalog, defaultCatalogDir } from '../scenario/catalog.js';
import { displayPath, InputError } from '../input-error.js';
import { profileJsonSchema, scenarioJsonSchema } from '../scenario/json-schema.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { resultToJson } from '../report/json-result.js';
import { formatSummary } from '../report/text-summary.js';
import { simulateScenario, type SimulationResult } from '../simulate.js';
import type { Scenario } from '../model/types.js';
import { RESULT_SCHEMA_VERSION, TOOL_VERSION } from '../version.js';
import { ExitCode, exitCodeFor, UsageError, type ExitCodeValue } from './exit-codes.js';
import { listProfiles, PROFILE_KINDS } from './list-profiles.js';
import { formatTraceInspection, formatTraceIssue, inspectTrace, TraceError, TRACE_FORMATS, type CsvColumnMapping, type TraceIssue } from '../traces/index.js';
import { BufferedFile, writeFileAtomic } from './write-atomic.js';
import { JOB_CSV_HEADER, jobCsvRow } from '../report/job-csv.js';
import type { Job } from '../model/job.js';
import { registerReportCommands, writeRunReports } from './report-commands.js';
import { registerSweepCommands } from './sweep-commands.js';
import { serviceMetrics, sizeFleet } from '../planning/size-fleet.js';
import { formatFleetSizing } from '../report/fleet-sizing-text.js';
import { parseQuantity } from '../scenario/units.js';
import { checkSizing, choiceArg, parseSizes, parseTarget, positiveInt, seedArg } from './option-parsers.js';
import { processIo, terminalSafe, type CliIo } from './cli-io.js';

export type { CliIo } from './cli-io.js';

const EXAMPLES = `
Examples:
  $ simulate scenarios/h100-training-fcfs.yaml          run a scenario, summary on the terminal, JSON in reports/
  $ simulate scenarios/h100-training-fcfs.yaml --json   print the JSON result on stdout only
  $ simulate validate scenarios/*.yaml                  check scenarios without running them
  $ simulate profiles --kind gpu                        list the hardware catalog
  $ simulate trace inspect jobs.swf.gz --format swf     summarise a workload trace
  $ simulate schema > schema/scenario.schema.json       JSON Schema for editors

Exit codes: 0 ok, 1 targets failed, 2 invalid input or usage (nothing written), 3 internal error, 130 interrupted.`;


/** --max-wall-time: a duration with a unit ('30 s', '10 min'), or a bare number of seconds. */
function wallTimeArg(text: string): number {
  let seconds: number;
  try {
    seconds = /^\s*[0-9.eE+-]+\s*$/.test(text) ? Number(text) : parseQuantity(text, 'time');
  } catch (err) {
    throw new UsageError(`--max-wall-time: ${(err as Error).message}; write a duration such as '30 s' or '10 min'`);
  }
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new UsageError(`--max-wall-time must be a positive duration such as '30 s' or '10 min', got '${text}'`);
  return seconds;
}

/** --columns 'submit=t,devices=gpus' → a CSV column mapping (a number for devices is a constant). */
function parseColumns(text: string): CsvColumnMapping {
  const mapping: Record<string, string | number> = {};
  for (const pair of text.split(',')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(pair);
    if (!m) throw new UsageError(`--columns: '${pair}' is not field=column (e.g. 'submit=t,devices=gpus,runtime=rt')`);
    mapping[m[1]!] = m[1] === 'devices' && /^\d+(\.\d+)?$/.test(m[2]!) ? Number(m[2]) : m[2]!;
  }
  return mapping as unknown as CsvColumnMapping;
}

/**
 * Checked before the run, so a bad output path costs nothing: no output may replace a file the run reads
 * (the scenario, its trace files), and none may be a folder.
 */
function refuseToOverwriteInputs(scenario: Scenario, file: string, outputs: readonly (string | undefined)[]): void {
  const inputs = new Map<string, string>([[resolve(file), 'the scenario file']]);
  for (const w of scenario.workloads) if ((w.kind === 'trace' || w.kind === 'inference') && w.trace) inputs.set(resolve(w.trace.file), `the trace of workload '${w.name}'`);
  for (const o of outputs) {
    if (o === undefined) continue;
    const what = inputs.get(resolve(o));
    if (what !== undefined) throw new UsageError(`refusing to write ${o}: it is ${what}; choose another output file`);
    if (existsSync(o) && statSync(o).isDirectory()) throw new UsageError(`cannot write ${o}: it is a folder; name a file`);
  }
}

/** What a user must know about a run that worked: trace rows skipped, jobs rejected. */
function runWarnings(scenario: Scenario, result: SimulationResult, firstIssues: ReadonlyMap<string, TraceIssue>): string[] {
  const lines: string[] = [];
  // the result records trace paths as the scenario wrote them; messages name them from here
  const where = new Map(scenario.workloads.flatMap((w) => ((w.kind === 'trace' || w.kind === 'inference') && w.trace ? [[w.name, w.trace.file] as const] : [])));
  for (const [name, t] of Object.entries(result.traces)) {
    const first = firstIssues.get(name);
    if (first) lines.push(formatTraceIssue(first));
    const skipped = t.skipped.filter((s) => s.count > 0);
    if (skipped.length > 0 && t.rowsReplayed < t.rowsRead) {
      lines.push(`workload '${name}': ${t.rowsReplayed.toLocaleString('en-US')} of ${t.rowsRead.toLocaleString('en-US')} rows of ${displayPath(where.get(name) ?? t.file)} replayed; skipped: ${skipped.map((s) => `${s.reason} × ${s.count.toLocaleString('en-US')}`).join(', ')} (hint: simulate trace inspect lists them; trace.strict: true makes a bad row an error)`);
    }
    const adjusted = t.adjusted ?? [];
    if (adjusted.length > 0) {
      lines.push(`workload '${name}': rows of ${displayPath(where.get(name) ?? t.file)} replayed with a changed value: ${adjusted.map((s) => `${s.reason} × ${s.count.toLocaleString('en-US')}`).join(', ')} (hint: simulate trace inspect lists them; trace.strict: true makes such a row an error)`);
    }
  }
  const rep = result.replications[0];
  if (rep) {
    for (const [name, m] of Object.entries(rep.workloads)) {
      if (m.rejected > 0) lines.push(`workload '${name}': ${m.rejected.toLocaleString('en-US')} job(s) rejected in replication 1: they ask for more devices than their pool can ever hold, or break a scheduler limit (max_devices, max_runtime); see "rejected" in the result`);
    }
  }
  return lines;
}

function buildProgram(io: CliIo, setExit: (code: ExitCodeValue) => void) {
  const program = new Command('simulate')
    .description('Discrete-event simulation of AI workloads on hardware profiles: throughput, latency, utilisation.')
    .version(`simulate ${TOOL_VERSION} (result schema ${RESULT_SCHEMA_VERSION})`, '-V, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', EXAMPLES)
    .exitOverride();

  program
    .command('run', { isDefault: true })
    .description('simulate one scenario (the default command: `simulate scenario.yaml`)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --output <file>', 'JSON result file (default: reports/<scenario name>.json)')
    .option('--json', 'print the JSON result on stdout instead of the summary, and write no file')
    .option('--no-write', 'print the summary only; write no file')
    .option('--replications <n>', 'override the number of replications', positiveInt('--replications'))
    .option('--seed <n>', 'override the master seed', seedArg)
    .option('--max-events <n>', 'stop each replication after n events (result marked incomplete)', positiveInt('--max-events'))
    .option('--max-wall-time <duration>', "stop the run after this much real time, e.g. '30 s' or '10 min' (result marked incomplete)", wallTimeArg)
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .option('--jobs-csv <file>', 'also write one CSV row per job run (replication, job, workload, times, devices, outcome)')
    .option('--html [file]', 'also write a self-contained HTML report (default reports/<scenario name>.html)')
    .option('--md [file]', "also write a Markdown summary (default reports/<scenario name>.md; '-' for stdout)")
    .option('-q, --quiet', 'no progress on stderr')
    .addOption(new Option('--debug', 'show stack traces').hideHelp())
    .action(async (file, opts) => {
      let scenario = loadScenario(file, { catalog: new Catalog(opts.catalog) });
      if (opts.replications !== undefined || opts.seed !== undefined) {
        scenario = Object.freeze({
          ...scenario,
          ...(opts.replications !== undefined && { replications: opts.replications }),
          ...(opts.seed !== undefined && { seed: opts.seed }),
        });
      }
      const out = opts.json || !opts.write ? undefined : (opts.output ?? join('reports', `${scenario.name}.json`));
      refuseToOverwriteInputs(scenario, file, [out, opts.jobsCsv, typeof opts.html === 'string' ? opts.html : undefined, typeof opts.md === 'string' && opts.md !== '-' ? opts.md : undefined]);
      const started = performance.now();
      // Ctrl-C: the run stops at its next slice and nothing is written (a second Ctrl-C kills at once).
      // Listening before any temporary file exists: a signal in between would kill the process and
      // leave the file behind.
      let interrupted = false;
      const onSigint = () => {
        interrupted = true;
      };
      process.once('SIGINT', onSigint);
      // (kept until the outputs are written: a Ctrl-C after the run lets the atomic writes finish)
      try {
        const csv = opts.jobsCsv === undefined ? undefined : new BufferedFile(opts.jobsCsv);
        let replication = 0;
        const names = scenario.workloads.map((w) => w.name);
        csv?.write(JOB_CSV_HEADER);
        const deadline = opts.maxWallTime === undefined ? Infinity : started + opts.maxWallTime * 1000;
        let timedOut = false;
        const firstIssues = new Map<string, TraceIssue>();
        let result;
        try {
          result = await simulateScenario(scenario, {
            ...(opts.maxEvents !== undefined && { maxEvents: opts.maxEvents }),
            ...(csv && { onJob: (event: string, job: Job, pool: string, outcome?: string) => event === 'end' && csv.write(jobCsvRow(replication, names[job.workload]!, pool, job, outcome ?? 'completed')) }),
            onProgress: (done, total) => {
              replication = done;
              if (!opts.quiet && total > 1) io.stderr(`replication ${done}/${total} done\n`);
            },
            shouldStop: () => {
              if (interrupted) return true;
              if (performance.now() < deadline) return false;
              timedOut = true;
              return true;
            },
            // (an interrupted run writes nothing, so a stopped result was stopped by the wall-time limit)
            stopReason: 'max-wall-time',
            onTraceIssue: (workload, issue) => {
              if (issue.severity !== 'info' && !firstIssues.has(workload)) firstIssues.set(workload, issue);
            },
          });
        } catch (err) {
          csv?.abort();
          throw err;
        }
        if (interrupted) {
          csv?.abort();
          io.stderr(`interrupted during replication ${Math.min(replication + 1, scenario.replications)} of ${scenario.replications}: nothing written${out !== undefined && existsSync(out) ? ` (${out} left as it was)` : ''}\n`);
          setExit(ExitCode.interrupted);
          return;
        }
        for (const line of runWarnings(scenario, result, firstIssues)) io.stderr(`warning: ${line}\n`);
        if (!result.complete) {
          const limit = timedOut ? `--max-wall-time ${opts.maxWallTime} s` : `--max-events ${opts.maxEvents}`;
          io.stderr(`warning: stopped by ${limit}: ${result.replications.filter((r) => r.complete).length} of ${scenario.replications} replication(s) ran to the horizon; the result is incomplete ("complete": false)\n`);
        }
        const json = resultToJson(result);
        // The result first, then the per-job CSV: if the result cannot be written, neither is the CSV.
        try {
          if (out !== undefined) writeFileAtomic(out, json);
        } catch (err) {
          csv?.abort();
          throw err;
        }
        csv?.commit();
        if (opts.json) {
          io.stdout(json);
        } else {
          io.stdout(formatSummary(result));
          if (out !== undefined) io.stdout(`\nresult written to ${out}\n`);
        }
        for (const f of writeRunReports(result, { html: opts.html, md: opts.md, source: file }, io)) if (!opts.quiet) io.stderr(`wrote ${f}\n`);
        if (!opts.quiet) io.stderr(`simulated in ${((performance.now() - started) / 1000).toFixed(2)} s (${result.replications.reduce((s, r) => s + r.events, 0).toLocaleString('en-US')} events)\n`);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });

  program
    .command('validate')
    .description('check scenario files (schema, units, profile references) without running them')
    .argument('<files...>', 'scenario YAML files')
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .action((files, opts) => {
      const catalog = new Catalog(opts.catalog);
      const problems: string[] = [];
      for (const file of files) {
        try {
          const s = loadScenario(file, { catalog });
          const pools = s.sites.reduce((n, site) => n + site.pools.length, 0);
          io.stdout(`ok ${file}: ${s.workloads.length} workload(s), ${pools} pool(s), ${s.replications} replication(s)\n`);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(err.message);
        }
      }
      if (problems.length > 0) {
        io.stderr(`${problems.join('\n')}\n`);
        setExit(ExitCode.invalidInput);
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema (draft-07) of scenario files, or of hardware profiles')
    .option('--profile', 'the hardware profile schema instead of the scenario schema')
    .action((opts) => {
      io.stdout(`${JSON.stringify(opts.profile ? profileJsonSchema() : scenarioJsonSchema(), null, 2)}\n`);
    });

  program
    .command('profiles')
    .description('list (and validate) the hardware profile catalog')
    .option('--kind <kind>', `only this kind: ${PROFILE_KINDS.join(', ')}`, choiceArg('--kind', 'kind', PROFILE_KINDS))
    .option('--json', 'print the validated profiles as JSON')
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .action((opts) => {
      const out = listProfiles(new Catalog(opts.catalog), opts.kind, opts.json === true);
      io.stdout(out.text);
      if (out.problems.length > 0) {
        io.stderr(`${out.problems.join('\n')}\n`);
        setExit(ExitCode.invalidInput);
      }
    });

  program
    .command('size')
    .description('search the owned fleet size: run the scenario at each size of one on-prem pool, report TCO and the service level, pick the cheapest that meets the target')
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--pool <site/pool>', 'the owned pool to size, e.g. onprem/main')
    .requiredOption('--nodes <sizes>', "sizes to try: '4..16', '4..32:4' (step) or '8,12,16'")
    .requiredOption('--target <target>', `service target, e.g. 'wait.p95 <= 2 h' or 'slo_attainment >= 0.9' (metrics: ${serviceMetrics.join(', ')})`)
    .option('--json', 'print the search as JSON')
    .option('-o, --output <file>', 'also write the search as JSON to this file')
    .option('--replications <n>', 'override the number of replications', positiveInt('--replications'))
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .action(async (file, opts) => {
      let scenario = loadScenario(file, { catalog: new Catalog(opts.catalog) });
      if (opts.replications !== undefined) scenario = { ...scenario, replications: opts.replications };
      const pool = scenario.sites.flatMap((s) => s.pools).find((p) => p.id === opts.pool);
      if (!pool) throw new UsageError(`--pool: no pool '${opts.pool}' in ${file} (pools: ${scenario.sites.flatMap((s) => s.pools.map((p) => p.id)).join(', ')})`);
      if (pool.cloud) throw new UsageError(`--pool: '${opts.pool}' is a cloud pool; size owned pools (cloud pools scale with their quota)`);
      const sizes = parseSizes(opts.nodes);
      const target = parseTarget(opts.target);
      checkSizing(scenario, opts.pool, sizes, target, file);
      refuseToOverwriteInputs(scenario, file, [opts.output]);
      // Ctrl-C stops the size being simulated; nothing is written. A second Ctrl-C quits at once.
      let interrupted = false;
      const onSigint = () => {
        if (interrupted) process.exit(ExitCode.interrupted);
        interrupted = true;
      };
      process.on('SIGINT', onSigint);
      let sizing: Awaited<ReturnType<typeof sizeFleet>> | undefined;
      try {
        sizing = await sizeFleet(scenario, opts.pool, sizes, target, (s) => simulateScenario(s, { shouldStop: () => interrupted }), (p) => {
          if (!opts.json && !interrupted) io.stderr(`${p.nodes} nodes: ${target.metric} ${p.service.mean.toPrecision(4)}, TCO ${(p.tco.mean / 1e6).toFixed(2)} M USD\n`);
        });
      } catch (err) {
        if (!interrupted) throw err;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      if (interrupted || sizing === undefined) {
        io.stderr(`interrupted: nothing written${opts.output !== undefined && existsSync(opts.output) ? ` (${opts.output} left as it was)` : ''}\n`);
        setExit(ExitCode.interrupted);
        return;
      }
      const json = `${JSON.stringify(sizing, null, 2)}\n`;
      if (opts.output !== undefined) writeFileAtomic(opts.output, json);
      io.stdout(opts.json ? json : formatFleetSizing(sizing));
      if (!sizing.best) setExit(ExitCode.targetsFailed);
    });

  const trace = program.command('trace').description('work with workload traces');
  trace
    .command('inspect')
    .description('summarise a trace: rows, span, arrival rate, size and duration distributions, rows skipped and why')
    .argument('<file>', 'trace file (plain or gzip-compressed)')
    .addOption(new Option('--format <format>', `trace format: ${TRACE_FORMATS.join(', ')}`).argParser(choiceArg('--format', 'format', TRACE_FORMATS)).makeOptionMandatory())
    .option('--columns <mapping>', "csv only: field=column pairs, e.g. 'submit=t,devices=gpus,runtime=rt' (docs/traces.md)")
    .option('--strict', 'make bad rows fatal')
    .option('--json', 'print the summary as JSON')
    .action(async (file, opts) => {
      if ((opts.columns !== undefined) !== (opts.format === 'csv')) {
        throw new UsageError(opts.format === 'csv' ? "--format csv needs --columns, e.g. --columns 'submit=t,devices=gpus,runtime=rt'" : `--columns applies to --format csv only (${opts.format} has fixed columns)`);
      }
      const spec = opts.columns === undefined ? opts.format : { format: 'csv' as const, columns: parseColumns(opts.columns) };
      const inspection = await inspectTrace(file, spec, { strict: opts.strict === true });
      // A trace with no data rows has nothing to summarise: an input error, as it is for a run.
      const empty = inspection.examples.find((e) => e.reason === 'empty-file' || e.reason === 'header-only');
      if (empty) throw new TraceError(empty);
      io.stdout(opts.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatTraceInspection(inspection));
    });

  registerReportCommands(program as unknown as Command, io, setExit);
  registerSweepCommands(program as unknown as Command, io, setExit);

  return program;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], rawIo: CliIo = processIo()): Promise<ExitCodeValue> {
  const io = terminalSafe(rawIo);
  let code: ExitCodeValue = ExitCode.ok;
  const program = buildProgram(io, (c) => (code = c));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
    }
    const exit = exitCodeFor(err);
    if (err instanceof InputError) io.stderr(`${err.message}\n`);
    else if (err instanceof UsageError) io.stderr(`error: ${err.message}\n`);
    else io.stderr(`internal error: ${(err as Error).message ?? String(err)}\n${debug ? `${(err as Error).stack}\n` : 'run again with --debug for a stack trace, and please report it\n'}`);
    if (debug && exit !== ExitCode.internalError) io.stderr(`${(err as Error).stack}\n`);
    return exit;
  }
}
