/**
 * EASY's fast paths give the schedule of the plain ones: the free-device counts at the shadow time
 * (CountingShadow) against the mirror Cluster, and the backfill scan that jumps through the queue
 * index (QueueIndex) against one that visits every waiting job — on generated workloads over pools of
 * one-device nodes and others, with device models and shares, so that the fast paths turn on and off
 * within one run. Also the queue index itself against a linear search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, EasyBackfillScheduler, type PoolSpec } from '../../src/model/scheduling/index.js';
import { JobQueue } from '../../src/model/scheduling/job-queue.js';
import { QueueIndex } from '../../src/model/scheduling/queue-index.js';
import type { Waiting } from '../../src/model/scheduling/queue-scheduler.js';
import { drive, startsOf, type Outcome, type TraceJob } from './support/drive.js';

/** Always the mirror Cluster at the shadow time. */
class EasyMirrorOnly extends EasyBackfillScheduler {
  protected override countable(): boolean {
    return false;
  }
}

/** Visits every waiting job in the backfill scan, as before the queue index. */
class EasyVisitAll extends EasyBackfillScheduler {
  protected override nextCandidate(from: number): number {
    return from;
  }
}

/** Neither fast path. */
class EasyPlain extends EasyMirrorOnly {
  protected override nextCandidate(from: number): number {
    return from;
  }
}

const poolsArb = fc.array(
  fc.record({
    deviceModel: fc.constantFrom('a', 'b'),
    nodes: fc.integer({ min: 1, max: 12 }),
    devicesPerNode: fc.oneof(fc.constant(1), fc.constant(1), fc.integer({ min: 2, max: 4 })),
  }),
  { minLength: 1, maxLength: 3 },
);

const workArb = fc.array(
  fc.record({
    submit: fc.integer({ min: 0, max: 12 }).map((k) => k * 2),
    devices: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0.3, 0.5, 0.7)),
    duration: fc.integer({ min: 0, max: 8 }).map((k) => k * 2),
    // estimates below and above the true duration: jobs that overrun count as ending "now"
    estimate: fc.integer({ min: 0, max: 10 }).map((k) => k * 2),
    model: fc.constantFrom<readonly string[] | undefined>(undefined, undefined, ['a'], ['b']),
  }),
  { maxLength: 40 },
);

function schedule(o: Outcome): [number, number, number[]][] {
  return [...o.start].map(([id, t]) => [id, t, [...(o.placement.get(id)?.devices ?? [])]]);
}

describe('EASY fast paths', () => {
  it('make the same schedule as the mirror and the full scan: same starts, same devices', () => {
    fc.assert(
      fc.property(poolsArb, workArb, (specs, work) => {
        const pools = specs.map((s, i): PoolSpec => ({ name: `p${i}`, ...s }));
        const jobs: TraceJob[] = work
          .map((w, id) => ({ id, submit: w.submit, devices: w.devices, duration: w.duration, estimate: w.estimate, ...(w.model ? { gpuModels: w.model } : {}) }))
          .filter((j) => new Cluster(pools).canEverPlace(j));
        const plain = schedule(drive(new EasyPlain(new Cluster(pools)), jobs));
        expect(schedule(drive(new EasyBackfillScheduler(new Cluster(pools)), jobs))).toEqual(plain);
        expect(schedule(drive(new EasyMirrorOnly(new Cluster(pools)), jobs))).toEqual(plain);
        expect(schedule(drive(new EasyVisitAll(new Cluster(pools)), jobs))).toEqual(plain);
      }),
      { numRuns: 600 },
    );
  });

  it('use the counting view on one-device nodes, where it decides (a long saturated queue)', () => {
    // 40 one-device nodes, whole-device jobs only: the counting view and the index serve every pass.
    const jobs: TraceJob[] = [];
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let id = 0; id < 400; id++) {
      const duration = 1 + Math.floor(rand() * 50);
      jobs.push({ id, submit: Math.floor(id / 3), devices: 1 + Math.floor(rand() ** 3 * 40), duration, estimate: duration + Math.floor(rand() * 60) });
    }
    const pools: PoolSpec[] = [{ name: 'p', deviceModel: 'cpu', nodes: 40, devicesPerNode: 1 }];
    const fast = drive(new EasyBackfillScheduler(new Cluster(pools)), jobs);
    const plain = drive(new EasyPlain(new Cluster(pools)), jobs);
    expect(fast.start.size).toBe(400);
    expect(startsOf(fast)).toEqual(startsOf(plain));
    expect(schedule(fast)).toEqual(schedule(plain));
  });
});

describe('QueueIndex', () => {
  it('finds the first position at or after a start whose size or estimate is at most a bound, as a linear search does', () => {
    const opArb = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('add' as const), submit: fc.integer({ min: 0, max: 30 }), whole: fc.integer({ min: 0, max: 9 }), estimate: fc.integer({ min: 0, max: 20 }) }),
        fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('query' as const), from: fc.nat({ max: 80 }), max: fc.integer({ min: -1, max: 12 }) }),
      ),
      { maxLength: 120 },
    );
    fc.assert(
      fc.property(opArb, (ops) => {
        const q = new JobQueue<Waiting>((a, b) => a.job.submit < b.job.submit || (a.job.submit === b.job.submit && a.job.id < b.job.id));
        const index = new QueueIndex(q);
        q.watch(index);
        let id = 0;
        for (const op of ops) {
          if (op.kind === 'add') {
            const whole = op.whole;
            // whole 0 stands for a share, which the size tree always offers
            const demand = whole > 0 ? { whole, milli: 1000, pools: [0], poolKey: '' } : { whole: 0, milli: 500, pools: [0], poolKey: '' };
            q.insert({ job: { id: id++, submit: op.submit, devices: whole || 0.5, estimate: op.estimate }, demand });
          } else if (op.kind === 'remove') {
            const live: number[] = [];
            for (let i = q.begin; i < q.end; i++) if (q.at(i)) live.push(i);
            if (live.length > 0) q.removeAt(live[op.at % live.length] ?? -1);
          } else {
            const linear = (value: (w: Waiting) => number): number => {
              for (let i = op.from; i < q.end; i++) {
                const w = q.at(i);
                if (w && value(w) <= op.max) return i;
              }
              return -1;
            };
            const size = linear((w) => (w.demand.whole > 0 ? w.demand.whole : -Infinity));
            const estimate = linear((w) => w.job.estimate);
            expect(index.nextBySize(op.from, op.max)).toBe(size);
            expect(index.nextByEstimate(op.from, op.max)).toBe(estimate);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
