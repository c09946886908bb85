/**
 * Priority classes with preemption: exactly the needed victims, in the documented order (lowest
 * priority, then most recently started), with needless ones reprieved; never equal or higher
 * priority; no preemption that would not make the head fit; blocking behind a waiting head.
 */
import { describe, expect, it } from 'vitest';
import { Cluster, PriorityPreemptiveScheduler, type QueuedJob, type RunningJob } from '../../src/model/scheduling/index.js';
import { drive, job, startsOf } from './support/drive.js';

const cluster = (nodes: number, devicesPerNode: number): Cluster => new Cluster([{ name: 'p', deviceModel: 'gpu', nodes, devicesPerNode }]);

describe('priority-preemptive', () => {
  it('preempts exactly the jobs needed, and reprieves one whose devices would not help', () => {
    // 2 nodes × 4.
    // t=0 L1 prio 0, 4 dev → node 0.  t=1 L2 prio 0, 2 dev → node 1 (best fit: only node with ≥ 2).
    // t=2 M  prio 1, 2 dev → node 1 (now full).
    // t=3 H  prio 2, 4 dev: no node has 4 free. Candidates (priority < 2) in preemption order:
    //     L2 (prio 0, started 1), L1 (prio 0, started 0), M (prio 1).
    //     Release L2 → node 1 has 2 free: no. Release L1 → node 0 free: fits. Chosen [L2, L1].
    //     Reprieve in reverse: L2 back → node 0 still free → H still fits → L2 keeps running.
    //     Preempted: L1 only; H starts at 3 on node 0. L1 is re-queued (restarts from scratch).
    // t=13 H ends → L1 restarts on node 0.
    const trace = [job(1, 0, 4, 100), job(2, 1, 2, 100), job(3, 2, 2, 100, { priority: 1 }), job(4, 3, 4, 10, { priority: 2 })];
    const o = drive(new PriorityPreemptiveScheduler(cluster(2, 4)), trace, { preempt: true });
    expect(o.log.filter((e) => e.event === 'preempt')).toEqual([{ t: 3, event: 'preempt', id: 1 }]);
    expect(startsOf(o)).toEqual({ 1: 13, 2: 1, 3: 2, 4: 3 });
    expect([...o.placement.get(4)!.nodes]).toEqual([0]);
  });

  it('takes lowest priority first, then most recently started, and never equal or higher priority', () => {
    // 1 node × 4, all busy: J1 p0 (t0), J2 p0 (t1), J3 p1 (t2), J4 p0 (t3), 1 device each.
    // t=4 H p1 needs 3: candidates are the p0 jobs only (J3 has equal priority):
    //     order J4 (started 3), J2 (1), J1 (0) → release all three → 3 free → fits. None can be
    //     reprieved (each is needed). Preempted in order J4, J2, J1.
    const s = new PriorityPreemptiveScheduler(cluster(1, 4));
    for (const [id, t, prio] of [
      [1, 0, 0],
      [2, 1, 0],
      [3, 2, 1],
      [4, 3, 0],
    ] as const) {
      s.enqueue({ id, submit: t, devices: 1, estimate: 100, priority: prio });
      s.pass(t, () => {});
    }
    const victims: RunningJob[] = [];
    const started: number[] = [];
    s.enqueue({ id: 9, submit: 4, devices: 3, estimate: 10, priority: 1 });
    s.pass(
      4,
      (j) => started.push(j.id),
      (v) => victims.push(v),
    );
    expect(victims.map((v) => [v.job.id, v.start])).toEqual([
      [4, 3],
      [2, 1],
      [1, 0],
    ]);
    expect(started).toEqual([9]);
    expect([...s.runningJobs()].map((r) => r.job.id).sort()).toEqual([3, 9]);
    // An equal-priority arrival cannot preempt anything: J3 (p1) and H (p1) hold all 4.
    s.enqueue({ id: 10, submit: 5, devices: 1, estimate: 1, priority: 1 });
    s.pass(
      5,
      (j) => started.push(j.id),
      (v) => victims.push(v),
    );
    expect([started, victims.length, s.waiting]).toEqual([[9], 3, 1]);
  });

  it('preempts nothing when even all lower-priority jobs would not make room; the head then blocks', () => {
    // 1 node × 5: X p5 2 dev, Y p0 2 dev, 1 free. H p3 needs 4: preempting Y gives 3 < 4 → no
    // preemption. Z p0 1 dev fits in the free device, but waits behind H (blocking).
    const s = new PriorityPreemptiveScheduler(cluster(1, 5));
    const jobs: QueuedJob[] = [
      { id: 1, submit: 0, devices: 2, estimate: 50, priority: 5 },
      { id: 2, submit: 0, devices: 2, estimate: 50, priority: 0 },
    ];
    for (const j of jobs) s.enqueue(j);
    s.pass(0, () => {});
    const events: string[] = [];
    s.enqueue({ id: 3, submit: 1, devices: 4, estimate: 10, priority: 3 });
    s.enqueue({ id: 4, submit: 1, devices: 1, estimate: 10, priority: 0 });
    s.pass(
      1,
      (j) => events.push(`start ${j.id}`),
      (v) => events.push(`preempt ${v.job.id}`),
    );
    expect(events).toEqual([]);
    expect(s.cluster.freeWholeDevices).toBe(1);
    // Once X ends, preempting Y does make room: H starts, then Z fits in what is left.
    s.finish(1);
    s.pass(
      2,
      (j) => events.push(`start ${j.id}`),
      (v) => events.push(`preempt ${v.job.id}`),
    );
    expect(events).toEqual(['preempt 2', 'start 3', 'start 4']);
  });

  it('without a preempt callback it is plain priority order', () => {
    const trace = [job(1, 0, 4, 10), job(2, 1, 4, 10), job(3, 2, 4, 10, { priority: 1 })];
    const o = drive(new PriorityPreemptiveScheduler(cluster(1, 4)), trace);
    expect(startsOf(o)).toEqual({ 1: 0, 3: 10, 2: 20 });
  });

  it('a re-queued victim restarts in the same pass when room is left after the head', () => {
    // 1 node × 4: V p0 3 dev. H p1 2 dev arrives: needs V's devices → V preempted, H starts (2 busy).
    // V (3) is re-queued from the callback and does not fit in the 2 left; W p0 1 dev (submitted
    // after V) does, but V is ahead of it in the queue → FCFS within the class → W waits too.
    const s = new PriorityPreemptiveScheduler(cluster(1, 4));
    s.enqueue({ id: 1, submit: 0, devices: 3, estimate: 100 });
    s.pass(0, () => {});
    s.enqueue({ id: 2, submit: 1, devices: 2, estimate: 10, priority: 1 });
    s.enqueue({ id: 3, submit: 1, devices: 1, estimate: 10 });
    const events: string[] = [];
    s.pass(
      1,
      (j) => events.push(`start ${j.id}`),
      (v) => {
        events.push(`preempt ${v.job.id}`);
        expect(s.enqueue(v.job)).toBeUndefined();
      },
    );
    expect(events).toEqual(['preempt 1', 'start 2']);
    expect(s.waiting).toBe(2);
    // When H ends, V restarts first, then W.
    s.finish(2);
    s.pass(11, (j) => events.push(`start ${j.id}`));
    expect(events.slice(2)).toEqual(['start 1', 'start 3']);
  });
});
