/**
 * Where a replayed job comes from, so a per-job output can be joined with the source log: the trace row's
 * own id and its submit time on the trace's own clock (set by the caller that feeds the trace).
 */
export interface SourceRow {
  /** the trace's own id (SWF job number, Philly `jobid`, …; src/traces readers say which column) */
  readonly id: string;
  /** s, submit as the trace gives it: before any shift or scale, with a timestamp trace's origin added back (Unix seconds) */
  readonly submit: number;
}

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
  /**
   * a trace job's row in its source; undefined for synthetic jobs, whose `id` is all they have (execution
   * sets the field on every job, undefined or not, so all jobs keep one object shape)
   */
  readonly source?: SourceRow | undefined;
  /** seconds of compute once started (a job away from its data stages it in and out on top) */
  readonly duration: number;
  /** seconds the scheduler plans with (user estimate) */
  readonly estimate: number;
  /** tokens a training job trains on (its draw, the same on any hardware); 0 for every other kind of job */
  readonly trainingTokens: number;
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
  /** data the job moves before and after its compute, running away from its data; absent at home */
  readonly staging?: JobStaging | undefined;
  /** when the current run's compute began (after its input arrived); NaN before */
  computeStart: number;
  /** handle of the job's transfer under way on its staging link, -1 when none */
  transfer: number;
}

/** A job running away from its dataset: input in over the link before the run, output back after it. */
export interface JobStaging {
  /** key of the link between the two sites */
  readonly link: string;
  /** the data's site */
  readonly home: string;
  /** the site the job runs on */
  readonly site: string;
  /** bytes */
  readonly input: number;
  /** bytes */
  readonly output: number;
  /** s both ways on an otherwise idle link (what placement and the scheduler plan with) */
  readonly estimate: number;
}
