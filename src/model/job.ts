/** One job's life; times in seconds of simulated time, NaN until they happen. */
export interface Job {
  /** unique within a replication, in submission order */
  readonly id: number;
  /** index into scenario.workloads */
  readonly workload: number;
  readonly submit: number;
  readonly devices: number;
  /** seconds it runs once started */
  readonly duration: number;
  start: number;
  end: number;
  /** ids of the devices it holds while running: `pool device index`, 0-based within its pool */
  deviceIds: Int32Array | undefined;
}
