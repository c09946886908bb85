import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { defaultCatalogDir, defaultModelCardsDir, defaultTokenApisDir } from '../scenario/default-catalog-dir.js';
import { InputError } from '../support/input-error.js';
import { RESULT_SCHEMA_VERSION, TOOL_VERSION } from '../support/version.js';
import { ExitCode, exitCodeFor, UsageError, type ExitCodeValue } from './exit-codes.js';
import { PROFILE_KINDS } from './profile-kinds.js';
import { TRACE_FORMATS } from '../traces/trace-formats.js';
import type { CsvColumnMapping } from '../traces/index.js';
import { registerReportCommands } from './report-commands.js';
import { registerRunCommand } from './run-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerSizeCommand } from './size-command.js';
import { registerCalibrateCommand } from './calibrate-command.js';
import { registerSweepCommands } from './sweep-commands.js';
import { choiceArg } from './option-parsers.js';
import { processIo, terminalSafe, type CliIo } from './cli-io.js';

// Start-up: this module and the register* modules import only commander and small leaf modules, so
// `--version`, `--help` and usage errors cost a bare Node start plus commander. Each action imports
// what its command needs (scenario schemas, the simulator, mathjs, the report and d3) when it runs.

export type { CliIo } from './cli-io.js';

const EXAMPLES = `
Examples:
  $ simulate scenarios/h100-training-fcfs.yaml          run a scenario, summary on the terminal, JSON in reports/
  $ simulate scenarios/h100-training-fcfs.yaml --json   print the JSON result on stdout only
  $ simulate validate scenarios/*.yaml scenarios/*/*.yaml  check scenarios and sweeps without running them
  $ simulate profiles --kind gpu                        list the hardware catalog
  $ simulate trace inspect jobs.swf.gz --format swf     summarise a workload trace
  $ simulate schema > schema/scenario.schema.json       JSON Schema for editors

Exit codes: 0 ok, 1 targets failed, 2 invalid input or usage (nothing written), 3 internal error,
130 interrupted (Ctrl-C), 143 stopped by SIGTERM, 129 by SIGHUP.`;

/**
 * --columns 'submit=t,devices=gpus' → a CSV column mapping (a number for devices is a constant).
 * Field names other than the two required ones pass through: the CSV reader names any it does not know.
 */
function parseColumns(text: string): CsvColumnMapping {
  const columns = new Map<string, string>();
  for (const pair of text.split(',')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(pair);
    if (!m?.[1] || !m[2]) throw new UsageError(`--columns: '${pair}' is not field=column (e.g. 'submit=t,devices=gpus,runtime=rt')`);
    columns.set(m[1], m[2]);
  }
  const submit = columns.get('submit');
  const devices = columns.get('devices');
  if (submit === undefined || devices === undefined) throw new UsageError(`--columns must map submit and devices (e.g. 'submit=t,devices=gpus,runtime=rt')`);
  return { ...Object.fromEntries(columns), submit, devices: /^\d+(\.\d+)?$/.test(devices) ? Number(devices) : devices };
}

function buildProgram(io: CliIo, setExit: (code: ExitCodeValue) => void) {
  const program = new Command('simulate')
    .description('Discrete-event simulation of AI workloads on hardware profiles: throughput, latency, utilisation.')
    .version(`simulate ${TOOL_VERSION} (result schema ${RESULT_SCHEMA_VERSION})`, '-V, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', EXAMPLES)
    .exitOverride();

  registerRunCommand(program, io, setExit);

  program
    .command('validate')
    .description('check scenario and sweep files (schema, units, profile references) without running them')
    .argument('<files...>', 'scenario or sweep YAML files (a file with a top-level base, scenario or parameters key is a sweep)')
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .action(async (files, opts) => {
      const [{ Catalog }, { validateFile }] = await Promise.all([import('../scenario/catalog.js'), import('./validate-file.js')]);
      const catalog = new Catalog(opts.catalog);
      const problems: string[] = [];
      for (const file of files) {
        try {
          io.stdout(`${validateFile(file, catalog)}\n`);
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
    .description('print the JSON Schema (draft-07) of scenario files, of hardware profiles, of model cards, of sweep files or of results')
    .option('--profile', 'the hardware profile schema instead of the scenario schema')
    .option('--model', 'the model card schema instead of the scenario schema')
    .option('--api', 'the managed-API offering schema (token-apis/) instead of the scenario schema')
    .option('--sweep', 'the sweep file schema instead of the scenario schema')
    .option('--result', 'the schema of a simulation result (`simulate run -o x.json`, and each result compare writes)')
    .option('--sweep-result', 'the schema of a sweep results file (sweep.json, a shard, a merge)')
    .action(async (opts) => {
      if (opts.result || opts.sweepResult) {
        const { shippedResultSchema } = await import('./result-schema-file.js');
        io.stdout(shippedResultSchema(opts.result ? 'result' : 'sweep-result'));
        return;
      }
      const { modelCardJsonSchema, profileJsonSchema, scenarioJsonSchema, tokenApiJsonSchema } = await import('../scenario/json-schema.js');
      const sweep = opts.sweep ? (await import('../sweep/sweep-json-schema.js')).sweepJsonSchema() : undefined;
      const schema = sweep ?? (opts.api ? tokenApiJsonSchema() : opts.model ? modelCardJsonSchema() : opts.profile ? profileJsonSchema() : scenarioJsonSchema());
      io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
    });

  program
    .command('models')
    .description('list (and validate) the model cards')
    .option('--json', 'print the validated cards as JSON')
    .option('--models <dir>', 'model card folder', defaultModelCardsDir())
    .action(async (opts) => {
      const [{ ModelCards }, { listModelCards }] = await Promise.all([import('../scenario/model-cards.js'), import('./list-model-cards.js')]);
      const out = listModelCards(new ModelCards(opts.models), opts.json === true);
      io.stdout(out.text);
      if (out.problems.length > 0) {
        io.stderr(`${out.problems.join('\n')}\n`);
        setExit(ExitCode.invalidInput);
      }
    });

  program
    .command('apis')
    .description('list (and validate) the managed-API offerings: token prices, rate limits, latency')
    .option('--json', 'print the validated offerings as JSON')
    .option('--apis <dir>', 'offering folder', defaultTokenApisDir())
    .action(async (opts) => {
      const [{ TokenApis }, { listTokenApis }] = await Promise.all([import('../scenario/token-apis.js'), import('./list-token-apis.js')]);
      const out = listTokenApis(new TokenApis(opts.apis), opts.json === true);
      io.stdout(out.text);
      if (out.problems.length > 0) {
        io.stderr(`${out.problems.join('\n')}\n`);
        setExit(ExitCode.invalidInput);
      }
    });

  program
    .command('profiles')
    .description('list (and validate) the hardware profile catalog')
    .option('--kind <kind>', `only this kind: ${PROFILE_KINDS.join(', ')}`, choiceArg('--kind', 'kind', PROFILE_KINDS))
    .option('--json', 'print the validated profiles as JSON')
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .action(async (opts) => {
      const [{ Catalog }, { listProfiles }] = await Promise.all([import('../scenario/catalog.js'), import('./list-profiles.js')]);
      const out = listProfiles(new Catalog(opts.catalog), opts.kind, opts.json === true);
      io.stdout(out.text);
      if (out.problems.length > 0) {
        io.stderr(`${out.problems.join('\n')}\n`);
        setExit(ExitCode.invalidInput);
      }
    });

  registerSizeCommand(program, io, setExit);
  registerCalibrateCommand(program, io);
  registerPlanCommand(program, io, setExit);

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
        throw new UsageError(
          opts.format === 'csv' ? "--format csv needs --columns, e.g. --columns 'submit=t,devices=gpus,runtime=rt'" : `--columns applies to --format csv only (${opts.format} has fixed columns)`,
        );
      }
      const spec = opts.columns === undefined ? opts.format : { format: 'csv' as const, columns: parseColumns(opts.columns) };
      const { formatTraceInspection, inspectTrace, TraceError } = await import('../traces/index.js');
      const inspection = await inspectTrace(file, spec, { strict: opts.strict === true });
      // A trace with no data rows has nothing to summarise: an input error, as it is for a run.
      const empty = inspection.examples.find((e) => e.reason === 'empty-file' || e.reason === 'header-only');
      if (empty) throw new TraceError(empty);
      io.stdout(opts.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatTraceInspection(inspection));
    });

  registerReportCommands(program, io, setExit);
  registerSweepCommands(program, io, setExit);

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
