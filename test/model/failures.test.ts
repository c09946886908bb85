import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

/** 8 DGX H100 nodes = 64 GPUs; one workload of jobs asking for all 64 GPUs. */
function scenario(failures: string, work: string, rate: string, horizon = '1000 h', replications = 1, maxJobs = ''): string {
  return `
name: failures
seed: 5
horizon: ${horizon}
replications: ${replications}
reference: { device: h100-sxm-80gb, precision: bf16 }
${failures}
sites:
  dc: { nodes: { type: dgx-h100, count: 8 } }
workloads:
  - name: big
    arrivals: { rate: ${rate} ${maxJobs} }
    devices: 64
    work: { reference_time: ${work} }
`;
}

describe('device failures during jobs', () => {
  it('interruptions over a horizon match the Poisson expectation N·T/m (99% interval)', () => {
    // One job holding all 64 GPUs for longer than the horizon, restarting at once after each failure
    // (no overhead), so 64 devices are exposed for the whole 1000 h: expected failures = 64 × 1000 h / 5000 h = 12.8
    // per replication; over 40 replications the total is Poisson with mean 512.
    const r = simulate(parseScenario(scenario('failures: { mtbf: 5000 h }', "'1e9 h'", '1 /s', '1000 h', 40, ', max_jobs: 1')));
    const total = r.replications.reduce((s, rep) => s + rep.jobs.failures, 0);
    const mean = (40 * (64 * 1000)) / 5000;
    expect(Math.abs(total - mean)).toBeLessThan(2.576 * Math.sqrt(mean));
  });

  it('without failures, a job takes its work plus one checkpoint write per interval boundary', () => {
    // 64 GPUs × 10 h of work = 640 reference GPU-hours; checkpoints every 1 h cost 6 min each:
    // ceil(10/1) − 1 = 9 writes → 10 h + 54 min. MTBF so large that no failure happens.
    const r = simulate(parseScenario(scenario("failures: { mtbf: '1e12 h', checkpoint_interval: 1 h, checkpoint_cost: 6 min }", '640 h', '1 /s', '100 h', 1, ', max_jobs: 1')));
    const job = r.replications[0]!.jobs;
    expect(job.completed).toBe(1);
    expect(job.failures).toBe(0);
    expect(job.completion_time.max).toBeCloseTo(10 * 3600 + 9 * 360, 6);
  });

  it('checkpoints bound the work lost per failure', () => {
    const lost = (ckpt: string) => {
      const r = simulate(parseScenario(scenario(`failures: { mtbf: 2000 h${ckpt} }`, "'1e9 h'", '1 /s', '2000 h', 10, ', max_jobs: 1')));
      const s = r.summary.jobs;
      return s.lost_device_hours.mean / Math.max(1, s.failures.mean);
    };
    // Without checkpoints every failure throws away everything since the (re)start: on average one
    // inter-failure time (2000 h / 64 = 31 h) × 64 devices. With hourly checkpoints, at most 1 h × 64 per failure.
    expect(lost('')).toBeGreaterThan(64 * 10);
    expect(lost(', checkpoint_interval: 1 h')).toBeLessThanOrEqual(64 * 1 + 1e-6);
  });
});

describe('spot interruptions', () => {
  const spot = (warning: string, checkpoints: string) => `
name: spot
seed: 9
horizon: 100 h
replications: 10
reference: { device: h100-sxm-80gb, precision: bf16 }
${checkpoints}
sites:
  cloud:
    kind: cloud
    nodes: { type: gcp-a3-highgpu-8g, count: 8, spot: { interruption_rate: 0.5 /h, warning: ${warning} } }
workloads:
  - name: big
    arrivals: { rate: 1 /s, max_jobs: 1 }
    devices: 64
    work: { reference_time: '1e9 h' }
`;

  it('reclaims at instances × rate (Poisson, 99% interval)', () => {
    // A job on all 8 instances, restarting at once: 8 × 0.5 /h × 100 h = 400 per replication, 4,000 over 10.
    const r = simulate(parseScenario(spot('0 s', '')));
    const total = r.replications.reduce((s, rep) => s + rep.jobs.spot_interruptions, 0);
    expect(Math.abs(total - 4000)).toBeLessThan(2.576 * Math.sqrt(4000));
    expect(r.replications.every((rep) => rep.jobs.failures === 0)).toBe(true);
  });

  it('a warning long enough to write a checkpoint saves the progress made before the notice', () => {
    const lostPer = (ckpt: string) => {
      const s = simulate(parseScenario(spot('2 min', ckpt))).summary.jobs;
      return s.lost_device_hours.mean / s.spot_interruptions.mean;
    };
    // Hourly checkpoints, 1 min to write: the 2-min warning is enough, so each reclaim loses only the
    // warning itself (64 GPUs × 2 min ≈ 2.1 GPU-hours). Without checkpoints a reclaim loses the whole run
    // since the restart (≈ 1/(4 /h) = 15 min on average → ≈ 18 GPU-hours with the warning).
    expect(lostPer("failures: { mtbf: '1e12 h', checkpoint_interval: 1 h, checkpoint_cost: 1 min }")).toBeCloseTo((64 * 2) / 60, 1);
    expect(lostPer('')).toBeGreaterThan(10);
  });
});

describe('MTBF from the device profile', () => {
  it("uses the H100 profile's MTBF (Llama 3 interruption rate) when the scenario gives none", () => {
    const text = scenario('failures: { checkpoint_interval: 1 h }', "'1e9 h'", '1 /s', '2000 h', 10, ', max_jobs: 1');
    const s = parseScenario(text.replace('reference: { device: h100-sxm-80gb, precision: bf16 }', 'reference: { device: h100-sxm-80gb, precision: bf16 }'));
    expect(s.sites[0]!.pools[0]!.mtbf).toBe(50_677 * 3600);
    // 64 GPUs × 2000 h / 50,677 h = 2.53 failures per replication; 25.3 over 10.
    const total = simulate(s).replications.reduce((n, r) => n + r.jobs.failures, 0);
    expect(Math.abs(total - 25.26)).toBeLessThan(2.576 * Math.sqrt(25.26) + 1);
  });

  it('asks for an MTBF when neither the scenario nor the profile has one', () => {
    const text = scenario('failures: { checkpoint_interval: 1 h }', '1 h', '1 /h').replace('dgx-h100', 'dgx-a100-640gb').replace('h100-sxm-80gb', 'a100-sxm-80gb');
    expect(() => parseScenario(text)).toThrow("device 'a100-sxm-80gb' has no mtbf in its profile, so failures need one");
  });
});
