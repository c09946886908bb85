import { SampleCollector, type SampleSummary } from './sample-summary.js';

/** Bounded-slowdown threshold τ (s): jobs shorter than this count as this long (Feitelson & Rudolph). */
export const BOUNDED_SLOWDOWN_TAU = 10;

/** Job statistics of one replication over the measurement window [warm-up, horizon]. */
export interface JobMetrics {
  /** jobs submitted in the window */
  readonly submitted: number;
  /** jobs that finished in the window, whatever their submission time */
  readonly completed: number;
  /** completed jobs per hour of the window */
  readonly throughput_per_hour: number;
  /** device-hours of the jobs that finished in the window */
  readonly device_hours: number;
  /** tokens trained by the training jobs that finished in the window (whatever their start); 0 for other kinds of job */
  readonly training_tokens: number;
  /** jobs still waiting / running at the horizon */
  readonly queued_at_end: number;
  readonly running_at_end: number;
  /** jobs submitted in the window that the scheduler refused (job limits, or no node could ever hold them) */
  readonly rejected: number;
  /** preemptions of running jobs in the window, and the device-hours of work they threw away */
  readonly preemptions: number;
  /** device failures that interrupted a job in the window */
  readonly failures: number;
  /** spot reclaims that interrupted a job in the window */
  readonly spot_interruptions: number;
  /** device-hours of work thrown away by preemptions and failures (work since the last checkpoint) */
  readonly lost_device_hours: number;
  /** s, from submission to start, jobs submitted in the window that started */
  readonly wait: SampleSummary;
  /** s, from submission to end (turnaround), jobs submitted in the window that finished */
  readonly completion_time: SampleSummary;
  /** max(1, turnaround / max(run time, τ)), same jobs as completion_time */
  readonly bounded_slowdown: SampleSummary;
}

/** Collects one group's job statistics; the model calls it at each job's submission, start and end. */
export class JobMetricsCollector {
  submitted = 0;
  completed = 0;
  deviceSeconds = 0;
  trainingTokens = 0;
  waiting = 0;
  running = 0;
  rejected = 0;
  preemptions = 0;
  failures = 0;
  spotInterruptions = 0;
  lostDeviceSeconds = 0;
  private readonly wait = new SampleCollector();
  private readonly completion = new SampleCollector();
  private readonly slowdown = new SampleCollector();

  constructor(private readonly warmup: number) {}

  onSubmit(submit: number): void {
    this.waiting++;
    if (submit >= this.warmup) this.submitted++;
  }

  /** `first` is false when a preempted job restarts: its wait was counted at its first start. */
  onStart(submit: number, start: number, first = true): void {
    this.waiting--;
    this.running++;
    if (first && submit >= this.warmup) this.wait.add(start - submit);
  }

  onReject(submit: number): void {
    this.waiting--;
    if (submit >= this.warmup) this.rejected++;
  }

  onFailure(now: number, lostDeviceSeconds: number, spot = false): void {
    this.running--;
    this.waiting++;
    if (now >= this.warmup) {
      if (spot) this.spotInterruptions++;
      else this.failures++;
      this.lostDeviceSeconds += lostDeviceSeconds;
    }
  }

  onPreempt(now: number, lostDeviceSeconds: number): void {
    this.running--;
    this.waiting++;
    if (now >= this.warmup) {
      this.preemptions++;
      this.lostDeviceSeconds += lostDeviceSeconds;
    }
  }

  /** `trainingTokens`: what a training job trained on (0 for other jobs), delivered when it completes. */
  onEnd(submit: number, start: number, end: number, devices: number, trainingTokens = 0): void {
    this.running--;
    if (end < this.warmup) return;
    this.completed++;
    this.trainingTokens += trainingTokens;
    this.deviceSeconds += devices * (end - Math.max(start, this.warmup));
    if (submit >= this.warmup) {
      const turnaround = end - submit;
      this.completion.add(turnaround);
      this.slowdown.add(Math.max(1, turnaround / Math.max(end - start, BOUNDED_SLOWDOWN_TAU)));
    }
  }

  result(window: number): JobMetrics {
    return {
      submitted: this.submitted,
      completed: this.completed,
      throughput_per_hour: window > 0 ? (this.completed / window) * 3600 : 0,
      device_hours: this.deviceSeconds / 3600,
      training_tokens: this.trainingTokens,
      queued_at_end: this.waiting,
      running_at_end: this.running,
      rejected: this.rejected,
      preemptions: this.preemptions,
      failures: this.failures,
      spot_interruptions: this.spotInterruptions,
      lost_device_hours: this.lostDeviceSeconds / 3600,
      wait: this.wait.summary(),
      completion_time: this.completion.summary(),
      bounded_slowdown: this.slowdown.summary(),
    };
  }
}
