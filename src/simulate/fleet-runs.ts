import { withRunGuard } from '../engine/index.js';
import { ReplicationRun, type ReplicationMetrics, type ReplicationOptions } from '../model/run-replication.js';
import type { Scenario } from '../scenario/scenario.js';
import { averageLedgers, type CostPhase, type DeliveredWork, type FleetConfiguration } from '../cost/index.js';
import { runOneReplication, type OneReplicationOptions } from './one-replication.js';

/**
 * A refresh plan's later fleet configurations, simulated: years are not simulated; each configuration runs
 * the scenario's own window (same horizon, warm-up, seed and workloads) on its own fleet, and the cost layer
 * projects each one's usage over its own period (docs/cost-model.md, Refresh).
 */
export interface ConfigurationRun {
  /** s from the start the configuration holds from (its refresh date) */
  readonly from: number;
  readonly metrics: ReplicationMetrics;
}

/** The scenario with configuration `c`'s fleet and workloads, run like any scenario. */
export function configurationScenario(scenario: Scenario, c: FleetConfiguration): Scenario {
  const { configurations: _later, ...rest } = scenario;
  return { ...rest, sites: c.sites, workloads: c.workloads };
}

/** Replication r of every later configuration, in this thread, synchronously (scenarios without traces). */
export function runConfigurationsSync(scenario: Scenario, r: number, options: ReplicationOptions): ConfigurationRun[] {
  return (scenario.configurations ?? []).map((c) => {
    const run = new ReplicationRun(configurationScenario(scenario, c), r, options);
    withRunGuard(
      () => 'continue',
      () => run.advance(),
    );
    return { from: c.from, metrics: run.result() };
  });
}

/** Replication r of every later configuration, trace workloads streamed. */
export async function runConfigurations(scenario: Scenario, r: number, options: OneReplicationOptions): Promise<ConfigurationRun[]> {
  const out: ConfigurationRun[] = [];
  for (const c of scenario.configurations ?? []) {
    const outcome = await runOneReplication(configurationScenario(scenario, c), r, options);
    out.push({ from: c.from, metrics: outcome.metrics });
  }
  return out;
}

/** What a replication delivered in its window: jobs completed, output tokens served and tokens trained by completed training jobs. */
export function deliveredWork(r: ReplicationMetrics): DeliveredWork {
  const tokens = Object.values(r.inference).reduce((sum, m) => sum + m.tokens_per_second * r.usage.window, 0);
  return { jobsCompleted: r.jobs.completed, tokensServed: tokens, trainingTokens: r.jobs.training_tokens, ...(r.goodput && { usefulDeviceSeconds: r.goodput.useful_device_hours * 3600 }) };
}

/** One replication's configurations as the cost layer reads them. */
export function costPhases(runs: readonly ConfigurationRun[] | undefined): CostPhase[] | undefined {
  return runs && runs.length > 0 ? runs.map((c) => ({ from: c.from, ledger: c.metrics.usage, delivered: deliveredWork(c.metrics) })) : undefined;
}

/** The replications' mean usage and delivered work per configuration (for build-vs-buy, sensitivity and the basis). */
export function meanPhases(perReplication: readonly (readonly ConfigurationRun[])[]): CostPhase[] | undefined {
  const first = perReplication[0];
  if (!first || first.length === 0) return undefined;
  const n = perReplication.length;
  return first.map((c, k) => {
    const runs = perReplication.map((rs) => rs[k]).filter((x) => x !== undefined);
    const delivered = runs.map((x) => deliveredWork(x.metrics));
    const mean = (of: (d: DeliveredWork) => number): number => delivered.reduce((s, d) => s + of(d) / n, 0);
    return {
      from: c.from,
      ledger: averageLedgers(runs.map((x) => x.metrics.usage)),
      delivered: { jobsCompleted: mean((d) => d.jobsCompleted), tokensServed: mean((d) => d.tokensServed), trainingTokens: mean((d) => d.trainingTokens) },
    };
  });
}

/** Per later configuration: from when, and each pool's utilisation measured in its window (replications' mean). */
export interface FleetConfigurationSummary {
  readonly from_seconds: number;
  /** the configuration's first day (YYYY-MM-DD, UTC); present only when the scenario has a start */
  readonly from_date?: string;
  /** pool id → the node profile, node count and busy ÷ online device-seconds measured in its window */
  readonly pools: Readonly<Record<string, { readonly node: string; readonly nodes: number; readonly utilisation: number }>>;
}

export function summariseConfigurations(scenario: Scenario, phases: readonly CostPhase[]): FleetConfigurationSummary[] {
  const start = scenario.start === undefined ? undefined : Date.parse(scenario.start);
  return phases.map((p, k) => {
    const c = scenario.configurations?.[k];
    const pools: Record<string, { node: string; nodes: number; utilisation: number }> = {};
    for (const pool of (c?.sites ?? []).flatMap((s) => s.pools)) {
      const u = p.ledger.pools[pool.id];
      pools[pool.id] = { node: pool.node.id, nodes: pool.nodeCount, utilisation: u && u.online_device_seconds > 0 ? Math.min(1, u.busy_device_seconds / u.online_device_seconds) : 0 };
    }
    return { from_seconds: p.from, ...(start !== undefined && { from_date: new Date(start + p.from * 1000).toISOString().slice(0, 10) }), pools };
  });
}
