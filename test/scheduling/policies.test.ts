/**
 * FCFS and shortest-job-first on a hand-worked trace, the shared scheduler contract (limits,
 * rejections, misuse errors, the typed factory map), and invariants of all four policies on random
 * workloads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster, schedulerKinds, schedulers, type PoolSpec, type Scheduler } from '../../src/model/scheduling/index.js';
import { drive, job, startsOf, type TraceJob } from './support/drive.js';

const oneNode = (devices: number): Cluster => new Cluster([{ name: 'p', deviceModel: 'gpu', nodes: 1, devicesPerNode: devices }]);

// One node of 4 devices. Durations equal estimates.
//   A t=0 3 dev 10 s · B t=1 2 dev 4 s · C t=2 1 dev 6 s · D t=3 4 dev 20 s · E t=4 4 dev 1 s
const trace: TraceJob[] = [job(1, 0, 3, 10), job(2, 1, 2, 4), job(3, 2, 1, 6), job(4, 3, 4, 20), job(5, 4, 4, 1)];

describe('FCFS', () => {
  it('starts in submission order; a blocked head blocks everything behind it', () => {
    // t=0  A starts (free 4→1).
    // t=1  B needs 2, free 1 → waits. t=2 C needs 1 and 1 is free, but B is ahead → waits.
    // t=10 A ends (free 4): B starts (→2), C starts (→1), D needs 4 → blocks D and E.
    // t=14 B ends (free 3). t=16 C ends (free 4): D starts, runs to 36. t=36 E starts.
    const o = drive(schedulers.fcfs(oneNode(4)), trace);
    expect(startsOf(o)).toEqual({ 1: 0, 2: 10, 3: 10, 4: 16, 5: 36 });
  });

  it('equal submit times go by lower id', () => {
    const o = drive(schedulers.fcfs(oneNode(2)), [job(7, 0, 2, 5), job(3, 0, 2, 5)]);
    expect(startsOf(o)).toEqual({ 3: 0, 7: 5 });
  });
});

describe('shortest job first (non-preemptive, blocking)', () => {
  it('orders by estimate; the shortest waiting job blocks longer ones that would fit', () => {
    // t=0  A starts (free 1).
    // t=1  queue [B(4)]: needs 2 → waits.  t=2 queue [B(4), C(6)]: C fits but B is shorter → waits.
    // t=3  [B, C, D(20)]. t=4 [E(1), B(4), C(6), D(20)]: E needs 4 → waits.
    // t=10 A ends (free 4): E starts (→0) and ends at 11.
    // t=11 B starts (→2), C starts (→1), D needs 4 → waits.
    // t=15 B ends (free 3). t=17 C ends (free 4): D starts.
    const o = drive(schedulers['shortest-job-first'](oneNode(4)), trace);
    expect(startsOf(o)).toEqual({ 1: 0, 5: 10, 2: 11, 3: 11, 4: 17 });
  });

  it('equal estimates go by submission, then id', () => {
    const s = schedulers['shortest-job-first'](oneNode(1));
    const o = drive(s, [job(1, 0, 1, 10), job(4, 1, 1, 5), job(3, 2, 1, 5), job(2, 2, 1, 5)]);
    // t=10: all three have estimate 5: job 4 (submit 1), then 2 and 3 (submit 2, by id).
    expect(startsOf(o)).toEqual({ 1: 0, 4: 10, 2: 15, 3: 20 });
  });
});

describe('scheduler contract', () => {
  it('has a factory for every kind', () => {
    for (const kind of schedulerKinds) expect(schedulers[kind](oneNode(1)).kind).toBe(kind);
  });

  it('rejects jobs over the queue limits, invalid requests and requests no node can hold, with reasons', () => {
    const s = schedulers['easy-backfill'](new Cluster([{ name: 'p', deviceModel: 'h100', nodes: 2, devicesPerNode: 8 }]), { limits: { maxDevices: 8, maxRuntime: 3600 } });
    expect(s.enqueue({ id: 1, submit: 0, devices: 16, estimate: 60 })).toMatchObject({ jobId: 1, reason: 'too-many-devices' });
    expect(s.enqueue({ id: 2, submit: 0, devices: 4, estimate: 7200 })?.reason).toBe('runtime-too-long');
    expect(s.enqueue({ id: 3, submit: 0, devices: 2.5, estimate: 60 })?.reason).toBe('invalid-request');
    expect(s.enqueue({ id: 4, submit: 0, devices: 1, estimate: Number.NaN })?.reason).toBe('invalid-request');
    expect(s.enqueue({ id: 5, submit: 0, devices: 1, estimate: 60, gpuModels: ['a100'] })).toMatchObject({ reason: 'never-fits' });
    expect(s.enqueue({ id: 5, submit: 0, devices: 1, estimate: 60, gpuModels: ['a100'] })?.message).toMatch(/job 5: .*a100/);
    expect(s.enqueue({ id: 6, submit: 0, devices: 8, estimate: 3600 })).toBeUndefined();
    expect(s.waiting).toBe(1);
    const unlimited = schedulers.fcfs(new Cluster([{ name: 'p', deviceModel: 'h100', nodes: 2, devicesPerNode: 8 }]));
    expect(unlimited.enqueue({ id: 1, submit: 0, devices: 16, estimate: 1e9 })).toBeUndefined();
    expect(unlimited.enqueue({ id: 2, submit: 0, devices: 17, estimate: 1 })?.reason).toBe('never-fits');
  });

  it('throws on misuse with the offending value', () => {
    const s: Scheduler = schedulers.fcfs(oneNode(2));
    s.enqueue(job(1, 0, 1, 5));
    expect(() => s.enqueue(job(1, 0, 1, 5))).toThrow(/job 1 is already waiting/);
    s.pass(10, () => {});
    expect(() => s.enqueue(job(1, 0, 1, 5))).toThrow(/already running/);
    expect(() => s.pass(9, () => {})).toThrow(/pass at 9 is earlier than the previous pass at 10/);
    expect(() => s.finish(2)).toThrow(/finish\(2\): job is not running/);
    s.enqueue(job(2, 10, 1, 0));
    expect(() => s.pass(10, (j) => s.finish(j.id))).toThrow(/inside a pass/);
  });

  it('remove withdraws a waiting job; finish frees its devices and reports the placement', () => {
    const s = schedulers.fcfs(oneNode(2));
    s.enqueue(job(1, 0, 2, 5));
    s.enqueue(job(2, 0, 2, 5));
    s.enqueue(job(3, 0, 1, 5));
    const started: number[] = [];
    s.pass(0, (j) => started.push(j.id));
    expect(started).toEqual([1]);
    expect(s.remove(2)).toBe(true);
    expect(s.remove(2)).toBe(false);
    expect(s.remove(1)).toBe(false); // running, not waiting
    const r = s.finish(1);
    expect([r.start, r.expectedEnd, [...r.placement.devices]]).toEqual([0, 5, [0, 1]]);
    expect(s.cluster.freeWholeDevices).toBe(2);
    s.pass(5, (j) => started.push(j.id));
    expect(started).toEqual([1, 3]);
    expect([s.waiting, s.running]).toEqual([0, 1]);
  });
});

// ---- invariants on random workloads --------------------------------------------------------------

const clusterArb = fc.array(fc.record({ nodes: fc.integer({ min: 1, max: 4 }), devicesPerNode: fc.integer({ min: 1, max: 8 }), deviceModel: fc.constantFrom('a', 'b') }), {
  minLength: 1,
  maxLength: 2,
});
const workloadArb = fc.array(
  fc.record({
    submit: fc.integer({ min: 0, max: 40 }),
    devices: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constantFrom(0.25, 0.5, 0.46, 0.75)),
    duration: fc.integer({ min: 0, max: 20 }),
    slack: fc.integer({ min: -5, max: 10 }),
    priority: fc.integer({ min: 0, max: 2 }),
    model: fc.constantFrom<readonly string[] | undefined>(undefined, ['a'], ['b']),
  }),
  { maxLength: 30 },
);

describe('all policies on random workloads', () => {
  it('start every admitted job exactly once (after preemptions: once more per preemption), never before submission, never double-booked', () => {
    fc.assert(
      fc.property(clusterArb, workloadArb, fc.constantFrom(...schedulerKinds), (specs, work, kind) => {
        const cluster = new Cluster(specs.map((s, i): PoolSpec => ({ name: `p${i}`, ...s })));
        const s = schedulers[kind](cluster);
        const jobs: TraceJob[] = work.map((w, id) => ({
          id,
          submit: w.submit,
          devices: w.devices,
          duration: w.duration,
          estimate: Math.max(0, w.duration + w.slack),
          priority: w.priority,
          ...(w.model ? { gpuModels: w.model } : {}),
        }));
        const admitted = new Set(jobs.filter((j) => cluster.canEverPlace(j)).map((j) => j.id));
        const o = drive(s, jobs, { preempt: true });
        expect(new Set(o.start.keys())).toEqual(admitted);
        expect(new Set(o.end.keys())).toEqual(admitted);
        const starts = new Map<number, number>();
        for (const e of o.log) if (e.event === 'start') starts.set(e.id, (starts.get(e.id) ?? 0) + 1);
        const preempts = new Map<number, number>();
        for (const e of o.log) if (e.event === 'preempt') preempts.set(e.id, (preempts.get(e.id) ?? 0) + 1);
        for (const id of admitted) expect(starts.get(id)).toBe(1 + (preempts.get(id) ?? 0));
        if (kind !== 'priority-preemptive') expect(preempts.size).toBe(0);
        for (const j of jobs) if (admitted.has(j.id)) expect(o.start.get(j.id)!).toBeGreaterThanOrEqual(j.submit);
        expect([s.waiting, s.running, cluster.freeMilli]).toEqual([0, 0, cluster.deviceCount * 1000]);
        if (kind === 'fcfs') {
          // Starts follow submission order.
          const order = [...admitted].sort((a, b) => jobs[a]!.submit - jobs[b]!.submit || a - b);
          for (let i = 1; i < order.length; i++) expect(o.start.get(order[i]!)!).toBeGreaterThanOrEqual(o.start.get(order[i - 1]!)!);
        }
      }),
      { numRuns: 400 },
    );
  });
});
