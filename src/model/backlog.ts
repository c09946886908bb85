/**
 * A pool's outstanding work as its scheduler plans it (user estimates, not true runtimes), kept as
 * running sums so that the expected wait of a new job costs O(1):
 *   backlog(now) = Σ_waiting d·estimate + Σ_running d·max(0, start + estimate − now)
 * and a new job that cannot start at once waits about backlog / online devices — a fluid
 * approximation (work drains at full use of the pool, in any order). Placement and autoscaling use it;
 * it never decides when a job starts (the scheduler does).
 */
export class Backlog {
  private queuedWork = 0;
  private queuedDevicesSum = 0;
  private runningDevices = 0;
  /** Σ d·(start + estimate) over running jobs */
  private runningEnds = 0;

  get queuedDevices(): number {
    return Math.max(0, this.queuedDevicesSum);
  }

  enqueue(devices: number, estimate: number): void {
    this.queuedWork += devices * estimate;
    this.queuedDevicesSum += devices;
  }

  dequeue(devices: number, estimate: number): void {
    this.queuedWork -= devices * estimate;
    this.queuedDevicesSum -= devices;
  }

  run(devices: number, start: number, estimate: number): void {
    this.runningDevices += devices;
    this.runningEnds += devices * (start + estimate);
  }

  stop(devices: number, start: number, estimate: number): void {
    this.runningDevices -= devices;
    this.runningEnds -= devices * (start + estimate);
  }

  /** Device-seconds of planned work not yet done at `now` (≥ 0). */
  work(now: number): number {
    // Running jobs past their estimate contribute 0 in truth; the sum can only under-count them, so
    // clamp the whole running term (and float drift) at zero.
    return Math.max(0, this.queuedWork) + Math.max(0, this.runningEnds - now * this.runningDevices);
  }

  /** s until `capacity` devices drain the backlog; Infinity with no capacity and work waiting. */
  drainTime(now: number, capacity: number): number {
    const work = this.work(now);
    if (work <= 0) return 0;
    return capacity > 0 ? work / capacity : Infinity;
  }
}
