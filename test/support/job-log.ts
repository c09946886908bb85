/**
 * Records every job start and end that `simulate` reports through `onJob`, one log per replication
 * (split by `onProgress`), and checks while recording what can only be seen live:
 *   - each job starts at most once and ends at most once, and only after it started;
 *   - the events come in non-decreasing time order;
 *   - a starting job gets exactly `devices` distinct device indices in [0, pool devices), each free
 *     at that moment (no device is double-booked), so busy devices never exceed the pool.
 * A violation is kept as a message (throwing inside the simulator's callback would be reported as a
 * simulator error) and `problems` is asserted empty by the tests.
 */
import type { Job } from '../../src/model/job.js';
import type { ResolvedScenario as Scenario } from '../../src/scenario/scenario.js';
import type { SimulateOptions } from '../../src/simulate/simulate.js';

export interface JobRecord {
  readonly id: number;
  readonly workload: number;
  readonly pool: string;
  readonly submit: number;
  readonly devices: number;
  readonly duration: number;
  start: number;
  /** NaN while running */
  end: number;
  readonly deviceIds: readonly number[];
  /** index of the start event in the replication's event sequence */
  readonly startSeq: number;
}

interface PoolLive {
  readonly capacity: number;
  /** owner job id per device index, -1 when free */
  readonly owner: Int32Array;
  busy: number;
  maxBusy: number;
}

export class ReplicationLog {
  readonly jobs = new Map<number, JobRecord>();
  readonly problems: string[] = [];
  readonly pools = new Map<string, PoolLive>();
  private lastTime = -Infinity;
  private seq = 0;

  constructor(scenario: Scenario) {
    for (const site of scenario.sites) {
      for (const pool of site.pools) {
        this.pools.set(pool.id, { capacity: pool.deviceCount, owner: new Int32Array(pool.deviceCount).fill(-1), busy: 0, maxBusy: 0 });
      }
    }
  }

  /** Jobs in submission (id) order. */
  sorted(): JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => a.id - b.id);
  }

  maxBusy(pool: string): number {
    return this.pools.get(pool)!.maxBusy;
  }

  private fail(message: string): void {
    if (this.problems.length < 20) this.problems.push(message);
  }

  record(event: 'start' | 'end', job: Job, poolId: string): void {
    const pool = this.pools.get(poolId);
    if (!pool) return this.fail(`job ${job.id}: unknown pool ${poolId}`);
    const time = event === 'start' ? job.start : job.end;
    if (!(time >= this.lastTime)) this.fail(`job ${job.id} ${event} at ${time} after an event at ${this.lastTime}`);
    this.lastTime = time;
    const seq = this.seq++;

    if (event === 'start') {
      if (this.jobs.has(job.id)) return this.fail(`job ${job.id} started twice`);
      if (!(job.start >= job.submit)) this.fail(`job ${job.id} started at ${job.start} before its submission at ${job.submit}`);
      const ids = job.deviceIds ? Array.from(job.deviceIds) : [];
      if (ids.length !== job.devices) this.fail(`job ${job.id} asked for ${job.devices} devices and got ${ids.length}`);
      if (new Set(ids).size !== ids.length) this.fail(`job ${job.id} got a device twice: ${ids.join(',')}`);
      for (const d of ids) {
        if (!(Number.isInteger(d) && d >= 0 && d < pool.capacity)) {
          this.fail(`job ${job.id} got device ${d} outside [0, ${pool.capacity})`);
          continue;
        }
        if (pool.owner[d] !== -1) this.fail(`job ${job.id} got device ${d} while job ${pool.owner[d]} holds it (t=${time})`);
        pool.owner[d] = job.id;
      }
      pool.busy += job.devices;
      if (pool.busy > pool.capacity) this.fail(`pool ${poolId}: ${pool.busy} devices busy of ${pool.capacity}`);
      pool.maxBusy = Math.max(pool.maxBusy, pool.busy);
      this.jobs.set(job.id, {
        id: job.id,
        workload: job.workload,
        pool: poolId,
        submit: job.submit,
        devices: job.devices,
        duration: job.duration,
        start: job.start,
        end: NaN,
        deviceIds: ids,
        startSeq: seq,
      });
    } else {
      const rec = this.jobs.get(job.id);
      if (!rec) return this.fail(`job ${job.id} ended without starting`);
      if (!Number.isNaN(rec.end)) return this.fail(`job ${job.id} ended twice`);
      if (rec.pool !== poolId) this.fail(`job ${job.id} started in ${rec.pool} and ended in ${poolId}`);
      if (job.end !== rec.start + rec.duration) this.fail(`job ${job.id} ended at ${job.end}, not start + duration = ${rec.start + rec.duration}`);
      rec.end = job.end;
      for (const d of rec.deviceIds) {
        if (pool.owner[d] !== job.id) this.fail(`job ${job.id} ended holding device ${d}, owned by ${pool.owner[d]}`);
        pool.owner[d] = -1;
      }
      pool.busy -= rec.devices;
    }
  }
}

/** Hooks for `simulate` that fill one ReplicationLog per replication. */
export class JobRecorder {
  readonly replications: ReplicationLog[];

  constructor(private readonly scenario: Scenario) {
    this.replications = [new ReplicationLog(scenario)];
  }

  get options(): Pick<SimulateOptions, 'onJob' | 'onProgress'> {
    return {
      onJob: (event, job, pool) => this.replications[this.replications.length - 1]!.record(event, job, pool),
      onProgress: (done, total) => {
        if (done < total) this.replications.push(new ReplicationLog(this.scenario));
      },
    };
  }
}
