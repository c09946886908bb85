/**
 * Shared by the fuzz suites: generators of scenario YAML that use much of the format (on-prem sites with
 * purchases, cloud sites with quotas, autoscaling and spot, several pools, the four schedulers, failures
 * with checkpoints, burst and cheapest placement with residency tags, batch/training/data/inference
 * workloads), and the model's invariants checked live through `onJob` and on the result:
 *
 * - every job run starts at or after its submission, on exactly its devices, each free at that moment
 *   (shares of one device never add up to more than the device); a run ends once, completed or
 *   interrupted; a job completes at most once and never runs again afterwards;
 * - every submitted job is completed, rejected (the scheduler gives the reason), or still queued or
 *   running at the horizon (checked per workload when the whole run is measured, warm-up 0);
 * - utilisation ≤ 1 in every pool; money and energy (every number under `cost` and `usage`) finite and ≥ 0.
 */
import fc from 'fast-check';
import type { Job } from '../../src/model/job.js';
import type { ResolvedScenario as Scenario } from '../../src/scenario/scenario.js';
import type { Estimate, SimulationResult, SimulateOptions } from '../../src/simulate/simulate.js';
import { quantityOf } from '../../src/simulate/summary-quantities.js';

// --- scenario generator -------------------------------------------------------------------------

const duration = (hours: number) => `${+hours.toPrecision(4)} h`;

/** A distribution of about `meanHours` of device time, in one of the forms the format accepts. */
function distributionText(kind: number, meanHours: number): string {
  const forms = [
    `${duration(meanHours)}`,
    `{ kind: exponential, mean: ${duration(meanHours)} }`,
    `{ kind: uniform, min: 0 s, max: ${duration(2 * meanHours)} }`,
    `{ kind: lognormal, mean: ${duration(meanHours)}, sd: ${duration(2 * meanHours)} }`,
    `{ kind: gamma, shape: 0.5, scale: ${duration(2 * meanHours)} }`,
    `{ kind: weibull, shape: 1.5, scale: ${duration(meanHours)} }`,
    `{ kind: pareto, shape: 2.5, scale: ${duration(0.6 * meanHours)} }`,
    `{ kind: normal, mean: ${duration(meanHours)}, sd: ${duration(meanHours)} }`,
    `{ kind: empirical, values: [${duration(meanHours / 2)}, ${duration(2 * meanHours)}], weights: [2, 1] }`,
  ];
  return forms[kind % forms.length]!;
}

/** Arrivals of about `perHour` jobs an hour, in one of the forms the format accepts; `max` caps the count. */
function arrivalsText(kind: number, perHour: number, maxJobs: number | undefined): string {
  const rate = `${+perHour.toPrecision(4)} /h`;
  const forms = [
    `rate: ${rate}`,
    `rate: ${rate}, diurnal: { amplitude: 0.5 }`,
    `rate: ${rate}, growth_per_month: 20 %`,
    `interarrival: ${duration(1 / perHour)}`,
    `interarrival: { kind: exponential, mean: ${duration(1 / perHour)} }`,
    `mmpp: { rates: [${+(perHour * 2).toPrecision(4)} /h, ${+(perHour / 4).toPrecision(4)} /h], mean_sojourn: [2 h, 4 h] }`,
  ];
  return `{ ${forms[kind % forms.length]!}${maxJobs === undefined ? '' : `, max_jobs: ${maxJobs}`} }`;
}

interface SiteChoice {
  readonly name: string;
  readonly kind: 'on-prem' | 'cloud';
  /** pool names and their node counts (the most a job can span) */
  readonly pools: readonly { readonly name: string; readonly nodes: number }[];
}

const onPremArb = fc.record({
  pools: fc.integer({ min: 1, max: 2 }),
  nodes: fc.integer({ min: 1, max: 4 }),
  purchase: fc.option(fc.record({ count: fc.integer({ min: 1, max: 3 }), at: fc.integer({ min: 0, max: 20 }) }), { nil: undefined }),
  type: fc.constantFrom('dgx-h100', 'dgx-a100-640gb', 'dgx-h200'),
});

const cloudArb = fc.record({
  type: fc.constantFrom('aws-p5.48xlarge', 'gcp-a3-highgpu-8g', 'azure-nd96isr-h100-v5', 'aws-p4d.24xlarge'),
  count: fc.integer({ min: 0, max: 2 }),
  extra: fc.integer({ min: 1, max: 3 }),
  autoscale: fc.boolean(),
  delay: fc.constantFrom('0 s', '5 min', '20 min'),
  idle: fc.constantFrom('0 s', '10 min', '1 h'),
  spot: fc.boolean(),
  pricing: fc.constantFrom(undefined, 'on-demand', 'reserved-1y'),
});

const workloadArb = fc.record({
  kind: fc.constantFrom('batch', 'batch', 'training', 'data', 'inference'),
  load: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
  meanHours: fc.constantFrom(0.25, 1, 3),
  sizes: fc.uniqueArray(fc.constantFrom(1, 2, 4, 8, 16), { minLength: 1, maxLength: 3 }),
  sensitive: fc.boolean(),
  priority: fc.integer({ min: -2, max: 2 }),
  deadline: fc.option(fc.constantFrom('4 h', '1 day'), { nil: undefined }),
  site: fc.nat(),
  maxJobs: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  arrival: fc.nat(),
  distribution: fc.nat(),
  // with two sites: data at one of them, staged over the shared link by jobs that run at the other
  dataset: fc.option(fc.record({ site: fc.nat(), input: fc.constantFrom('50 GB', '2 TB'), output: fc.constantFrom('0 GB', '10 GB', '500 GB') }), { nil: undefined, freq: 2 }),
});

export interface GeneratedYaml {
  readonly yaml: string;
  /** the whole horizon is measured (no warm-up): conservation can be checked exactly */
  readonly noWarmup: boolean;
}

/** YAML text of a scenario exercising much of the format; most are valid, some are rejected (InputError). */
export const scenarioYamlArb: fc.Arbitrary<GeneratedYaml> = fc
  .record({
    onprem: fc.option(onPremArb, { nil: undefined, freq: 4 }),
    cloud: fc.option(cloudArb, { nil: undefined }),
    workloads: fc.array(workloadArb, { minLength: 1, maxLength: 3 }),
    scheduler: fc.constantFrom(
      'fcfs',
      'easy-backfill',
      'shortest-job-first',
      'priority-preemptive',
      '{ kind: easy-backfill, estimate_factor: 1.5 }',
      '{ kind: fcfs, max_devices: 16, max_runtime: 12 h }',
    ),
    failures: fc.option(fc.constantFrom('{ mtbf: 500 h, checkpoint_interval: 30 min, checkpoint_cost: 1 min, restart_overhead: 2 min }', '{ mtbf: 2000 h }'), { nil: undefined }),
    placement: fc.constantFrom('home', 'burst', 'cheapest'),
    threshold: fc.constantFrom('0 s', '1 h', 'never'),
    horizonHours: fc.integer({ min: 2, max: 48 }),
    warmup: fc.constantFrom(0, 0, 0.1, 0.3),
    replications: fc.integer({ min: 1, max: 2 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .map((g) => {
    const sites: SiteChoice[] = [];
    const lines: string[] = [
      'name: fuzz',
      `seed: ${g.seed}`,
      `horizon: ${g.horizonHours} h`,
      `warmup: ${+(g.horizonHours * g.warmup).toFixed(3)} h`,
      `replications: ${g.replications}`,
      `scheduler: ${g.scheduler}`,
    ];
    if (g.failures) lines.push(`failures: ${g.failures}`);
    lines.push('sites:');
    const onprem = g.onprem ?? (g.cloud ? undefined : { pools: 1, nodes: 2, purchase: undefined, type: 'dgx-h100' });
    if (onprem) {
      lines.push('  onprem:', '    kind: on-prem', '    pools:');
      const pools = [];
      for (let p = 0; p < onprem.pools; p++) {
        const purchase = p === 0 && onprem.purchase ? `, purchases: [{ count: ${onprem.purchase.count}, ordered: ${onprem.purchase.at} h }], lead_time: 2 h` : '';
        lines.push(`      p${p}: { type: ${onprem.type}, count: ${onprem.nodes}${purchase} }`);
        pools.push({ name: `p${p}`, nodes: onprem.nodes + (p === 0 && onprem.purchase ? onprem.purchase.count : 0) });
      }
      sites.push({ name: 'onprem', kind: 'on-prem', pools });
    }
    if (g.cloud) {
      const c = g.cloud;
      const spotOk = c.type !== 'aws-p5.48xlarge';
      const spot = c.spot && spotOk ? ', spot: { interruption_rate: 0.05 /h, warning: 2 min }' : '';
      const count = c.autoscale ? c.count : Math.max(1, c.count);
      const autoscale = c.autoscale ? `, autoscale: { idle_timeout: ${c.idle}, scale_up_wait: 0 s }` : '';
      const reservable = c.type === 'aws-p5.48xlarge';
      const pricing = c.pricing && !(c.spot && spotOk) && (c.pricing === 'on-demand' || reservable) ? `, pricing: ${c.pricing}` : '';
      lines.push('  cloud:', '    kind: cloud', `    nodes: { type: ${c.type}, count: ${count}, max: ${count + c.extra}, provisioning_delay: ${c.delay}${autoscale}${spot}${pricing} }`);
      sites.push({ name: 'cloud', kind: 'cloud', pools: [{ name: 'main', nodes: count + c.extra }] });
    }
    if (sites.length === 2) {
      lines.push('links:', '  - { between: [onprem, cloud], bandwidth: 10 Gbit/s, latency: 20 ms }');
      lines.push('policy:', `  placement: ${g.placement}`);
      if (g.placement === 'burst') lines.push(`  burst: { to: [cloud], threshold: ${g.threshold} }`);
      lines.push('  residency: { sensitive: [onprem] }');
    }
    lines.push('workloads:');
    g.workloads.forEach((w, i) => {
      const site = sites[w.site % sites.length]!;
      const pool = site.pools[w.site % site.pools.length]!;
      const devices = pool.nodes * 8;
      const sizes = w.sizes.filter((s) => s <= devices);
      const size = sizes.length > 0 ? sizes : [1];
      const meanSize = size.reduce((a, b) => a + b, 0) / size.length;
      const where = [...(sites.length > 1 ? [`site: ${site.name}`] : []), ...(site.pools.length > 1 ? [`pool: ${pool.name}`] : [])];
      const common = [
        `  - name: w${i}`,
        ...where.map((x) => `    ${x}`),
        `    priority: ${w.priority}`,
        ...(w.sensitive && site.kind === 'on-prem' ? ['    tags: [sensitive]'] : []),
        ...(w.deadline && g.placement === 'cheapest' ? [`    deadline: ${w.deadline}`] : []),
        ...(w.dataset && sites.length === 2 && (w.kind === 'batch' || w.kind === 'training')
          ? [`    dataset: { site: ${sites[w.dataset.site % 2]!.name}, input: ${w.dataset.input}, output: ${w.dataset.output} }`]
          : []),
      ];
      const perHour = Math.max(0.05, (w.load * devices) / (meanSize * w.meanHours) / g.workloads.length);
      const max = w.maxJobs === undefined ? '' : `, max_jobs: ${w.maxJobs}`;
      switch (w.kind) {
        case 'batch':
          lines.push(...common, `    arrivals: ${arrivalsText(w.arrival, perHour, w.maxJobs)}`, `    devices: { kind: empirical, values: [${size.join(', ')}] }`);
          lines.push(`    work: { reference_time: ${distributionText(w.distribution, w.meanHours * meanSize)} }`);
          break;
        case 'training':
          // 6·N·D FLOP: 1e9 parameters × 2e9 tokens ≈ 1.2e19 FLOP, a few GPU-hours on an H100 at 40 % MFU
          lines.push(
            ...common,
            '    kind: training',
            `    arrivals: { rate: ${+(perHour / 2).toPrecision(3)} /h${max} }`,
            `    devices: { kind: empirical, values: [${size.join(', ')}] }`,
            `    model: { params: 1e9, tokens: { kind: exponential, mean: ${+(2e9 * w.meanHours).toPrecision(3)} } }`,
          );
          break;
        case 'data':
          lines.push(
            ...common,
            '    kind: data',
            `    arrivals: { rate: ${+perHour.toPrecision(3)} /h${max} }`,
            `    nodes: ${Math.min(pool.nodes, 1 + (i % 2))}`,
            `    read: { kind: exponential, mean: ${Math.round(200 * w.meanHours)} GB }`,
            '    storage: { profile: s3-standard, connections: 64 }',
          );
          break;
        case 'inference':
          lines.push(
            ...common,
            '    kind: inference',
            '    model: { params: 8e9, precision: bf16, kv_cache: { layers: 32, kv_heads: 8, head_dim: 128 } }',
            `    arrivals: { rate: ${+(w.load * 2).toPrecision(3)} /s${max} }`,
            '    tokens: { input: { kind: uniform, min: 50, max: 500 }, output: { kind: exponential, mean: 120 } }',
            '    replicas: 1',
            '    slo: { ttft: 1 s, tpot: 100 ms }',
          );
          break;
      }
    });
    return { yaml: `${lines.join('\n')}\n`, noWarmup: g.warmup === 0 };
  });

// --- invariants ---------------------------------------------------------------------------------

interface Run {
  readonly start: number;
  readonly shares: number;
  readonly ids: readonly number[];
  readonly workload: number;
}

/** Follows every job run of every replication through onJob and records any broken invariant. */
export class InvariantWatch {
  readonly problems: string[] = [];
  /** per replication: completions seen, and runs still open at the end, per workload */
  readonly completed: number[][] = [];
  readonly open: number[][] = [];
  private replication = 0;
  private running = new Map<number, Run>();
  private done = new Set<number>();
  private deviceLoad = new Map<string, Float64Array>();
  private lastTime = -Infinity;

  constructor(private readonly scenario: Scenario) {
    this.reset();
  }

  private reset(): void {
    this.running = new Map();
    this.done = new Set();
    this.lastTime = -Infinity;
    this.deviceLoad = new Map(this.scenario.sites.flatMap((s) => s.pools.map((p) => [p.id, new Float64Array(p.deviceCount)] as const)));
    this.completed[this.replication] = this.scenario.workloads.map(() => 0);
  }

  private fail(message: string): void {
    if (this.problems.length < 10) this.problems.push(`replication ${this.replication}: ${message}`);
  }

  get options(): Pick<SimulateOptions, 'onJob' | 'onProgress'> {
    return {
      onJob: (event, job, pool, outcome) => this.record(event, job, pool, outcome),
      onProgress: () => this.closeReplication(),
    };
  }

  /** Ends a replication's log (onProgress calls it; a replication cut short gets no call and no open count). */
  closeReplication(): void {
    const open = this.scenario.workloads.map(() => 0);
    for (const run of this.running.values()) open[run.workload]!++;
    this.open[this.replication] = open;
    this.replication++;
    this.reset();
  }

  private record(event: 'start' | 'end', job: Job, poolId: string, outcome?: 'completed' | 'interrupted'): void {
    const time = event === 'start' ? job.start : job.end;
    if (!(time >= this.lastTime)) this.fail(`job ${job.id} ${event} at ${time}, after an event at ${this.lastTime}`);
    this.lastTime = time;
    const load = this.deviceLoad.get(poolId);
    if (!load) return this.fail(`job ${job.id} in unknown pool ${poolId}`);
    if (!(job.devices > 0) || !Number.isFinite(job.duration) || job.duration < 0) this.fail(`job ${job.id}: devices ${job.devices}, duration ${job.duration}`);
    if (event === 'start') {
      if (this.done.has(job.id)) this.fail(`job ${job.id} started again after it completed`);
      if (this.running.has(job.id)) this.fail(`job ${job.id} started while running`);
      if (!(job.start >= job.submit)) this.fail(`job ${job.id} started at ${job.start} before its submission at ${job.submit}`);
      const ids = job.deviceIds ? Array.from(job.deviceIds) : [];
      const share = job.devices < 1 ? job.devices : 1;
      const expected = job.devices < 1 ? 1 : job.devices;
      if (ids.length !== expected) this.fail(`job ${job.id} asked for ${job.devices} devices and holds ${ids.length}`);
      if (new Set(ids).size !== ids.length) this.fail(`job ${job.id} holds a device twice`);
      for (const d of ids) {
        if (!(d >= 0 && d < load.length)) this.fail(`job ${job.id} holds device ${d} outside its pool of ${load.length}`);
        else if ((load[d] = load[d]! + share) > 1 + 1e-9) this.fail(`device ${d} of ${poolId} double-booked at ${time} (load ${load[d]})`);
      }
      this.running.set(job.id, { start: job.start, shares: share, ids, workload: job.workload });
    } else {
      const run = this.running.get(job.id);
      if (!run) return this.fail(`job ${job.id} ended without running`);
      if (!(job.end >= run.start)) this.fail(`job ${job.id} ended at ${job.end} before its start ${run.start}`);
      for (const d of run.ids) load[d] = load[d]! - run.shares;
      this.running.delete(job.id);
      if (outcome === 'completed') {
        this.done.add(job.id);
        this.completed[this.replication]![job.workload]!++;
      }
    }
  }
}

/** Every number under `value`, with its path. */
function* numbers(value: unknown, path: string): Generator<[string, number]> {
  if (typeof value === 'number') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* numbers(value[i], `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* numbers(v, `${path}.${k}`);
}

/** Invariants of a finished result (see the file header); returns the problems found. */
export function resultProblems(result: SimulationResult, watch: InvariantWatch | undefined, measuredWhole: boolean): string[] {
  const problems: string[] = [];
  const fail = (m: string) => problems.length < 10 && problems.push(m);
  result.replications.forEach((rep, r) => {
    for (const [id, p] of Object.entries(rep.pools)) {
      if (!(p.utilisation >= 0 && p.utilisation <= 1 + 1e-9)) fail(`replication ${r} pool ${id}: utilisation ${p.utilisation}`);
      if (!(p.mean_busy_devices <= p.devices + 1e-9)) fail(`replication ${r} pool ${id}: ${p.mean_busy_devices} busy devices of ${p.devices}`);
    }
    for (const [path, v] of [...numbers(rep.cost, 'cost'), ...numbers(rep.usage, 'usage')]) {
      if (!Number.isFinite(v) || v < 0) fail(`replication ${r}: ${path} = ${v}`);
    }
    result.scenario.workloads.forEach((w, i) => {
      const m = rep.workloads[w.name];
      if (!m) return;
      if (measuredWhole && rep.complete) {
        const accounted = m.completed + m.rejected + m.queued_at_end + m.running_at_end;
        if (m.submitted !== accounted)
          fail(`replication ${r} ${w.name}: ${m.submitted} submitted but ${m.completed} completed + ${m.rejected} rejected + ${m.queued_at_end} queued + ${m.running_at_end} running`);
        if (watch && watch.completed[r]?.[i] !== m.completed) fail(`replication ${r} ${w.name}: ${watch.completed[r]?.[i]} completions seen, ${m.completed} counted`);
      }
      if (watch && rep.complete && watch.open[r]?.[i] !== m.running_at_end) fail(`replication ${r} ${w.name}: ${watch.open[r]?.[i]} runs open at the horizon, ${m.running_at_end} counted as running`);
    });
  });
  for (const p of Object.values(result.summary.pools)) {
    const u = (p as { utilisation?: { mean: number } }).utilisation?.mean;
    if (u !== undefined && !(u <= 1 + 1e-9)) fail(`summary utilisation ${u}`);
  }
  // every interval contains its mean and respects its quantity: never below 0, a share never above 1
  const intervals = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const e = node as Partial<Estimate>;
    if (typeof e.mean === 'number' && 'half_width' in e) {
      if (e.low === null || e.high === null || e.low === undefined || e.high === undefined) return;
      const where = path.join('.');
      if (!(e.low <= e.mean && e.mean <= e.high)) fail(`summary ${where}: [${e.low}, ${e.high}] does not contain the mean ${e.mean}`);
      if (e.low < 0) fail(`summary ${where}: lower bound ${e.low} below 0`);
      if (quantityOf(path) === 'fraction' && e.high > 1 + 1e-9) fail(`summary ${where}: upper bound ${e.high} of a share above 1`);
      return;
    }
    for (const [k, v] of Object.entries(node)) intervals(v, [...path, k]);
  };
  intervals(result.summary, []);
  return problems;
}
