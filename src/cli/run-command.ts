import { Option, type Command } from '@commander-js/extra-typings';
import { defaultCatalogDir } from '../scenario/default-catalog-dir.js';
import { parseQuantity } from '../scenario/units.js';
import { UsageError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { METRICS_DEFAULT_START, parseMetricsStart } from './metrics-start.js';
import { byteSizeArg, positiveInt, replicationsArg, seedArg } from './option-parsers.js';

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

/** --metrics-start: an ISO 8601 instant with its zone, to epoch milliseconds. */
function metricsStartArg(text: string): number {
  const ms = parseMetricsStart(text);
  if (ms === undefined) throw new UsageError(`--metrics-start must be an ISO 8601 date-time with its zone at or after 1970, such as '${METRICS_DEFAULT_START}', got '${text}'`);
  return ms;
}

/** Registers `simulate run` (the default command) on the program (see main.ts). */
export function registerRunCommand(program: Command, io: CliIo, setExit: (code: ExitCodeValue) => void): void {
  program
    .command('run', { isDefault: true })
    .description('simulate one scenario (the default command: `simulate scenario.yaml`)')
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --output <file>', "JSON result file (default: reports/<scenario name>.json); '-' prints it on stdout and the summary on stderr")
    .option('--json', 'print the JSON result on stdout instead of the summary, and write no file')
    .option('--no-write', 'print the summary only; write no file')
    .option('--replications <n>', 'override the number of replications (at most 10,000)', replicationsArg)
    .option('--seed <n>', 'override the master seed', seedArg)
    .option('--max-events <n>', 'stop each replication after n events (result marked incomplete)', positiveInt('--max-events'))
    .option('--max-wall-time <duration>', "stop the run after this much real time, e.g. '30 s' or '10 min' (result marked incomplete)", wallTimeArg)
    .option('--max-queued <n>', 'stop as overloaded when a pool has more than n jobs waiting or a service n requests queued (default: limits.max_queued, else 1e6)', positiveInt('--max-queued'))
    .option('--max-heap <size>', "stop as overloaded when the heap in use stays above this, e.g. '4 GiB' (default: limits.max_heap, else 60 % of Node's heap limit)", byteSizeArg('--max-heap'))
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .option('--jobs-csv <file>', "also write one CSV row per job run (replication, job, workload, times, devices, outcome; a trace job's own id and submit); '-' for stdout")
    .option('--timeline <file>', "also write the first replication as a Chrome trace for Perfetto UI: pools, nodes, job and replica slices, queue/busy/power counters; '-' for stdout")
    .option('--timeline-max-events <n>', 'most slices (job runs, replicas) --timeline writes; later ones are counted in the file and on stderr', positiveInt('--timeline-max-events'))
    .option(
      '--metrics <file>',
      "also write the pools' sampled busy devices, queue length and online devices as OpenMetrics text for Prometheus (promtool tsdb create-blocks-from openmetrics); '-' for stdout",
    )
    .option('--metrics-start <time>', `the instant --metrics stamps simulated time 0 at, ISO 8601 with its zone (default ${METRICS_DEFAULT_START})`, metricsStartArg)
    .option('--html [file]', 'also write a self-contained HTML report (default reports/<scenario name>.html)')
    .option('--md [file]', "also write a Markdown summary (default reports/<scenario name>.md; '-' for stdout)")
    .option('-w, --workers <n>', 'run replications on n worker threads at once (default 1); the result is byte-identical', positiveInt('--workers'))
    .option('-q, --quiet', 'no progress on stderr')
    .addOption(new Option('--debug', 'show stack traces').hideHelp())
    .action(async (file, opts) => {
      const { runScenario } = await import('./run-scenario.js');
      await runScenario(file, opts, io, setExit);
    });
}
