import { Option, type Command } from '@commander-js/extra-typings';
import { defaultCatalogDir } from '../scenario/default-catalog-dir.js';
import { UsageError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { feasibilityArg, replicationsArg } from './option-parsers.js';

const FEASIBILITY_HELP = "how constraints and assertions read a metric: 'pessimistic' (default: the worse end of its 95 % interval; the mean with one replication) or 'mean'";

const SWEEP_EXAMPLES = `
Examples:
  $ simulate sweep scenarios/sweeps/h100-fleet-size.yaml                 all variants on every core
  $ simulate sweep sweep.yaml --workers 2 --assert 'p95_wait < 2 h'      fail (exit 1) when a variant misses a target
  $ simulate sweep sweep.yaml --shard 3/8 -o out/                        one CI runner's share: out/shard-3-of-8.json
  $ simulate merge out/shard-*.json -o out/sweep.json                    check and combine the shards
  $ simulate sweep sweep.yaml --list                                     show the variants without running them

Re-running the same command resumes: variants whose results exist are not run again.
Ctrl-C, SIGTERM and SIGHUP keep every finished variant. Exit codes: 0 ok, 1 an assertion failed,
2 invalid input, 3 internal error, 130 interrupted (Ctrl-C), 143 SIGTERM, 129 SIGHUP.`;

function count(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got '${v}'`);
    return n;
  };
}

const collect = (v: string, previous: string[] | undefined): string[] => [...(previous ?? []), v];

/** Registers `simulate sweep` and `simulate merge` (see main.ts). */
export function registerSweepCommands(program: Command, io: CliIo, setExit: (code: ExitCodeValue) => void): void {
  program
    .command('sweep')
    .description('run the variants of a sweep file in parallel: resumable, shardable over CI runners or pods, with assertions')
    .argument('<sweep>', 'sweep YAML file (docs/sweeps.md)')
    .option('-o, --out <dir>', 'output folder for variant results and sweep.json/.csv/.md/.html (default: reports/<sweep name>/)')
    .option('-w, --workers <n>', 'worker threads (default and at most: the number of cores, and no more than variants to run; 0 runs in the main thread)', count('--workers', 0))
    .option('--shard <i/n>', 'run only shard i of n (1-based); default from SIMULATE_SHARD, JOB_COMPLETION_INDEX + SIMULATE_SHARD_COUNT, CI_NODE_INDEX/CI_NODE_TOTAL, …')
    .option('--assert <expression>', "a gate every variant must pass, e.g. 'p95_wait < 2 h' (repeatable); a failure makes the exit code 1", collect)
    .option('--feasibility <rule>', FEASIBILITY_HELP, feasibilityArg)
    .option('--replications <n>', 'replications of every variant (overrides the sweep file and the base scenario; at most 10,000)', replicationsArg)
    .option('--max-variants <n>', "allow more variants than the file's max_variants (default 10,000)", count('--max-variants', 1))
    .option('--fresh', 'run every variant again, ignoring results of an earlier run')
    .option('--list', 'print the variants (index and parameter values) and exit without running')
    .option('--full-results', 'keep time series, usage ledgers and monthly cost series in the variant results (large)')
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .option('-q, --quiet', 'no progress on stderr')
    .addOption(new Option('--debug', 'show stack traces').hideHelp())
    .addHelpText('after', SWEEP_EXAMPLES)
    .action(async (file, opts) => {
      const { sweepCommand } = await import('./sweep-actions.js');
      await sweepCommand(file, opts, io, setExit);
    });

  program
    .command('merge')
    .description('check that shard results belong to one sweep, none missing or repeated, and merge them')
    .argument('<shards...>', 'shard-<i>-of-<n>.json files written by `simulate sweep --shard i/n`')
    .option('-o, --output <file>', "merged results; the .csv, .md and .html go beside it ('-': the JSON alone on stdout, the summary on stderr)", 'sweep.json')
    .option('--assert <expression>', 'a gate every variant must pass (repeatable); a failure makes the exit code 1', collect)
    .option('--feasibility <rule>', FEASIBILITY_HELP, feasibilityArg)
    .option('-q, --quiet', 'print nothing but problems')
    .addOption(new Option('--debug', 'show stack traces').hideHelp())
    .action(async (shards, opts) => {
      const { mergeCommand } = await import('./sweep-actions.js');
      await mergeCommand(shards, opts, io, setExit);
    });
}
