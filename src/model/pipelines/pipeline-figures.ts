import { SampleCollector, type SampleSummary } from '../../metrics/sample-summary.js';
import { criticalPathContributions } from './critical-path.js';

/** Runs of a pipeline the result keeps stage by stage (the report's Gantt chart): the first ones triggered. */
export const RECORDED_RUNS = 30;

/** One stage of a pipeline over the window's completed runs. */
export interface PipelineStageMetrics {
  /** mean over completed runs of the stage's share of the makespan on the critical path (0 off it) */
  readonly critical_path_share: number;
  /** s, mean of end − start (a job's first start; a deploy's rollout) over completed runs */
  readonly mean_duration: number;
  /** s, mean wait in its pool's queue (start − submission) over completed runs */
  readonly mean_wait: number;
}

/** What a pipeline did over the statistics window (runs triggered at or after the warm-up). */
export interface PipelineMetrics {
  /** firings of the trigger */
  readonly runs_triggered: number;
  /** firings skipped because a run was still going (overlap: skip) */
  readonly runs_skipped: number;
  readonly runs_completed: number;
  /** runs started (or queued) that did not complete by the end of the run: a stage refused, or still going */
  readonly runs_unfinished: number;
  /** s, trigger → last stage end, of the completed runs */
  readonly makespan: SampleSummary;
  /** s, per completed run the sum of its stages' waits in their pools' queues */
  readonly stage_wait: SampleSummary;
  /** only with a deadline: runs whose deadline fell within the run, and those of them not completed by it (skipped ones included) */
  readonly deadline?: { readonly judged: number; readonly missed: number; readonly miss_fraction: number };
  readonly stages: Readonly<Record<string, PipelineStageMetrics>>;
}

/** One run as the result records it (times in s; a time absent: it did not happen). */
export interface PipelineRunRecord {
  /** the firing's number, from 1 */
  readonly run: number;
  readonly trigger: number;
  readonly deadline?: number;
  readonly status: 'completed' | 'unfinished' | 'skipped' | 'refused';
  readonly end?: number;
  readonly stages: readonly { readonly stage: string; readonly ready?: number; readonly start?: number; readonly end?: number }[];
}

/** A run's stage times as the pipeline part keeps them (NaN until they happen). */
export interface StageTimes {
  readonly ready: Float64Array;
  readonly submitted: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
}

/**
 * The figures of one pipeline: it is told of each firing, completion and deadline verdict, and keeps the
 * samples and sums of the runs triggered in the window. It never looks at the run itself.
 */
export class PipelineFigures {
  private triggered = 0;
  private skipped = 0;
  private completed = 0;
  private judged = 0;
  private missed = 0;
  private readonly makespan = new SampleCollector();
  private readonly waits = new SampleCollector();
  private readonly share: Float64Array;
  private readonly duration: Float64Array;
  private readonly wait: Float64Array;

  constructor(
    private readonly stageNames: readonly string[],
    private readonly after: readonly (readonly number[])[],
    private readonly warmup: number,
    private readonly hasDeadline: boolean,
  ) {
    this.share = new Float64Array(stageNames.length);
    this.duration = new Float64Array(stageNames.length);
    this.wait = new Float64Array(stageNames.length);
  }

  fired(trigger: number, skipped: boolean): void {
    if (trigger < this.warmup) return;
    this.triggered++;
    if (skipped) this.skipped++;
  }

  /** The run triggered at `trigger` ended its last stage. */
  completedRun(trigger: number, times: StageTimes): void {
    if (trigger < this.warmup) return;
    this.completed++;
    const ends = Array.from(times.end);
    const makespan = Math.max(...ends) - trigger;
    this.makespan.add(makespan);
    const contributions = criticalPathContributions(trigger, ends, this.after);
    let waited = 0;
    for (let s = 0; s < ends.length; s++) {
      const wait = (times.start[s] ?? 0) - (times.submitted[s] ?? 0);
      waited += wait;
      this.wait[s] = (this.wait[s] ?? 0) + wait;
      this.duration[s] = (this.duration[s] ?? 0) + (ends[s] ?? 0) - (times.start[s] ?? 0);
      if (makespan > 0) this.share[s] = (this.share[s] ?? 0) + (contributions[s] ?? 0) / makespan;
    }
    this.waits.add(waited);
  }

  /** A run's deadline came: `met` when it had completed by then. */
  judgedRun(trigger: number, met: boolean): void {
    if (trigger < this.warmup) return;
    this.judged++;
    if (!met) this.missed++;
  }

  /** Misses in the window so far (the usage ledger's count). */
  get misses(): number {
    return this.missed;
  }

  result(): PipelineMetrics {
    const n = this.completed;
    const stages: Record<string, PipelineStageMetrics> = {};
    this.stageNames.forEach((name, s) => {
      stages[name] = { critical_path_share: n > 0 ? (this.share[s] ?? 0) / n : 0, mean_duration: n > 0 ? (this.duration[s] ?? 0) / n : 0, mean_wait: n > 0 ? (this.wait[s] ?? 0) / n : 0 };
    });
    return {
      runs_triggered: this.triggered,
      runs_skipped: this.skipped,
      runs_completed: n,
      runs_unfinished: this.triggered - this.skipped - n,
      makespan: this.makespan.summary(),
      stage_wait: this.waits.summary(),
      ...(this.hasDeadline && { deadline: { judged: this.judged, missed: this.missed, miss_fraction: this.judged > 0 ? this.missed / this.judged : 0 } }),
      stages,
    };
  }
}
