/**
 * Builds scenario YAML text for tests: one reference GPU profile, one node profile per pool size, and
 * pools of exactly the requested number of devices. Everything goes through `parseScenario`, as a
 * user's file would, so the tests exercise the real scenario layer too.
 *
 * The profiles publish no power and no price, and the scenarios say `costs: none`: tests of queues stay
 * free of the cost model. Times are written in seconds or hours, rates per hour. The pool's device is the reference device,
 * so a job's duration is its sampled `reference_time` divided by its device count.
 */
import { parseScenario } from '../../src/scenario/load-scenario.js';
import type { ResolvedScenario as Scenario } from '../../src/scenario/scenario.js';

export interface PoolSpec {
  /** site name (default `lab`) */
  readonly site?: string;
  /** pool name (default `main`) */
  readonly name?: string;
  /** devices in the pool: one node with this many reference GPUs */
  readonly devices: number;
}

export interface WorkloadSpec {
  readonly name: string;
  /** `site/pool`-style placement; defaults to the only pool */
  readonly site?: string;
  readonly pool?: string;
  /** YAML flow text of `arrivals:`, e.g. `{ rate: 3.2 /h }` */
  readonly arrivals: string;
  /** YAML flow text of `devices:`, e.g. `1` or `{ kind: empirical, values: [1, 2] }` */
  readonly devices?: string;
  /** YAML flow text of the reference_time distribution, e.g. `{ kind: exponential, mean: 1 h }` */
  readonly referenceTime: string;
}

export interface ScenarioSpec {
  readonly name?: string;
  readonly seed?: number;
  /** YAML quantity, e.g. `2000 h` */
  readonly horizon: string;
  readonly warmup?: string;
  readonly replications?: number;
  readonly pools: readonly PoolSpec[];
  readonly workloads: readonly WorkloadSpec[];
}

const REFERENCE_PROFILES = `  ref-gpu:
    id: ref-gpu
    kind: gpu
    name: Reference GPU
    vendor: test
    peak: { bf16: 100 TFLOPS }
  ref-cpu:
    id: ref-cpu
    kind: cpu
    name: Reference CPU
    vendor: test
    peak: { fp64: 1 TFLOPS }
`;

function nodeProfile(devices: number): string {
  return `  node-${devices}:
    id: node-${devices}
    kind: node
    name: ${devices} reference GPUs
    vendor: test
    accelerators: { profile: ref-gpu, count: ${devices} }
    cpus: { profile: ref-cpu, count: 1 }
`;
}

export function scenarioYaml(spec: ScenarioSpec): string {
  const sizes = [...new Set(spec.pools.map((p) => p.devices))].sort((a, b) => a - b);
  const bySite = new Map<string, PoolSpec[]>();
  for (const p of spec.pools) {
    const site = p.site ?? 'lab';
    bySite.set(site, [...(bySite.get(site) ?? []), p]);
  }
  const lines: string[] = [];
  lines.push(`name: ${spec.name ?? 'test-scenario'}`);
  lines.push(`seed: ${spec.seed ?? 1}`);
  lines.push('costs: none');
  lines.push(`horizon: ${spec.horizon}`);
  lines.push(`warmup: ${spec.warmup ?? '0 s'}`);
  lines.push(`replications: ${spec.replications ?? 1}`);
  lines.push('reference: { device: ref-gpu, precision: bf16 }');
  lines.push('profiles:');
  lines.push(REFERENCE_PROFILES + sizes.map(nodeProfile).join('').trimEnd());
  lines.push('sites:');
  for (const [site, pools] of bySite) {
    lines.push(`  ${site}:`);
    lines.push('    pools:');
    for (const p of pools) lines.push(`      ${p.name ?? 'main'}: { type: node-${p.devices}, count: 1 }`);
  }
  lines.push('workloads:');
  for (const w of spec.workloads) {
    lines.push(`  - name: ${w.name}`);
    if (w.site !== undefined) lines.push(`    site: ${w.site}`);
    if (w.pool !== undefined) lines.push(`    pool: ${w.pool}`);
    lines.push(`    arrivals: ${w.arrivals}`);
    lines.push(`    devices: ${w.devices ?? '1'}`);
    lines.push(`    work: { reference_time: ${w.referenceTime} }`);
  }
  return lines.join('\n') + '\n';
}

export function buildScenario(spec: ScenarioSpec): Scenario {
  return parseScenario(scenarioYaml(spec), `${spec.name ?? 'test-scenario'}.yaml`);
}

/** A single-pool, single-workload scenario: the usual shape of a queueing-theory check. */
export function singlePoolScenario(options: {
  devices: number;
  ratePerHour: number;
  referenceTime: string;
  jobDevices?: string;
  horizon: string;
  warmup?: string;
  replications?: number;
  seed?: number;
  name?: string;
}): Scenario {
  return buildScenario({
    name: options.name ?? 'single-pool',
    seed: options.seed ?? 1,
    horizon: options.horizon,
    ...(options.warmup !== undefined && { warmup: options.warmup }),
    replications: options.replications ?? 1,
    pools: [{ devices: options.devices }],
    workloads: [
      {
        name: 'jobs',
        arrivals: `{ rate: ${options.ratePerHour} /h }`,
        ...(options.jobDevices !== undefined && { devices: options.jobDevices }),
        referenceTime: options.referenceTime,
      },
    ],
  });
}

/**
 * YAML of a cluster of one-processor nodes (six unless told) replaying the SWF trace at `traceFile` (as
 * written: relative to the scenario file, or absolute) over `horizon`, with EASY backfilling unless told.
 */
export function swfReplayYaml(traceFile: string, horizon = '1000 s', cluster: { processors?: number; scheduler?: string } = {}): string {
  return `
name: replay
horizon: ${horizon}
scheduler: ${cluster.scheduler ?? 'easy-backfill'}
profiles:
  cpu1: { id: cpu1, kind: cpu, name: one processor, vendor: test, peak: { fp64: 1 GFLOPS } }
  node1: { id: node1, kind: node, name: one-processor node, vendor: test, cpus: { profile: cpu1, count: 1 } }
reference: { device: cpu1, precision: fp64 }
sites:
  site: { nodes: { type: node1, count: ${cluster.processors ?? 6} } }
workloads:
  - name: trace
    kind: trace
    trace: { file: ${traceFile}, format: swf }
    precision: fp64
costs: none
`;
}
