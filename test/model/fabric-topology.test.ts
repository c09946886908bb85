import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeafUplinks } from '../../src/model/fabric/leaf-uplinks.js';
import { runReplication as runPriced } from '../../src/model/run-replication.js';
import { priceScenario } from '../../src/cost/price-scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { fabricBill } from '../../src/cost/fabric-capex.js';
import type { FabricMetrics } from '../../src/model/replication/replication-metrics.js';
import { trainingEstimate } from '../../src/model/performance/index.js';
import { Catalog } from '../../src/scenario/catalog.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';

/**
 * Leaf/spine fabrics (issue 16, item 5): shared uplinks worked by hand, a run in which two jobs cross
 * leaves and slow each other where leaf-first placement keeps them apart, the switch and transceiver
 * counts of a fleet, and the sharing's invariants over random jobs.
 */

describe('leaf uplinks: equal shares of each leaf’s uplinks', () => {
  it('2 leaves of 2 nodes, oversubscription 2: two jobs crossing leaves each see half the uplink; a job within one leaf sees none of it', () => {
    // capacity per leaf = 2 nodes × B / 2 = one node's NIC bandwidth B; a crossing ring needs B per leaf.
    const up = new LeafUplinks(4, 2, 2);
    expect(up.capacity(0)).toBe(1);
    expect(up.join(1, [0, 2])).toBe(true);
    expect(up.factor(1)).toBe(1); // alone: the whole uplink, which is all its ring needs
    expect(up.join(2, [1, 3])).toBe(true);
    expect(up.factor(1)).toBe(0.5);
    expect(up.factor(2)).toBe(0.5);
    // a job on nodes 0 and 1 (leaf 0) never touches the uplinks and slows no one
    expect(up.join(3, [0, 1])).toBe(false);
    expect(up.factor(3)).toBe(1);
    expect(up.usersOn(0)).toBe(2);
    up.leave(2);
    expect(up.factor(1)).toBe(1);
  });

  it('a job is held to its most crowded leaf, and a partly filled last leaf has the uplinks of its nodes', () => {
    // 5 nodes, leaves of 2: leaf 2 has 1 node → capacity 1/1 = 1 at oversubscription 1, leaves 0 and 1 have 2
    const up = new LeafUplinks(5, 2, 1);
    expect([up.capacity(0), up.capacity(2)]).toEqual([2, 1]);
    up.join(1, [0, 2]); // leaves 0, 1
    up.join(2, [1, 3]); // leaves 0, 1
    up.join(3, [3, 4]); // leaves 1, 2
    // leaf 1 has 3 users: 2/3 each; leaf 2: 1/1; leaf 0: 2/2
    expect(up.factor(1)).toBeCloseTo(2 / 3, 12);
    expect(up.factor(3)).toBeCloseTo(2 / 3, 12);
    expect(up.neighbours(1)).toEqual([1, 2, 3]);
  });

  it('property: no leaf’s uplinks are over-committed, and no job gets more than its NICs', () => {
    const op = fc.record({ join: fc.boolean(), nodes: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 8 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.25, max: 8, noNaN: true }), fc.array(op, { maxLength: 40 }), (perLeaf, oversubscription, ops) => {
        const up = new LeafUplinks(24, perLeaf, oversubscription);
        const live: number[] = [];
        ops.forEach((o, id) => {
          if (o.join || live.length === 0) {
            if (up.join(id, o.nodes)) live.push(id);
          } else up.leave(live.splice(id % live.length, 1)[0]!);
          const used = new Map<number, number>();
          for (const j of live) {
            const f = up.factor(j);
            expect(f).toBeGreaterThan(0);
            expect(f).toBeLessThanOrEqual(1);
            // each crossing job's ring sends one NIC's worth (1 unit) up each of its leaves, at its factor
            for (const l of up.leaves(ops[j]!.nodes)) used.set(l, (used.get(l) ?? 0) + f);
          }
          for (const [l, u] of used) expect(u).toBeLessThanOrEqual(up.capacity(l) * (1 + 1e-12));
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('a training step at a share of the uplinks', () => {
  const catalog = new Catalog();
  const node = new ProfileResolver(catalog, new Map()).get('dgx-h100', 'node', { src: catalog.get('dgx-h100')!.src, path: [] });
  it('property: never faster than with the NICs alone, and slower the smaller the share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }),
        fc.double({ min: 1e8, max: 4e11, noNaN: true }),
        fc.integer({ min: 12, max: 24 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (nodes, params, log2Batch, share, overlap) => {
          const input = { params, tokens: 1e12, precision: 'bf16' as const, batch: { tokens: 2 ** log2Batch }, devices: 8 * nodes, node, overlap };
          const alone = trainingEstimate(input);
          const bw = alone.communication.scaleOut.bandwidth;
          const at = (f: number) => trainingEstimate({ ...input, fabric: { scaleOut: { bandwidth: bw * f } } }).stepTime;
          expect(at(share)).toBeGreaterThanOrEqual(alone.stepTime * (1 - 1e-12));
          expect(at(share / 2)).toBeGreaterThanOrEqual(at(share) * (1 - 1e-12));
        },
      ),
      { numRuns: 100 },
    );
  });
});

/**
 * A test GPU of 100 TFLOPS bf16, one per node, one 100 Gbit/s compute NIC (12.5 GB/s): a 3-node job of a
 * 1e9-parameter model (2e9 bytes of bf16 gradients) all-reduces across 3 nodes in
 *   2 · 2/3 · 2e9 / 12.5e9 = 0.21333 s per step (no latency published),
 * computes 6 · 1e9 · 1000 tokens / (3 · 100e12 · 0.5) = 0.04 s per step, overlaps nothing: 0.25333 s a step, 1000 steps.
 * At half the NIC bandwidth the all-reduce takes 0.42667 s: 0.46667 s a step.
 */
const FABRIC_PROFILES = `
profiles:
  g: { id: g, kind: gpu, name: Test GPU, vendor: test, peak: { bf16: 100 TFLOPS } }
  nic: { id: nic, kind: network, class: infiniband, name: Test NIC, vendor: test, bandwidth: 100 Gbit/s }
  box:
    id: box
    kind: node
    name: one-GPU node
    vendor: test
    accelerators: { profile: g, count: 1 }
    network: [{ profile: nic, count: 1, role: compute }]
`;
function fabricRun(fabric: string): { starts: Map<number, number>; ends: Map<number, number>; nodes: Map<number, number[]>; metrics: FabricMetrics | undefined } {
  const s = parseScenario(`name: fabric
seed: 1
horizon: 2 h
costs: none
${FABRIC_PROFILES}
sites:
  lab:
    nodes: { type: box, count: 12${fabric} }
workloads:
  - name: t
    kind: training
    arrivals: { interarrival: 1 s, max_jobs: 4 }
    devices: 3
    model: { params: 1e9, tokens: 1e6 }
    batch: { tokens: 1000 }
    mfu: 0.5
    overlap: 0
`);
  const starts = new Map<number, number>();
  const ends = new Map<number, number>();
  const nodes = new Map<number, number[]>();
  const r = runPriced(priceScenario(s), 0, {
    onJob: (e, job) => {
      if (e === 'start') {
        starts.set(job.id, job.start);
        nodes.set(job.id, Array.from(job.deviceIds ?? []));
      } else ends.set(job.id, job.end);
    },
  });
  return { starts, ends, nodes, metrics: r.pools['lab/main']?.fabric };
}

describe('a run with shared uplinks (12 one-GPU nodes, leaves of 4, oversubscription 4: one NIC’s worth up per leaf)', () => {
  const alone = 1000 * (0.04 + (2 * (2 / 3) * 2e9) / 12.5e9);
  const shared = 1000 * (0.04 + (2 * (2 / 3) * 2e9) / 6.25e9);

  it('without a fabric every job takes its time with the NICs alone', () => {
    const r = fabricRun('');
    for (const [id, start] of r.starts) expect(r.ends.get(id)! - start).toBeCloseTo(alone, 6);
    expect(r.metrics).toBeUndefined();
  });

  it('first-fit splits jobs 2 and 3 across leaves 0–1 and 1–2: they share leaf 1’s uplink at half speed while both run', () => {
    const r = fabricRun(', fabric: { topology: fat-tree, nodes_per_leaf: 4, oversubscription: 4 }');
    expect([...r.nodes.values()]).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
      [9, 10, 11],
    ]);
    // jobs 1 (nodes 0–2) and 4 (9–11) stay in one leaf: their time alone
    expect(r.ends.get(0)! - r.starts.get(0)!).toBeCloseTo(alone, 6);
    expect(r.ends.get(3)! - r.starts.get(3)!).toBeCloseTo(alone, 6);
    // job 2 starts at 2 s, alone on its uplinks for 1 s; from 3 s jobs 2 and 3 run at rate alone/shared
    const rate = alone / shared;
    const end2 = 3 + (alone - 1) / rate;
    expect(r.ends.get(1)!).toBeCloseTo(end2, 6);
    // job 3 has done (alone − 1) s of its work by then; its last second runs alone again
    expect(r.ends.get(2)!).toBeCloseTo(end2 + 1, 6);
    // never faster than with the NICs alone
    for (const [id, start] of r.starts) expect(r.ends.get(id)! - start).toBeGreaterThanOrEqual(alone - 1e-9);
    // the pool's fabric figures: two runs crossed leaves; their delay is Σ (wall − alone) = 2 (alone − 1)(1/rate − 1)
    expect(r.metrics?.cross_leaf_starts).toBe(2);
    expect(r.metrics?.uplink_delay_seconds).toBeCloseTo(2 * (alone - 1) * (1 / rate - 1), 6);
    expect(r.metrics?.uplink_delay_seconds).toBeCloseTo(r.ends.get(1)! - 2 - alone + (r.ends.get(2)! - 3 - alone), 6);
  });

  it('leaf-first keeps jobs 2 and 3 inside leaves 1 and 2: nobody is slowed', () => {
    const r = fabricRun(', fabric: { topology: fat-tree, nodes_per_leaf: 4, oversubscription: 4, placement: leaf-first }');
    expect(r.nodes.get(1)).toEqual([4, 5, 6]);
    expect(r.nodes.get(2)).toEqual([8, 9, 10]);
    // job 4 gets what is left, 3, 7 and 11, across three leaves but alone on each: no slowdown
    expect(r.nodes.get(3)).toEqual([3, 7, 11]);
    for (const [id, start] of r.starts) expect(r.ends.get(id)! - start).toBeCloseTo(alone, 6);
    expect(r.metrics?.cross_leaf_starts).toBe(1);
    expect(r.metrics?.uplink_delay_seconds).toBe(0);
    // one crossing job for `alone` seconds of the 2-hour window
    expect(r.metrics?.mean_cross_leaf_jobs).toBeCloseTo(alone / 7200, 9);
  });
});

describe('switches and transceivers of a fabric, counted by hand', () => {
  it('16 DGX-class nodes with 8 NICs, fat-tree, 4 nodes per leaf, oversubscription 2, 64-port switches', () => {
    // per leaf: 32 node links, 16 uplinks → 48 ports: one switch; 4 leaves; 64 uplinks → one spine.
    // transceivers: 2 × (128 + 64) = 384.
    const b = fabricBill({ topology: 'fat-tree', nodesPerLeaf: 4, oversubscription: 2 }, 16, 8, 64, 36_000, 700);
    expect(b).toMatchObject({ leaves: 4, leafSwitches: 4, spineSwitches: 1, nodeLinks: 128, uplinks: 64, transceivers: 384 });
    expect(b.switchCapex).toBe(5 * 36_000);
    expect(b.opticsCapex).toBe(384 * 700);
    expect(b.pricePerPort).toBe(562.5);
  });

  it('32 nodes rail-optimised, 16 per leaf, non-blocking: 8 rail switches a leaf, 4 spines', () => {
    // per rail of a leaf: 16 down + 16 up = 32 ports: one switch; 2 leaves × 8 rails = 16 leaf switches;
    // uplinks 2 × 8 × 16 = 256 → 4 spines; transceivers 2 × (256 + 256) = 1024.
    const b = fabricBill({ topology: 'rail-optimised', nodesPerLeaf: 16, oversubscription: 1 }, 32, 8, 64, 1, 1);
    expect(b).toMatchObject({ leaves: 2, leafSwitches: 16, spineSwitches: 4, uplinks: 256, transceivers: 1024 });
  });

  it('one leaf has no uplinks and no spine; a last, partly filled leaf buys for its own nodes', () => {
    expect(fabricBill({ topology: 'fat-tree', nodesPerLeaf: 8, oversubscription: 2 }, 8, 8, 64, 1, 1)).toMatchObject({ leaves: 1, leafSwitches: 1, spineSwitches: 0, uplinks: 0, transceivers: 128 });
    // 10 nodes of 8 NICs, leaves of 8: leaf 0 has 64 down + 32 up = 96 ports → 2 switches; leaf 1: 16 + 8 → 1; uplinks 40 → 1 spine
    expect(fabricBill({ topology: 'fat-tree', nodesPerLeaf: 8, oversubscription: 2 }, 10, 8, 64, 1, 1)).toMatchObject({ leaves: 2, leafSwitches: 3, spineSwitches: 1, uplinks: 40 });
  });
});
