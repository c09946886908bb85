import { distributionMean, type Distribution, type DistributionKind } from '../engine/index.js';
import { isRecord } from '../support/is-record.js';
import { mustGet } from '../support/must-get.js';
import { formatDuration, formatNumber } from './format-units.js';
import { formatUsd } from './kpi-format.js';
import type { ResultDocument } from './result-document.js';
import { federatedFacts } from './federated-assumptions.js';

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
const obj = (x: unknown): Loose => (isRecord(x) && !Array.isArray(x) ? x : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
/** `x` when it is a finite number other than 0 (facts a scenario shows only when set to something). */
const nonZero = (x: unknown): number | undefined => num(x) || undefined;
/** `format(x)` when `x` is a finite number, else undefined (the fact is not shown). */
const withNum = (x: unknown, format: (n: number) => string): string | undefined => {
  const n = num(x);
  return n === undefined ? undefined : format(n);
};

/** Parameters of each distribution kind (empirical's `values` and `weights` are checked apart). */
const DISTRIBUTION_PARAMS = new Map<string, readonly string[]>(
  Object.entries({
    constant: ['value'],
    uniform: ['min', 'max'],
    exponential: ['mean'],
    normal: ['mean', 'sd'],
    lognormal: ['mu', 'sigma'],
    gamma: ['shape', 'scale'],
    weibull: ['shape', 'scale'],
    pareto: ['shape', 'scale'],
    empirical: [],
  } satisfies Record<DistributionKind, readonly string[]>),
);

const isNumberList = (x: unknown): boolean => Array.isArray(x) && x.every((v) => typeof v === 'number');

/** A known kind with numbers for its parameters (their ranges are left to distributionMean). */
function isDistribution(spec: Loose): spec is Loose & Distribution {
  const params = typeof spec.kind === 'string' ? DISTRIBUTION_PARAMS.get(spec.kind) : undefined;
  if (params === undefined) return false;
  if (spec.kind === 'empirical') return isNumberList(spec.values) && (spec.weights === undefined || isNumberList(spec.weights));
  return params.every((p) => typeof spec[p] === 'number');
}

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(3))} %`;
}

function distribution(d: unknown, fmt: (x: number) => string = formatNumber): string | undefined {
  const spec = obj(d);
  if (typeof spec.kind !== 'string') return withNum(d, fmt);
  const constant = spec.kind === 'constant' ? num(spec.value) : undefined;
  if (constant !== undefined) return fmt(constant);
  // not a distribution this version knows: name its kind (distributionMean would throw on it)
  if (!isDistribution(spec)) return spec.kind;
  try {
    return `${spec.kind}, mean ${fmt(distributionMean(spec))}`;
  } catch {
    return String(spec.kind);
  }
}

/** A workload's share of a device or its MIG instances (DeviceSlice), in words. */
function slice(value: unknown): string | undefined {
  const s = obj(value);
  if (s.kind === 'mig') return `${num(s.count) ?? '?'} × MIG ${str(obj(s.profile).name) ?? '?'}`;
  if (s.kind !== 'share') return undefined;
  const memory = num(s.memory);
  return `${pct(num(s.fraction) ?? 0)} time-sliced share${memory === undefined ? '' : ` with ${formatNumber(memory / 1e9)} GB`}`;
}

function arrivals(a: unknown): string | undefined {
  const s = obj(a);
  const perHour = (r: unknown) => withNum(r, (rate) => `${formatNumber(rate * 3600)}/h`) ?? '?';
  const cap = withNum(s.maxJobs, (n) => `, at most ${formatNumber(n)} jobs`) ?? '';
  switch (s.kind) {
    case 'renewal': {
      const i = obj(s.interarrival);
      const meanGap = i.kind === 'exponential' ? nonZero(i.mean) : undefined;
      const mean = meanGap !== undefined ? `Poisson ${perHour(1 / meanGap)}` : `renewal, interarrival ${distribution(s.interarrival, formatDuration) ?? '?'}`;
      return mean + cap;
    }
    case 'diurnal':
      return `Poisson ${perHour(s.rate)}, daily cycle ±${pct(num(s.amplitude) ?? 0)} peaking at ${num(s.peakHour) ?? '?'} h${cap}`;
    case 'growth':
      return `Poisson ${perHour(s.rate)} growing ${pct(num(s.perMonth) ?? 0)}/month${cap}`;
    case 'mmpp':
      return `bursty (MMPP), rates ${arr(s.rates).map(perHour).join(' / ')}${cap}`;
    case 'offline':
      return `offline: ${withNum(s.maxJobs, formatNumber) ?? '?'} submitted at time 0, then drained`;
    case 'pipeline-stage':
      return `one job per run of pipeline ${str(s.pipeline) ?? '?'}`;
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

interface AssumptionValues {
  section: string;
  label: string;
  values: (string | null)[];
}

type Facts = [section: string, label: string, value: string | undefined][];

function facts(result: ResultDocument): Facts {
  // read loosely: results of other versions carry other scenario fields
  const s = obj(result.scenario);
  const out: Facts = [];
  const g = (label: string, value: string | undefined) => out.push(['general', label, value]);
  g('description', str(s.description));
  g('simulated time', withNum(s.horizon, formatDuration));
  g('warm-up', withNum(s.warmup, formatDuration));
  g('replications', num(s.replications) !== undefined ? String(s.replications) : undefined);
  g('seed', num(s.seed) !== undefined ? String(s.seed) : undefined);
  const sched = obj(s.scheduler);
  if (typeof sched.kind === 'string') {
    const extras = [
      sched.estimateFactor !== 1 ? (withNum(sched.estimateFactor, (x) => `runtime estimates × ${x}`) ?? '') : '',
      withNum(sched.maxDevices, (n) => `at most ${n} devices per job`) ?? '',
      withNum(sched.maxRuntime, (t) => `at most ${formatDuration(t)} per job`) ?? '',
      sched.sameTimeOrder === 'pyss' ? "pyss's same-instant order and SWF job conversion" : '',
    ].filter(Boolean);
    g('scheduler', `${sched.kind}${extras.length ? ` (${extras.join(', ')})` : ''}`);
  }
  g('placement', policy(s.policy));
  const failures = obj(s.failures);
  if (Object.keys(failures).length > 0) {
    const ci = num(failures.checkpointInterval);
    g(
      'device failures',
      `${withNum(failures.mtbf, (t) => `MTBF ${formatDuration(t)}`) ?? 'MTBF from the device profiles'}, ${ci === undefined || ci === Infinity ? 'no checkpoints' : `checkpoint every ${formatDuration(ci)}`}`,
    );
  }
  const ref = obj(s.reference);
  const refDevice = str(obj(ref.device).id);
  const precision = str(ref.precision);
  if (refDevice) g('reference device', `${refDevice}${precision ? ` at ${precision}` : ''}`);
  const planning = obj(s.planning);
  g(
    'planning horizon',
    withNum(planning.horizon, (t) => `${formatNumber(t / YEAR)} years`),
  );
  g(
    'discount rate',
    withNum(planning.discountRate, (r) => `${pct(r)}/year`),
  );

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
        f(
          `${id}: instances`,
          `${num(cloud.committed) ?? 0} committed (${str(cloud.pricing) ?? '?'}), up to ${num(cloud.max) ?? nodes ?? '?'}${obj(cloud.autoscale) && Object.keys(obj(cloud.autoscale)).length ? `, autoscaled (${str(cloud.burstPricing) ?? 'on_demand'})` : ''}`,
        );
        f(`${id}: provisioning delay`, withNum(nonZero(cloud.provisioningDelay), formatDuration));
      } else {
        f(`${id}: nodes`, `${nodes ?? '?'} node${nodes === 1 ? '' : 's'} = ${num(pool.deviceCount) ?? '?'} devices`);
      }
      const tranches = arr(pool.tranches).map(obj);
      if (tranches.length > 1 || (tranches[0] && (num(tranches[0].onlineAt) ?? 0) > 0)) {
        f(`${id}: deliveries`, tranches.map((t) => `${num(t.nodes) ?? '?'} nodes online at month ${formatNumber((num(t.onlineAt) ?? 0) / MONTH)}`).join('; '));
      }
      const spot = obj(pool.spot);
      f(
        `${id}: spot`,
        withNum(spot.interruptionRate, (rate) => `reclaimed every ${formatDuration(1 / rate)} per instance on average, ${formatDuration(num(spot.warning) ?? 0)} warning`),
      );
    }
    const c = obj(site.costs);
    if (c.kind === 'on-prem') {
      for (const [pool, price] of Object.entries(obj(c.capexPerNode))) f(`${pool}: price per node`, withNum(price, formatUsd));
      f(
        'depreciation',
        withNum(nonZero(c.depreciationLife), (life) => `${formatNumber(life / YEAR)} years straight-line`),
      );
      f(
        'electricity',
        withNum(c.powerPrice, (price) => `${formatNumber(price * 3.6e6)} USD/kWh`),
      );
      f('PUE', withNum(c.pue, formatNumber));
      f(
        'maintenance',
        withNum(nonZero(c.maintenanceRate), (rate) => `${pct(rate * YEAR)} of capex/year`),
      );
      f(
        'staff',
        withNum(nonZero(c.staffFte), (fte) => `${formatNumber(fte)} FTE × ${formatUsd((num(c.staffCostPerFte) ?? 0) * YEAR)}/year`),
      );
      f(
        'colocation',
        withNum(nonZero(c.colocationPerWatt), (price) => `${formatNumber(price * 1000 * MONTH)} USD/kW/month`),
      );
      const fin = obj(c.financing);
      f(
        'financing',
        withNum(fin.annualRate, (rate) => `${pct(rate)}/year over ${formatNumber((num(fin.term) ?? 0) / YEAR)} years`),
      );
      f('grid carbon intensity', gridIntensity(c));
    } else if (c.kind === 'cloud') {
      for (const [pool, prices] of Object.entries(obj(c.instancePrices))) {
        const p = Object.entries(obj(prices)).flatMap(([k, v]) => withNum(v, (price) => `${k.replace('_', ' ')} ${formatNumber(price * 3600)} USD/h`) ?? []);
        if (p.length) f(`${pool}: instance prices`, p.join(', '));
      }
      f('compute discount', withNum(nonZero(c.computeDiscount), pct));
      f(
        'egress',
        withNum(nonZero(c.egressPrice), (price) => `${formatNumber(price * 1e9)} USD/GB`),
      );
      f(
        'support',
        withNum(nonZero(c.supportRate), (rate) => `${pct(rate)} of the bill`),
      );
      f('grid carbon intensity', gridIntensity(c));
    }
  }

  for (const wRaw of arr(s.workloads)) {
    const w = obj(wRaw);
    const sec = `workload ${str(w.name) ?? '?'}`;
    const f = (label: string, value: string | undefined) => out.push([sec, label, value]);
    f('kind', `${str(w.kind) ?? '?'} on ${str(w.pool) ?? '?'}${arr(w.alternatives).length ? ` (may run on ${arr(w.alternatives).map(String).join(', ')})` : ''}`);
    f('team', str(w.team) || undefined);
    if (arr(w.tags).length) f('tags', arr(w.tags).map(String).join(', '));
    const traceFile = str(obj(w.trace).file);
    f('arrivals', w.arrivals !== undefined ? arrivals(w.arrivals) : traceFile ? `trace ${str(obj(w.trace).format) ?? ''} ${traceFile}`.trim() : undefined);
    if (w.devices !== undefined) f('devices per job', distribution(w.devices));
    f('device slice', slice(w.slice));
    const work = obj(w.work);
    if (work.unit === 'reference-time') f('work', `reference device-time ${distribution(work.amount, formatDuration) ?? '?'}`);
    else if (work.unit === 'flops') f('work', `FLOP ${distribution(work.amount) ?? '?'} at ${pct(num(work.efficiency) ?? 0)} of peak`);
    if (w.kind === 'training') f('model', `params ${distribution(w.params) ?? '?'}, tokens ${distribution(w.tokens) ?? '?'}`);
    if (w.kind === 'inference') {
      const m = obj(w.model);
      f('model', `${formatNumber((num(m.params) ?? 0) / 1e9)} B params, ${str(m.weightPrecision) ?? '?'}`);
      const d = obj(w.disaggregated);
      const phase = (name: string) => {
        const x = obj(d[name]);
        return `${num(x.replicas) ?? '?'} × TP ${num(x.tensorParallel) ?? '?'} on ${str(x.pool) ?? '?'}, batch ≤ ${num(x.maxBatch) ?? '?'}`;
      };
      const api = obj(w.api);
      const unlimited = (o: Record<string, unknown>) => (o.rateLimits === undefined ? ' (no published rate limit: none enforced)' : '');
      if (w.disaggregated !== undefined) f('replicas', `disaggregated: prefill ${phase('prefill')}; decode ${phase('decode')}`);
      else if (str(api.id)) f('served by', `managed API ${str(api.id) ?? '?'}: every request bought per token${unlimited(api)}`);
      else f('replicas', `${num(w.replicas) ?? '?'} × TP ${num(w.tensorParallel) ?? '?'}, batch ≤ ${num(w.maxBatch) ?? '?'}`);
      const overflow = obj(w.overflow);
      if (str(obj(overflow.offering).id))
        f('overflow', `to managed API ${str(obj(overflow.offering).id) ?? '?'} above ${num(overflow.queuePerReplica) ?? '?'} queued per replica${unlimited(obj(overflow.offering))}`);
      const slo = obj(w.slo);
      const targets = [withNum(slo.ttft, (t) => `TTFT ≤ ${formatDuration(t)}`) ?? '', withNum(slo.tpot, (t) => `TPOT ≤ ${formatDuration(t)}`) ?? ''].filter(Boolean);
      if (targets.length) f('SLO', targets.join(', '));
      conversationFacts(w.sessions, f);
      prefixCacheFacts(w.prefixCache, f);
    }
    if (w.kind === 'federated') federatedFacts(w.federated, f);
    if (num(w.priority)) f('priority', String(w.priority));
    const aware = obj(w.carbonAware);
    if (num(aware['deadline']) !== undefined) {
      const threshold = withNum(aware['threshold'], (kgPerJ) => `the first hour at or below ${formatNumber(kgPerJ * 3.6e6)} kg CO2e/kWh`) ?? 'the cleanest hour';
      f('carbon-aware', `waits up to ${formatDuration(num(aware['deadline']) ?? 0)} for ${threshold}`);
    }
    f('deadline', withNum(w.deadline, formatDuration));
  }
  return out;
}

/** Multi-turn conversations (an inference workload's `sessions`). */
function conversationFacts(value: unknown, f: (label: string, value: string | undefined) => void): void {
  if (value === undefined) return;
  const c = obj(value);
  const prompts = obj(c.systemPrompts);
  f('conversations', `start ${arrivals(c.arrivals) ?? '?'}; turns per conversation ${distribution(c.turns) ?? '?'}; gap between turns ${distribution(c.gap, formatDuration) ?? '?'}`);
  f(
    'turn tokens',
    `${num(prompts.count) ?? '?'} system prompts of ${distribution(prompts.tokens) ?? '?'} tokens (Zipf ${num(prompts.popularity) ?? '?'}); user ${distribution(c.userTokens) ?? '?'}, output ${distribution(c.output) ?? '?'} per turn`,
  );
}

/** A service's prefix cache: HBM, tiers (saying which figures come from the node profile), routing. */
function prefixCacheFacts(value: unknown, f: (label: string, value: string | undefined) => void): void {
  if (value === undefined) return;
  const c = obj(value);
  const gb = (bytes: number) => `${formatNumber(bytes / 1e9)} GB`;
  const hbm = obj(c.hbm);
  const inHbm =
    num(hbm.bytes) !== undefined ? gb(num(hbm.bytes) ?? 0) : num(hbm.fraction) !== undefined ? `${pct(num(hbm.fraction) ?? 0)} of the KV memory` : 'the KV memory running sequences leave free';
  const tiers = arr(c.tiers).map((t) => {
    const tier = obj(t);
    const fromNode = arr(tier.fromNode).map(String);
    const note = fromNode.length ? ` (${fromNode.join(' and ')} ASSUMED: the replica's share of the node profile's)` : '';
    return `${str(tier.name) ?? '?'} ${gb(num(tier.capacity) ?? 0)} at ${gb(num(tier.bandwidth) ?? 0)}/s${note}`;
  });
  f(
    'prefix cache',
    `HBM: ${inHbm}; ${num(c.blockTokens) ?? '?'}-token blocks; ${tiers.length ? tiers.join(', ') : 'no offload tier'}; ${str(c.routing) === 'least_loaded' ? 'least-loaded' : 'cache-aware'} routing`,
  );
}

/** Rows in first-seen order across results (general first, then sites, then workloads). */
export function assumptionRows(results: readonly ResultDocument[]): AssumptionRow[] {
  const order: string[] = [];
  const rows = new Map<string, AssumptionValues>();
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
  const inOrder = order.map((k) => mustGet(rows, k, 'assumption row'));
  const sections: string[] = [];
  for (const row of inOrder) if (!sections.includes(row.section)) sections.push(row.section);
  const sorted = inOrder.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.section) - rank(b.r.section) || sections.indexOf(a.r.section) - sections.indexOf(b.r.section) || a.i - b.i);
  return sorted.map(({ r }) => ({ ...r, differs: new Set(r.values).size > 1 }));
}

/** The static intensity, or the hourly series that replaces it (docs/cost-model.md, Carbon by the hour). */
function gridIntensity(c: Record<string, unknown>): string | undefined {
  const series = obj(c['carbonSeries']);
  const hours = arr(series['kgPerJoule']).length;
  if (hours > 0) return `hourly series ${String(series['declared'])} (${formatNumber(hours)} h), weighted by the energy drawn in each hour of the day`;
  return withNum(c['carbonIntensity'], (kgPerJ) => `${formatNumber(kgPerJ * 3.6e6)} kg CO2e/kWh`);
}
