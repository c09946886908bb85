import type { Command } from '@commander-js/extra-typings';
import { existsSync } from 'node:fs';
import { serviceMetrics, sizeFleet } from '../planning/size-fleet.js';
import { defaultCatalogDir } from '../scenario/default-catalog-dir.js';
import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { byteSizeArg, checkSizing, feasibilityArg, parseSizes, parseTarget, positiveInt, replicationsArg } from './option-parsers.js';
import { DEFAULT_FEASIBILITY, feasibilityNote } from '../metrics/feasibility.js';
import { sizeEdge, sizeEdgeWarning } from '../planning/size-edge.js';
import { refuseCollisions, scenarioInputs } from './output-collisions.js';
import { onStopSignal, signalExitCode, stoppedBy, type StopSignal } from './stop-signals.js';
import { STDOUT, writeFileAtomic } from '../support/write-atomic.js';

/** Registers `simulate size` on the program (see main.ts). */
export function registerSizeCommand(program: Command, io: CliIo, setExit: (code: ExitCodeValue) => void): void {
  program
    .command('size')
    .description('search the owned fleet size: run the scenario at each size of one on-prem pool, report TCO and the service level, pick the cheapest that meets the target')
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--pool <site/pool>', 'the owned pool to size, e.g. onprem/main')
    .requiredOption('--nodes <sizes>', "sizes to try: '4..16', '4..32:4' (step) or '8,12,16'")
    .requiredOption('--target <target>', `service target, e.g. 'wait.p95 <= 2 h' or 'slo_attainment >= 0.9' (metrics: ${serviceMetrics.join(', ')})`)
    .option('--json', 'print the search as JSON')
    .option('-o, --output <file>', "also write the search as JSON to this file ('-': on stdout, the table then goes to stderr)")
    .option('--replications <n>', 'override the number of replications (at most 10,000)', replicationsArg)
    .option('--max-queued <n>', 'a size whose queue passes n jobs (or requests) is stopped as overloaded and infeasible (default: limits.max_queued, else 1e6)', positiveInt('--max-queued'))
    .option('--max-heap <size>', "likewise when the heap stays above this, e.g. '4 GiB' (default: limits.max_heap, else 60 % of Node's heap limit)", byteSizeArg('--max-heap'))
    .option('--feasibility <rule>', "how a size meets the target: 'pessimistic' (default: the worse end of the 95 % interval; the mean with one replication) or 'mean'", feasibilityArg)
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .action(async (file, opts) => {
      // The scenario reader, the simulator and the report text load when the command runs (start-up, main.ts).
      const [{ Catalog }, { loadScenario }, { simulateScenario }, { formatFleetSizing, formatMillions, formatServiceValue }] = await Promise.all([
        import('../scenario/catalog.js'),
        import('../scenario/load-scenario.js'),
        import('../simulate/simulate.js'),
        import('../report/fleet-sizing-text.js'),
      ]);
      let scenario = loadScenario(file, { catalog: new Catalog(opts.catalog) });
      if (opts.replications !== undefined) scenario = { ...scenario, replications: opts.replications };
      const bounds = { ...(opts.maxQueued !== undefined && { maxQueued: opts.maxQueued }), ...(opts.maxHeap !== undefined && { maxHeap: opts.maxHeap }) };
      const pool = scenario.sites.flatMap((s) => s.pools).find((p) => p.id === opts.pool);
      if (!pool) throw new UsageError(`--pool: no pool '${opts.pool}' in ${file} (pools: ${scenario.sites.flatMap((s) => s.pools.map((p) => p.id)).join(', ')})`);
      if (pool.cloud) throw new UsageError(`--pool: '${opts.pool}' is a cloud pool; size owned pools (cloud pools scale with their quota)`);
      if (scenario.costs === 'none') throw new UsageError(`${file} says costs: none, but size picks the cheapest size meeting the target; remove costs: none and price the nodes`);
      const sizes = parseSizes(opts.nodes);
      const target = parseTarget(opts.target);
      checkSizing(scenario, opts.pool, sizes, target, file);
      const outputs = [...(opts.json ? [{ label: '--json', path: STDOUT }] : []), ...(opts.output !== undefined ? [{ label: '-o', path: opts.output }] : [])];
      refuseCollisions(outputs, scenarioInputs([{ scenario, file }], opts.catalog));
      // A stop signal stops the size being simulated; nothing is written. A second one quits at once.
      const rule = opts.feasibility ?? DEFAULT_FEASIBILITY;
      const note = feasibilityNote(rule, scenario.replications);
      if (note !== undefined) io.stderr(`${note}\n`);
      let stopSignal: StopSignal | undefined;
      const stopListening = onStopSignal((signal) => (stopSignal = signal));
      let sizing: Awaited<ReturnType<typeof sizeFleet>> | undefined;
      try {
        sizing = await sizeFleet(
          scenario,
          opts.pool,
          sizes,
          target,
          (s) => simulateScenario(s, { shouldStop: () => stopSignal !== undefined, ...bounds }),
          (p) => {
            if (!opts.json && stopSignal === undefined)
              io.stderr(
                `${p.nodes} nodes: ${p.overload ? 'overloaded, infeasible; ' : p.rejected ? 'jobs rejected, infeasible; ' : ''}${target.metric} ${formatServiceValue(target.metric, p.service.mean)}, TCO ${formatMillions(p.tco.mean)} USD\n`,
              );
          },
          rule,
        );
      } catch (err) {
        if (stopSignal === undefined) throw err;
      } finally {
        stopListening();
      }
      if (stopSignal !== undefined || sizing === undefined) {
        const signal = stopSignal ?? 'SIGINT';
        const kept = opts.output !== undefined && opts.output !== STDOUT && existsSync(opts.output) ? ` (${opts.output} left as it was)` : '';
        io.stderr(`${stoppedBy(signal)}: nothing written${kept}\n`);
        setExit(signalExitCode(signal));
        return;
      }
      const json = `${JSON.stringify(sizing, null, 2)}\n`;
      if (opts.output !== undefined) writeFileAtomic(opts.output, json, io.stdout);
      if (opts.json) io.stdout(json);
      else (opts.output === STDOUT ? io.stderr : io.stdout)(formatFleetSizing(sizing));
      // A best size at the edge of the range says nothing of the sizes beyond it: one line says where to look next.
      const edge = sizing.best ? sizeEdge(sizes, sizing.best.nodes) : undefined;
      if (edge) io.stderr(`${sizeEdgeWarning(edge)}\n`);
      if (!sizing.best) setExit(ExitCode.targetsFailed);
    });
}
