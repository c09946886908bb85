/**
 * Placement rules (src/model/scheduling/placement.ts) on hand examples, and properties over random
 * operation sequences: never double-booked, indexes and counters consistent, release restores the
 * state, and every placement equals a brute-force reading of the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, type DeviceRequest, type Placement, type PoolSpec } from '../../src/model/scheduling/index.js';

const pool = (nodes: number, devicesPerNode: number, deviceModel = 'h100-sxm-80gb', name = deviceModel): PoolSpec => ({ name, deviceModel, nodes, devicesPerNode });
const ints = (a: Int32Array): number[] => [...a];

describe('whole devices on one node: best fit', () => {
  it('picks the node with the fewest free devices that still fit, ties to the lowest index', () => {
    const c = new Cluster([pool(3, 4)]);
    // Make free counts [4, 2, 3]: node 1 loses 2 devices, node 2 loses 1.
    c.occupy({ pool: 0, nodes: Int32Array.of(1), devices: Int32Array.of(4, 5), milli: 1000 });
    c.occupy({ pool: 0, nodes: Int32Array.of(2), devices: Int32Array.of(8), milli: 1000 });
    expect([c.freeOnNode(0), c.freeOnNode(1), c.freeOnNode(2)]).toEqual([4, 2, 3]);
    // 2 devices: nodes with ≥ 2 free are 0 (4), 1 (2), 2 (3) → node 1, its lowest free devices 6, 7.
    const a = c.place({ devices: 2 })!;
    expect(ints(a.nodes)).toEqual([1]);
    expect(ints(a.devices)).toEqual([6, 7]);
    // 3 devices: node 2 (3 free) beats node 0 (4 free); devices 9, 10, 11.
    const b = c.place({ devices: 3 })!;
    expect(ints(b.nodes)).toEqual([2]);
    expect(ints(b.devices)).toEqual([9, 10, 11]);
    // 1 device: only node 0 has any.
    expect(ints(c.place({ devices: 1 })!.devices)).toEqual([0]);
    // Tie: fresh cluster, all nodes equal → node 0.
    const fresh = new Cluster([pool(3, 4)]);
    expect(ints(fresh.place({ devices: 3 })!.nodes)).toEqual([0]);
  });

  it('does not place when no single node has enough, even if the total would do', () => {
    const c = new Cluster([pool(2, 4)]);
    c.occupy({ pool: 0, nodes: Int32Array.of(0), devices: Int32Array.of(0, 1), milli: 1000 });
    c.occupy({ pool: 0, nodes: Int32Array.of(1), devices: Int32Array.of(4, 5), milli: 1000 });
    expect(c.freeWholeDevices).toBe(4);
    expect(c.canPlace({ devices: 3 })).toBe(false);
    expect(c.place({ devices: 3 })).toBeUndefined();
    expect(c.canPlace({ devices: 2 })).toBe(true);
  });
});

describe('whole devices across nodes: completely free nodes', () => {
  it('takes ceil(d / devicesPerNode) free nodes; the rest of the last node stays available', () => {
    const c = new Cluster([pool(3, 4)]);
    const big = c.place({ devices: 6 })!;
    expect(ints(big.nodes)).toEqual([0, 1]);
    expect(ints(big.devices)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(c.freeOnNode(1)).toBe(2);
    // A 2-device job goes by best fit to the remainder on node 1, not to free node 2.
    const small = c.place({ devices: 2 })!;
    expect(ints(small.devices)).toEqual([6, 7]);
    expect(c.fullNodeCount(0)).toBe(1);
  });

  it('skips partly used nodes, and fails without enough free nodes', () => {
    const c = new Cluster([pool(4, 4)]);
    c.occupy({ pool: 0, nodes: Int32Array.of(1), devices: Int32Array.of(4), milli: 1000 });
    const big = c.place({ devices: 8 })!;
    expect(ints(big.nodes)).toEqual([0, 2]);
    expect(c.canPlace({ devices: 5 })).toBe(false); // only node 3 is completely free
    expect(c.canPlace({ devices: 4 })).toBe(true);
    expect(c.canEverPlace({ devices: 16 })).toBe(true);
    expect(c.canEverPlace({ devices: 17 })).toBe(false);
  });
});

describe('fractional devices (milli-units)', () => {
  it('shares a device up to 1000 milli, best fit on free milli, then a free device on the fullest node', () => {
    const c = new Cluster([pool(2, 4)]);
    const a = c.place({ devices: 0.46 })!; // all nodes equal → node 0, device 0
    expect([a.milli, ...ints(a.devices)]).toEqual([460, 0]);
    const b = c.place({ devices: 0.46 })!; // device 0 has 540 free ≥ 460 → shares it
    expect(ints(b.devices)).toEqual([0]);
    expect(c.usedMilli(0)).toBe(920);
    // 100 milli: device 0 has only 80 free → a free device on the node with the fewest free whole
    // devices: node 0 (3 free) rather than node 1 (4 free) → device 1.
    const d = c.place({ devices: 0.1 })!;
    expect(ints(d.devices)).toEqual([1]);
    // 80 milli: best fit among partly used: device 0 (80 free) beats device 1 (900 free).
    const e = c.place({ devices: 0.08 })!;
    expect(ints(e.devices)).toEqual([0]);
    expect(c.usedMilli(0)).toBe(1000);
    expect(c.freeMilli).toBe(8000 - 1000 - 100);
    expect(c.freeWholeDevices).toBe(6);
    // Whole-device jobs never take a partly used device: 3 devices fit on node 0 no more (2 free there).
    expect(ints(c.place({ devices: 3 })!.nodes)).toEqual([1]);
    // Release one share: device 0 back to 540 used... and sharing continues.
    c.release(a);
    expect(c.usedMilli(0)).toBe(540);
  });

  it('rounds shares to milli-units and refuses requests that are neither whole nor a share', () => {
    const c = new Cluster([pool(1, 2)]);
    expect(c.demand({ devices: 0.4567 }).milli).toBe(457);
    expect(c.demand({ devices: 0.0001 }).milli).toBe(1);
    expect(() => c.demand({ devices: 1.5 })).toThrow(/integer ≥ 1 or a share/);
    expect(() => c.demand({ devices: 0 })).toThrow(RangeError);
    expect(() => c.demand({ devices: Number.NaN })).toThrow(RangeError);
  });
});

describe('device-model constraints', () => {
  it('places only on pools whose model is listed; best fit spans the allowed pools', () => {
    const c = new Cluster([pool(2, 8, 'a100-sxm4-80gb'), pool(1, 8, 'h100-sxm-80gb'), pool(1, 4, 'h100-sxm-80gb', 'h100-small')]);
    const h = c.place({ devices: 4, gpuModels: ['h100-sxm-80gb'] })!;
    // Allowed nodes: 2 (8 free, pool 1) and 3 (4 free, pool 2) → best fit node 3.
    expect([h.pool, ...ints(h.nodes)]).toEqual([2, 3]);
    const h2 = c.place({ devices: 6, gpuModels: ['h100-sxm-80gb'] })!;
    expect([h2.pool, ...ints(h2.nodes)]).toEqual([1, 2]);
    expect(c.canPlace({ devices: 1, gpuModels: ['h100-sxm-80gb'] })).toBe(true); // node 2 has 2 left
    expect(c.canPlace({ devices: 3, gpuModels: ['h100-sxm-80gb'] })).toBe(false);
    expect(c.canPlace({ devices: 3 })).toBe(true); // A100 nodes are free
    const a = c.place({ devices: 0.5, gpuModels: ['a100-sxm4-80gb'] })!;
    expect(a.pool).toBe(0);
    expect(c.canEverPlace({ devices: 1, gpuModels: ['tpu-v5e'] })).toBe(false);
    expect(c.canEverPlace({ devices: 16, gpuModels: ['a100-sxm4-80gb'] })).toBe(true);
    expect(c.canEverPlace({ devices: 12, gpuModels: ['h100-sxm-80gb'] })).toBe(false);
  });
});

describe('counters', () => {
  it('fragmentation counts free devices on nodes that are not completely free', () => {
    const c = new Cluster([pool(3, 4), pool(1, 8, 'a100')]);
    expect(c.fragmentedDevices).toBe(0);
    c.place({ devices: 1 }); // node 0: 3 free, fragmented
    c.place({ devices: 0.3 }); // shares? no partly used device yet → a free device on node 0 (fewest free) → node 0: 2 whole free
    c.place({ devices: 6, gpuModels: ['a100'] }); // node 3: 2 free, fragmented
    // node 0: 2 fragmented, nodes 1, 2: completely free, node 3: 2 fragmented.
    expect(c.fragmentedDevices).toBe(4);
    expect(c.freeWholeDevices).toBe(2 + 4 + 4 + 2);
    expect(c.busyDevices).toBeCloseTo(1 + 0.3 + 6, 12);
  });

  it('refuses to double-book or to release what is not allocated, leaving the state unchanged', () => {
    const c = new Cluster([pool(1, 2)]);
    const p = c.place({ devices: 0.7 })!;
    expect(() => c.occupy({ pool: 0, nodes: Int32Array.of(0), devices: Int32Array.of(0), milli: 400 })).toThrow(/double booking/);
    expect(() => c.occupy({ pool: 0, nodes: Int32Array.of(0), devices: Int32Array.of(1, 1), milli: 400 })).toThrow(/distinct and ascending/);
    expect(() => c.release({ pool: 0, nodes: Int32Array.of(0), devices: Int32Array.of(1), milli: 1000 })).toThrow(/not allocated/);
    expect(c.usedMilli(0)).toBe(700);
    expect(c.usedMilli(1)).toBe(0);
    c.release(p);
    expect(c.freeMilli).toBe(2000);
  });
});

// ---- properties -------------------------------------------------------------------------------------

const poolsArb = fc.array(fc.record({ nodes: fc.integer({ min: 1, max: 4 }), devicesPerNode: fc.integer({ min: 1, max: 5 }), deviceModel: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 3 });
const requestArb: fc.Arbitrary<DeviceRequest> = fc.record(
  {
    devices: fc.oneof(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 999 }).map((m) => m / 1000),
    ),
    gpuModels: fc.constantFrom<readonly string[]>(['a'], ['b'], ['a', 'b']),
  },
  { requiredKeys: ['devices'] },
);
/** op: place a request, or release the k-th live placement (mod count) */
const opsArb = fc.array(
  fc.oneof(
    requestArb.map((r) => ({ place: r })),
    fc.nat().map((k) => ({ release: k })),
  ),
  { maxLength: 40 },
);

interface Snapshot {
  used: number[];
  nodeFree: number[];
  freeWhole: number;
  freeMilli: number;
  fragmented: number;
}

function snapshot(c: Cluster): Snapshot {
  const used = Array.from({ length: c.deviceCount }, (_, d) => c.usedMilli(d));
  const nodeFree = Array.from({ length: c.nodeCount }, (_, n) => c.freeOnNode(n));
  return { used, nodeFree, freeWhole: c.freeWholeDevices, freeMilli: c.freeMilli, fragmented: c.fragmentedDevices };
}

/** Everything derivable from per-device use, computed plainly; must equal the indexed state. */
function checkConsistent(c: Cluster, live: readonly Placement[]): void {
  const expectUsed = new Array<number>(c.deviceCount).fill(0);
  for (const p of live) for (const d of p.devices) expectUsed[d]! += p.milli;
  let freeWhole = 0;
  let fragmented = 0;
  for (const pl of c.pools) {
    for (let n = pl.firstNode; n < pl.firstNode + pl.nodes; n++) {
      let free = 0;
      for (let k = 0; k < pl.devicesPerNode; k++) {
        const d = pl.firstDevice + (n - pl.firstNode) * pl.devicesPerNode + k;
        expect(c.usedMilli(d)).toBe(expectUsed[d]);
        expect(expectUsed[d]).toBeLessThanOrEqual(1000);
        if (expectUsed[d] === 0) free++;
      }
      expect(c.freeOnNode(n)).toBe(free);
      freeWhole += free;
      if (free < pl.devicesPerNode) fragmented += free;
    }
  }
  expect(c.freeWholeDevices).toBe(freeWhole);
  expect(c.fragmentedDevices).toBe(fragmented);
  expect(c.freeMilli).toBe(c.deviceCount * 1000 - expectUsed.reduce((a, b) => a + b, 0));
}

/** The rules of placement.ts read plainly: brute force over nodes and devices. */
function referencePlace(c: Cluster, r: DeviceRequest): { nodes: number[]; devices: number[] } | undefined {
  const pools = c.pools.filter((p) => r.gpuModels === undefined || r.gpuModels.includes(p.deviceModel));
  const nodesOf = (p: (typeof pools)[number]) => Array.from({ length: p.nodes }, (_, i) => p.firstNode + i);
  const devicesOf = (p: (typeof pools)[number], n: number) => Array.from({ length: p.devicesPerNode }, (_, k) => p.firstDevice + (n - p.firstNode) * p.devicesPerNode + k);
  const freeDevs = (p: (typeof pools)[number], n: number) => devicesOf(p, n).filter((d) => c.usedMilli(d) === 0);
  if (r.devices < 1) {
    const m = Math.min(1000, Math.max(1, Math.round(r.devices * 1000)));
    let best: { free: number; d: number; n: number } | undefined;
    for (const p of pools) {
      for (const n of nodesOf(p)) {
        for (const d of devicesOf(p, n)) {
          const u = c.usedMilli(d);
          if (u > 0 && u < 1000 && 1000 - u >= m && (!best || 1000 - u < best.free || (1000 - u === best.free && d < best.d))) best = { free: 1000 - u, d, n };
        }
      }
    }
    if (best) return { nodes: [best.n], devices: [best.d] };
    let bn: { free: number; n: number; p: (typeof pools)[number] } | undefined;
    for (const p of pools)
      for (const n of nodesOf(p)) {
        const f = freeDevs(p, n).length;
        if (f >= 1 && (!bn || f < bn.free || (f === bn.free && n < bn.n))) bn = { free: f, n, p };
      }
    return bn ? { nodes: [bn.n], devices: [freeDevs(bn.p, bn.n)[0]!] } : undefined;
  }
  const w = r.devices;
  let bn: { free: number; n: number; p: (typeof pools)[number] } | undefined;
  for (const p of pools) {
    if (w > p.devicesPerNode) continue;
    for (const n of nodesOf(p)) {
      const f = freeDevs(p, n).length;
      if (f >= w && (!bn || f < bn.free || (f === bn.free && n < bn.n))) bn = { free: f, n, p };
    }
  }
  if (bn) return { nodes: [bn.n], devices: freeDevs(bn.p, bn.n).slice(0, w) };
  for (const p of pools) {
    if (w <= p.devicesPerNode) continue;
    const full = nodesOf(p).filter((n) => freeDevs(p, n).length === p.devicesPerNode);
    const k = Math.ceil(w / p.devicesPerNode);
    if (full.length < k) continue;
    const nodes = full.slice(0, k);
    return { nodes, devices: nodes.flatMap((n) => devicesOf(p, n)).slice(0, w) };
  }
  return undefined;
}

describe('placement properties', () => {
  it('never double-books; indexes and counters match a plain recount; placements follow the rules', () => {
    fc.assert(
      fc.property(poolsArb, opsArb, (specs, ops) => {
        const c = new Cluster(specs.map((s, i) => ({ name: `p${i}`, ...s })));
        const live: Placement[] = [];
        for (const op of ops) {
          if ('place' in op) {
            const expected = referencePlace(c, op.place);
            expect(c.canPlace(op.place)).toBe(expected !== undefined);
            const p = c.place(op.place);
            expect(p && { nodes: ints(p.nodes), devices: ints(p.devices) }).toEqual(expected);
            if (p) live.push(p);
          } else if (live.length > 0) {
            const [p] = live.splice(op.release % live.length, 1);
            c.release(p!);
          }
          checkConsistent(c, live);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('follows the rules on clusters with many nodes (bucket bitsets beyond one word)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 33, max: 90 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.oneof(
            requestArb.map((r) => ({ place: { devices: r.devices } })),
            fc.nat().map((k) => ({ release: k })),
          ),
          { maxLength: 120 },
        ),
        (nodes, dpn, ops) => {
          const c = new Cluster([{ name: 'big', deviceModel: 'a', nodes, devicesPerNode: dpn }]);
          const live: Placement[] = [];
          for (const op of ops) {
            if ('place' in op) {
              const expected = referencePlace(c, op.place);
              const p = c.place(op.place);
              expect(p && { nodes: ints(p.nodes), devices: ints(p.devices) }).toEqual(expected);
              if (p) live.push(p);
            } else if (live.length > 0) c.release(live.splice(op.release % live.length, 1)[0]!);
          }
          checkConsistent(c, live);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('release restores the exact state; releasing everything restores a pristine cluster', () => {
    fc.assert(
      fc.property(poolsArb, opsArb, requestArb, (specs, ops, extra) => {
        const c = new Cluster(specs.map((s, i) => ({ name: `p${i}`, ...s })));
        const pristine = snapshot(c);
        const live: Placement[] = [];
        for (const op of ops) {
          if ('place' in op) {
            const p = c.place(op.place);
            if (p) live.push(p);
          } else if (live.length > 0) c.release(live.splice(op.release % live.length, 1)[0]!);
        }
        const before = snapshot(c);
        const version = c.version;
        const p = c.place(extra);
        if (p) {
          c.release(p);
          expect(c.version).toBe(version + 2);
        }
        expect(snapshot(c)).toEqual(before);
        // A clone is independent and equal.
        const copy = c.clone();
        expect(snapshot(copy)).toEqual(before);
        for (const q of live) c.release(q);
        expect(snapshot(c)).toEqual(pristine);
        expect(snapshot(copy)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
