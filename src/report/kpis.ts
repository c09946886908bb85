import { costKpiFamilies } from './kpis-cost.js';
import { serviceReach } from './kpis-service-reach.js';
import { federated } from './kpis-federated.js';
import { pipelineKpis } from './kpis-pipelines.js';
import { siteStorage, streams } from './kpis-streams.js';
import { onlyWhere, pathKpi, scaled, unionKeys, type Kpi, type KpiFamily } from './kpi-definition.js';
import { replicationCount, summaryEstimate, summaryKeys, valueAt, type ResultDocument } from './result-document.js';

/**
 * The KPI registry: every row a report can show, in table order. A family whose data a result lacks
 * yields rows the table shows as "—"; rows absent from every result are dropped (src/report/kpi-table.ts).
 */

/** A result ran jobs in this group (a pure inference scenario has none: its job figures are absent, not zero). */
const hasJobs = (prefix: readonly string[]) => (r: ResultDocument) => (summaryEstimate(r, [...prefix, 'submitted'])?.mean ?? 0) > 0 || (summaryEstimate(r, [...prefix, 'completed'])?.mean ?? 0) > 0;

const jobGroup = (prefix: readonly string[], scope: string, idScope: string, headline: boolean): Kpi[] => jobKpis(prefix, scope, idScope, headline).map((k) => onlyWhere(k, hasJobs(prefix)));

const jobKpis = (prefix: readonly string[], scope: string, idScope: string, headline: boolean): Kpi[] => [
  pathKpi({ id: `${idScope}.throughput`, label: `${scope}: throughput`, group: 'Throughput', unit: 'number', suffix: 'jobs/h', better: 'higher', headline }, [...prefix, 'throughput_per_hour']),
  pathKpi({ id: `${idScope}.completed`, label: `${scope}: jobs completed`, group: 'Throughput', unit: 'count', better: 'higher' }, [...prefix, 'completed']),
  pathKpi({ id: `${idScope}.rejected`, label: `${scope}: jobs rejected`, group: 'Throughput', unit: 'count', better: 'lower' }, [...prefix, 'rejected']),
  pathKpi({ id: `${idScope}.wait.mean`, label: `${scope}: mean wait`, group: 'Wait', unit: 'seconds', better: 'lower' }, [...prefix, 'wait', 'mean']),
  pathKpi({ id: `${idScope}.wait.p50`, label: `${scope}: wait p50`, group: 'Wait', unit: 'seconds', better: 'lower' }, [...prefix, 'wait', 'p50']),
  pathKpi({ id: `${idScope}.wait.p95`, label: `${scope}: wait p95`, group: 'Wait', unit: 'seconds', better: 'lower', headline }, [...prefix, 'wait', 'p95']),
  pathKpi({ id: `${idScope}.wait.p99`, label: `${scope}: wait p99`, group: 'Wait', unit: 'seconds', better: 'lower' }, [...prefix, 'wait', 'p99']),
  pathKpi({ id: `${idScope}.completion.mean`, label: `${scope}: mean completion time`, group: 'Completion time', unit: 'seconds', better: 'lower' }, [...prefix, 'completion_time', 'mean']),
  pathKpi({ id: `${idScope}.completion.p50`, label: `${scope}: completion time p50`, group: 'Completion time', unit: 'seconds', better: 'lower' }, [...prefix, 'completion_time', 'p50']),
  pathKpi({ id: `${idScope}.completion.p95`, label: `${scope}: completion time p95`, group: 'Completion time', unit: 'seconds', better: 'lower', headline }, [...prefix, 'completion_time', 'p95']),
  pathKpi({ id: `${idScope}.completion.p99`, label: `${scope}: completion time p99`, group: 'Completion time', unit: 'seconds', better: 'lower' }, [...prefix, 'completion_time', 'p99']),
  pathKpi({ id: `${idScope}.slowdown.mean`, label: `${scope}: mean bounded slowdown`, group: 'Completion time', unit: 'number', better: 'lower' }, [...prefix, 'bounded_slowdown', 'mean']),
  pathKpi({ id: `${idScope}.failures`, label: `${scope}: failures`, group: 'Reliability', unit: 'count', better: 'lower' }, [...prefix, 'failures']),
  pathKpi({ id: `${idScope}.spot_interruptions`, label: `${scope}: spot interruptions`, group: 'Reliability', unit: 'count', better: 'lower' }, [...prefix, 'spot_interruptions']),
  pathKpi({ id: `${idScope}.preemptions`, label: `${scope}: preemptions`, group: 'Reliability', unit: 'count', better: 'lower' }, [...prefix, 'preemptions']),
  pathKpi({ id: `${idScope}.lost_device_hours`, label: `${scope}: device-hours lost`, group: 'Reliability', unit: 'number', suffix: 'device-h', better: 'lower' }, [...prefix, 'lost_device_hours']),
];

/** All jobs together: the headline job figures (a pure inference scenario has all zeros: the table drops those rows). */
const allJobs: KpiFamily = { id: 'jobs', expand: () => jobGroup(['jobs'], 'all jobs', 'jobs', true) };

/** Per workload, when a result has more than one (with one, "all jobs" says it all). */
const perWorkload: KpiFamily = {
  id: 'workload',
  expand: (results) => {
    const names = unionKeys(results, (r) => summaryKeys(r, ['workloads']));
    if (names.length < 2) return [];
    return names.flatMap((w) => jobGroup(['workloads', w], w, `workload[${w}]`, false).filter((k) => /throughput|wait\.p95|completion\.p95/.test(k.id)));
  },
};

const perTeam: KpiFamily = {
  id: 'team',
  expand: (results) => unionKeys(results, (r) => summaryKeys(r, ['teams'])).flatMap((t) => jobGroup(['teams', t], `team ${t}`, `team[${t}]`, false).filter((k) => /throughput|wait\.p95/.test(k.id))),
};

const inference: KpiFamily = {
  id: 'inference',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['inference'])).flatMap((s) => {
      const p = ['inference', s];
      const id = `inference[${s}]`;
      return [
        pathKpi({ id: `${id}.slo_attainment`, label: `${s}: SLO attainment`, group: 'Inference', unit: 'fraction', better: 'higher', headline: true }, [...p, 'slo_attainment']),
        pathKpi({ id: `${id}.tokens_per_second`, label: `${s}: tokens/s`, group: 'Inference', unit: 'number', suffix: 'tokens/s', better: 'higher' }, [...p, 'tokens_per_second']),
        pathKpi({ id: `${id}.ttft.p50`, label: `${s}: time to first token p50`, group: 'Inference', unit: 'seconds', better: 'lower' }, [...p, 'ttft', 'p50']),
        pathKpi({ id: `${id}.ttft.p99`, label: `${s}: time to first token p99`, group: 'Inference', unit: 'seconds', better: 'lower', headline: true }, [...p, 'ttft', 'p99']),
        pathKpi({ id: `${id}.tpot.p50`, label: `${s}: time per output token p50`, group: 'Inference', unit: 'seconds', better: 'lower' }, [...p, 'tpot', 'p50']),
        pathKpi({ id: `${id}.tpot.p99`, label: `${s}: time per output token p99`, group: 'Inference', unit: 'seconds', better: 'lower' }, [...p, 'tpot', 'p99']),
        pathKpi({ id: `${id}.e2e.p95`, label: `${s}: end-to-end latency p95`, group: 'Inference', unit: 'seconds', better: 'lower' }, [...p, 'e2e', 'p95']),
        pathKpi({ id: `${id}.rejected`, label: `${s}: requests rejected`, group: 'Inference', unit: 'count', better: 'lower' }, [...p, 'rejected']),
        ...disaggregatedPhases(s, [...p, 'disaggregated']),
        // speculative decoding: only for the services that speculate, so other reports keep their KPIs
        ...(results.some((r) => summaryKeys(r, [...p, 'speculative']).length > 0)
          ? [
              pathKpi({ id: `${id}.speculative.measured_tokens_per_step`, label: `${s}: tokens per decode step`, group: 'Inference', unit: 'number', suffix: 'tokens', better: 'higher' }, [
                ...p,
                'speculative',
                'measured_tokens_per_step',
              ]),
            ]
          : []),
        ...prefixCacheKpis(s, id, [...p, 'prefix_cache']),
        // a service with a managed API (docs/serving.md, "Buying tokens"): what it sent there
        ...(results.some((r) => valueAt(r.summary, [...p, 'api']) !== undefined)
          ? [
              pathKpi({ id: `${id}.api.requests`, label: `${s}: requests sent to the managed API`, group: 'Inference', unit: 'count', better: 'neither' }, [...p, 'api', 'requests']),
              pathKpi({ id: `${id}.api.rate_limited`, label: `${s}: requests the API refused (429)`, group: 'Inference', unit: 'count', better: 'lower' }, [...p, 'api', 'rate_limited']),
            ]
          : []),
      ];
    }),
};

/** A disaggregated service's phases (absent elsewhere: their rows drop out of the table). */
function disaggregatedPhases(s: string, p: readonly string[]): Kpi[] {
  const id = `inference[${s}].disaggregated`;
  const latency = (key: string, label: string, path: readonly string[]) =>
    pathKpi({ id: `${id}.${key}`, label: `${s}: ${label}`, group: 'Inference', unit: 'seconds', better: 'lower' }, [...p, ...path]);
  return [
    latency('prefill.time.p99', 'queue + prefill p99', ['prefill', 'time', 'p99']),
    latency('transfer.time.p50', 'KV transfer p50', ['transfer', 'time', 'p50']),
    latency('transfer.time.p99', 'KV transfer p99', ['transfer', 'time', 'p99']),
    latency('decode.first_step.p99', 'KV landed → first decode step p99', ['decode', 'first_step', 'p99']),
    scaled(pathKpi({ id: `${id}.transfer.bytes`, label: `${s}: KV cache moved`, group: 'Inference', unit: 'number', suffix: 'GB', better: 'neither' }, [...p, 'transfer', 'bytes']), 1e-9),
  ];
}

/** A service's prefix cache (rows only where a result has one: src/model/serving/prefix-caching.ts). */
const prefixCacheKpis = (s: string, id: string, p: readonly string[]): Kpi[] => [
  pathKpi({ id: `${id}.prefix_cache.token_hit_rate`, label: `${s}: prefix cache hit rate (prompt tokens)`, group: 'Inference', unit: 'fraction', better: 'higher' }, [...p, 'token_hit_rate']),
  pathKpi({ id: `${id}.prefix_cache.request_hit_rate`, label: `${s}: prefix cache hit rate (requests)`, group: 'Inference', unit: 'fraction', better: 'higher' }, [...p, 'request_hit_rate']),
  ...['hbm', 'dram', 'nvme'].map((tier) =>
    pathKpi({ id: `${id}.prefix_cache.hits.${tier}`, label: `${s}: prefix tokens hit in ${tier.toUpperCase()}`, group: 'Inference', unit: 'count', better: 'neither' }, [
      ...p,
      'hit_tokens_by_tier',
      tier,
    ]),
  ),
  pathKpi({ id: `${id}.prefix_cache.load_seconds`, label: `${s}: time loading offloaded prefixes`, group: 'Inference', unit: 'seconds', better: 'lower' }, [...p, 'load_seconds']),
  pathKpi({ id: `${id}.prefix_cache.evictions`, label: `${s}: prefix cache evictions from HBM`, group: 'Inference', unit: 'count', better: 'lower' }, [...p, 'evictions']),
];

const pools: KpiFamily = {
  id: 'pool',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['pools'])).flatMap((pool) => {
      const p = ['pools', pool];
      return [
        pathKpi({ id: `pool[${pool}].devices`, label: `${pool}: devices`, group: 'Utilisation', unit: 'count', better: 'neither' }, [...p, 'devices']),
        pathKpi({ id: `pool[${pool}].utilisation`, label: `${pool}: utilisation`, group: 'Utilisation', unit: 'fraction', better: 'neither', headline: true }, [...p, 'utilisation']),
        pathKpi({ id: `pool[${pool}].mean_queue_length`, label: `${pool}: mean queue length`, group: 'Utilisation', unit: 'number', suffix: 'jobs', better: 'lower' }, [...p, 'mean_queue_length']),
        pathKpi({ id: `pool[${pool}].max_queue_length`, label: `${pool}: max queue length`, group: 'Utilisation', unit: 'count', suffix: 'jobs', better: 'lower' }, [...p, 'max_queue_length']),
        // a pool with a leaf/spine fabric only (rows where a result has one)
        pathKpi({ id: `pool[${pool}].fabric.cross_leaf_starts`, label: `${pool}: training runs across leaves`, group: 'Utilisation', unit: 'count', better: 'lower' }, [
          ...p,
          'fabric',
          'cross_leaf_starts',
        ]),
        pathKpi({ id: `pool[${pool}].fabric.uplink_delay_seconds`, label: `${pool}: job time added by shared leaf uplinks`, group: 'Utilisation', unit: 'seconds', better: 'lower' }, [
          ...p,
          'fabric',
          'uplink_delay_seconds',
        ]),
      ];
    }),
};

/** Inter-site links: how much of the time data staging kept each busy, and how many transfers shared it. */
const links: KpiFamily = {
  id: 'link',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['links'])).flatMap((link) => {
      const p = ['links', link];
      const name = link.replace('|', ' ↔ ');
      return [
        pathKpi({ id: `link[${link}].busy_fraction`, label: `link ${name}: busy`, group: 'Utilisation', unit: 'fraction', better: 'neither' }, [...p, 'busy_fraction']),
        pathKpi({ id: `link[${link}].mean_transfers`, label: `link ${name}: transfers at once`, group: 'Utilisation', unit: 'number', better: 'lower' }, [...p, 'mean_transfers']),
      ];
    }),
};

/** Devices across all pools: the fleet size, a cost proxy when a result has no cost section. */
export const FLEET_DEVICES_KPI: Kpi = {
  id: 'fleet.devices',
  label: 'devices in the fleet',
  group: 'Utilisation',
  unit: 'count',
  better: 'neither',
  estimate: (r) => {
    const values = fleetDevices(r);
    const mean = values?.[0];
    if (values === undefined || mean === undefined) return undefined;
    const n = values.length;
    return n < 2 ? { mean, half_width: null, low: null, high: null, sd: 0, n } : { mean, half_width: 0, low: mean, high: mean, sd: 0, n, no_spread: true };
  },
  values: (r) => fleetDevices(r),
};

function fleetDevices(r: ResultDocument): number[] | undefined {
  const keys = summaryKeys(r, ['pools']);
  if (keys.length === 0) return undefined;
  let total = 0;
  for (const k of keys) {
    const d = summaryEstimate(r, ['pools', k, 'devices'])?.mean;
    if (d === undefined) return undefined;
    total += d;
  }
  return Array.from({ length: Math.max(1, replicationCount(r)) }, () => total);
}

/** Table order. Cost families come from kpis-cost.ts (present only when results carry `cost`). */
/** In the table only when there is more than one pool (with one, the pool's own row says it). */
const fleet: KpiFamily = { id: 'fleet', expand: (results) => (unionKeys(results, (r) => summaryKeys(r, ['pools'])).length > 1 ? [FLEET_DEVICES_KPI] : []) };

/** The goodput model (absent elsewhere, so no rows): useful ÷ paid device-hours and where the rest went. */
const goodput: KpiFamily = {
  id: 'goodput',
  expand: () => [
    pathKpi({ id: 'goodput.goodput', label: 'goodput (useful ÷ paid device-hours)', group: 'Reliability', unit: 'fraction', better: 'higher', headline: true }, ['goodput', 'goodput']),
    pathKpi({ id: 'goodput.effective_time', label: 'effective training time (useful ÷ held)', group: 'Reliability', unit: 'fraction', better: 'higher' }, ['goodput', 'effective_time']),
    pathKpi({ id: 'goodput.useful_device_hours', label: 'useful device-hours', group: 'Reliability', unit: 'number', suffix: 'device-h', better: 'higher' }, ['goodput', 'useful_device_hours']),
    pathKpi({ id: 'goodput.badput.recovery', label: 'device-hours waiting for a spare or a repair', group: 'Reliability', unit: 'number', suffix: 'device-h', better: 'lower' }, [
      'goodput',
      'badput',
      'recovery',
    ]),
  ],
};

export const KPI_FAMILIES: readonly KpiFamily[] = [
  allJobs,
  perWorkload,
  perTeam,
  inference,
  serviceReach,
  pipelineKpis,
  pools,
  links,
  fleet,
  goodput,
  federated,
  streams,
  ...costKpiFamilies,
  siteStorage,
];

/** The KPIs for these results, in registry order, ids unique. */
export function kpisFor(results: readonly ResultDocument[], families: readonly KpiFamily[] = KPI_FAMILIES): Kpi[] {
  const out: Kpi[] = [];
  const ids = new Set<string>();
  for (const f of families) {
    for (const k of f.expand(results)) {
      if (ids.has(k.id)) continue;
      ids.add(k.id);
      out.push(k);
    }
  }
  return out;
}
