/**
 * EASY backfilling: hand-worked traces with exact start times, exact agreement with a plain
 * textbook reference (device counts, one pool) on generated workloads, and the reservation guarantee
 * on clusters with whole-node placement.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, EasyBackfillScheduler, type Placement, type PoolSpec, type QueuedJob } from '../../src/model/scheduling/index.js';
import { drive, job, startsOf, type Driven, type TraceJob } from './support/drive.js';

const cluster = (nodes: number, devicesPerNode: number): Cluster => new Cluster([{ name: 'p', deviceModel: 'gpu', nodes, devicesPerNode }]);

/**
 * Textbook EASY (Mu'alem & Feitelson 2001) on a pool of `total` interchangeable devices, written as
 * plainly as possible. Rules as documented in easy-backfill.ts: expected end max(start + estimate,
 * now); at the shadow time every job with expected end ≤ shadow counts as gone; backfill if it fits
 * now and (ends by the shadow time, tested first) or (size ≤ extra, which it then consumes).
 */
class ReferenceEasy implements Driven {
  private queue: QueuedJob[] = [];
  private running: { job: QueuedJob; start: number }[] = [];
  readonly shadows: { jobId: number; shadow: number }[] = [];

  constructor(private readonly total: number) {}

  enqueue(job: QueuedJob): void {
    this.queue.push(job);
    this.queue.sort((a, b) => a.submit - b.submit || a.id - b.id);
  }

  finish(jobId: number): void {
    this.running = this.running.filter((r) => r.job.id !== jobId);
  }

  pass(now: number, start: (job: QueuedJob, placement: Placement) => void): void {
    const noPlacement = { pool: 0, nodes: new Int32Array(0), devices: new Int32Array(0), milli: 1000 };
    let free = this.total - this.running.reduce((sum, r) => sum + r.job.devices, 0);
    const run = (j: QueuedJob): void => {
      this.queue = this.queue.filter((q) => q !== j);
      this.running.push({ job: j, start: now });
      free -= j.devices;
      start(j, noPlacement);
    };
    while (this.queue.length > 0 && this.queue[0]!.devices <= free) run(this.queue[0]!);
    const head = this.queue[0];
    if (!head) return;
    const ends = this.running.map((r) => ({ end: Math.max(r.start + r.job.estimate, now), size: r.job.devices })).sort((a, b) => a.end - b.end);
    let shadow = Infinity;
    let avail = free;
    for (const e of ends) {
      avail += e.size;
      if (avail >= head.devices) {
        shadow = e.end;
        break;
      }
    }
    const freeAtShadow = free + ends.filter((e) => e.end <= shadow).reduce((sum, e) => sum + e.size, 0);
    let extra = freeAtShadow - head.devices;
    this.shadows.push({ jobId: head.id, shadow });
    for (const j of this.queue.slice(1)) {
      if (j.devices > free) continue;
      if (now + j.estimate <= shadow) run(j);
      else if (j.devices <= extra) {
        run(j);
        extra -= j.devices;
      }
    }
  }
}

describe('EASY backfill, hand-worked (one node of 10 devices = the textbook device count)', () => {
  // A t=0 6 dev est 10 ran 9 · B t=1 8 dev est 10 · C t=2 2 dev est 5 · D t=3 2 dev est 20
  // E t=4 1 dev est 5 · F t=5 2 dev est 3 ran 1
  const trace: TraceJob[] = [
    job(1, 0, 6, 9, { estimate: 10 }), // A
    job(2, 1, 8, 10), // B
    job(3, 2, 2, 5), // C
    job(4, 3, 2, 20), // D
    job(5, 4, 1, 5), // E
    job(6, 5, 2, 1, { estimate: 3 }), // F
  ];
  // t=0  A starts (free 10→4).
  // t=1  B (head) needs 8 > 4. Reservation: A expected to end at 10 → 4+6 = 10 ≥ 8: shadow 10, extra 2.
  // t=2  C: fits (2 ≤ 4) and 2+5 = 7 ≤ 10 → backfills because it ends before the shadow (free 2).
  // t=3  D: shadow again 10 (C ends 7: 2+2 = 4 < 8; A at 10: 10 ≥ 8), extra 10−8 = 2.
  //      3+20 = 23 > 10, but 2 ≤ extra 2 → backfills on the extra devices although it ends later (free 0).
  // t=4  E, t=5 F: nothing free.
  // t=7  C ends (free 2). Shadow: A at 10 → 2+6 = 8 ≥ 8: shadow 10, extra 0 (D keeps 2 past it).
  //      E: fits, but 7+5 = 12 > 10 and 1 > extra 0 → would delay B: must not start.
  //      F: 7+3 = 10 ≤ 10 → backfills (ends exactly at the shadow time) (free 0).
  // t=8  F ends early (ran 1 of 3 estimated): a pass at that completion. Free 2; shadow 10, extra 0;
  //      E: 8+5 = 13 > 10 → still waits.
  // t=9  A ends early (9 < 10): free 8 → B starts at 9, before its shadow time. E: nothing free.
  // t=19 B ends → E starts.
  const expected = { 1: 0, 2: 9, 3: 2, 4: 3, 5: 19, 6: 7 };

  it('backfills before the shadow, on extra devices, refuses a job that would delay the head, reacts to early ends', () => {
    const s = new EasyBackfillScheduler(cluster(1, 10));
    const o = drive(s, trace);
    expect(startsOf(o)).toEqual(expected);
    expect(o.passes).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9, 19, 23, 24]);
  });

  it('the plain reference gives the same schedule', () => {
    expect(startsOf(drive(new ReferenceEasy(10), trace))).toEqual(expected);
  });

  it('one device per node gives the same schedule (multi-node jobs take free nodes)', () => {
    expect(startsOf(drive(new EasyBackfillScheduler(cluster(10, 1)), trace))).toEqual(expected);
  });
});

describe('EASY backfill: jobs ending together at the shadow time', () => {
  it('counts every job ending at the shadow time as gone, so their devices are extra', () => {
    // One node × 10. t=0 A 4 dev est 10, B 4 dev est 10 (free 2).
    // t=1 C (head) 5 dev > 2. Walk: A ends 10 → 2+4 = 6 ≥ 5 → shadow 10; B also ends at 10, so it
    //     is gone at the shadow time too: free at 10 = 10, extra 10−5 = 5.
    // t=2 D 2 dev est 100: 2+100 > 10, but 2 ≤ extra 5 → backfills. (Stopping the walk at A would
    //     give extra 1 and refuse D.)
    const trace = [job(1, 0, 4, 10), job(2, 0, 4, 10), job(3, 1, 5, 10), job(4, 2, 2, 100)];
    const expected = { 1: 0, 2: 0, 3: 10, 4: 2 };
    expect(startsOf(drive(new EasyBackfillScheduler(cluster(1, 10)), trace))).toEqual(expected);
    expect(startsOf(drive(new ReferenceEasy(10), trace))).toEqual(expected);
  });
});

describe('EASY backfill with whole-node reservations', () => {
  it('protects the free nodes a multi-node head needs at the shadow time', () => {
    // 3 nodes × 4 devices.
    // t=0  A 4 dev est 10 → node 0 (all equal, lowest). B 2 dev est 100 → best fit: node 1 (free 4→2).
    // t=1  C 8 dev = 2 whole free nodes; only node 2 is free → blocked.
    //      Shadow: A ends at 10 → nodes 0 and 2 free → shadow 10.
    // t=2  D 2 dev est 100: best fit puts it on node 1 (2 free) → at 10 nodes 0 and 2 are still free
    //      → backfills (the textbook count agrees: free at 10 = 12−2 = 10, extra 2).
    // t=3  E 1 dev est 100: best fit now = node 2 (node 1 is full) → at 10 only node 0 would be free
    //      → C would not fit → refused.
    // t=4  F 4 dev est 6: node 2, 4+6 = 10 ≤ 10 → backfills (gone by the shadow time).
    // t=10 A and F end: C starts on nodes 0 and 2. E: node 1 is full → waits.
    // t=20 C ends → E starts (best fit: nodes 0 and 2 both free → node 0).
    const trace = [job(1, 0, 4, 10), job(2, 0, 2, 100), job(3, 1, 8, 10), job(4, 2, 2, 100), job(5, 3, 1, 100), job(6, 4, 4, 6)];
    const s = new EasyBackfillScheduler(cluster(3, 4));
    const o = drive(s, trace);
    expect(startsOf(o)).toEqual({ 1: 0, 2: 0, 3: 10, 4: 2, 5: 20, 6: 4 });
    const nodes = (id: number) => [...o.placement.get(id)!.nodes];
    expect([nodes(1), nodes(2), nodes(3), nodes(4), nodes(5), nodes(6)]).toEqual([[0], [1], [0, 2], [1], [0], [2]]);
  });

  it('keeps a single-node head its node even when the device count would allow a backfill', () => {
    // 3 nodes × 4. A 4 dev est 10 on node 0; B1, B2 3 dev est 100 on nodes 1, 2 (1 free each).
    // C (head) 4 dev needs a whole node → shadow 10 (node 0). Textbook extra: (12−6)−4 = 2, so a
    // device-count EASY would backfill D (2 dev, est 100) — but no node has 2 free devices now, so
    // D cannot be placed at all; G (1 dev, est 100) goes by best fit to node 1 and does not touch
    // node 0 → backfills.
    const trace = [job(1, 0, 4, 10), job(2, 0, 3, 100), job(3, 0, 3, 100), job(4, 1, 4, 10), job(5, 2, 2, 100), job(6, 3, 1, 100)];
    const o = drive(new EasyBackfillScheduler(cluster(3, 4)), trace);
    expect(o.start.get(6)).toBe(3);
    expect([...o.placement.get(6)!.nodes]).toEqual([1]);
    expect(o.start.get(4)).toBe(10);
    // D (2 dev) needs 2 free on one node: only when C leaves node 0 at 20.
    expect(o.start.get(5)).toBe(20);
  });
});

// ---- property: exact agreement with the textbook reference -----------------------------------------

/** Times are multiples of `step`: coarse steps make simultaneous events and equal ends common. */
const workloadArb = (maxDevices: number, step: number) =>
  fc.array(
    fc.record({
      submit: fc.integer({ min: 0, max: Math.floor(30 / step) }).map((k) => k * step),
      devices: fc.integer({ min: 1, max: maxDevices }),
      duration: fc.integer({ min: 0, max: Math.floor(15 / step) }).map((k) => k * step),
      // exact, over-estimated (ends early) or under-estimated (overdue → counts as ending now)
      estimate: fc.oneof(
        fc.constant<'exact'>('exact'),
        fc.integer({ min: 0, max: Math.floor(25 / step) }).map((k) => k * step),
      ),
    }),
    { maxLength: 25 },
  );

const toJobs = (work: { submit: number; devices: number; duration: number; estimate: number | 'exact' }[]): TraceJob[] =>
  work.map((w, id) => ({ id, submit: w.submit, devices: w.devices, duration: w.duration, estimate: w.estimate === 'exact' ? w.duration : w.estimate }));

describe('EASY backfill = textbook reference on device counts', () => {
  it('same start times on one node of N devices and on N nodes of one device', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.oneof(workloadArb(n, 1), workloadArb(n, 5)))),
        ([n, work]) => {
          const jobs = toJobs(work);
          const reference = startsOf(drive(new ReferenceEasy(n), jobs));
          expect(startsOf(drive(new EasyBackfillScheduler(cluster(1, n)), jobs))).toEqual(reference);
          expect(startsOf(drive(new EasyBackfillScheduler(cluster(n, 1)), jobs))).toEqual(reference);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('EASY reservation guarantee with node placement', () => {
  it('with exact estimates, no job starts later than any shadow time computed for it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({ submit: fc.integer({ min: 0, max: 30 }), devices: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0.3, 0.5, 0.8)), duration: fc.integer({ min: 1, max: 15 }) }),
          {
            maxLength: 25,
          },
        ),
        (nodes, dpn, work) => {
          const c = cluster(nodes, dpn);
          const jobs = work.map((w, id) => ({ ...w, id, estimate: w.duration })).filter((j) => c.canEverPlace(j));
          const s = new EasyBackfillScheduler(c);
          const shadows = new Map<number, number>();
          const wrapped: Driven = {
            enqueue: (j) => s.enqueue(j),
            finish: (id) => s.finish(id),
            pass: (now, start) => {
              s.pass(now, start);
              const r = s.reservation;
              if (r && r.at === now) shadows.set(r.jobId, Math.min(r.shadow, shadows.get(r.jobId) ?? Infinity));
            },
          };
          const o = drive(wrapped, jobs);
          for (const [id, shadow] of shadows) expect(o.start.get(id)!).toBeLessThanOrEqual(shadow);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Recomputes the reservation and rescans the whole queue on every pass. */
class EasyWithoutReuse extends EasyBackfillScheduler {
  protected override reusable(): boolean {
    return false;
  }
}

describe('EASY reuse of the previous reservation', () => {
  it('rescans earlier candidates after a pass that started something (best fit may have moved)', () => {
    // 3 nodes × 4.
    // t=0 P 4 dev (ends 1) → node 0; B 2 dev long → node 1; B' 2 dev (ends 2) → node 1; Q 4 dev long → node 2.
    // t=1 P ends; A 2 dev est 10 → node 0 (the only node with ≥ 2 free), ends 11.  t=2 B' ends: node 1 has 2 free.
    // t=3 H 4 dev (head): no node has 4 free. Walk: A ends 11 → node 0 free → shadow 11.
    //     J1 2 dev est 100: best fit ties nodes 0 and 1 (2 free each) → node 0, which H needs → refused.
    //     J2 2 dev est 5: 3+5 ≤ 11 → node 0 → starts (gone by the shadow time).
    // t=4 K arrives (4 dev, cannot be placed). Same head, same cluster: the reservation is reused, but
    //     since J2 started after J1 was judged, J1 is judged again: best fit is now node 1, which H
    //     does not need → J1 starts at 4.
    // t=11 A ends → H starts on node 0. t=21 H ends → K starts on node 0.
    const trace = [job(1, 0, 4, 1), job(2, 0, 2, 100), job(3, 0, 2, 2), job(4, 0, 4, 100), job(5, 1, 2, 10), job(6, 3, 4, 10), job(7, 3, 2, 100), job(8, 3, 2, 5), job(9, 4, 4, 1, { estimate: 100 })];
    const expected = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 11, 7: 4, 8: 3, 9: 21 };
    const o = drive(new EasyBackfillScheduler(cluster(3, 4)), trace);
    expect(startsOf(o)).toEqual(expected);
    expect([...o.placement.get(7)!.nodes]).toEqual([1]);
    expect(startsOf(drive(new EasyWithoutReuse(cluster(3, 4)), trace))).toEqual(expected);
  });

  it('decides exactly as recomputing everything on every pass (multi-pool, shares, model constraints)', () => {
    const poolsArb = fc.array(fc.record({ nodes: fc.integer({ min: 1, max: 4 }), devicesPerNode: fc.integer({ min: 1, max: 4 }), deviceModel: fc.constantFrom('a', 'b') }), {
      minLength: 1,
      maxLength: 2,
    });
    const workArb = fc.array(
      fc.record({
        submit: fc.integer({ min: 0, max: 8 }).map((k) => k * 3),
        devices: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(0.3, 0.5, 0.8)),
        duration: fc.integer({ min: 0, max: 6 }).map((k) => k * 3),
        estimate: fc.integer({ min: 0, max: 8 }).map((k) => k * 3),
        model: fc.constantFrom<readonly string[] | undefined>(undefined, ['a'], ['b']),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(poolsArb, workArb, (specs, work) => {
        const pools = specs.map((s, i): PoolSpec => ({ name: `p${i}`, ...s }));
        const jobs: TraceJob[] = work.map((w, id) => ({ id, submit: w.submit, devices: w.devices, duration: w.duration, estimate: w.estimate, ...(w.model ? { gpuModels: w.model } : {}) }));
        const a = drive(
          new EasyBackfillScheduler(new Cluster(pools)),
          jobs.filter((j) => new Cluster(pools).canEverPlace(j)),
        );
        const b = drive(
          new EasyWithoutReuse(new Cluster(pools)),
          jobs.filter((j) => new Cluster(pools).canEverPlace(j)),
        );
        expect(startsOf(a)).toEqual(startsOf(b));
        expect([...a.placement].map(([id, p]) => [id, [...p.devices]])).toEqual([...b.placement].map(([id, p]) => [id, [...p.devices]]));
      }),
      { numRuns: 1000 },
    );
  });
});
