import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkpointWriteSeconds, domainRates, domainsTouched, expectedEffectiveTime, maxRestartForEffectiveTime, nodesInDomainOf } from '../../src/model/failures/index.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate, type SimulationResult } from '../../src/simulate/simulate.js';

describe('goodput formulas (hand-worked)', () => {
  it('a checkpoint write is params × bytes per param ÷ bandwidth', () => {
    // 405e9 × 16 B = 6.48e12 B at 2e12 B/s = 3.24 s; 70e9 × 16 B = 1.12e12 B at 10 GB/s = 112 s
    expect(checkpointWriteSeconds(405e9, 16, 2e12)).toBeCloseTo(3.24, 12);
    expect(checkpointWriteSeconds(70e9, 16, 10e9)).toBeCloseTo(112, 9);
    expect(() => checkpointWriteSeconds(1e9, 16, 0)).toThrow(RangeError);
  });

  it('counts the distinct domains a placement touches and the nodes one failure takes', () => {
    const nodes = Int32Array.of(0, 1, 2, 5, 6);
    expect(domainsTouched(nodes, 1)).toBe(5);
    // racks of 2: {0,1} {2,3} {4,5} {6,7} → racks 0, 1, 2, 3
    expect(domainsTouched(nodes, 2)).toBe(4);
    // switches of 4 nodes: {0..3} {4..7} → 2
    expect(domainsTouched(nodes, 4)).toBe(2);
    expect(nodesInDomainOf(nodes, 4, 0)).toBe(3);
    expect(nodesInDomainOf(nodes, 4, 6)).toBe(2);
    // a node domain of MTBF 100 h on 5 nodes, racks of 2 at 400 h on 4 racks: 5/100 h and 4/400 h
    const rates = domainRates(nodes, [
      { kind: 'node', nodes: 1, mtbf: 100 * 3600, repair: 0 },
      { kind: 'rack', nodes: 2, mtbf: 400 * 3600, repair: 0 },
    ]);
    expect(rates[0]! * 3600).toBeCloseTo(0.05, 12);
    expect(rates[1]! * 3600).toBeCloseTo(0.01, 12);
  });

  it('expected effective time is W/T with Daly’s T; no failures leave only the writes', () => {
    // M = 10 h, c = 1 h, w = 0.1 h, R = 0.5 h: T/W = e^{0.05}·(e^{0.11} − 1)·10/1 = 1.0512711 × 0.1162781 × 10 = 1.2223938
    const h = 3600;
    expect(expectedEffectiveTime(1000 * h, 1 * h, 0.1 * h, 0.5 * h, 10 * h)).toBeCloseTo(1 / (Math.exp(0.05) * Math.expm1(0.11) * 10), 9);
    // M = ∞: 10 h of work with a write every hour: 9 writes of 0.1 h → 10/10.9
    expect(expectedEffectiveTime(10 * h, 1 * h, 0.1 * h, 0, Infinity)).toBeCloseTo(10 / 10.9, 12);
  });

  it('the largest restart keeping a target effective time inverts the formula', () => {
    const M = 10_000;
    const r = maxRestartForEffectiveTime(0.9, 300, 3, M);
    expect(expectedEffectiveTime(1e6, 300, 3, r, M)).toBeCloseTo(0.9, 6);
    // solved by hand: W/T = 0.9 ⇔ e^{R/M} = (1/0.9) ÷ ((e^{(c+w)/M} − 1)·M/c) = 1.111111 ÷ 1.025471 → R = M·ln(1.083512) = 802.2 s
    expect(r).toBeCloseTo(M * Math.log(1 / 0.9 / ((Math.expm1(303 / M) * M) / 300)), 3);
    expect(r).toBeCloseTo(802.2, 1);
    expect(maxRestartForEffectiveTime(0.999, 300, 3, M)).toBe(0);
  });
});

/** 8 DGX H100 nodes (64 GPUs), one job on `devices` GPUs running past the horizon. */
function run(failures: string, opts: { devices?: number; nodes?: number; horizon?: string; replications?: number; params?: string } = {}): SimulationResult {
  const work = opts.params
    ? `kind: training
    model: { params: ${opts.params}, tokens: 1e15 }
    batch: { tokens: 4194304 }`
    : `work: { reference_time: '1e9 h' }`;
  return simulate(
    parseScenario(`
name: goodput
seed: 3
horizon: ${opts.horizon ?? '2000 h'}
replications: ${opts.replications ?? 1}
reference: { device: h100-sxm-80gb, precision: bf16 }
failures: ${failures}
sites:
  dc: { nodes: { type: dgx-h100, count: ${opts.nodes ?? 8} } }
workloads:
  - name: big
    arrivals: { interarrival: 1 s, max_jobs: 1 }
    devices: ${opts.devices ?? 64}
    ${work}
`),
  );
}

describe('the goodput model in a run', () => {
  it('without spares the job waits the repair holding its devices: recovery = held × repair per failure', () => {
    const r = run('{ mtbf: 20000 h, restart_overhead: 6 min, repair: 2 h }');
    const g = r.replications[0]!.goodput!;
    const n = g.interruptions.device;
    expect(n).toBeGreaterThan(3);
    // each interruption: 64 GPUs × 2 h waiting (the horizon cuts at most the last)
    expect(g.badput.recovery).toBeLessThanOrEqual(64 * 2 * n + 1e-6);
    expect(g.badput.recovery).toBeGreaterThanOrEqual(64 * 2 * (n - 1));
    expect(g.repair_waits).toBe(n);
    expect(g.spare_swaps).toBe(0);
    // busy = useful + every badput; paid = 64 GPUs × the window
    const bad = g.badput.lost_work + g.badput.checkpoint + g.badput.restart + g.badput.recovery;
    expect(g.useful_device_hours + bad).toBeCloseTo(g.busy_device_hours, 6);
    expect(g.paid_device_hours).toBeCloseTo(64 * 2000, 6);
    expect(g.goodput).toBeCloseTo(g.useful_device_hours / g.paid_device_hours, 12);
  });

  it('spares held out of scheduling are paid but idle; a failure waits the swap, not the repair', () => {
    // 8 nodes, 1 spare: the job runs on 56 GPUs; the repair is short, so the spare is always back in time
    const r = run('{ mtbf: 20000 h, repair: 1 min, spares: { dc: { nodes: 1, swap: 30 min } } }', { devices: 56 });
    const g = r.replications[0]!.goodput!;
    const n = g.interruptions.device;
    expect(n).toBeGreaterThan(3);
    expect(g.spare_swaps).toBe(n);
    expect(g.repair_waits).toBe(0);
    expect(g.badput.recovery).toBeLessThanOrEqual(56 * 0.5 * n + 1e-6);
    expect(g.badput.recovery).toBeGreaterThanOrEqual(56 * 0.5 * (n - 1));
    // paid counts all 64 GPUs, busy only the job's 56: goodput ≤ 56/64
    expect(g.paid_device_hours).toBeCloseTo(64 * 2000, 6);
    expect(g.busy_device_hours).toBeCloseTo(56 * 2000, 1);
    expect(g.goodput).toBeLessThan(56 / 64);
    // a 64-GPU job cannot start on the 7 schedulable nodes
    expect(run('{ mtbf: 20000 h, spares: { dc: { nodes: 1, swap: 30 min } } }', { devices: 64, horizon: '10 h' }).replications[0]!.jobs.running_at_end).toBe(0);
  });

  it('a spare in repair is not there for the next failure: the job then waits the repair', () => {
    // one spare, a repair far longer than the horizon: the first failure takes the spare, every later one waits
    const r = run('{ mtbf: 20000 h, repair: 100000 h, spares: { dc: { nodes: 1, swap: 10 min } } }', { devices: 56, horizon: '40000 h' });
    const g = r.replications[0]!.goodput!;
    expect(g.spare_swaps).toBe(1);
    expect(g.repair_waits).toBeGreaterThanOrEqual(1);
  });

  it('a rack failure takes the job’s nodes in that rack at once: two spares for one interruption', () => {
    // only rack failures (devices practically never fail); racks of 2 nodes; the job spans all 4 racks of its 8 nodes… with 2 spares of 10 nodes
    const r = run("{ mtbf: '1e12 h', repair: 1 min, domains: [{ kind: rack, nodes: 2, mtbf: 5000 h, repair: 1 min }], spares: { dc: { nodes: 2, swap: 15 min } } }", {
      nodes: 10,
      devices: 64,
    });
    const g = r.replications[0]!.goodput!;
    expect(g.interruptions.device).toBe(0);
    const racks = g.interruptions.rack;
    // 4 racks × 2000 h / 5000 h = 1.6 expected; take what the draw gave: each took 2 nodes
    expect(g.spare_swaps).toBe(2 * racks);
  });

  it('a domain failure takes down every job on its nodes at the same instant', () => {
    // two 32-GPU jobs on the 8 nodes of one switch domain; only the switch fails (MTBF 500 h): every failure interrupts both
    const interrupted: number[] = [];
    const r = simulate(
      parseScenario(`
name: shared-switch
seed: 9
horizon: 2000 h
reference: { device: h100-sxm-80gb, precision: bf16 }
failures: { mtbf: '1e12 h', domains: [{ kind: switch, nodes: 8, mtbf: 500 h, repair: 1 h }] }
sites:
  dc: { nodes: { type: dgx-h100, count: 8 } }
workloads:
  - { name: a, arrivals: { interarrival: 1 s, max_jobs: 1 }, devices: 32, work: { reference_time: '1e9 h' } }
  - { name: b, arrivals: { interarrival: 1 s, max_jobs: 1 }, devices: 32, work: { reference_time: '1e9 h' } }
`),
      { onJob: (event, job, _pool, outcome) => void (event === 'end' && outcome === 'interrupted' && interrupted.push(job.end)) },
    );
    const g = r.replications[0]!.goodput!;
    expect(g.interruptions.switch).toBeGreaterThanOrEqual(4);
    expect(g.interruptions.switch % 2).toBe(0);
    // each instant twice: both jobs at once
    const counts = new Map<number, number>();
    for (const t of interrupted) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    // each waits the 1-h repair: recovery = 64 GPUs × 1 h per failure event
    expect(g.badput.recovery).toBeCloseTo((64 * 1 * g.interruptions.switch) / 2, 6);
  });

  it('a training job’s checkpoint write comes from its model state: badput of writes = held × writes × w', () => {
    // 7e9 params × 16 B = 112 GB at 1 GB/s = 112 s per write, every 1 h of work, no failure: in 100 h about 100 writes of 112 s
    const r = run("{ mtbf: '1e12 h', checkpoint_interval: 1 h, checkpoint_write: { bandwidth: 1 GB/s } }", { params: '7e9', horizon: '100 h' });
    const g = r.replications[0]!.goodput!;
    expect(g.interruptions.device).toBe(0);
    // compute from 1 s to 100 h: 359,999 s = 96 cycles of 3,600 + 112 s (356,352 s), then 3,600 s of work and 47 s of the 97th write
    // → 96 × 112 + 47 = 10,799 s of writes on 64 GPUs
    expect(g.badput.checkpoint).toBeCloseTo((64 * 10_799) / 3600, 6);
    expect(g.effective_time).toBeCloseTo(1 - 10_799 / 359_999, 9);
  });

  it('cost per useful GPU-hour = the same TCO over the useful share of the delivered GPU-hours', () => {
    const r = run('{ mtbf: 5000 h, checkpoint_interval: 1 h, checkpoint_cost: 5 min, restart_overhead: 10 min, repair: 4 h }');
    const rep = r.replications[0]!;
    const u = rep.cost!.unit_costs;
    const share = rep.goodput!.useful_device_hours / rep.goodput!.busy_device_hours;
    expect(share).toBeLessThan(1);
    expect(u.useful_gpu_hours!).toBeCloseTo(u.gpu_hours * share, 6);
    expect(u.per_useful_gpu_hour!).toBeCloseTo(u.per_gpu_hour / share, 9);
  });

  it('is opt-in: failures without its fields give no goodput and no cost per useful GPU-hour', () => {
    const r = run('{ mtbf: 20000 h, restart_overhead: 6 min }', { horizon: '100 h' });
    expect(r.replications[0]!.goodput).toBeUndefined();
    expect(r.summary.goodput).toBeUndefined();
    expect(r.replications[0]!.cost!.unit_costs.per_useful_gpu_hour).toBeUndefined();
    expect(r.scenario.failures && 'goodput' in r.scenario.failures).toBe(false);
  });
});

describe('goodput invariants (properties)', () => {
  it('expected effective time lies in (0, 1] and falls as restarts lengthen or failures come more often', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 3600, noNaN: true }),
        fc.double({ min: 600, max: 1e7, noNaN: true }),
        (c, w, r, m) => {
          const e = expectedEffectiveTime(1e6, c, w, r, m);
          expect(e).toBeGreaterThan(0);
          expect(e).toBeLessThanOrEqual(1);
          expect(expectedEffectiveTime(1e6, c, w, r + 60, m)).toBeLessThanOrEqual(e);
          expect(expectedEffectiveTime(1e6, c, w, r, m / 2)).toBeLessThanOrEqual(e);
        },
      ),
    );
  });

  it('in any run: useful + badput = busy ≤ paid, and goodput = useful ÷ paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('0 s', '5 min', '2 h'),
        fc.constantFrom('', ', spares: { dc: { nodes: 1, swap: 10 min } }'),
        fc.constantFrom('', ', domains: [{ kind: rack, nodes: 2, mtbf: 3000 h, repair: 3 h }]'),
        (nodes, repair, spares, domains) => {
          const r = run(`{ mtbf: 3000 h, checkpoint_interval: 30 min, checkpoint_cost: 1 min, restart_overhead: 5 min, repair: ${repair}${spares}${domains} }`, {
            devices: nodes * 8,
            horizon: '300 h',
          });
          const g = r.replications[0]!.goodput!;
          const bad = g.badput.lost_work + g.badput.checkpoint + g.badput.restart + g.badput.recovery;
          expect(g.useful_device_hours + bad).toBeCloseTo(g.busy_device_hours, 6);
          expect(g.busy_device_hours).toBeLessThanOrEqual(g.paid_device_hours + 1e-9);
          expect(g.goodput).toBeCloseTo(g.useful_device_hours / g.paid_device_hours, 12);
          expect(g.effective_time).toBeGreaterThan(0);
        },
      ),
      { numRuns: 12 },
    );
  });
});
