import type { Estimate } from './metrics/confidence-interval.js';
import { summariseReplications, type EstimateTree } from './metrics/summarise-replications.js';
import { durationFactors } from './model/job-duration.js';
import { runReplication, type ReplicationMetrics, type ReplicationOptions } from './model/run-replication.js';
import type { Scenario } from './model/types.js';
import { RESULT_SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from './version.js';

/**
 * The result of simulating one scenario: what a report formats and what `docs/result-schema.md`
 * documents. It holds no wall-clock time or host detail, so the same scenario and seed give the same
 * bytes on any machine.
 */
export interface SimulationResult {
  readonly schemaVersion: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** the resolved scenario: every default filled in, every quantity in canonical units */
  readonly scenario: Scenario;
  /** false when a limit stopped any replication before the horizon */
  readonly complete: boolean;
  /** how each workload's work becomes time on its pool's devices */
  readonly performance: Readonly<Record<string, WorkloadPerformance>>;
  /** mean and 95% confidence interval over replications of every per-replication figure */
  readonly summary: EstimateTree<Pick<ReplicationMetrics, 'jobs' | 'workloads' | 'pools'>>;
  readonly replications: readonly ReplicationMetrics[];
}

export interface WorkloadPerformance {
  readonly pool: string;
  readonly device: string;
  readonly precision: string;
  /** FLOP/s of one device at that precision */
  readonly device_peak: number;
  readonly speed_vs_reference: number;
  readonly efficiency: number;
}

export interface SimulateOptions extends ReplicationOptions {
  /** called after each replication with (done, total) */
  readonly onProgress?: (done: number, total: number) => void;
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const replications: ReplicationMetrics[] = [];
  for (let r = 0; r < scenario.replications; r++) {
    replications.push(runReplication(scenario, r, options));
    options.onProgress?.(r + 1, scenario.replications);
  }
  const performance: Record<string, WorkloadPerformance> = {};
  for (const w of scenario.workloads) {
    const pool = scenario.sites.flatMap((s) => s.pools).find((p) => p.id === w.pool)!;
    const f = durationFactors(w.work, pool.device, scenario.reference);
    performance[w.name] = {
      pool: pool.id,
      device: pool.device.id,
      precision: w.work.precision,
      device_peak: f.devicePeak,
      speed_vs_reference: f.speedVsReference,
      efficiency: f.efficiency,
    };
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    scenario,
    complete: replications.every((r) => r.complete),
    performance,
    summary: summariseReplications(replications.map(({ jobs, workloads, pools }) => ({ jobs, workloads, pools }))),
    replications,
  };
}

export type { Estimate };
