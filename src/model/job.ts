/** One job's life; times in seconds of simulated time, NaN until they happen. */
export interface Job {
  /** unique within a replication, in submission order */
  readonly id: number;
  /** index into scenario.workloads */
  readonly workload: number;
  /** index of the pool the placement policy sent it to (ReplicationRun's pool order: sites, then pools) */
  readonly pool: number;
  readonly submit: number;
  /** whole devices, or a share of one device (0 < x < 1) */
  readonly devices: number;
  /** seconds it runs once started */
  readonly duration: number;
  /** seconds the scheduler plans with (user estimate) */
  readonly estimate: number;
  /** start of the current (or last) run; a preempted job starts again */
  start: number;
  end: number;
  /** devices held while running: device indices within its pool, 0-based */
  deviceIds: Int32Array | undefined;
  /** engine handle of the pending completion (or failure), -1 when not running */
  completion: number;
  /** s of the job's work still to do (= duration until a failure loses some) */
  remaining: number;
  /** times the job has been interrupted by a failure or a preemption */
  interruptions: number;
}
