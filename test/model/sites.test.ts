import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { runReplication as runPriced, type ReplicationOptions } from '../../src/model/run-replication.js';
import { priceScenario } from '../../src/cost/price-scenario.js';
import type { ResolvedScenario } from '../../src/scenario/scenario.js';

/** A replication of a loaded scenario, priced as a run is built (src/simulate.ts does the same). */
const runReplication = (s: ResolvedScenario, replication: number, options?: ReplicationOptions) => runPriced(priceScenario(s), replication, options);

/**
 * Hand-checkable site scenarios: a test GPU (100 TFLOPS bf16) in an 8-GPU node drawing 1,000 W idle
 * and 3,000 W at full load, owned (`own`) or rented as an instance at 16 USD/h with per-second billing
 * and a 60 s minimum (`rent`).
 */
const PROFILES = `
profiles:
  g:
    id: g
    kind: gpu
    name: Test GPU
    vendor: test
    peak: { bf16: 100 TFLOPS }
  slow-g:
    id: slow-g
    kind: gpu
    name: Half-speed GPU
    vendor: test
    peak: { bf16: 50 TFLOPS }
  own:
    id: own
    kind: node
    name: owned node
    vendor: test
    accelerators: { profile: g, count: 8 }
    power: { idle: 1000 W, max: 3000 W }
    price: 200000 USD
  rent:
    id: rent
    kind: cloud-instance
    provider: other
    region: test
    storage: []
    network: []
    name: rented node
    vendor: test
    accelerators: { profile: g, count: 8 }
    power: { idle: 1000 W, max: 3000 W }
    pricing: { on_demand: 16 USD/h, spot: 6 USD/h }
    billing: { increment: 1 s, minimum: 60 s }
  rent-slow:
    id: rent-slow
    kind: cloud-instance
    provider: other
    region: test
    storage: []
    network: []
    name: rented slow node
    vendor: test
    accelerators: { profile: slow-g, count: 8 }
    pricing: { on_demand: 4 USD/h }
`;

function yaml(body: string, horizon = '100 h', extra = ''): string {
  return `name: sites\nseed: 3\nhorizon: ${horizon}\nreference: { device: g, precision: bf16 }\n${PROFILES}\n${extra}\n${body}`;
}

const oneJob = (devices: number, hours: number, extra = '') => `
  - name: j
    arrivals: { interarrival: 1 s, max_jobs: 1 }
    devices: ${devices}
    work: { reference_time: '${devices * hours} h' }
${extra}`;

describe('on-prem procurement', () => {
  it('nodes bought later are usable only after the lead time', () => {
    // 1 node from the start; a second ordered at 10 h with a 15 h lead time → usable at 25 h.
    // A 16-GPU job submitted at 1 s can only start at 25 h and runs 2 h.
    const s = parseScenario(
      yaml(`sites:
  dc:
    nodes: { type: own, count: 1, purchases: [{ count: 1, ordered: 10 h }], lead_time: 15 h }
workloads:${oneJob(16, 2)}`),
    );
    const starts: number[] = [];
    const r = runReplication(s, 0, { onJob: (e, job) => e === 'start' && starts.push(job.start) });
    expect(starts).toEqual([25 * 3600]);
    const u = r.usage.pools['dc/main']!;
    // online: 1 node × 100 h + 1 node × 75 h = 175 node-hours
    expect(u.online_node_seconds).toBeCloseTo(175 * 3600, 6);
    expect(u.busy_device_seconds).toBeCloseTo(16 * 2 * 3600, 6);
    // utilisation is busy over online device time: 32 / (175 × 8)
    expect(r.pools['dc/main']!.utilisation).toBeCloseTo(32 / 1400, 9);
  });

  it('energy: idle power for every online node plus (max − idle) × busy fraction, split by hour of day', () => {
    // One node, 10 h horizon; a 4-GPU job from 1 s for 2 h (to 2 h 0 min 1 s).
    // idle 1,000 W × 10 h = 10 kWh; dynamic (3,000 − 1,000) W × 4/8 × 2 h = 2 kWh → 12 kWh = 43.2 MJ.
    const s = parseScenario(yaml(`sites:\n  dc: { nodes: { type: own, count: 1 } }\nworkloads:${oneJob(4, 2)}`, '10 h'));
    const u = runReplication(s, 0).usage.pools['dc/main']!;
    expect(u.energy_joules).toBeCloseTo(12 * 3.6e6, 3);
    // hour 0: 1,000 W × 3600 s + 1,000 W × 3599 s (the job runs from 1 s) = 7,199,000 J
    expect(u.energy_joules_by_hour[0]).toBeCloseTo(1000 * 3600 + 1000 * 3599, 3);
    // hour 2: idle 3.6 MJ plus the job's last second at 1,000 W
    expect(u.energy_joules_by_hour[2]).toBeCloseTo(3.6e6 + 1000, 3);
    expect(u.energy_joules_by_hour[11]).toBe(0);
    expect(u.energy_joules_by_hour.reduce((a, b) => a + b, 0)).toBeCloseTo(u.energy_joules, 3);
  });
});

describe('cloud pools', () => {
  const cloud = (pool: string, jobs: string, horizon = '10 h') => parseScenario(yaml(`sites:\n  aws:\n    kind: cloud\n    nodes: ${pool}\nworkloads:${jobs}`, horizon));

  it('autoscaling provisions after the delay, bills until the idle timeout releases the instance', () => {
    // No committed instance; the 8-GPU 1 h job at 1 s asks for one; usable at 1 s + 10 min, runs
    // to 1 h 10 min 1 s; idle 15 min → released at 1 h 25 min 1 s: billed 75 min = 4,500 s.
    const s = cloud('{ type: rent, count: 0, max: 4, provisioning_delay: 10 min, autoscale: { idle_timeout: 15 min } }', oneJob(8, 1));
    const starts: number[] = [];
    const r = runReplication(s, 0, { onJob: (e, job) => e === 'start' && starts.push(job.start) });
    expect(starts).toEqual([1 + 600]);
    const u = r.usage.pools['aws/main']!;
    expect(u.billed_instance_seconds.on_demand).toBeCloseTo(4500, 6);
    expect(u.instance_starts).toBe(1);
    expect(u.online_node_seconds).toBeCloseTo(4500, 6);
    expect(r.timeseries['aws/main']!.online_devices.at(-1)).toBe(0);
  });

  it('a short session is billed the minimum charge', () => {
    // 10-second job, instance released at once (idle timeout 0): 10 s of use, 60 s billed.
    const s = cloud('{ type: rent, count: 0, max: 1, autoscale: { idle_timeout: 0 s } }', oneJob(8, 10 / 3600));
    const u = runReplication(s, 0).usage.pools['aws/main']!;
    expect(u.online_node_seconds).toBeCloseTo(10, 6);
    expect(u.billed_instance_seconds.on_demand).toBe(60);
  });

  it('committed instances are billed for the whole window at their pricing model', () => {
    const s = cloud('{ type: rent, count: 3, pricing: spot, spot: { interruption_rate: 1e-9 /h } }', oneJob(8, 1));
    const u = runReplication(s, 0).usage.pools['aws/main']!;
    expect(u.billed_instance_seconds.spot).toBe(3 * 10 * 3600);
    expect(u.billed_instance_seconds.on_demand ?? 0).toBe(0);
  });

  it('never provisions beyond the quota', () => {
    // 40 jobs of 8 GPUs at once with a quota of 3 instances.
    const s = cloud(
      '{ type: rent, count: 0, max: 3, provisioning_delay: 1 min, autoscale: {} }',
      oneJob(8, 1).replace('max_jobs: 1', 'max_jobs: 40').replace('interarrival: 1 s', 'interarrival: 0.001 s'),
      '100 h',
    );
    const r = runReplication(s, 0);
    expect(Math.max(...r.timeseries['aws/main']!.online_devices)).toBeLessThanOrEqual(24);
    expect(r.jobs.completed).toBe(40);
  });
});

describe('placement across sites', () => {
  const hybrid = (policy: string, workloadExtra = '', jobs = 1, hours = 1) =>
    parseScenario(
      yaml(`sites:
  dc: { nodes: { type: own, count: 1 } }
  aws:
    kind: cloud
    pools:
      fast: { type: rent, count: 0, max: 10, autoscale: {} }
      slow: { type: rent-slow, count: 0, max: 10, autoscale: {} }
links: [{ between: [dc, aws], bandwidth: 1 GB/s, latency: 0.5 s }]
policy: ${policy}
workloads:
  - name: j
    site: dc
    arrivals: { interarrival: 1 s, max_jobs: ${jobs} }
    devices: 8
    work: { reference_time: '${8 * hours} h' }
${workloadExtra}`),
    );

  it('burst threshold 0 sends every job away, never keeps them all home', () => {
    const all = simulate(hybrid('{ placement: burst, burst: { to: [aws], threshold: 0 s } }', '', 20));
    expect(all.replications[0]!.pools['dc/main']!.jobs_routed).toBe(0);
    const none = simulate(hybrid('{ placement: burst, burst: { to: [aws], threshold: never } }', '', 20));
    expect(none.replications[0]!.pools['aws/fast']!.jobs_routed + none.replications[0]!.pools['aws/slow']!.jobs_routed).toBe(0);
    expect(none.replications[0]!.pools['dc/main']!.jobs_routed).toBe(20);
  });

  it('a job away from its data moves input there and output back over the link, holding its devices meanwhile', () => {
    // 2 GB in, 1 GB out at 1 GB/s with 0.5 s latency each way: 2.5 s + 1.5 s = 4 s of staging.
    const s = hybrid('{ placement: burst, burst: { to: [aws], threshold: 0 s } }', '    dataset: { site: dc, input: 2 GB, output: 1 GB }');
    let run = NaN;
    const r = runReplication(s, 0, { onJob: (e, job) => e === 'end' && (run = job.end - job.start) });
    expect(run).toBeCloseTo(3600 + 4, 6);
    expect(r.usage.transfers).toEqual({ 'aws->dc': 1e9, 'dc->aws': 2e9 });
  });

  it('jobs staging over the same link at once share its bandwidth', () => {
    // Two jobs 1 s apart, both sent away, each moving 20 GB in (no output) over 1 GB/s after 0.5 s of
    // latency. Processor sharing, worked from their start times t1 ≤ t2 (transfers join at t + 0.5 s):
    // the first alone moves (t2 − t1)·B; then both at B/2 until the first's last byte arrives, after
    // 2·(X − (t2 − t1)·B)/B; the second then has (t2 − t1)·B left alone.
    const s = hybrid('{ placement: burst, burst: { to: [aws], threshold: 0 s } }', '    dataset: { site: dc, input: 20 GB, output: 0 GB }', 2);
    const starts: number[] = [];
    const ends: number[] = [];
    const r = runReplication(s, 0, { onJob: (e, job) => (e === 'start' ? (starts[job.id] = job.start) : (ends[job.id] = job.end)) });
    expect(r.links['aws|dc']!.max_transfers).toBe(2);
    const [t1, t2] = starts as [number, number];
    const X = 20e9;
    const B = 1e9;
    const head = (t2 - t1) * B;
    expect(head).toBeLessThan(X); // the transfers overlap
    const firstIn = t2 + 0.5 + (2 * (X - head)) / B;
    const secondIn = firstIn + head / B;
    expect(ends[0]).toBeCloseTo(firstIn + 3600, 6);
    expect(ends[1]).toBeCloseTo(secondIn + 3600, 6);
    // an idle link would have staged the second in 20.5 s; sharing costs it about 19 s more
    expect(ends[1]! - t2).toBeGreaterThan(3600 + 20.5 + 15);
  });

  it('a job burst to slower devices runs longer by the ratio of peaks', () => {
    // Both cloud pools can take the job; burst picks the earliest expected completion: the fast
    // pool (1 h) over half-speed GPUs (2 h).
    const s = hybrid('{ placement: burst, burst: { to: [aws], threshold: 0 s } }');
    let run = NaN;
    let pool = '';
    runReplication(s, 0, { onJob: (e, job, p) => e === 'end' && ((run = job.end - job.start), (pool = p)) });
    expect(pool).toBe('aws/fast');
    expect(run).toBeCloseTo(3600, 6);
  });

  it('cheapest: the cheapest pool that meets the deadline, else the earliest completion', () => {
    // What one 8-GPU, 1-hour job costs at each pool's placement price:
    //   on-prem: (200,000 USD / 5 years = 4.566 USD/h) + 3 kW × PUE 1.56 × 0.0807 USD/kWh (0.378 USD/h)
    //            = 4.944 USD/h × 1 h ≈ 4.94 USD;
    //   fast cloud: 16 USD/h × 1 h = 16 USD;  slow cloud: 4 USD/h × 2 h (half-speed GPUs) = 8 USD.
    // The first job takes the idle on-prem node. The second would wait 1 h there (completion ≈ 2 h):
    // with a 1.5 h deadline only the fast pool (1 h) is in time; without one, on-prem is cheapest.
    const pools: string[] = [];
    const s = hybrid('{ placement: cheapest }', '    deadline: 1.5 h', 2);
    runReplication(s, 0, { onJob: (e, _job, p) => e === 'start' && pools.push(p) });
    expect(pools).toEqual(['dc/main', 'aws/fast']);
    const noDeadline: string[] = [];
    runReplication(hybrid('{ placement: cheapest }', '', 2), 0, { onJob: (e, _job, p) => e === 'start' && noDeadline.push(p) });
    expect(noDeadline).toEqual(['dc/main', 'dc/main']);
  });
});
