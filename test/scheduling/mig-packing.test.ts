/**
 * MIG instances on the Cluster (src/model/scheduling/mig-ledger.ts, mig-placement.ts): the slice
 * budget of an H100 (7 compute, 8 memory slices; NVIDIA's MIG user guide, H100 profiles), per-profile
 * instance limits, MIG mode keeping shares and whole jobs off partitioned GPUs, and a scheduler that
 * makes the eighth 1g.10gb job wait.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, FcfsScheduler, EasyBackfillScheduler, PriorityPreemptiveScheduler, type MigRequest, type Placement, type PoolSpec } from '../../src/model/scheduling/index.js';

const h100 = (nodes: number, devicesPerNode: number): PoolSpec => ({ name: 'h100', deviceModel: 'h100-sxm-80gb', nodes, devicesPerNode });
// Profiles as in hardware-profiles/h100-sxm-80gb.yaml (compute slices of 7, memory slices of 8, max instances).
const profile = (name: string, computeSlices: number, memorySlices: number, maxInstances: number, count = 1): MigRequest => ({
  deviceModel: 'h100-sxm-80gb',
  profile: name,
  computeSlices,
  memorySlices,
  maxInstances,
  totalCompute: 7,
  totalMemory: 8,
  count,
});
const g1 = profile('1g.10gb', 1, 1, 7);
const g1x20 = profile('1g.20gb', 1, 2, 4);
const g3 = profile('3g.40gb', 3, 4, 2);
const g4 = profile('4g.40gb', 4, 4, 1);
const g7 = profile('7g.80gb', 7, 8, 1);
const mig = (r: MigRequest) => ({ devices: (r.count * r.computeSlices) / r.totalCompute, mig: r });

describe('MIG slice budget on one H100', () => {
  it('holds 7 × 1g.10gb; an 8th does not fit', () => {
    const c = new Cluster([h100(1, 1)]);
    const placed: Placement[] = [];
    for (let i = 0; i < 7; i++) {
      const p = c.place(mig(g1));
      expect(p, `instance ${i + 1}`).toBeDefined();
      if (p) placed.push(p);
    }
    expect(placed.every((p) => p.devices[0] === 0)).toBe(true);
    expect(c.canPlace(mig(g1))).toBe(false);
    // Each instance holds ⌊1000/7⌋ = 142 milli-units: 994 in all, never above 1000.
    expect(c.usedMilli(0)).toBe(7 * 142);
    expect(c.busyDevices).toBeCloseTo(0.994, 9);
    // A 1000-milli device is not offered to a share either, though 6 milli-units are free.
    expect(c.canPlace({ devices: 0.005 })).toBe(false);
    for (const p of placed) c.release(p);
    expect(c.usedMilli(0)).toBe(0);
    expect(c.canPlace({ devices: 1 })).toBe(true);
  });

  it('fits 3g.40gb + 4g.40gb, but not 4g.40gb + 4g.40gb (8 compute slices > 7)', () => {
    const c = new Cluster([h100(1, 1)]);
    expect(c.place(mig(g3))).toBeDefined();
    expect(c.place(mig(g4))).toBeDefined();
    expect(c.canPlace(mig(g1))).toBe(false); // 7 of 7 compute slices taken
    const d = new Cluster([h100(1, 1)]);
    expect(d.place(mig(g4))).toBeDefined();
    // 4g.40gb allows one instance per GPU anyway; 3 compute and 4 memory slices are left for 3g.40gb.
    expect(d.canPlace(mig(g4))).toBe(false);
    expect(d.canPlace(mig(g3))).toBe(true);
  });

  it('respects memory slices and maxInstances, not only compute', () => {
    const c = new Cluster([h100(1, 1)]);
    // 1g.20gb: 2 memory slices each, at most 4 per GPU: 4 use all 8 memory slices with 3 compute slices left.
    for (let i = 0; i < 4; i++) expect(c.place(mig(g1x20))).toBeDefined();
    expect(c.canPlace(mig(g1x20))).toBe(false);
    expect(c.canPlace(mig(g1))).toBe(false); // compute left, memory not
    const d = new Cluster([h100(1, 1)]);
    expect(d.place(mig(g3))).toBeDefined();
    expect(d.place(mig(g3))).toBeDefined();
    expect(d.canPlace(mig(g3))).toBe(false); // maxInstances 2 (and 6 of 7 compute slices)
    // The 7th compute slice is free, but 2 × 4 memory slices took all 8.
    expect(d.canPlace(mig(g1))).toBe(false);
  });

  it('7g.80gb is the whole GPU', () => {
    const c = new Cluster([h100(1, 2)]);
    const p = c.place(mig(g7));
    expect(p && [...p.devices]).toEqual([0]);
    expect(c.usedMilli(0)).toBe(1000);
    expect(c.canPlace(mig(g1))).toBe(true); // on the other GPU
  });
});

describe('MIG mode', () => {
  it('keeps shares and whole-device jobs off a partitioned GPU, and instances off a shared one', () => {
    const c = new Cluster([h100(1, 2)]);
    const a = c.place(mig(g1));
    expect(a && [...a.devices]).toEqual([0]);
    // The share goes to the other GPU although GPU 0 has 858 milli-units free.
    const s = c.place({ devices: 0.5 });
    expect(s && [...s.devices]).toEqual([1]);
    // Neither GPU takes a whole job; the next instance packs onto GPU 0, never onto the shared GPU 1.
    expect(c.canPlace({ devices: 1 })).toBe(false);
    const b = c.place(mig(g3));
    expect(b && [...b.devices]).toEqual([0]);
    if (a && b) {
      c.release(a);
      c.release(b);
    }
    // GPU 0 left MIG mode: a whole job fits there again.
    expect(c.place({ devices: 1 })?.devices[0]).toBe(0);
  });

  it('packs several instances of one job onto partitioned GPUs first, then fresh GPUs of one node', () => {
    const c = new Cluster([h100(2, 2)]);
    for (let i = 0; i < 5; i++) c.place(mig(g1)); // GPU 0 holds 5 of 7
    const p = c.place(mig(profile('1g.10gb', 1, 1, 7, 4)));
    // 2 more fit on GPU 0; the other 2 go on a fresh GPU, GPU 1 (node 0, best fit).
    expect(p && [...p.devices]).toEqual([0, 0, 1, 1]);
    expect(p && [...p.nodes]).toEqual([0]);
    expect(c.usedMilli(0)).toBe(7 * 142);
    expect(c.usedMilli(1)).toBe(2 * 142);
    if (p) c.release(p);
    expect(c.usedMilli(0)).toBe(5 * 142);
    expect(c.usedMilli(1)).toBe(0);
  });

  it('refuses a MIG request on another device model, and one no GPU can ever hold', () => {
    const c = new Cluster([{ name: 'a100', deviceModel: 'a100-sxm-80gb', nodes: 1, devicesPerNode: 8 }]);
    expect(c.canEverPlace(mig(g1))).toBe(false);
    const d = new Cluster([h100(1, 2)]);
    expect(d.canEverPlace(mig(profile('4g.40gb', 4, 4, 1, 2)))).toBe(true); // two GPUs of one node
    expect(d.canEverPlace(mig(profile('4g.40gb', 4, 4, 1, 3)))).toBe(false);
  });

  it('a clone carries the MIG state; a hand-made over-full placement throws and changes nothing', () => {
    const c = new Cluster([h100(1, 1)]);
    c.place(mig(g4));
    const copy = c.clone();
    expect(copy.canPlace(mig(g4))).toBe(false);
    expect(copy.canPlace(mig(g3))).toBe(true);
    // Three 1g.20gb would fit the milli ledger (571 + 3 × 142 = 997) but need 6 memory slices of the 4 left.
    const bad: Placement = { pool: 0, nodes: Int32Array.of(0), devices: Int32Array.of(0, 0, 0), milli: 142, mig: g1x20 };
    expect(() => c.occupy(bad)).toThrow(/room for 2 more 1g.20gb/);
    expect(c.usedMilli(0)).toBe(571);
  });
});

describe('schedulers with MIG jobs', () => {
  for (const make of [(c: Cluster) => new FcfsScheduler(c), (c: Cluster) => new EasyBackfillScheduler(c)]) {
    it(`${make(new Cluster([h100(1, 1)])).kind}: the 8th 1g.10gb job waits until one ends`, () => {
      const s = make(new Cluster([h100(1, 1)]));
      const started: number[] = [];
      for (let id = 1; id <= 8; id++) expect(s.enqueue({ id, submit: 0, estimate: 10 + id, ...mig(g1) })).toBeUndefined();
      s.pass(0, (j) => started.push(j.id));
      expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(s.waiting).toBe(1);
      s.finish(3);
      s.pass(13, (j) => started.push(j.id));
      expect(started.at(-1)).toBe(8);
      expect(s.cluster.usedMilli(0)).toBe(7 * 142);
    });
  }
});

describe('MIG under EASY backfill and preemption', () => {
  it('EASY: a 7g.80gb head reserves the GPU that frees first; a long 1g.10gb job backfills onto the partitioned GPU', () => {
    const s = new EasyBackfillScheduler(new Cluster([h100(1, 2)]));
    const started: number[] = [];
    const start = (j: { id: number }) => started.push(j.id);
    for (let id = 1; id <= 6; id++) s.enqueue({ id, submit: 0, estimate: 100, ...mig(g1) }); // GPU 0: 6 of 7 slices
    s.enqueue({ id: 7, submit: 0, estimate: 50, devices: 1 }); // GPU 1
    s.pass(0, start);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    s.enqueue({ id: 8, submit: 1, estimate: 10, ...mig(g7) }); // head: needs a whole GPU, GPU 1 at t = 50
    s.enqueue({ id: 9, submit: 2, estimate: 1000, ...mig(g1) }); // runs past 50, but on GPU 0's last slice
    s.enqueue({ id: 10, submit: 3, estimate: 1000, devices: 0.5 }); // no GPU takes a share now
    s.pass(3, start);
    expect(s.reservation?.shadow).toBe(50);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    expect(s.waiting).toBe(2);
  });

  it('priority-preemptive: a high-priority MIG job preempts a low-priority whole-device job', () => {
    const s = new PriorityPreemptiveScheduler(new Cluster([h100(1, 1)]));
    const started: number[] = [];
    const preempted: number[] = [];
    s.enqueue({ id: 1, submit: 0, estimate: 100, devices: 1, priority: 0 });
    s.pass(0, (j) => started.push(j.id));
    s.enqueue({ id: 2, submit: 1, estimate: 100, priority: 5, ...mig(g3) });
    s.pass(
      1,
      (j) => started.push(j.id),
      (v) => preempted.push(v.job.id),
    );
    expect(preempted).toEqual([1]);
    expect(started).toEqual([1, 2]);
    expect(s.cluster.usedMilli(0)).toBe(428);
  });
});

describe('property: random MIG, share and whole-device traffic', () => {
  const requests = [
    mig(g1),
    mig(g1x20),
    mig(g3),
    mig(g4),
    mig(g7),
    mig(profile('1g.10gb', 1, 1, 7, 3)),
    mig(profile('3g.40gb', 3, 4, 2, 2)),
    { devices: 0.3 },
    { devices: 0.5 },
    { devices: 1 },
    { devices: 2 },
  ];
  const ops = fc.array(fc.oneof(fc.record({ place: fc.nat(requests.length - 1) }), fc.record({ release: fc.nat(1000) })), { maxLength: 120 });

  it('never breaks a GPU slice budget, never mixes MIG with other work on a GPU, and the ledger sums the live placements', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const c = new Cluster([h100(2, 2)]);
        const live: Placement[] = [];
        for (const op of sequence) {
          if ('place' in op) {
            const p = c.place(requests[op.place] ?? { devices: 1 });
            if (p) live.push(p);
          } else if (live.length > 0) {
            const [p] = live.splice(op.release % live.length, 1);
            if (p) c.release(p);
          }
          // Brute force from the live placements alone.
          for (let d = 0; d < 4; d++) {
            let milli = 0;
            let compute = 0;
            let memory = 0;
            let migHere = 0;
            let otherHere = 0;
            const counts = new Map<string, number>();
            for (const p of live) {
              for (const x of p.devices) {
                if (x !== d) continue;
                milli += p.milli;
                if (p.mig) {
                  migHere++;
                  compute += p.mig.computeSlices;
                  memory += p.mig.memorySlices;
                  counts.set(p.mig.profile, (counts.get(p.mig.profile) ?? 0) + 1);
                  expect(counts.get(p.mig.profile)).toBeLessThanOrEqual(p.mig.maxInstances);
                } else otherHere++;
              }
            }
            expect(c.usedMilli(d)).toBe(milli);
            expect(compute).toBeLessThanOrEqual(7);
            expect(memory).toBeLessThanOrEqual(8);
            expect(migHere === 0 || otherHere === 0).toBe(true);
          }
        }
        for (const p of live) c.release(p);
        expect(c.freeWholeDevices).toBe(4);
        expect(c.canPlace(mig(g7))).toBe(true);
      }),
    );
  });
});
