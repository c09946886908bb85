import { isRecord } from '../support/is-record.js';
import { estimate, type Estimate } from '../metrics/confidence-interval.js';
import { quantityOf } from '../simulate/summary-quantities.js';
import { formatDuration, formatNumber, formatPercent } from '../support/format-quantity.js';

/**
 * The flat metric names that sweep constraints, objectives and `--assert` gates use, each with its
 * unit so `p95_wait < 2 h` compares quantities. Values are computed per replication and then summarised
 * (mean and 95% CI over replications), so a derived figure such as the fleet's utilisation gets an exact
 * interval too. Per-entity figures (`workloads["fine-tuning"].p95_wait`, `pools["onprem/main"].utilisation`,
 * `inference["chat"].ttft_p99`, `teams[...]`, `sites[...]`) come from the result's `summary`.
 *
 * The result is read by path, not by type, so results of any 1.x schema work: a figure a result does
 * not have (e.g. cost metrics of a scenario without costs) is simply absent from its metrics, and using
 * it is an error that names it and lists the available ones.
 */

export interface MetricDefinition {
  readonly name: string;
  /** a mathjs unit ('s', 'USD', 'kWh', 'h^-1'…), or '' for plain numbers */
  readonly unit: string;
  readonly description: string;
}

interface MetricSpec extends MetricDefinition {
  /** the figure in one replication, or undefined when that replication does not have it */
  readonly of: (replication: object) => number | undefined;
}

const at = (root: unknown, ...path: string[]): unknown => {
  let v = root;
  for (const k of path) {
    if (!isRecord(v)) return undefined;
    v = v[k];
  }
  return v;
};
const num = (root: unknown, ...path: string[]): number | undefined => {
  const v = at(root, ...path);
  return typeof v === 'number' ? v : undefined;
};
const values = (root: unknown, ...path: string[]): unknown[] => {
  const v = at(root, ...path);
  return isRecord(v) ? Object.values(v) : [];
};

/** Job-statistics metrics: the same set for all jobs, a workload or a team (`jobs` is a JobMetrics tree). */
const jobMetricSpecs: readonly (MetricDefinition & { readonly fromJobs: (jobs: unknown) => number | undefined })[] = [
  { name: 'mean_wait', unit: 's', description: 'mean wait from submission to start', fromJobs: (j) => num(j, 'wait', 'mean') },
  { name: 'p50_wait', unit: 's', description: 'median wait', fromJobs: (j) => num(j, 'wait', 'p50') },
  { name: 'p95_wait', unit: 's', description: '95th percentile of the wait', fromJobs: (j) => num(j, 'wait', 'p95') },
  { name: 'p99_wait', unit: 's', description: '99th percentile of the wait', fromJobs: (j) => num(j, 'wait', 'p99') },
  { name: 'max_wait', unit: 's', description: 'longest wait', fromJobs: (j) => num(j, 'wait', 'max') },
  { name: 'mean_completion_time', unit: 's', description: 'mean time from submission to end', fromJobs: (j) => num(j, 'completion_time', 'mean') },
  { name: 'p50_completion_time', unit: 's', description: 'median completion time', fromJobs: (j) => num(j, 'completion_time', 'p50') },
  { name: 'p95_completion_time', unit: 's', description: '95th percentile of the completion time', fromJobs: (j) => num(j, 'completion_time', 'p95') },
  { name: 'p99_completion_time', unit: 's', description: '99th percentile of the completion time', fromJobs: (j) => num(j, 'completion_time', 'p99') },
  { name: 'mean_slowdown', unit: '', description: 'mean bounded slowdown', fromJobs: (j) => num(j, 'bounded_slowdown', 'mean') },
  { name: 'p95_slowdown', unit: '', description: '95th percentile of the bounded slowdown', fromJobs: (j) => num(j, 'bounded_slowdown', 'p95') },
  { name: 'throughput', unit: 'h^-1', description: 'jobs completed per hour of the window', fromJobs: (j) => num(j, 'throughput_per_hour') },
  { name: 'jobs_completed', unit: '', description: 'jobs completed in the window', fromJobs: (j) => num(j, 'completed') },
  { name: 'jobs_submitted', unit: '', description: 'jobs submitted in the window', fromJobs: (j) => num(j, 'submitted') },
  { name: 'jobs_rejected', unit: '', description: 'jobs rejected (could never run)', fromJobs: (j) => num(j, 'rejected') },
  { name: 'jobs_queued_at_end', unit: '', description: 'jobs still waiting at the horizon', fromJobs: (j) => num(j, 'queued_at_end') },
  { name: 'device_hours', unit: 'h', description: 'device-hours of the jobs that ran in the window', fromJobs: (j) => num(j, 'device_hours') },
  { name: 'lost_device_hours', unit: 'h', description: 'device-hours lost to failures, spot reclaims and preemptions', fromJobs: (j) => num(j, 'lost_device_hours') },
  { name: 'failures', unit: '', description: 'job failures', fromJobs: (j) => num(j, 'failures') },
  { name: 'preemptions', unit: '', description: 'job preemptions', fromJobs: (j) => num(j, 'preemptions') },
];

const sum = (xs: readonly (number | undefined)[]): number | undefined => {
  let s = 0;
  for (const x of xs) {
    if (x === undefined) return undefined;
    s += x;
  }
  return s;
};

const fleetSpecs: readonly MetricSpec[] = [
  {
    name: 'utilisation',
    unit: '',
    description: 'busy device-time / online device-time over all pools',
    of: (r) => {
      const pools = values(r, 'pools');
      if (pools.length === 0) return undefined;
      const busy = sum(pools.map((p) => num(p, 'mean_busy_devices')));
      const online = sum(pools.map((p) => num(p, 'online_devices') ?? num(p, 'devices')));
      return busy === undefined || online === undefined || online === 0 ? undefined : busy / online;
    },
  },
  { name: 'devices', unit: '', description: 'devices in all pools', of: (r) => (values(r, 'pools').length === 0 ? undefined : sum(values(r, 'pools').map((p) => num(p, 'devices')))) },
  {
    name: 'mean_queue_length',
    unit: '',
    description: 'time-weighted mean of jobs waiting, all pools',
    of: (r) => (values(r, 'pools').length === 0 ? undefined : sum(values(r, 'pools').map((p) => num(p, 'mean_queue_length')))),
  },
  {
    name: 'tokens_per_second',
    unit: 's^-1',
    description: 'output tokens per second over all inference services',
    of: (r) => (values(r, 'inference').length === 0 ? undefined : sum(values(r, 'inference').map((s) => num(s, 'tokens_per_second')))),
  },
  {
    name: 'slo_attainment',
    unit: '',
    description: 'share of completed inference requests meeting their SLOs, all services',
    of: (r) => {
      const services = values(r, 'inference');
      const done = sum(services.map((s) => num(s, 'completed')));
      if (services.length === 0 || done === undefined) return undefined;
      if (done === 0) return 1;
      return (sum(services.map((s) => (num(s, 'slo_attainment') ?? NaN) * (num(s, 'completed') ?? 0))) ?? NaN) / done;
    },
  },
];

/** Cost metrics from the `cost` section (src/cost/cost-result.ts): one CostResult per replication. */
const costSpecs: readonly MetricSpec[] = [
  { name: 'tco', unit: 'USD', description: 'total cost of ownership over the planning horizon (accounting)', of: (r) => num(r, 'cost', 'total') },
  { name: 'npv', unit: 'USD', description: 'net present value of the cash out over the planning horizon', of: (r) => num(r, 'cost', 'npv') },
  { name: 'cash', unit: 'USD', description: 'cash paid over the planning horizon', of: (r) => num(r, 'cost', 'cash') },
  { name: 'tco_per_gpu_hour', unit: 'USD', description: 'TCO per delivered device-hour', of: (r) => num(r, 'cost', 'unit_costs', 'per_gpu_hour') },
  { name: 'cost_per_job', unit: 'USD', description: 'TCO per completed job', of: (r) => num(r, 'cost', 'unit_costs', 'per_job') },
  { name: 'cost_per_million_tokens', unit: 'USD', description: 'TCO per million tokens served', of: (r) => num(r, 'cost', 'unit_costs', 'per_million_tokens') },
  {
    name: 'cost_per_million_training_tokens',
    unit: 'USD',
    description: 'TCO per million training tokens delivered by completed training jobs (none where no training job completed)',
    of: (r) => num(r, 'cost', 'unit_costs', 'per_million_training_tokens'),
  },
  { name: 'energy_kwh', unit: 'kWh', description: 'facility energy over the planning horizon', of: (r) => num(r, 'cost', 'energy', 'facility_kwh') },
  { name: 'co2e_kg', unit: 'kg', description: 'emissions over the planning horizon, kg CO2e', of: (r) => num(r, 'cost', 'energy', 'co2e_kg') },
];

const METRIC_SPECS: readonly MetricSpec[] = [
  ...jobMetricSpecs.map((m): MetricSpec => ({ name: m.name, unit: m.unit, description: m.description, of: (r) => m.fromJobs(at(r, 'jobs')) })),
  ...fleetSpecs,
  ...costSpecs,
];

/** Names an expression may use that only a costed scenario has: the cost metrics and the per-site group. */
export const COST_NAMES: ReadonlySet<string> = new Set([...costSpecs.map((m) => m.name), 'sites']);

/** Every flat metric, in the order reports list them. */
export const METRICS: readonly MetricDefinition[] = METRIC_SPECS.map(({ name, unit, description }) => ({ name, unit, description }));
export const METRIC_NAMES: ReadonlySet<string> = new Set(METRICS.map((m) => m.name));
const byName = new Map(METRICS.map((m) => [m.name, m]));

export function metricDefinition(name: string): MetricDefinition | undefined {
  return byName.get(name);
}

/** Names of the per-entity groups available in expressions, and what each holds. */
export const ENTITY_GROUPS = ['workloads', 'teams', 'pools', 'inference', 'sites', 'federated'] as const;
export type EntityGroup = (typeof ENTITY_GROUPS)[number];

/** The flat metrics of a result: each figure's estimate over the replications that have it. */
export function computeMetrics(replications: readonly object[]): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  if (replications.length === 0) return out;
  for (const spec of METRIC_SPECS) {
    const xs: number[] = [];
    for (const r of replications) {
      const v = spec.of(r);
      if (v === undefined || !Number.isFinite(v)) break;
      xs.push(v);
    }
    if (xs.length === replications.length) out[spec.name] = estimate(xs, quantityOf([spec.name]));
  }
  return out;
}

/** An Estimate of a result summary, known by its mean and sample count. */
function isSummaryEstimate(v: unknown): v is Estimate {
  return isRecord(v) && typeof v['mean'] === 'number' && typeof v['n'] === 'number';
}

/** Per-entity metrics from a result summary: group → entity name → metric → estimate. */
export function entityMetrics(summary: unknown): Record<EntityGroup, Record<string, Record<string, Estimate>>> {
  const est = (v: unknown): Estimate | undefined => (isSummaryEstimate(v) ? v : undefined);
  const group = (path: string[], extract: (entity: unknown) => Record<string, Estimate | undefined>) => {
    const out: Record<string, Record<string, Estimate>> = {};
    const node = at(summary, ...path);
    if (!isRecord(node)) return out;
    for (const [name, entity] of Object.entries(node)) {
      const metrics: Record<string, Estimate> = {};
      for (const [k, v] of Object.entries(extract(entity))) if (v !== undefined) metrics[k] = v;
      out[name] = metrics;
    }
    return out;
  };
  const jobs = (j: unknown) => {
    const m: Record<string, Estimate | undefined> = {};
    for (const spec of jobMetricSpecs) {
      const path = JOB_PATHS[spec.name];
      if (path) m[spec.name] = est(at(j, ...path));
    }
    return m;
  };
  const sample = (prefix: string, j: unknown, key: string) => ({
    [`${prefix}_mean`]: est(at(j, key, 'mean')),
    [`${prefix}_p50`]: est(at(j, key, 'p50')),
    [`${prefix}_p95`]: est(at(j, key, 'p95')),
    [`${prefix}_p99`]: est(at(j, key, 'p99')),
  });
  return {
    workloads: group(['workloads'], jobs),
    teams: group(['teams'], jobs),
    pools: group(['pools'], (p) => ({
      utilisation: est(at(p, 'utilisation')),
      devices: est(at(p, 'devices')),
      online_devices: est(at(p, 'online_devices')),
      mean_busy_devices: est(at(p, 'mean_busy_devices')),
      mean_queue_length: est(at(p, 'mean_queue_length')),
      max_queue_length: est(at(p, 'max_queue_length')),
    })),
    inference: group(['inference'], (s) => ({
      ...sample('ttft', s, 'ttft'),
      ...sample('tpot', s, 'tpot'),
      ...sample('e2e', s, 'e2e'),
      tokens_per_second: est(at(s, 'tokens_per_second')),
      slo_attainment: est(at(s, 'slo_attainment')),
      requests_completed: est(at(s, 'completed')),
      requests_rejected: est(at(s, 'rejected')),
    })),
    // federated workloads: rounds, round time, bytes, client-hours; the cost of a round from summary.federated_cost
    federated: group(['federated'], (f) => ({
      rounds_per_day: est(at(f, 'rounds_per_day')),
      failed_rounds_per_day: est(at(f, 'failed_rounds_per_day')),
      round_time_mean: est(at(f, 'round_time_mean')),
      round_time_p50: est(at(f, 'round_time_p50')),
      round_time_p95: est(at(f, 'round_time_p95')),
      reports_per_round: est(at(f, 'reports_per_round')),
      stragglers_per_round: est(at(f, 'stragglers_per_round')),
      bytes_up: est(at(f, 'bytes_up')),
      bytes_down: est(at(f, 'bytes_down')),
      client_device_hours: est(at(f, 'client_device_hours')),
    })),
    sites: group(['cost', 'per_site'], (s) => ({
      tco: est(at(s, 'total')),
      npv: est(at(s, 'npv')),
      cash: est(at(s, 'cash')),
      tco_per_gpu_hour: est(at(s, 'per_gpu_hour')),
      energy_kwh: est(at(s, 'energy', 'facility_kwh')),
      co2e_kg: est(at(s, 'energy', 'co2e_kg')),
    })),
  };
}

/** Units of per-entity metrics (by metric name; the flat catalog first). */
export function entityMetricUnit(name: string): string {
  const flat = byName.get(name);
  if (flat) return flat.unit;
  if (/^(ttft|tpot|e2e|round_time)_/.test(name)) return 's';
  return '';
}

/** Where each job metric sits in a JobMetrics tree (for summaries). */
const JOB_PATHS: Readonly<Record<string, readonly string[]>> = {
  mean_wait: ['wait', 'mean'],
  p50_wait: ['wait', 'p50'],
  p95_wait: ['wait', 'p95'],
  p99_wait: ['wait', 'p99'],
  max_wait: ['wait', 'max'],
  mean_completion_time: ['completion_time', 'mean'],
  p50_completion_time: ['completion_time', 'p50'],
  p95_completion_time: ['completion_time', 'p95'],
  p99_completion_time: ['completion_time', 'p99'],
  mean_slowdown: ['bounded_slowdown', 'mean'],
  p95_slowdown: ['bounded_slowdown', 'p95'],
  throughput: ['throughput_per_hour'],
  jobs_completed: ['completed'],
  jobs_submitted: ['submitted'],
  jobs_rejected: ['rejected'],
  jobs_queued_at_end: ['queued_at_end'],
  device_hours: ['device_hours'],
  lost_device_hours: ['lost_device_hours'],
  failures: ['failures'],
  preemptions: ['preemptions'],
};

/** Metrics that read best as percentages. */
const PERCENT = new Set(['utilisation', 'slo_attainment']);

/** A metric value (canonical unit) for people: `3.12 h`, `73.0 %`, `1.24e+6 USD`, `8.15 /h`. */
export function formatMetric(name: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const unit = entityMetricUnit(name);
  if (PERCENT.has(name)) return formatPercent(value);
  if (unit === 's') return formatDuration(value);
  const label = unit === 'h^-1' ? '/h' : unit === 's^-1' ? '/s' : unit;
  return label === '' ? formatNumber(value) : `${formatNumber(value)}${label.startsWith('/') ? '' : ' '}${label}`;
}
