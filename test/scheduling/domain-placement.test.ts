/**
 * Domain-aware gang placement (src/model/scheduling/domain-placement.ts): on a pool whose scale-up
 * domains join several nodes (GB200 NVL72: 18 trays of 4 GPUs), a multi-node job goes into the
 * best-fit domain that holds it, else over the fewest domains. Hand examples, then a property against
 * a brute-force minimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, type Placement, type PoolSpec } from '../../src/model/scheduling/index.js';

const trays = (nodes: number, domainNodes = 18): PoolSpec => ({ name: 'nvl72', deviceModel: 'b200-gb200', nodes, devicesPerNode: 4, domainNodes });
const ints = (a: Int32Array): number[] => [...a];
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
/** Occupies whole trays (all 4 devices each). */
const busy = (c: Cluster, nodes: number[]): void => {
  for (const n of nodes) c.occupy({ pool: 0, nodes: Int32Array.of(n), devices: Int32Array.from(range(4 * n, 4 * n + 4)), milli: 1000 });
};
/** Places `devices` whole devices; fails the test when they do not fit. */
const placed = (c: Cluster, devices: number): Placement => {
  const p = c.place({ devices });
  if (!p) throw new Error(`${devices} devices did not fit`);
  return p;
};
const domainsOf = (nodes: Int32Array, d = 18): number[] => [...new Set(ints(nodes).map((n) => Math.floor(n / d)))];

describe('gang jobs on NVL72 trays (36 trays = 2 domains of 18)', () => {
  it('a 16-tray job (64 GPUs) goes inside one domain, and the next one inside the other', () => {
    const c = new Cluster([trays(36)]);
    const a = placed(c, 64);
    expect(ints(a.nodes)).toEqual(range(0, 16));
    expect(ints(a.devices)).toEqual(range(0, 64));
    // Domain 0 has 2 free trays left, domain 1 all 18: the lowest-indexed free trays (16…31) would span both.
    const b = placed(c, 64);
    expect(ints(b.nodes)).toEqual(range(18, 34));
    expect(ints(b.devices)).toEqual(range(72, 136));
  });

  it('with 10 trays busy in domain 0, a 16-tray job goes to domain 1', () => {
    const c = new Cluster([trays(36)]);
    busy(c, range(0, 10));
    const p = placed(c, 64);
    expect(ints(p.nodes)).toEqual(range(18, 34));
  });

  it('best fit: the domain with the fewest free trays that still hold the job', () => {
    const c = new Cluster([trays(36)]);
    busy(c, [20, 25]); // domain 1: 16 free, domain 0: 18 free
    const p = placed(c, 64);
    expect(ints(p.nodes)).toEqual([18, 19, 21, 22, 23, 24, ...range(26, 36)]);
    expect(domainsOf(p.nodes)).toEqual([1]);
  });

  it('a job wider than any free domain spans the fewest domains: the largest first, the rest from the tightest fit', () => {
    // 3 domains with 6, 12 and 10 free trays; a 20-tray job takes domain 1 whole and 8 trays of domain 2.
    const c = new Cluster([trays(54)]);
    busy(c, [...range(0, 12), ...range(18, 24), ...range(36, 44)]);
    const p = placed(c, 80);
    expect(domainsOf(p.nodes)).toEqual([1, 2]);
    expect(ints(p.nodes)).toEqual([...range(24, 36), ...range(44, 52)]);
  });

  it('a partial last trays of a job: whole trays first, the last tray only as many devices as asked', () => {
    const c = new Cluster([trays(36)]);
    busy(c, range(0, 10));
    const p = placed(c, 62); // 16 trays, the last with 2 devices
    expect(ints(p.nodes)).toEqual(range(18, 34));
    expect(p.devices.length).toBe(62);
    expect(ints(p.devices).slice(-2)).toEqual([132, 133]);
  });

  it('a single-tray job keeps the node rule (best-fit node), and feasibility is the node count', () => {
    const c = new Cluster([trays(36)]);
    busy(c, range(0, 30));
    expect(c.canPlace({ devices: 4 * 6 })).toBe(true);
    expect(c.canPlace({ devices: 4 * 7 })).toBe(false);
    expect(ints(placed(c, 2).nodes)).toEqual([30]);
  });

  it('a pool that is not a whole number of domains has a smaller last domain', () => {
    const c = new Cluster([trays(20)]); // domains of 18 and 2 trays
    busy(c, [0]);
    const p = placed(c, 8); // 2 trays: the 2-tray domain is the best fit
    expect(ints(p.nodes)).toEqual([18, 19]);
  });

  it('rejects a domainNodes that is not an integer ≥ 1', () => {
    expect(() => new Cluster([trays(4, 0)])).toThrow(/domainNodes/);
    expect(() => new Cluster([trays(4, 1.5)])).toThrow(/domainNodes/);
  });
});

describe('property: gang jobs span the fewest domains the free trays allow', () => {
  it('takes completely free trays only, ascending, over the brute-force minimum number of domains', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.integer({ min: 2, max: 20 }),
        (d, nodes, busyMask, want) => {
          const c = new Cluster([trays(nodes, d)]);
          busy(
            c,
            range(0, nodes).filter((n) => busyMask[n]),
          );
          const freeBefore = range(0, nodes).filter((n) => c.freeOnNode(n) === 4);
          const p = c.place({ devices: 4 * want });
          if (freeBefore.length < want) {
            expect(p).toBeUndefined();
            return;
          }
          if (!p) throw new Error(`${want} free trays counted but the job was not placed`);
          const got = ints(p.nodes);
          expect(got).toEqual([...got].sort((a, b) => a - b));
          for (const n of got) expect(freeBefore).toContain(n);
          // brute force: the fewest domains whose free trays add up to `want` (largest first is optimal for counts)
          const perDomain = new Map<number, number>();
          for (const n of freeBefore) perDomain.set(Math.floor(n / d), (perDomain.get(Math.floor(n / d)) ?? 0) + 1);
          const sizes = [...perDomain.values()].sort((a, b) => b - a);
          let fewest = 0;
          for (let covered = 0; covered < want; fewest++) covered += sizes[fewest] ?? 0;
          expect(domainsOf(p.nodes, d).length).toBe(fewest);
        },
      ),
    );
  });
});
