import { distributionMean, type Distribution } from '../engine/index.js';
import { formatDuration, formatNumber } from './format-units.js';
import { formatUsd } from './kpi-format.js';
import type { ResultDocument } from './result-document.js';

/**
 * The scenarios' assumptions side by side: one row per fact (hardware, fleet, prices, policies,
 * workloads), one column per result. Read defensively from the resolved scenario in the result, so
 * results from other versions still render; a fact a scenario lacks shows as empty.
 */
export interface AssumptionRow {
  /** `general`, `site onprem`, `workload fine-tuning`… */
  readonly section: string;
  readonly label: string;
  /** per result, in entry order; null = not set in that scenario */
  readonly values: readonly (string | null)[];
  /** the values are not all the same */
  readonly differs: boolean;
}

const YEAR = 365.25 * 86_400;
const MONTH = YEAR / 12;

type Loose = Record<string, unknown>;
const obj = (x: unknown): Loose => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Loose) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(3))} %`;
}

function distribution(d: unknown, fmt: (x: number) => string = formatNumber): string | undefined {
  const spec = obj(d);
  if (typeof spec.kind !== 'string') return num(d) !== undefined ? fmt(d as number) : undefined;
  if (spec.kind === 'constant' && num(spec.value) !== undefined) return fmt(spec.value as number);
  try {
    return `${spec.kind}, mean ${fmt(distributionMean(spec as unknown as Distribution))}`;
  } catch {
    return String(spec.kind);
  }
}

function arrivals(a: unknown): string | undefined {
  const s = obj(a);
  const perHour = (r: unknown) => (num(r) === undefined ? '?' : `${formatNumber((r as number) * 3600)}/h`);
  const cap = num(s.maxJobs) !== undefined ? `, at most ${formatNumber(s.maxJobs as number)} jobs` : '';
  switch (s.kind) {
    case 'renewal': {
      const i = obj(s.interarrival);
      const mean = i.kind === 'exponential' && num(i.mean) ? `Poisson ${perHour(1 / (i.mean as number))}` : `renewal, interarrival ${distribution(s.interarrival, formatDuration) ?? '?'}`;
      return mean + cap;
    }
    case 'diurnal':
      return `Poisson ${perHour(s.rate)}, daily cycle ±${pct(num(s.amplitude) ?? 0)} peaking at ${num(s.peakHour) ?? '?'} h${cap}`;
    case 'growth':
      return `Poisson ${perHour(s.rate)} growing ${pct(num(s.perMonth) ?? 0)}/month${cap}`;
    case 'mmpp':
      return `bursty (MMPP), rates ${arr(s.rates).map(perHour).join(' / ')}${cap}`;
    default:
      return typeof s.kind === 'string' ? s.kind + cap : undefined;
  }
}

function policy(p: unknown): string | undefined {
  const s = obj(p);
  if (s.kind === 'burst') return `burst to ${arr(s.burstTo).map(String).join(', ')} when the expected wait ≥ ${formatDuration(num(s.threshold) ?? 0)}`;
  if (s.kind === 'cheapest') return 'cheapest pool that meets the deadline';
  if (s.kind === 'home') return 'each workload on its own pool';
  return str(s.kind);
}

type Facts = [section: string, label: string, value: string | undefined][];

function facts(result: ResultDocument): Facts {
  const s = result.scenario as unknown as Loose;
  const out: Facts = [];
  const g = (label: string, value: string | undefined) => out.push(['general', label, value]);
  g('description', str(s.description));
  g('simulated time', num(s.horizon) !== undefined ? formatDuration(s.horizon as number) : undefined);
  g('warm-up', num(s.warmup) !== undefined ? formatDuration(s.warmup as number) : undefined);
  g('replications', num(s.replications) !== undefined ? String(s.replications) : undefined);
  g('seed', num(s.seed) !== undefined ? String(s.seed) : undefined);
  const sched = obj(s.scheduler);
  if (typeof sched.kind === 'string') {
    const extras = [
      num(sched.estimateFactor) !== undefined && sched.estimateFactor !== 1 ? `runtime estimates × ${sched.estimateFactor as number}` : '',
      num(sched.maxDevices) !== undefined ? `at most ${sched.maxDevices as number} devices per job` : '',
      num(sched.maxRuntime) !== undefined ? `at most ${formatDuration(sched.maxRuntime as number)} per job` : '',
    ].filter(Boolean);
    g('scheduler', `${sched.kind}${extras.length ? ` (${extras.join(', ')})` : ''}`);
  }
  g('placement', policy(s.policy));
  const failures = obj(s.failures);
  if (Object.keys(failures).length > 0) {
    const ci = num(failures.checkpointInterval);
    g('device failures', `${num(failures.mtbf) !== undefined ? `MTBF ${formatDuration(failures.mtbf as number)}` : 'MTBF from the device profiles'}, ${ci === undefined || ci === Infinity ? 'no checkpoints' : `checkpoint every ${formatDuration(ci)}`}`);
  }
  const ref = obj(s.reference);
  const refDevice = str(obj(ref.device).id);
  if (refDevice) g('reference device', `${refDevice}${str(ref.precision) ? ` at ${ref.precision as string}` : ''}`);
  const planning = obj(s.planning);
  if (num(planning.horizon) !== undefined) g('planning horizon', `${formatNumber((planning.horizon as number) / YEAR)} years`);
  if (num(planning.discountRate) !== undefined) g('discount rate', `${pct(planning.discountRate as number)}/year`);

  for (const siteRaw of arr(s.sites)) {
    const site = obj(siteRaw);
    const sec = `site ${str(site.name) ?? '?'}`;
    const f = (label: string, value: string | undefined) => out.push([sec, label, value]);
    f('kind', str(site.kind));
    for (const poolRaw of arr(site.pools)) {
      const pool = obj(poolRaw);
      const id = str(pool.id) ?? '?';
      const node = str(obj(pool.node).id) ?? '?';
      const device = str(obj(pool.device).id) ?? '?';
      const cloud = obj(pool.cloud);
      const nodes = num(pool.nodeCount);
      f(`${id}: hardware`, `${node} (${num(pool.devicesPerNode) ?? '?'} × ${device})`);
      if (Object.keys(cloud).length > 0) {
        f(`${id}: instances`, `${num(cloud.committed) ?? 0} committed (${str(cloud.pricing) ?? '?'}), up to ${num(cloud.max) ?? nodes ?? '?'}${obj(cloud.autoscale) && Object.keys(obj(cloud.autoscale)).length ? `, autoscaled (${str(cloud.burstPricing) ?? 'on_demand'})` : ''}`);
        if (num(cloud.provisioningDelay)) f(`${id}: provisioning delay`, formatDuration(cloud.provisioningDelay as number));
      } else {
        f(`${id}: nodes`, `${nodes ?? '?'} node${nodes === 1 ? '' : 's'} = ${num(pool.deviceCount) ?? '?'} devices`);
      }
      const tranches = arr(pool.tranches).map(obj);
      if (tranches.length > 1 || (tranches[0] && (num(tranches[0].onlineAt) ?? 0) > 0)) {
        f(`${id}: deliveries`, tranches.map((t) => `${num(t.nodes) ?? '?'} nodes online at month ${formatNumber((num(t.onlineAt) ?? 0) / MONTH)}`).join('; '));
      }
      const spot = obj(pool.spot);
      if (num(spot.interruptionRate) !== undefined) f(`${id}: spot`, `reclaimed every ${formatDuration(1 / (spot.interruptionRate as number))} per instance on average, ${formatDuration(num(spot.warning) ?? 0)} warning`);
    }
    const c = obj(site.costs);
    if (c.kind === 'on-prem') {
      for (const [pool, price] of Object.entries(obj(c.capexPerNode))) if (num(price) !== undefined) f(`${pool}: price per node`, formatUsd(price as number));
      if (num(c.depreciationLife)) f('depreciation', `${formatNumber((c.depreciationLife as number) / YEAR)} years straight-line`);
      if (num(c.powerPrice) !== undefined) f('electricity', `${formatNumber((c.powerPrice as number) * 3.6e6)} USD/kWh`);
      if (num(c.pue) !== undefined) f('PUE', formatNumber(c.pue as number));
      if (num(c.maintenanceRate)) f('maintenance', `${pct((c.maintenanceRate as number) * YEAR)} of capex/year`);
      if (num(c.staffFte)) f('staff', `${formatNumber(c.staffFte as number)} FTE × ${formatUsd((num(c.staffCostPerFte) ?? 0) * YEAR)}/year`);
      if (num(c.colocationPerWatt)) f('colocation', `${formatNumber((c.colocationPerWatt as number) * 1000 * MONTH)} USD/kW/month`);
      const fin = obj(c.financing);
      if (num(fin.annualRate) !== undefined) f('financing', `${pct(fin.annualRate as number)}/year over ${formatNumber((num(fin.term) ?? 0) / YEAR)} years`);
      if (num(c.carbonIntensity) !== undefined) f('grid carbon intensity', `${formatNumber((c.carbonIntensity as number) * 3.6e6)} kg CO2e/kWh`);
    } else if (c.kind === 'cloud') {
      for (const [pool, prices] of Object.entries(obj(c.instancePrices))) {
        const p = Object.entries(obj(prices)).filter(([, v]) => num(v) !== undefined).map(([k, v]) => `${k.replace('_', ' ')} ${formatNumber((v as number) * 3600)} USD/h`);
        if (p.length) f(`${pool}: instance prices`, p.join(', '));
      }
      if (num(c.computeDiscount)) f('compute discount', pct(c.computeDiscount as number));
      if (num(c.egressPrice)) f('egress', `${formatNumber((c.egressPrice as number) * 1e9)} USD/GB`);
      if (num(c.supportRate)) f('support', `${pct(c.supportRate as number)} of the bill`);
      if (num(c.carbonIntensity) !== undefined) f('grid carbon intensity', `${formatNumber((c.carbonIntensity as number) * 3.6e6)} kg CO2e/kWh`);
    }
  }

  for (const wRaw of arr(s.workloads)) {
    const w = obj(wRaw);
    const sec = `workload ${str(w.name) ?? '?'}`;
    const f = (label: string, value: string | undefined) => out.push([sec, label, value]);
    f('kind', `${str(w.kind) ?? '?'} on ${str(w.pool) ?? '?'}${arr(w.alternatives).length ? ` (may run on ${arr(w.alternatives).map(String).join(', ')})` : ''}`);
    if (str(w.team)) f('team', w.team as string);
    if (arr(w.tags).length) f('tags', arr(w.tags).map(String).join(', '));
    f('arrivals', w.arrivals !== undefined ? arrivals(w.arrivals) : str(obj(w.trace).file) ? `trace ${str(obj(w.trace).format) ?? ''} ${str(obj(w.trace).file)!}`.trim() : undefined);
    if (w.devices !== undefined) f('devices per job', distribution(w.devices));
    const work = obj(w.work);
    if (work.unit === 'reference-time') f('work', `reference device-time ${distribution(work.amount, formatDuration) ?? '?'}`);
    else if (work.unit === 'flops') f('work', `FLOP ${distribution(work.amount) ?? '?'} at ${pct(num(work.efficiency) ?? 0)} of peak`);
    if (w.kind === 'training') f('model', `params ${distribution(w.params) ?? '?'}, tokens ${distribution(w.tokens) ?? '?'}`);
    if (w.kind === 'inference') {
      const m = obj(w.model);
      f('model', `${formatNumber((num(m.params) ?? 0) / 1e9)} B params, ${str(m.weightPrecision) ?? '?'}`);
      f('replicas', `${num(w.replicas) ?? '?'} × TP ${num(w.tensorParallel) ?? '?'}, batch ≤ ${num(w.maxBatch) ?? '?'}`);
      const slo = obj(w.slo);
      const targets = [num(slo.ttft) !== undefined ? `TTFT ≤ ${formatDuration(slo.ttft as number)}` : '', num(slo.tpot) !== undefined ? `TPOT ≤ ${formatDuration(slo.tpot as number)}` : ''].filter(Boolean);
      if (targets.length) f('SLO', targets.join(', '));
    }
    if (num(w.priority)) f('priority', String(w.priority));
    if (num(w.deadline) !== undefined) f('deadline', formatDuration(w.deadline as number));
  }
  return out;
}

/** Rows in first-seen order across results (general first, then sites, then workloads). */
export function assumptionRows(results: readonly ResultDocument[]): AssumptionRow[] {
  const order: string[] = [];
  const rows = new Map<string, { section: string; label: string; values: (string | null)[] }>();
  results.forEach((r, i) => {
    for (const [section, label, value] of facts(r)) {
      if (value === undefined) continue;
      const key = `${section}\u0000${label}`;
      let row = rows.get(key);
      if (!row) {
        row = { section, label, values: results.map(() => null) };
        rows.set(key, row);
        order.push(key);
      }
      row.values[i] = value;
    }
  });
  const rank = (section: string) => (section === 'general' ? 0 : section.startsWith('site ') ? 1 : 2);
  const sections: string[] = [];
  for (const k of order) if (!sections.includes(rows.get(k)!.section)) sections.push(rows.get(k)!.section);
  const sorted = order
    .map((k, i) => ({ r: rows.get(k)!, i }))
    .sort((a, b) => rank(a.r.section) - rank(b.r.section) || sections.indexOf(a.r.section) - sections.indexOf(b.r.section) || a.i - b.i);
  return sorted.map(({ r }) => ({ ...r, differs: new Set(r.values).size > 1 }));
}
