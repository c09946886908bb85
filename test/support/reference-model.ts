/**
 * An independent reference for the batch model: strict FCFS gang scheduling computed directly from
 * each job's submission time, device count and duration (no event calendar), and every per-replication
 * figure the simulator reports, computed from the resulting start/end times by plain sums.
 *
 * FCFS with gang allocation means: jobs of a pool start in submission order, and job i starts at the
 * earliest t ≥ max(submit_i, start_{i−1}) at which the devices held by earlier jobs (intervals
 * [start, end), so a device freed at t is free at t) leave room for it. The simulator's same-time
 * contract (completions before arrivals) is what makes that half-open convention exact.
 */

export interface JobInput {
  readonly id: number;
  readonly workload: number;
  readonly pool: string;
  readonly submit: number;
  readonly devices: number;
  readonly duration: number;
}

export interface RefJob extends JobInput {
  /** NaN when the job has not started by the horizon */
  readonly start: number;
  /** start + duration (may lie beyond the horizon); NaN when not started */
  readonly finish: number;
}

/** Start times under strict FCFS gang scheduling, pool by pool. */
export function referenceFcfs(jobs: readonly JobInput[], capacity: ReadonlyMap<string, number>, horizon: number): RefJob[] {
  const out: RefJob[] = [];
  const byPool = new Map<string, JobInput[]>();
  for (const j of jobs) byPool.set(j.pool, [...(byPool.get(j.pool) ?? []), j]);
  for (const [pool, list] of byPool) {
    const c = capacity.get(pool);
    if (c === undefined) throw new Error(`unknown pool ${pool}`);
    list.sort((a, b) => a.id - b.id);
    let running: { finish: number; devices: number }[] = [];
    let previousStart = -Infinity;
    let blocked = false;
    for (const j of list) {
      if (j.devices > c) throw new Error(`job ${j.id} cannot fit in ${pool}`);
      if (blocked) {
        out.push({ ...j, start: NaN, finish: NaN });
        continue;
      }
      let t = Math.max(j.submit, previousStart);
      // t never decreases from one job to the next, so jobs finished by t are gone for good.
      running = running.filter((r) => r.finish > t);
      for (;;) {
        let inUse = 0;
        let nextFree = Infinity;
        for (const r of running) {
          if (r.finish > t) {
            inUse += r.devices;
            nextFree = Math.min(nextFree, r.finish);
          }
        }
        if (inUse + j.devices <= c) break;
        t = nextFree;
      }
      if (t > horizon) {
        blocked = true; // and so is every later job of this pool
        out.push({ ...j, start: NaN, finish: NaN });
        continue;
      }
      previousStart = t;
      const finish = t + j.duration;
      running.push({ finish, devices: j.devices });
      out.push({ ...j, start: t, finish });
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Length of [a, b) ∩ [lo, hi). */
function overlap(a: number, b: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(b, hi) - Math.max(a, lo));
}

export interface ExpectedJobMetrics {
  submitted: number;
  completed: number;
  throughput_per_hour: number;
  device_hours: number;
  queued_at_end: number;
  running_at_end: number;
  waits: number[];
  completionTimes: number[];
  boundedSlowdowns: number[];
}

const TAU = 10; // bounded-slowdown threshold, seconds (Feitelson & Rudolph)

/** What a JobMetrics block should hold for `jobs` over the window [warmup, horizon]. */
export function expectedJobMetrics(jobs: readonly RefJob[], warmup: number, horizon: number): ExpectedJobMetrics {
  const m: ExpectedJobMetrics = {
    submitted: 0,
    completed: 0,
    throughput_per_hour: 0,
    device_hours: 0,
    queued_at_end: 0,
    running_at_end: 0,
    waits: [],
    completionTimes: [],
    boundedSlowdowns: [],
  };
  let deviceSeconds = 0;
  for (const j of jobs) {
    const inWindow = j.submit >= warmup;
    if (inWindow) m.submitted++;
    if (Number.isNaN(j.start)) {
      m.queued_at_end++;
      continue;
    }
    if (inWindow) m.waits.push(j.start - j.submit);
    if (j.finish > horizon) {
      m.running_at_end++;
      continue;
    }
    if (j.finish >= warmup) {
      m.completed++;
      deviceSeconds += j.devices * (j.finish - Math.max(j.start, warmup));
      if (inWindow) {
        const turnaround = j.finish - j.submit;
        m.completionTimes.push(turnaround);
        m.boundedSlowdowns.push(Math.max(1, turnaround / Math.max(j.finish - j.start, TAU)));
      }
    }
  }
  m.throughput_per_hour = (m.completed / (horizon - warmup)) * 3600;
  m.device_hours = deviceSeconds / 3600;
  return m;
}

export interface ExpectedPoolMetrics {
  /** ∫ busy devices dt over the window */
  busyIntegral: number;
  /** ∫ waiting jobs dt over the window */
  queueIntegral: number;
  mean_busy_devices: number;
  utilisation: number;
  mean_queue_length: number;
  max_queue_length: number;
}

/**
 * Time integrals of one pool's state over [warmup, horizon] (sample-path Little's law: the queue
 * integral is the sum of each job's time in queue, clipped to the window), and the longest queue.
 */
export function expectedPoolMetrics(jobs: readonly RefJob[], devices: number, warmup: number, horizon: number): ExpectedPoolMetrics {
  let busyIntegral = 0;
  let queueIntegral = 0;
  // Queue sweep: a job is in the queue over [submit, start) when it did not start on arrival. At one
  // instant starts (from completions) come before arrivals, so −1 sorts before +1.
  const changes: [time: number, delta: number][] = [];
  for (const j of jobs) {
    const start = Number.isNaN(j.start) ? Infinity : j.start;
    queueIntegral += overlap(j.submit, start, warmup, horizon);
    if (!Number.isNaN(j.start)) busyIntegral += j.devices * overlap(j.start, j.finish, warmup, horizon);
    if (start > j.submit) {
      changes.push([j.submit, +1]);
      if (start !== Infinity) changes.push([start, -1]);
    }
  }
  changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let length = 0;
  let i = 0;
  // State at the statistics reset (the warm-up event runs before anything else at that instant).
  for (; i < changes.length && changes[i]![0] < warmup; i++) length += changes[i]![1];
  let max = length;
  for (; i < changes.length; i++) {
    length += changes[i]![1];
    if (length > max) max = length;
  }
  const window = horizon - warmup;
  return {
    busyIntegral,
    queueIntegral,
    mean_busy_devices: busyIntegral / window,
    utilisation: busyIntegral / (devices * window),
    mean_queue_length: queueIntegral / window,
    max_queue_length: max,
  };
}

/** The value DDSketch reports for quantile q of a sample lies between these (1% relative accuracy). */
export function quantileBracket(values: readonly number[], q: number): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  return [sorted[Math.floor(rank)]! * 0.99 - 1e-9, sorted[Math.ceil(rank)]! * 1.01 + 1e-9];
}
