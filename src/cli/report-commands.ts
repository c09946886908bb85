import type { Command } from '@commander-js/extra-typings';
import { defaultCatalogDir } from '../scenario/default-catalog-dir.js';
import type { ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { replicationsArg, seedArg } from './option-parsers.js';

const EXAMPLES = `
Examples:
  $ simulate compare scenarios/a.yaml scenarios/b.yaml -o reports/compare.html
  $ simulate compare a.yaml b.yaml --baseline b --md - >> "$GITHUB_STEP_SUMMARY"
  $ simulate report results/*.json -o reports/report.html --csv reports/csv/`;

/** Registers `compare` and `report` on the program (see main.ts). */
export function registerReportCommands(program: Command, io: CliIo, setExit: (code: ExitCodeValue) => void): void {
  program
    .command('compare')
    .description('run scenarios with common random numbers (one seed, one replication count) and write one comparison report')
    .argument('<scenarios...>', 'scenario YAML files; the first is the baseline unless --baseline says otherwise')
    .option('-o, --output <file>', "HTML report (default reports/compare.html when neither --md nor --csv is given; '-' prints it on stdout)")
    .option('--md <file>', "Markdown summary ('-' prints it on stdout)")
    .option('--csv <dir>', 'CSV files of every table and time series, into this folder')
    .option('--baseline <name>', 'scenario the deltas are taken against (name or 0-based index; default the first)')
    .option('--title <text>', 'report title')
    .option('--results-dir <dir>', 'also write each JSON result there as <scenario name>.json')
    .option('--replications <n>', 'replications for every scenario (default: the first scenario’s; at most 10,000)', replicationsArg)
    .option('--seed <n>', 'seed for every scenario (default: the first scenario’s)', seedArg)
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', EXAMPLES)
    .action(async (files, opts) => {
      const { compareScenarios } = await import('./report-outputs.js');
      await compareScenarios(files, opts, io, setExit);
    });

  program
    .command('report')
    .description('write one report from saved results (simulate … -o FILE, sweeps, CI artifacts)')
    .argument('<results...>', 'result JSON files, or sweep results files (each variant becomes a result); the first is the baseline unless --baseline says otherwise')
    .option('-o, --output <file>', "HTML report (default reports/report.html when neither --md nor --csv is given; '-' prints it on stdout)")
    .option('--md <file>', "Markdown summary ('-' prints it on stdout)")
    .option('--csv <dir>', 'CSV files of every table and time series, into this folder')
    .option('--baseline <name>', 'result the deltas are taken against (label, scenario name or 0-based index; default the first)')
    .option('--title <text>', 'report title')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', EXAMPLES)
    .action(async (files, opts) => {
      const { reportResults } = await import('./report-outputs.js');
      reportResults(files, opts, io);
    });
}
