import type { PoolTimeSeries } from '../model/replication/replication-metrics.js';
import type { SimulationResult } from '../simulate/simulate.js';

/**
 * `simulate run --metrics FILE`: the run's pool time series (the result's `timeseries`, every
 * replication) as OpenMetrics text, which Prometheus backfills (`promtool tsdb create-blocks-from
 * openmetrics`) and Grafana then charts (deploy/grafana/simulate-dashboard.json).
 *
 * - one gauge family per sampled quantity; each family's `# TYPE` and `# HELP` come first and all its
 *   samples follow together (the format forbids interleaving families);
 * - no `# UNIT` line: these are counts of devices and jobs, which have no base unit, and OpenMetrics
 *   requires a declared unit to be the name's suffix;
 * - labels scenario, replication (from 1, as the summary counts them), site and pool (its name in the site);
 * - Prometheus stores absolute time, the simulation has none: a sample at simulated second t is
 *   stamped `start + t`, start being `--metrics-start` (default in cli/metrics-start.ts), in seconds
 *   to the millisecond (Prometheus's own resolution, so nothing promtool keeps is lost here);
 * - ends with `# EOF`.
 * Pure and deterministic: the same result gives the same bytes.
 */

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly series: keyof Omit<PoolTimeSeries, 't'>;
}

/** The families the export writes, in file order; the Grafana dashboard queries exactly these names. */
export const METRIC_FAMILIES: readonly MetricFamily[] = [
  { name: 'simulate_pool_busy_devices', help: 'Devices of the pool running jobs or replicas at the sample instant (shares of a device count as their fraction).', series: 'busy_devices' },
  { name: 'simulate_pool_queue_length', help: 'Jobs waiting for devices in the pool at the sample instant.', series: 'queue_length' },
  { name: 'simulate_pool_online_devices', help: 'Devices of the pool online (delivered or provisioned) at the sample instant.', series: 'online_devices' },
];

/** A label value as OpenMetrics writes it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** HELP text: backslash and line feed escaped (a quote needs none there). */
function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** A sample value in the format's number syntax (JavaScript's shortest round-trip form fits it). */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

/** Epoch milliseconds as seconds with at most three decimals, written exactly (no float noise). */
function formatTimestamp(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const frac = ms - whole * 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** The OpenMetrics text of a result's pool time series, simulated time 0 stamped at `startMs` (epoch ms). */
export function resultToOpenMetrics(result: SimulationResult, startMs: number): string {
  const pools = result.scenario.sites.flatMap((s) => s.pools.map((p) => ({ id: p.id, site: s.name, name: p.name })));
  const out: string[] = [];
  for (const family of METRIC_FAMILIES) {
    out.push(`# TYPE ${family.name} gauge\n# HELP ${family.name} ${escapeHelp(family.help)}\n`);
    for (const rep of result.replications) {
      for (const pool of pools) {
        const series = rep.timeseries[pool.id];
        if (series === undefined) continue;
        const labels = `{scenario="${escapeLabelValue(result.scenario.name)}",replication="${rep.replication + 1}",site="${escapeLabelValue(pool.site)}",pool="${escapeLabelValue(pool.name)}"}`;
        const values = series[family.series];
        let lastMs = -Infinity;
        for (let i = 0; i < series.t.length; i++) {
          const ms = startMs + Math.round(series.t[i]! * 1000);
          // Two samples within a millisecond (a horizon under 0.2 s) would share a timestamp, which
          // the format forbids within a series: the first is kept.
          if (ms <= lastMs) continue;
          lastMs = ms;
          out.push(`${family.name}${labels} ${formatValue(values[i]!)} ${formatTimestamp(ms)}\n`);
        }
      }
    }
  }
  out.push('# EOF\n');
  return out.join('');
}
