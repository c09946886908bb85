import type { Command } from '@commander-js/extra-typings';
import { existsSync } from 'node:fs';
import { serviceMetrics } from '../planning/size-fleet.js';
import type { DeploymentPlan, PlanLayout, PlanPoint } from '../planning/plan-types.js';
import { defaultCatalogDir, defaultModelCardsDir } from '../scenario/default-catalog-dir.js';
import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './cli-io.js';
import { byteSizeArg, feasibilityArg, parseSizes, parseTarget, positiveInt, replicationsArg } from './option-parsers.js';
import { DEFAULT_FEASIBILITY, feasibilityNote } from '../metrics/feasibility.js';
import { refuseCollisions, scenarioInputs } from './output-collisions.js';
import { onStopSignal, signalExitCode, stoppedBy, type StopSignal } from './stop-signals.js';
import { STDOUT, writeFileAtomic } from '../support/write-atomic.js';

const SERVICE_METRICS = new Set(['ttft.p99', 'tpot.p99', 'slo_attainment']);

/** Registers `simulate plan` on the program (see main.ts). */
export function registerPlanCommand(program: Command, io: CliIo, setExit: (code: ExitCodeValue) => void): void {
  program
    .command('plan')
    .description(
      'search the deployment of one workload: tensor/pipeline/data-parallel layouts and replica counts that fit memory, simulated; report the cheapest that meets the target and why the others lost',
    )
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--workload <name>', 'the inference service or training workload to lay out')
    .requiredOption('--target <target>', `e.g. 'slo_attainment >= 0.95', 'ttft.p99 <= 2 s', 'completion_time.p95 <= 30 d' (metrics: ${serviceMetrics.join(', ')})`)
    .option('--horizon <time>', "simulate each candidate for this long instead of the scenario's horizon, e.g. '2 h'")
    .option('--replications <n>', 'override the number of replications (at most 10,000)', replicationsArg)
    .option('--devices <counts>', "training: devices per job to try: '64..512:64' or '64,128,256' (default: a node, doubling up to the pool)")
    .option('--sequence-length <tokens>', 'training: tokens per sequence for the activation memory (default 8192)', positiveInt('--sequence-length'))
    .option('--feasibility <rule>', "how a layout meets the target: 'pessimistic' (default: the worse end of the 95 % interval; the mean with one replication) or 'mean'", feasibilityArg)
    .option('--json', 'print the plan as JSON')
    .option('-o, --output <file>', "also write the plan as JSON to this file ('-': on stdout, the table then goes to stderr)")
    .option('--max-queued <n>', 'a candidate whose queue passes n requests or jobs is stopped as overloaded (default: limits.max_queued, else 1e6)', positiveInt('--max-queued'))
    .option('--max-heap <size>', "likewise when the heap stays above this, e.g. '4 GiB'", byteSizeArg('--max-heap'))
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .option('--models <dir>', 'model card folder', defaultModelCardsDir())
    .action(async (file, opts) => {
      const [
        { Catalog },
        { ModelCards },
        { loadScenario },
        { simulateScenario },
        { planService },
        { planTraining },
        { formatPlan, formatPlanPoint, layoutLabel },
        { parseQuantity },
        { readYamlFile, locate },
        { InputError },
      ] = await Promise.all([
        import('../scenario/catalog.js'),
        import('../scenario/model-cards.js'),
        import('../scenario/load-scenario.js'),
        import('../simulate/simulate.js'),
        import('../planning/plan-service.js'),
        import('../planning/plan-training.js'),
        import('../report/plan-text.js'),
        import('../scenario/units.js'),
        import('../scenario/yaml-file.js'),
        import('../support/input-error.js'),
      ]);
      const models = new ModelCards(opts.models);
      let scenario = loadScenario(file, { catalog: new Catalog(opts.catalog), models, layoutSearched: opts.workload });
      if (opts.replications !== undefined) scenario = { ...scenario, replications: opts.replications };
      if (opts.horizon !== undefined) {
        let horizon: number;
        try {
          horizon = parseQuantity(opts.horizon, 'time');
        } catch (err) {
          throw new UsageError(`--horizon: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (!(horizon > scenario.warmup)) throw new UsageError(`--horizon: '${opts.horizon}' must be longer than the scenario's warm-up (${scenario.warmup} s)`);
        scenario = { ...scenario, horizon };
      }
      const w = scenario.workloads.find((x) => x.name === opts.workload);
      if (!w) throw new UsageError(`--workload: no workload '${opts.workload}' in ${file} (workloads: ${scenario.workloads.map((x) => x.name).join(', ')})`);
      if (w.kind !== 'inference' && w.kind !== 'training') throw new UsageError(`--workload: '${w.name}' is a ${w.kind} workload; plan lays out inference services and training workloads`);
      if (scenario.costs === 'none') throw new UsageError(`${file} says costs: none, but plan picks the cheapest deployment; remove costs: none and price the nodes`);
      const target = { ...parseTarget(opts.target), rule: opts.feasibility ?? DEFAULT_FEASIBILITY };
      if ((w.kind === 'inference') !== SERVICE_METRICS.has(target.metric))
        throw new UsageError(
          `--target: ${target.metric} does not measure ${w.kind} workload '${w.name}' (use ${w.kind === 'inference' ? [...SERVICE_METRICS].join(', ') : 'wait.* or completion_time.*'})`,
        );
      if (w.kind === 'inference' && opts.devices !== undefined) throw new UsageError(`--devices: sets training device counts; '${w.name}' is an inference service (its replica counts are searched)`);
      const devices = opts.devices === undefined ? undefined : parseSizes(opts.devices, '--devices');
      if (devices?.includes(0)) throw new UsageError(`--devices: a job needs 1 device or more`);
      const outputs = [...(opts.json ? [{ label: '--json', path: STDOUT }] : []), ...(opts.output !== undefined ? [{ label: '-o', path: opts.output }] : [])];
      refuseCollisions(outputs, scenarioInputs([{ scenario, file }], opts.catalog));
      const bounds = { ...(opts.maxQueued !== undefined && { maxQueued: opts.maxQueued }), ...(opts.maxHeap !== undefined && { maxHeap: opts.maxHeap }) };
      let stopSignal: StopSignal | undefined;
      const stopListening = onStopSignal((signal) => (stopSignal = signal));
      const run = (s: typeof scenario) => simulateScenario(s, { shouldStop: () => stopSignal !== undefined, ...bounds });
      const progress = (layout: PlanLayout, point: PlanPoint) => {
        if (!opts.json && stopSignal === undefined) io.stderr(`${formatPlanPoint(w.kind, target.metric, layout, point)}\n`);
      };
      let plan: DeploymentPlan | undefined;
      try {
        if (w.kind === 'inference') {
          // the card's MoE layers size the expert all-to-all of the layouts that spread experts
          const card = w.model.card === undefined ? undefined : models.get(w.model.card)?.card;
          const moeLayers = card?.experts?.moe_layers;
          plan = await planService(scenario, w.name, target, run, progress, { ...(moeLayers !== undefined && { moeLayers }) });
        } else {
          const card = w.card === undefined ? undefined : models.get(w.card)?.card;
          const shape = card && { layers: card.layers, hiddenSize: card.hidden_size };
          plan = await planTraining(scenario, w.name, target, run, {
            ...(devices && { devices }),
            ...(shape && { shape }),
            ...(opts.sequenceLength !== undefined && { sequenceLength: opts.sequenceLength }),
            onPoint: progress,
          });
        }
      } catch (err) {
        if (stopSignal === undefined) {
          if (err instanceof RangeError) throw new UsageError(`${file}: ${err.message}`);
          throw err;
        }
      } finally {
        stopListening();
      }
      if (stopSignal !== undefined || plan === undefined) {
        const signal = stopSignal ?? 'SIGINT';
        const kept = opts.output !== undefined && opts.output !== STDOUT && existsSync(opts.output) ? ` (${opts.output} left as it was)` : '';
        io.stderr(`${stoppedBy(signal)}: nothing written${kept}\n`);
        setExit(signalExitCode(signal));
        return;
      }
      if (plan.layouts.every((o) => o.verdict === 'does-not-fit')) {
        // nothing to simulate: the model cannot be laid out on this pool at all, a problem of the scenario as written
        const index = scenario.workloads.indexOf(w);
        const field = ['workloads', index, 'model'];
        const { line, col } = locate(readYamlFile(file), field);
        const widest = plan.layouts[plan.layouts.length - 1];
        throw InputError.single({
          file,
          line,
          col,
          field: `workloads[${index}].model`,
          message: `no layout of '${w.name}' fits ${plan.pool}${widest ? `: even ${layoutLabel(widest.layout)}: ${widest.why}` : ''}`,
          hint:
            w.kind === 'inference'
              ? 'use a device with more memory, a lower precision, or a pool with more devices per node'
              : 'try more devices per job (--devices), a device with more memory, or a smaller model',
        });
      }
      // how the points read the target, now that some were simulated (said once, as size says it)
      const note = feasibilityNote(target.rule, scenario.replications);
      if (note !== undefined && !opts.json) io.stderr(`${note}\n`);
      const json = `${JSON.stringify(plan, null, 2)}\n`;
      if (opts.output !== undefined) writeFileAtomic(opts.output, json, io.stdout);
      if (opts.json) io.stdout(json);
      else (opts.output === STDOUT ? io.stderr : io.stdout)(formatPlan(plan));
      if (!plan.best) setExit(ExitCode.targetsFailed);
    });
}
