/**
 * Pipelines (docs/pipelines.md, "Workflows, schedules and deadlines"): a DAG of stages run on a schedule.
 * Each job stage is an ordinary workload of the scenario (named `<pipeline>/<stage>`) that has no arrivals of
 * its own: the pipeline submits one of its jobs when the stage's predecessors have completed.
 */

/**
 * When a pipeline runs. A discriminated union so that triggers of other kinds (e.g. on a volume of data) sit
 * beside these; the time-based ones carry their firing instants, computed when the scenario is loaded (the
 * loader checks every deadline against them).
 */
export type PipelineTrigger =
  /** a 5-field cron expression read in `timeZone` on the scenario's calendar */
  | { readonly kind: 'cron'; readonly cron: string; readonly timeZone: string; readonly firings: readonly number[] }
  /** every `every` s, from the first `at` wall-clock time of day (absent: from time 0) */
  | { readonly kind: 'every'; readonly every: number; readonly at?: string; readonly timeZone: string; readonly firings: readonly number[] }
  /** each time stream `stream` has ingested another `volume` bytes since time 0 (firings from its closed-form rate profile) */
  | { readonly kind: 'on-data'; readonly stream: string; readonly volume: number; readonly firings: readonly number[] };

/** By when a run should be done: a wall-clock time on the trigger's day (or the next), or a time after the trigger. */
export type PipelineDeadline =
  /** `deadlines[k]`: s, the deadline of the run of `firings[k]` */
  { readonly kind: 'at'; readonly at: string; readonly day: 'same' | 'next'; readonly deadlines: readonly number[] } | { readonly kind: 'within'; readonly within: number };

/**
 * A firing while an earlier run is still going: `skip` it (counted, and a miss when there is a deadline), `queue`
 * it (it starts when the runs before it have ended; its makespan and deadline still count from the firing), or
 * `allow` it to run beside the others.
 */
export type PipelineOverlap = 'skip' | 'queue' | 'allow';

/** What a stage does: one job of its workload, or roll a new model version out to an inference service. */
export type StageWork =
  | { readonly kind: 'job'; readonly workload: string }
  /** the new version serves requests arriving from the stage's end (its start + rollout) on; label = prefix + run number */
  | { readonly kind: 'deploy'; readonly service: string; readonly rollout: number; readonly versionPrefix: string };

export interface PipelineStage {
  readonly name: string;
  /** names of the stages it waits for */
  readonly after: readonly string[];
  /** bytes it hands each successor: carried over the link between the sites when a successor's home is elsewhere */
  readonly output: number;
  /** the site a successor receives data at: the job's home pool's site, the service's for a deploy */
  readonly site: string;
  readonly work: StageWork;
  /** a data stage that reads what a stream ingested over the `window` s before it is submitted (its job's read bytes) */
  readonly input?: { readonly stream: string; readonly window: number };
}

export interface Pipeline {
  readonly name: string;
  readonly trigger: PipelineTrigger;
  readonly overlap: PipelineOverlap;
  readonly deadline?: PipelineDeadline;
  /** USD per run that misses its deadline (the cost layer prices the misses in the usage ledger) */
  readonly penalty?: number;
  /** in an order where every stage comes after its predecessors */
  readonly stages: readonly PipelineStage[];
}
