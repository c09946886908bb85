import type { Estimate } from '../metrics/confidence-interval.js';
import { summariseReplications, type EstimateTree } from '../metrics/summarise-replications.js';
import { quantityOf } from './summary-quantities.js';
import { withRunGuard } from '../engine/index.js';
import { ReplicationRun, type ReplicationMetrics, type ReplicationOptions, type WorkloadPerformance } from '../model/run-replication.js';
import type { OverloadReport } from '../model/overload-watch.js';
import { heapGuardFor } from './heap-guard.js';
import { replaysTraces, runOneReplication, type ReplicationTick } from './one-replication.js';
import type { TraceSource, Workload } from '../model/types.js';
import type { ResolvedScenario, Scenario } from '../scenario/scenario.js';
import type { TraceFeedSummary } from './trace-feed.js';
import { costPhases, deliveredWork, meanPhases, runConfigurations, runConfigurationsSync, summariseConfigurations, type ConfigurationRun, type FleetConfigurationSummary } from './fleet-runs.js';
import type { TraceIssue } from '../traces/index.js';
import { RESULT_SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from '../support/version.js';
import {
  averageLedgers,
  buildVsBuy,
  tokenBuildVsBuy,
  type TokenBuildVsBuy,
  computeCosts,
  costBasis,
  costsToSummarise,
  priceScenario,
  powerResults,
  type SitePowerResult,
  sensitivity,
  type BuildVsBuyResult,
  type CostBasis,
  type CostResult,
  type SensitivityResult,
  federatedRoundCosts,
  type FederatedRoundCost,
  projectLake,
  type LakeProjection,
} from '../cost/index.js';

/**
 * The result of simulating one scenario: what a report formats and what `docs/result-schema.md`
 * documents. It holds no wall-clock time or host detail, so the same scenario and seed give the same
 * bytes on any machine.
 */
export interface SimulationResult {
  readonly schemaVersion: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** the resolved scenario: every default filled in, every quantity in canonical units */
  readonly scenario: RecordedScenario;
  /** false when a limit stopped any replication before the horizon, or stopped the run before its last replication */
  readonly complete: boolean;
  /**
   * only when incomplete: what stopped it — 'overload' (a runaway queue or heap, see `overload`),
   * 'max-events' (a replication reached its event limit), or the caller's `stopReason`
   * ('max-wall-time' from the CLI) when `shouldStop` ended the run
   */
  readonly stopped_by?: string;
  /** only with stopped_by 'overload': the replication's report (queue, offered load as × capacity, reason) */
  readonly overload?: OverloadReport;
  /** how each workload's work becomes time on its pool's devices */
  readonly performance: Readonly<Record<string, WorkloadPerformance>>;
  /** per trace workload: rows read, kept and skipped (by reason), from the first replication */
  readonly traces: Readonly<Record<string, TraceFeedSummary>>;
  /** mean and 95% confidence interval over replications of every per-replication figure */
  readonly summary: EstimateTree<
    Pick<ReplicationResult, 'jobs' | 'workloads' | 'teams' | 'inference' | 'pools' | 'links' | 'cost' | 'goodput' | 'federated' | 'federated_cost' | 'pipelines' | 'streams'>
  >;
  /**
   * how the costs were projected, and the build-vs-buy answers (from the replications' mean usage);
   * null when the scenario says `costs: none` (then no replication or summary carries `cost` either)
   */
  readonly cost_analysis: CostAnalysis | null;
  readonly replications: readonly ReplicationResult[];
  /** only with `lakes:`: each lake over the planning horizon (closed form, the same in every replication): sizes by tier, costs, capacity bought */
  readonly lakes?: Readonly<Record<string, LakeProjection>>;
}

export type { WorkloadPerformance };

/**
 * The scenario as a result records it (`portable`): a trace names its file as the scenario wrote it,
 * not where this machine keeps it, so the bytes are the same in any checkout.
 */
export interface RecordedScenario extends Omit<Scenario, 'workloads' | 'configurations'> {
  readonly workloads: readonly RecordedWorkload[];
}

/** A trace as a result records it: `file` is the path the scenario wrote (the resolved `declared`). */
export type RecordedTrace = Omit<TraceSource, 'declared'>;

/** A workload as a result records it: with its trace, if any, as a RecordedTrace. */
export type RecordedWorkload<W extends Workload = Workload> = W extends { readonly trace: TraceSource }
  ? Omit<W, 'trace'> & { readonly trace: RecordedTrace }
  : W extends { readonly trace?: TraceSource }
    ? Omit<W, 'trace'> & { readonly trace?: RecordedTrace }
    : W;

/** One replication: its metrics, usage ledger and what that usage costs over the planning horizon. */
export type ReplicationResult = ReplicationMetrics & {
  readonly cost?: CostResult;
  /** only with a federated workload and costs: USD per completed round, per workload (src/cost/federated-cost.ts) */
  readonly federated_cost?: Readonly<Record<string, FederatedRoundCost>>;
};

export interface CostAnalysis {
  /** plain-language statements of what the cost figures assume */
  readonly basis: CostBasis;
  /** what the rental alternative is (build-vs-buy compares owned pools with it); null without one */
  readonly rental: { readonly instance: string; readonly pricing: string; readonly price_per_device_hour: number; readonly device: string; readonly device_kind: string } | null;
  /** per owned pool of the rental's device kind: break-even utilisation and month against renting */
  readonly build_vs_buy: Readonly<Record<string, BuildVsBuyResult>>;
  /** per owned pool of another device kind than the rental's (a CPU pool against rented GPUs): why it is not compared; absent when every pool is */
  readonly build_vs_buy_not_compared?: Readonly<Record<string, string>>;
  /** TCO swing when each driver moves ±20 % (a tornado chart's rows) */
  readonly sensitivity: SensitivityResult;
  /** per self-hosted service with an overflow API: the monthly token volume at which self-hosting is cheaper; absent without one */
  readonly token_build_vs_buy?: Readonly<Record<string, TokenBuildVsBuy>>;
  /** a refresh plan's later fleet configurations, each simulated for its own usage; absent without refreshes */
  readonly fleet_configurations?: readonly FleetConfigurationSummary[];
  /** per power-capped site: envelope, peak load, whether power bound the plan and what waited (absent without `power:`) */
  readonly power?: Readonly<Record<string, SitePowerResult>>;
}

export interface SimulateOptions extends ReplicationOptions {
  /** called after each replication with (done, total, the 0-based index of the one that ended: threads end them in any order) */
  readonly onProgress?: (done: number, total: number, replication: number) => void;
  /**
   * Asked between slices of the run (about every SLICE_MS of computing, and between trace batches);
   * true ends the run there: the replication in progress is cut short and marked incomplete (as with
   * maxEvents), no further replication starts, and the result says `complete: false`. The event loop gets
   * a turn between slices, so a signal handler or a timer can set what it reads. Without it, scenarios
   * without traces run synchronously in one go.
   */
  readonly shouldStop?: () => boolean;
  /** ms of computing per slice when `shouldStop` is given (default SLICE_MS; 0 pauses at every poll of the engine) */
  readonly sliceMs?: number;
  /** what the result's `stopped_by` says when `shouldStop` ended the run (default 'stop-request') */
  readonly stopReason?: string;
  /** Every issue the trace readers report during the first replication, with its workload's name. */
  readonly onTraceIssue?: (workload: string, issue: TraceIssue) => void;
  /**
   * bytes of heap in use at which the replication in progress stops as overloaded (checked between
   * slices of computing, src/heap-guard.ts). Default: the scenario's `limits.max_heap`, else 60 % of
   * the heap this isolate may grow to.
   */
  readonly maxHeap?: number;
  /** reads the heap in use (default V8's used_heap_size); tests inject their own */
  readonly heapUsed?: () => number;
  /** after every slice of computing of a replication (about every sliceMs): how far it has got */
  readonly onTick?: (tick: ReplicationTick) => void;
  /**
   * worker threads to run replications on at once (default 1: in this thread, one after the other). Each
   * replication is the same computation wherever it runs, so the result is byte-identical; `onJob` and
   * `onReplica` are not called from worker threads (the CLI refuses them together).
   */
  readonly workers?: number;
}

/**
 * Simulates a scenario with synthetic workloads only (no trace files), synchronously. A replication
 * stopped as overloaded ends the run: the next would only overload again.
 */
export function simulate(resolved: ResolvedScenario, options: SimulateOptions = {}): SimulationResult {
  const scenario: Scenario = priceScenario(resolved);
  if (replaysTraces(scenario)) {
    throw new Error('this scenario replays traces: use simulateScenario(), which streams them');
  }
  const replications: ReplicationMetrics[] = [];
  const configurationRuns: ConfigurationRun[][] = [];
  let described: Record<string, WorkloadPerformance> = {};
  for (let r = 0; r < scenario.replications; r++) {
    const run = new ReplicationRun(scenario, r, options);
    const heap = heapGuardFor(options.maxHeap ?? scenario.limits?.maxHeap, options.heapUsed);
    let heapStop = false;
    withRunGuard(
      () => {
        if (!heap.exceeded()) return 'continue';
        heapStop = true;
        return 'stop';
      },
      () => run.advance(),
    );
    if (heapStop) run.stopForHeap(heap.used, heap.bound);
    replications.push(run.result());
    if (scenario.configurations) configurationRuns.push(runConfigurationsSync(scenario, r, options));
    if (r === 0) described = run.describeWorkloads();
    if (run.overloaded) break;
    options.onProgress?.(r + 1, scenario.replications, r);
  }
  return assemble(scenario, described, replications, {}, undefined, configurationRuns);
}

/** Simulates any scenario; trace workloads are streamed from their files, never loaded whole. */
export async function simulateScenario(resolved: ResolvedScenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  if (!replaysTraces(resolved) && options.shouldStop === undefined && !((options.workers ?? 1) > 1)) return simulate(resolved, options);
  const scenario: Scenario = priceScenario(resolved);
  // a refresh plan's configurations run one after the other in this thread
  if ((options.workers ?? 1) > 1 && scenario.replications > 1 && !scenario.configurations) {
    const { runReplicationsInThreads } = await import('./parallel-replications.js');
    const { outcomes, stopped } = await runReplicationsInThreads(scenario, options, options.workers ?? 1);
    const first = outcomes[0];
    return assemble(
      scenario,
      first?.described ?? {},
      outcomes.map((o) => o.metrics),
      first?.traces ?? {},
      stopped ? (options.stopReason ?? 'stop-request') : undefined,
    );
  }
  const replications: ReplicationMetrics[] = [];
  const configurationRuns: ConfigurationRun[][] = [];
  let described: Record<string, WorkloadPerformance> = {};
  let traces: Record<string, TraceFeedSummary> = {};
  let stopped = false;
  for (let r = 0; r < scenario.replications && !stopped; r++) {
    if (r > 0 && options.shouldStop !== undefined) {
      // A turn of the event loop between replications too: short ones never reach a slice's end.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.shouldStop()) {
        stopped = true;
        break;
      }
    }
    const { onTraceIssue, ...rest } = options;
    const outcome = await runOneReplication(scenario, r, r === 0 && onTraceIssue ? options : rest);
    stopped = outcome.stopped;
    if (r === 0) ({ described, traces } = outcome);
    replications.push(outcome.metrics);
    if (scenario.configurations && !stopped) configurationRuns.push(await runConfigurations(scenario, r, rest));
    if (outcome.overloaded) break;
    if (!stopped) options.onProgress?.(r + 1, scenario.replications, r);
  }
  return assemble(scenario, described, replications, traces, stopped ? (options.stopReason ?? 'stop-request') : undefined, configurationRuns);
}

/** The result of a run: what the replications measured, costed, summarised and described. */
function assemble(
  scenario: Scenario,
  described: Readonly<Record<string, WorkloadPerformance>>,
  replications: ReplicationMetrics[],
  traces: Record<string, TraceFeedSummary>,
  stoppedBy?: string,
  configurationRuns: readonly (readonly ConfigurationRun[])[] = [],
): SimulationResult {
  // a replication stopped before its configurations ran is costed without them (the run is marked incomplete)
  const costed: ReplicationResult[] =
    scenario.costs === 'none' ? replications : replications.map((r, i) => withCost(scenario, r, computeCosts(scenario, r.usage, deliveredWork(r), costPhases(configurationRuns[i]))));
  // a later fleet configuration cut short (event limit, overload) leaves its projection on a partial window too
  const complete = stoppedBy === undefined && replications.every((r) => r.complete) && configurationRuns.every((runs) => runs.every((c) => c.metrics.complete));
  const overload = [...replications, ...configurationRuns.flat().map((c) => c.metrics)].find((r) => r.overload !== undefined)?.overload;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    scenario: portable(scenario),
    complete,
    ...(!complete && { stopped_by: overload ? 'overload' : (stoppedBy ?? 'max-events') }),
    ...(overload && { overload }),
    performance: described,
    traces,
    summary: summariseReplications(summarisable(costed), quantityOf),
    cost_analysis: scenario.costs === 'none' ? null : costAnalysis(scenario, replications, configurationRuns),
    replications: costed,
    ...(scenario.lakes && { lakes: Object.fromEntries(scenario.lakes.map((l) => [l.name, projectLake(l, scenario.streams ?? [], scenario.planning.horizon, scenario.costs !== 'none')])) }),
  };
}

/** The figures of each replication the summary estimates (a unit cost some replication lacks is left out of all). */
function summarisable(costed: readonly ReplicationResult[]) {
  const costs = costed.flatMap((r) => (r.cost ? [r.cost] : []));
  const aligned = costs.length === costed.length ? costsToSummarise(costs) : undefined;
  return costed.map(({ jobs, workloads, teams, inference, pools: p, links, goodput, federated, federated_cost, pipelines, streams }, i) => {
    const cost = aligned?.[i];
    return {
      jobs,
      workloads,
      teams,
      inference: withoutVersions(inference),
      pools: p,
      links,
      ...(cost && { cost }),
      ...(goodput && { goodput }),
      ...(federated && { federated }),
      ...(federated_cost && { federated_cost }),
      ...(pipelines && { pipelines }),
      ...(streams && { streams }),
    };
  });
}

/** A replication with its cost, and with a federated workload the cost of its rounds. */
function withCost(scenario: Scenario, r: ReplicationMetrics, cost: CostResult): ReplicationResult {
  return { ...r, cost, ...(r.federated && { federated_cost: federatedRoundCosts(scenario, r.federated, cost) }) };
}

/** A deployed service's versions differ from one replication to another (a late run deploys none): they stay per replication. */
function withoutVersions(inference: ReplicationResult['inference']): ReplicationResult['inference'] {
  if (!Object.values(inference).some((m) => m.versions)) return inference;
  return Object.fromEntries(Object.entries(inference).map(([name, { versions: _perReplication, ...m }]) => [name, m]));
}

/**
 * The scenario as the result records it: trace paths as the scenario wrote them (relative to the
 * scenario file), not where this machine keeps them, so that the same inputs give the same bytes on
 * any machine and in any checkout.
 */
function portable(withConfigurations: Scenario): RecordedScenario {
  // a refresh plan's later fleets are recorded by the pools' refresh steps (sites.*.costs.refresh), not as whole scenarios
  const { configurations: _later, ...scenario } = withConfigurations;
  if (!scenario.workloads.some((w) => (w.kind === 'trace' || w.kind === 'inference') && w.trace !== undefined)) return scenario;
  const workloads = scenario.workloads.map((w): RecordedWorkload => {
    if ((w.kind !== 'trace' && w.kind !== 'inference') || w.trace === undefined) return w;
    const { file: _where, declared, ...rest } = w.trace;
    return { ...w, trace: { file: declared, ...rest } };
  });
  return { ...scenario, workloads };
}

function costAnalysis(scenario: Scenario, replications: readonly ReplicationMetrics[], configurationRuns: readonly (readonly ConfigurationRun[])[]): CostAnalysis {
  const ledger = averageLedgers(replications.map((r) => r.usage));
  const phases = meanPhases(configurationRuns);
  const n = replications.length;
  const delivered = replications
    .map(deliveredWork)
    .reduce((a, b) => ({ jobsCompleted: a.jobsCompleted + b.jobsCompleted / n, tokensServed: a.tokensServed + b.tokensServed / n, trainingTokens: a.trainingTokens + b.trainingTokens / n }), {
      jobsCompleted: 0,
      tokensServed: 0,
      trainingTokens: 0,
    });
  const rental = scenario.planning.rental;
  const build_vs_buy: Record<string, BuildVsBuyResult> = {};
  const notCompared: Record<string, string> = {};
  if (rental) {
    for (const site of scenario.sites) {
      if (site.kind !== 'on-prem') continue;
      for (const pool of site.pools) {
        // a device-hour of one kind is no substitute for one of another: a CPU socket is not priced against a GPU
        if (pool.device.kind !== rental.device.kind) {
          notCompared[pool.id] = `it holds ${pool.device.kind} devices (${pool.device.id}), the rental ${rental.instance} rents ${rental.device.kind} devices (${rental.device.id})`;
          continue;
        }
        build_vs_buy[pool.id] = buildVsBuy(scenario, ledger, { pool: pool.id, rentalPricePerDeviceSecond: rental.pricePerDeviceSecond }, phases);
      }
    }
  }
  const tokens = tokenBuildVsBuy(scenario, ledger, carriedAtSlo(replications));
  const power = powerResults(scenario);
  return {
    basis: costBasis(scenario, ledger),
    rental: rental
      ? { instance: rental.instance, pricing: rental.pricing, price_per_device_hour: rental.pricePerDeviceSecond * 3600, device: rental.device.id, device_kind: rental.device.kind }
      : null,
    build_vs_buy,
    ...(Object.keys(notCompared).length > 0 && { build_vs_buy_not_compared: notCompared }),
    sensitivity: sensitivity(scenario, ledger, delivered, phases ? { phases } : {}),
    ...(Object.keys(tokens).length > 0 && { token_build_vs_buy: tokens }),
    ...(phases && { fleet_configurations: summariseConfigurations(scenario, phases) }),
    ...(power && { power }),
  };
}

/** Per service with a managed API, the mean output tokens/s its replicas (the API's share taken out) served within the SLO. */
function carriedAtSlo(replications: readonly ReplicationMetrics[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replications) {
    for (const [name, m] of Object.entries(r.inference)) {
      if (!m.api) continue;
      const measured = m.e2e.count - m.api.e2e.count;
      const met = measured > 0 ? (m.slo_attainment * m.e2e.count - m.api.slo_met) / measured : 0;
      out[name] = (out[name] ?? 0) + (Math.max(0, m.tokens_per_second - m.api.tokens_per_second) * met) / replications.length;
    }
  }
  return out;
}

export type { Estimate };
