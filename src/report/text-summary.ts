import { mustAt } from '../support/must-get.js';
import type { Estimate } from '../metrics/confidence-interval.js';
import type { SimulationResult } from '../simulate/simulate.js';
import { formatDurationEstimateOf, formatEstimateIn } from './estimate-text.js';
import { formatDurationEstimate, formatNumber, formatPercent } from './format-units.js';
import { goodputLines } from './goodput-text.js';
import { federatedLines } from './federated-text.js';
import { pipelineLines } from './pipeline-text.js';
import { dataLines } from './data-text.js';

type JobSummary = SimulationResult['summary']['jobs'];

/** Plain-text summary for the terminal: headline figures with their 95% intervals (estimate-text.ts). */
export function formatSummary(result: SimulationResult): string {
  const { scenario, summary } = result;
  const n = scenario.replications;
  const lines: string[] = [];
  lines.push(
    `scenario ${scenario.name}: ${formatDurationEstimate(scenario.horizon, null)} simulated, statistics after ${formatDurationEstimate(scenario.warmup, null)} warm-up; ${n} replication${n === 1 ? '' : 's'}, seed ${scenario.seed}`,
  );
  if (result.overload) lines.push(`INCOMPLETE, OVERLOADED: ${result.overload.reason}; figures cover only the simulated part`);
  else if (!result.complete) lines.push('INCOMPLETE: a limit stopped the run before the horizon; figures cover only the simulated part');
  lines.push(
    n > 1
      ? 'figures: mean [low, high] of its 95% confidence interval over replications (bounded at 0 and 100 %, so not symmetric)'
      : 'figures: one replication (set replications ≥ 2 for confidence intervals)',
  );

  const groups: [string, JobSummary][] = [['all jobs', summary.jobs], ...Object.entries(summary.workloads)];
  const showGroups = groups.length > 2 ? groups : groups.slice(0, 1);
  if (groups.length > 1)
    lines.push(
      '',
      ...table([
        ['jobs', 'done', 'throughput', 'submitted', 'queued at end', 'running at end'],
        ...showGroups.map(([label, j]) => [
          label,
          est(j.completed, formatNumber),
          est(j.throughput_per_hour, formatNumber, '/h'),
          est(j.submitted, formatNumber),
          est(j.queued_at_end, formatNumber),
          est(j.running_at_end, formatNumber),
        ]),
      ]),
    );
  const latency: string[][] = [['time', 'mean', 'p50', 'p95', 'p99']];
  for (const [label, j] of groups.length > 1 ? showGroups : []) {
    for (const [what, s] of [
      ['wait', j.wait],
      ['completion', j.completion_time],
    ] as const) {
      latency.push([`${label}: ${what}`, dur(s.mean), dur(s.p50), dur(s.p95), dur(s.p99)]);
    }
  }
  for (const [name, i] of Object.entries(summary.inference)) {
    for (const [what, s] of [
      ['time to first token', i.ttft],
      ['time per output token', i.tpot],
      ['end to end', i.e2e],
    ] as const) {
      latency.push([`${name}: ${what}`, dur(s.mean), dur(s.p50), dur(s.p95), dur(s.p99)]);
    }
  }
  if (latency.length > 1) lines.push('', ...table(latency));
  const services = Object.entries(summary.inference);
  if (services.length > 0) {
    lines.push(
      '',
      ...table([
        ['service', 'requests done', 'tokens/s', 'SLO attainment', 'queued at end', 'rejected'],
        ...services.map(([name, i]) => [
          name,
          est(i.completed, formatNumber),
          est(i.tokens_per_second, formatNumber),
          est(i.slo_attainment, percent, ' %'),
          est(i.queued_at_end, formatNumber),
          est(i.rejected, formatNumber),
        ]),
      ]),
    );
    // offline batches: the throughput over the drain, as MLPerf's Offline scenario reports it
    for (const [name, i] of services) lines.push(...serviceReachRows(name, i));
    for (const [name, i] of services) {
      if (i.offline) lines.push(`${name}: offline batch drained in ${est(i.offline.drain_time, formatNumber)} s, ${est(i.offline.tokens_per_second, formatNumber)} output tokens/s over the drain`);
      // the managed API's share (its name and mode are the same in every replication; the summary keeps numbers only)
      const api = result.replications[0]?.inference[name]?.api;
      const w = result.scenario.workloads.find((x) => x.name === name);
      const offering = w?.kind === 'inference' ? (w.api ?? w.overflow?.offering) : undefined;
      if (i.api && api)
        lines.push(
          `${name} → ${api.offering} (${api.mode === 'api' ? 'every request' : 'overflow'}): ${est(i.api.requests, formatNumber)} requests, ` +
            (offering?.rateLimits ? `${est(i.api.rate_limited, formatNumber)} refused over its rate limits (429), ` : 'no rate limit enforced (the offering publishes none), ') +
            `${est(i.api.input_tokens, formatNumber)} prompt and ${est(i.api.output_tokens, formatNumber)} output tokens billed`,
        );
      const c = i.prefix_cache;
      if (c) {
        const tiers = Object.entries(c.hit_tokens_by_tier).map(([tier, hits]) => `${tier} ${est(hits, formatNumber)}`);
        lines.push(
          `${name}: prefix cache hit ${est(c.token_hit_rate, percent, ' %')} of prompt tokens, ${est(c.request_hit_rate, percent, ' %')} of requests; tokens hit by tier: ${tiers.join(', ')}; ${est(c.evictions, formatNumber)} evictions from HBM`,
        );
      }
    }
    lines.push(...disaggregatedLines(services));
    // speculative decoding: what a decode step yields, from the draft length and acceptance the scenario gave
    for (const [name, i] of services) {
      const sd = i.speculative;
      if (sd)
        lines.push(
          `${name}: speculative decoding, ${est(sd.tokens_per_step, formatNumber)} tokens per decode step expected (${est(sd.draft_tokens, formatNumber)} guessed, each accepted with probability ${est(sd.acceptance, percent, ' %')}), ${est(sd.measured_tokens_per_step, formatNumber)} drawn`,
        );
    }
  }

  const poolRows: string[][] = [['pool', 'devices', 'hardware', 'utilisation', 'mean busy', 'mean queue']];
  for (const site of scenario.sites) {
    for (const pool of site.pools) {
      const p = summary.pools[pool.id];
      if (!p) continue;
      poolRows.push([
        pool.id,
        formatNumber(pool.deviceCount),
        `${formatNumber(pool.nodeCount)} × ${pool.node.id} (${pool.devicesPerNode} × ${pool.device.id})`,
        est(p.utilisation, percent, ' %'),
        est(p.mean_busy_devices, formatNumber),
        est(p.mean_queue_length, formatNumber),
      ]);
    }
  }
  lines.push('', ...table(poolRows));
  for (const [id, p] of Object.entries(summary.pools)) {
    const f = p.fabric;
    if (f)
      lines.push(
        `${id} fabric: ${est(f.cross_leaf_starts, formatNumber)} training runs across leaves, ${est(f.mean_cross_leaf_jobs, formatNumber)} at once on average, ${dur(f.uplink_delay_seconds)} of job time added by shared uplinks`,
      );
  }
  const links = Object.entries(summary.links ?? {});
  if (links.length > 0) {
    const linkRows: string[][] = [['link', 'bandwidth', 'busy', 'transfers at once (mean)', 'max']];
    for (const [key, l] of links) {
      const spec = scenario.links.find((x) => [...x.between].sort().join('|') === key);
      linkRows.push([
        key.replace('|', ' ↔ '),
        spec ? `${formatNumber((spec.bandwidth * 8) / 1e9)} Gbit/s` : '',
        est(l.busy_fraction, percent, ' %'),
        est(l.mean_transfers, formatNumber),
        formatNumber(l.max_transfers.mean),
      ]);
    }
    lines.push('', ...table(linkRows));
  }
  lines.push(...goodputLines(result));
  lines.push(...federatedLines(result));
  lines.push(...pipelineLines(result));
  lines.push(...dataLines(result));
  lines.push(...costLines(result));
  return `${lines.join('\n')}\n`;
}

/** Appends the storage column to the cost table: owned storage (capex and opex) and cloud storage, per row. */
function storageColumn(rows: string[][], all: { storage: Estimate; cloud_storage: Estimate }, perSite: readonly { storage: Estimate; cloud_storage: Estimate }[]): void {
  const cell = (b: { storage: Estimate; cloud_storage: Estimate }) =>
    [b.storage.mean > 0 && `${est(b.storage, (x) => formatNumber(x / 1e6), ' M USD')} owned`, b.cloud_storage.mean > 0 && `${est(b.cloud_storage, (x) => formatNumber(x / 1e6), ' M USD')} cloud`]
      .filter((x) => typeof x === 'string')
      .join(' + ') || '0 USD';
  rows[0]?.push('storage');
  rows[1]?.push(cell(all));
  perSite.forEach((b, i) => rows[i + 2]?.push(cell(b)));
}

/** The line a queue-only study prints where the cost table would be. */
export const NO_COSTS_LINE = 'costs: none — queue-only study, no cost figures';

/** TCO over the planning horizon, per site, unit costs and the build-vs-buy answers; one line saying why when the scenario asks for no costs. */
function costLines(result: SimulationResult): string[] {
  const c = result.summary.cost;
  const a = result.cost_analysis;
  if (c === undefined || a === null) return ['', NO_COSTS_LINE];
  const years = result.scenario.planning.horizon / (365.25 * 86_400);
  const millions = (x: number) => formatNumber(x / 1e6);
  const rows: string[][] = [['cost over ' + `${formatNumber(years)} years`, 'TCO', 'NPV', 'per GPU-hour', 'energy', 'CO2e']];
  // a site that delivered no device-hour has no cost per one (the result reads 0 there: the hours say why)
  const site = (label: string, total: Estimate, npv: Estimate, perGpuHour: Estimate, hours: Estimate, kwh: Estimate, co2: Estimate) =>
    rows.push([
      label,
      est(total, millions, ' M USD'),
      est(npv, millions, ' M USD'),
      hours.mean > 0 ? est(perGpuHour, formatNumber, ' USD') : 'none delivered',
      est(kwh, (x) => formatNumber(x / 1000), ' MWh'),
      est(co2, (x) => formatNumber(x / 1000), ' t'),
    ]);
  site('all sites', c.total, c.npv, c.unit_costs.per_gpu_hour, c.unit_costs.gpu_hours, c.energy.facility_kwh, c.energy.co2e_kg);
  const sites = Object.entries(c.per_site);
  if (sites.length > 1) for (const [name, s] of sites) site(name, s.total, s.npv, s.per_gpu_hour, s.gpu_hours, s.energy.facility_kwh, s.energy.co2e_kg);
  // with lakes or streams, storage is a planning figure of its own: a column of it (owned storage, and the cloud's)
  if (result.scenario.lakes || result.scenario.streams) storageColumn(rows, c.by_category, sites.length > 1 ? sites.map(([, s]) => s.by_category) : []);
  const out = ['', ...table(rows)];
  const perToken = [
    c.unit_costs.per_million_training_tokens && est(c.unit_costs.per_million_training_tokens, formatNumber, ' USD per million training tokens'),
    c.unit_costs.tokens.mean > 0 && est(c.unit_costs.per_million_tokens, formatNumber, ' USD per million served tokens'),
  ].filter((t) => typeof t === 'string');
  if (perToken.length > 0) out.push(`unit costs (each of the whole TCO): ${perToken.join('; ')}`);
  const co2e = c.co2e;
  if (co2e) out.push(`CO2e apart: operational ${est(co2e.operational_t, formatNumber, ' t')}${co2e.embodied_t ? `; embodied (amortised) ${est(co2e.embodied_t, formatNumber, ' t')}` : ''}`);
  for (const [pool, b] of Object.entries(a.build_vs_buy)) {
    const rental = a.rental;
    if (!rental) throw new Error(`internal: a build-vs-buy answer for '${pool}' without the rental it compares with`);
    const u = b.break_even_utilisation;
    const month = b.break_even_month;
    out.push(
      `${pool} vs renting ${rental.instance} (${rental.pricing.replace('_', '-')}, ${formatNumber(rental.price_per_device_hour)} USD/${deviceNoun(rental.device_kind)}-hour): ` +
        `owning pays above ${u > 1 ? 'never (even fully used)' : u < 0 ? 'never (rent below energy)' : formatPercent(u)} utilisation` +
        `${month > 0 ? `; break-even after ${month} month${month === 1 ? '' : 's'}${b.break_even_date ? ` (${b.break_even_date})` : ''}` : '; no break-even within the horizon'}`,
    );
  }
  for (const [pool, why] of Object.entries(a.build_vs_buy_not_compared ?? {})) out.push(`${pool} is not compared with renting: ${why}`);
  out.push(...tokenLines(result));
  out.push(`basis: ${a.basis.projection}`, `hardware: ${a.basis.hardware}`);
  if (a.basis.api_tokens) out.push(`API tokens: ${a.basis.api_tokens}`);
  if (a.basis.fabric) out.push(`fabric: ${a.basis.fabric}`);
  if (a.basis.goodput) out.push(`goodput: ${a.basis.goodput}`);
  if (a.basis.calendar) out.push(`calendar: ${a.basis.calendar}`);
  if (a.basis.refresh) out.push(`refresh: ${a.basis.refresh}`);
  if (a.basis.residual_value) out.push(`residual value: ${a.basis.residual_value}`);
  if (a.basis.price_paths) out.push(`price paths: ${a.basis.price_paths}`);
  if (a.basis.power) out.push(`power: ${a.basis.power}`);
  if (a.basis.data_storage) out.push(`data storage: ${a.basis.data_storage}`);
  for (const c of a.fleet_configurations ?? []) {
    const pools = Object.entries(c.pools).map(([id, p]) => `${id} ${String(p.nodes)} × ${p.node} at ${formatPercent(p.utilisation)} utilisation`);
    out.push(`fleet from ${c.from_date ?? `${formatNumber(c.from_seconds / 86_400)} d`} (simulated on its own, replications' mean): ${pools.join('; ')}`);
  }
  const residual = result.summary.cost?.residual_value;
  if (residual) {
    out.push(
      `second-hand value: ${est(residual.market_value_at_horizon, (x) => formatNumber(x / 1e6), ' M USD')} at the horizon (in cash and NPV), ` +
        `${est(residual.resale_at_retirement, (x) => formatNumber(x / 1e6), ' M USD')} from hardware sold at refreshes`,
    );
  }
  return out;
}

/** Managed-API spend and, per self-hosted service with an overflow API, the token volume where self-hosting pays. */
export function tokenLines(result: SimulationResult): string[] {
  const out: string[] = [];
  const spend = result.summary.cost?.api_tokens;
  if (spend) out.push(`managed-API tokens (list prices, in the TCO): ${est(spend.total, (x) => formatNumber(x / 1e6), ' M USD')}`);
  for (const [name, t] of Object.entries(result.cost_analysis?.token_build_vs_buy ?? {})) {
    const tokens = (x: number) => `${formatNumber(x / 1e6)} M`;
    out.push(
      `${name} tokens, build vs buy (${t.offering}, ${formatNumber(t.api_usd_per_million_output_tokens)} USD per million output tokens of this mix): ` +
        `self-hosting on ${t.site} (${formatNumber(t.self_hosted_usd_per_month)} USD/month) breaks even at ${tokens(t.break_even_output_tokens_per_month)} output tokens/month; ` +
        `its replicas carried ${tokens(t.carried_at_slo_output_tokens_per_month)} within the SLO`,
    );
  }
  return out;
}

/** A service that moves: its users' latencies per region (round trip included), and its requests per pool. */
function serviceReachRows(name: string, i: SimulationResult['summary']['inference'][string]): string[] {
  const out: string[] = [];
  if (i.regions) {
    out.push(
      '',
      ...table([
        [`${name}: users in`, 'requests', 'TTFT p50', 'TTFT p99', 'end to end p95', 'SLO attainment'],
        ...Object.entries(i.regions).map(([region, r]) => [region, est(r.submitted, formatNumber), dur(r.ttft.p50), dur(r.ttft.p99), dur(r.e2e.p95), est(r.slo_attainment, percent, ' %')]),
      ]),
    );
  }
  if (i.pools) {
    out.push(
      '',
      ...table([
        [`${name}: on pool`, 'requests', 'replicas started', 'cold start'],
        ...Object.entries(i.pools).map(([pool, p]) => [pool, est(p.requests, formatNumber), est(p.replicas_started, formatNumber), dur(p.cold_start)]),
      ]),
    );
  }
  if (i.cold_starts) out.push(`${name}: ${est(i.cold_starts, formatNumber)} replica starts paid a cold start in the window`);
  return out;
}

function dur(e: Estimate): string {
  return formatDurationEstimateOf(e);
}

/** An estimate (estimate-text.ts) with `unit` after the numbers, written once. */
function est(e: Estimate, fmt: (x: number) => string, unit = ''): string {
  return formatEstimateIn(e, fmt, unit);
}

/** A share as a percentage without its sign, for `est(e, percent, ' %')`: 73.0 [69.4, 76.4] %. */
function percent(fraction: number): string {
  return formatPercent(fraction).replace(/ %$/, '');
}

type ServiceSummary = SimulationResult['summary']['inference'][string];

/** Disaggregated services: each phase's latency (mean, p50, p99) and the KV cache moved between them. */
function disaggregatedLines(services: readonly (readonly [string, ServiceSummary])[]): string[] {
  const rows: string[][] = [['phase', 'replicas', 'mean', 'p50', 'p99', 'queued at end']];
  const moved: string[] = [];
  for (const [name, i] of services) {
    const d = i.disaggregated;
    if (!d) continue;
    rows.push([
      `${name}: queue + prefill`,
      est(d.prefill.replicas, formatNumber),
      dur(d.prefill.time.mean),
      dur(d.prefill.time.p50),
      dur(d.prefill.time.p99),
      est(d.prefill.queued_at_end, formatNumber),
    ]);
    rows.push([`${name}: KV transfer`, '', dur(d.transfer.time.mean), dur(d.transfer.time.p50), dur(d.transfer.time.p99), est(d.transfer.in_flight_at_end, formatNumber)]);
    rows.push([
      `${name}: KV landed → first decode step`,
      est(d.decode.replicas, formatNumber),
      dur(d.decode.first_step.mean),
      dur(d.decode.first_step.p50),
      dur(d.decode.first_step.p99),
      est(d.decode.queued_at_end, formatNumber),
    ]);
    moved.push(`${name}: ${est(d.transfer.bytes, (x) => formatNumber(x / 1e9))} GB of KV cache moved from prefill to decode replicas in the window`);
  }
  return rows.length > 1 ? ['', ...table(rows), ...moved] : [];
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(mustAt(widths, c, 'column width')) : cell.padStart(mustAt(widths, c, 'column width'))))
      .join('  ')
      .trimEnd(),
  );
}

/** What a device-hour of a rental's kind is called: a GPU-hour, a TPU-hour, a CPU-hour (a socket), else a device-hour. */
function deviceNoun(kind: string | undefined): string {
  return kind === 'gpu' || kind === 'tpu' || kind === 'cpu' ? kind.toUpperCase() : 'device';
}
