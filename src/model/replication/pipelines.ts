import type { Pipeline, RunInputs } from '../types.js';
import { PipelineFigures, RECORDED_RUNS, type PipelineMetrics, type PipelineRunRecord, type StageTimes } from '../pipelines/pipeline-figures.js';
import { streamBytesBetween, streamNamed } from '../data/stream-rate.js';
import type { PipelineNeeds } from './part-interfaces.js';
import { PRIORITY_ARRIVAL, PRIORITY_COMPLETION, PRIORITY_SAMPLE, type RunClock } from './run-clock.js';

/** A pipeline with its stages' names turned into indices once. */
interface Plan {
  readonly pipeline: Pipeline;
  readonly after: readonly (readonly number[])[];
  readonly successors: readonly (readonly number[])[];
  /** per stage: the workload index of a job stage, the service's of a deploy */
  readonly workload: readonly number[];
  readonly figures: PipelineFigures;
  /** runs started and not yet ended, and firings waiting for them (overlap: queue) */
  active: number;
  readonly queued: Run[];
  /** the first RECORDED_RUNS runs, by firing number */
  readonly kept: Run[];
}

interface Run {
  readonly plan: Plan;
  /** the firing's number, from 1 */
  readonly number: number;
  readonly trigger: number;
  readonly deadline: number;
  readonly times: StageTimes;
  /** per stage: predecessors not yet ended, then transfers not yet arrived */
  readonly waiting: Int32Array;
  /** per stage: the site it ran at (a job's pool's; a deploy's service's) */
  readonly site: string[];
  ended: number;
  status: 'pending' | 'running' | 'completed' | 'skipped' | 'refused';
}

/**
 * Pipelines: on each firing of its trigger a pipeline runs its stages in DAG order. A job stage submits one job of
 * its workload (Execution.submit, through `needs.submitJob`) once every predecessor has ended and their outputs
 * have arrived at its home site (Staging.carry); a deploy stage rolls the new version out for `rollout` s and then
 * switches its service to it. The part learns of its jobs' starts and ends from the conductor (`jobStarted`,
 * `jobEnded`), never from another part's fields. A job its pool refuses leaves the run unfinished.
 */
export class Pipelines {
  private readonly plans: Plan[];
  /** job id → the run and stage it belongs to */
  private readonly jobs = new Map<number, { run: Run; stage: number }>();

  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    private readonly needs: PipelineNeeds,
  ) {
    const index = new Map(scenario.workloads.map((w, i) => [w.name, i]));
    const find = (name: string) => {
      const i = index.get(name);
      if (i === undefined) throw new Error(`a pipeline names unknown workload ${name}`);
      return i;
    };
    this.plans = (scenario.pipelines ?? []).map((pipeline) => {
      const position = new Map(pipeline.stages.map((s, i) => [s.name, i]));
      const after = pipeline.stages.map((s) => s.after.map((a) => position.get(a) ?? -1));
      const successors = pipeline.stages.map((_, i) => pipeline.stages.flatMap((_s, j) => ((after[j] ?? []).includes(i) ? [j] : [])));
      return {
        pipeline,
        after,
        successors,
        workload: pipeline.stages.map((s) => find(s.work.kind === 'job' ? s.work.workload : s.work.service)),
        figures: new PipelineFigures(
          pipeline.stages.map((s) => s.name),
          after,
          scenario.warmup,
          pipeline.deadline !== undefined,
        ),
        active: 0,
        queued: [],
        kept: [],
      };
    });
  }

  /** Puts every firing of the time-based triggers on the calendar (after the instant's completions, with the arrivals). */
  start(): void {
    for (const plan of this.plans) {
      const trigger = plan.pipeline.trigger;
      switch (trigger.kind) {
        case 'cron':
        case 'every':
        case 'on-data':
          // a shortened run (tests, planning) keeps the firings computed for the scenario's horizon: drop those past it
          trigger.firings.forEach((at, k) => {
            if (at < this.scenario.horizon) this.clock.scheduleAt(at, () => this.fire(plan, k), undefined, PRIORITY_ARRIVAL);
          });
          break;
      }
    }
  }

  /** A job the part submitted started (its first start counts: a preempted job's wait ended then). */
  jobStarted(id: number): void {
    const owner = this.jobs.get(id);
    if (owner && Number.isNaN(owner.run.times.start[owner.stage])) owner.run.times.start[owner.stage] = this.clock.now;
  }

  /** A job the part submitted completed on a pool of `site`. */
  jobEnded(id: number, site: string): void {
    const owner = this.jobs.get(id);
    if (!owner) return;
    this.jobs.delete(id);
    owner.run.site[owner.stage] = site;
    this.stageEnded(owner.run, owner.stage);
  }

  /** Misses in the window per pipeline with a penalty (the usage ledger's `deadline_misses`); undefined when none has one. */
  misses(): Record<string, number> | undefined {
    const priced = this.plans.filter((p) => p.pipeline.penalty !== undefined);
    if (priced.length === 0) return undefined;
    return Object.fromEntries(priced.map((p) => [p.pipeline.name, p.figures.misses]));
  }

  result(): { metrics: Record<string, PipelineMetrics>; runs: Record<string, PipelineRunRecord[]> } {
    const metrics: Record<string, PipelineMetrics> = {};
    const runs: Record<string, PipelineRunRecord[]> = {};
    for (const plan of this.plans) {
      metrics[plan.pipeline.name] = plan.figures.result();
      runs[plan.pipeline.name] = plan.kept.filter((r) => r !== undefined).map((r) => this.record(r));
    }
    return { metrics, runs };
  }

  private fire(plan: Plan, k: number): void {
    const now = this.clock.now;
    const n = plan.pipeline.stages.length;
    const nan = () => new Float64Array(n).fill(NaN);
    const run: Run = {
      plan,
      number: k + 1,
      trigger: now,
      deadline: deadlineOf(plan.pipeline, k, now),
      times: { ready: nan(), submitted: nan(), start: nan(), end: nan() },
      waiting: Int32Array.from(plan.after, (a) => a.length),
      site: plan.pipeline.stages.map((s) => s.site),
      ended: 0,
      status: 'pending',
    };
    if (run.number <= RECORDED_RUNS) plan.kept[k] = run;
    const busy = plan.active > 0;
    const skip = busy && plan.pipeline.overlap === 'skip';
    plan.figures.fired(now, skip);
    if (run.deadline <= this.scenario.horizon) this.clock.scheduleAt(run.deadline, () => plan.figures.judgedRun(run.trigger, run.status === 'completed'), undefined, PRIORITY_SAMPLE);
    if (skip) {
      run.status = 'skipped';
      return;
    }
    plan.active++;
    if (busy && plan.pipeline.overlap === 'queue') plan.queued.push(run);
    else this.begin(run);
  }

  private begin(run: Run): void {
    run.status = 'running';
    run.plan.after.forEach((a, s) => {
      if (a.length === 0) this.stageReady(run, s);
    });
  }

  /** Every predecessor of stage `s` ended: their outputs travel to its home site, then it is submitted. */
  private stageReady(run: Run, s: number): void {
    const stages = run.plan.pipeline.stages;
    const stage = stages[s];
    // a refused stage ended the run: what its other stages finish moves no more data
    if (!stage || run.status !== 'running') return;
    run.times.ready[s] = this.clock.now;
    const carries = (run.plan.after[s] ?? []).flatMap((p) => {
      const from = run.site[p] ?? stage.site;
      const bytes = stages[p]?.output ?? 0;
      return bytes > 0 && from !== stage.site ? [{ from, bytes }] : [];
    });
    run.waiting[s] = carries.length;
    if (carries.length === 0) {
      this.submit(run, s);
      return;
    }
    for (const c of carries) {
      this.needs.carry(c.from, stage.site, c.bytes, () => {
        run.waiting[s] = (run.waiting[s] ?? 1) - 1;
        if (run.waiting[s] === 0) this.submit(run, s);
      });
    }
  }

  private submit(run: Run, s: number): void {
    if (run.status !== 'running') return; // an earlier stage was refused: the run is over
    const stage = run.plan.pipeline.stages[s];
    const w = run.plan.workload[s] ?? -1;
    const now = this.clock.now;
    run.times.submitted[s] = now;
    if (stage?.work.kind === 'deploy') {
      const { rollout, versionPrefix } = stage.work;
      run.times.start[s] = now;
      this.clock.schedule(
        rollout,
        () => {
          this.needs.deploy(w, `${versionPrefix}${run.number}`);
          this.stageEnded(run, s);
        },
        undefined,
        PRIORITY_COMPLETION,
      );
      return;
    }
    // a stage reading a stream's window reads what arrived in it (the window ends now, when the stage is ready)
    const input = stage?.input;
    const stream = input && streamNamed(this.scenario.streams, input.stream);
    const id = this.needs.submitJob(w, stream && input ? streamBytesBetween(stream, now - input.window, now) : undefined);
    if (id === undefined) {
      run.status = 'refused';
      this.runOver(run);
      return;
    }
    this.jobs.set(id, { run, stage: s });
  }

  private stageEnded(run: Run, s: number): void {
    run.times.end[s] = this.clock.now;
    run.ended++;
    if (run.ended === run.plan.after.length) {
      run.status = 'completed';
      run.plan.figures.completedRun(run.trigger, run.times);
      this.runOver(run);
      return;
    }
    for (const next of run.plan.successors[s] ?? []) {
      run.waiting[next] = (run.waiting[next] ?? 1) - 1;
      if (run.waiting[next] === 0) this.stageReady(run, next);
    }
  }

  /** A run completed or was refused: the next queued firing of its pipeline begins. */
  private runOver(run: Run): void {
    const plan = run.plan;
    plan.active--;
    const next = plan.queued.shift();
    if (next) this.begin(next);
  }

  private record(run: Run): PipelineRunRecord {
    const { times } = run;
    const at = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);
    const ends = Array.from(times.end);
    return {
      run: run.number,
      trigger: run.trigger,
      ...(Number.isFinite(run.deadline) && { deadline: run.deadline }),
      status: run.status === 'completed' || run.status === 'skipped' || run.status === 'refused' ? run.status : 'unfinished',
      ...(run.status === 'completed' && { end: Math.max(...ends) }),
      stages: run.plan.pipeline.stages.map((stage, s) => {
        const ready = at(times.ready[s]);
        const start = at(times.start[s]);
        const end = at(times.end[s]);
        return { stage: stage.name, ...(ready !== undefined && { ready }), ...(start !== undefined && { start }), ...(end !== undefined && { end }) };
      }),
    };
  }
}

/** s, the deadline of the run of firing `k` at `trigger`; Infinity without one. */
function deadlineOf(pipeline: Pipeline, k: number, trigger: number): number {
  const d = pipeline.deadline;
  if (!d) return Infinity;
  return d.kind === 'within' ? trigger + d.within : (d.deadlines[k] ?? Infinity);
}
