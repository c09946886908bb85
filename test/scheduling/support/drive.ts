/**
 * A tiny event loop for scheduler tests, the way a caller drives the core: at each instant, all
 * completions (ascending job id), then all arrivals (ascending submit, id), then one pass. Starts with
 * zero duration complete at the same instant, in a further round of the loop. Preempted jobs are
 * re-enqueued unchanged (they restart from scratch; their submit keeps their place).
 */
import type { Placement, QueuedJob, RunningJob } from '../../../src/model/scheduling/index.js';

export interface TraceJob extends QueuedJob {
  /** s, true runtime once started */
  readonly duration: number;
}

/** What the loop needs from a scheduler; the test's reference implementations provide it too. */
export interface Driven {
  enqueue(job: QueuedJob): unknown;
  finish(jobId: number): unknown;
  pass(now: number, start: (job: QueuedJob, placement: Placement) => void, preempt?: (victim: RunningJob) => void): void;
}

export interface LogEntry {
  readonly t: number;
  readonly event: 'start' | 'end' | 'preempt';
  readonly id: number;
  readonly placement?: Placement;
}

export interface Outcome {
  /** last start of each job */
  readonly start: Map<number, number>;
  readonly end: Map<number, number>;
  readonly placement: Map<number, Placement>;
  readonly log: LogEntry[];
  readonly passes: number[];
}

export function drive(s: Driven, jobs: readonly TraceJob[], options: { readonly preempt?: boolean; readonly maxSteps?: number } = {}): Outcome {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const arrivals = [...jobs].sort((a, b) => a.submit - b.submit || a.id - b.id);
  let next = 0;
  const completions = new Map<number, number>(); // id → time
  const out: Outcome = { start: new Map(), end: new Map(), placement: new Map(), log: [], passes: [] };
  const maxSteps = options.maxSteps ?? 100_000;
  let t = -Infinity;
  const onStart = (job: QueuedJob, placement: Placement): void => {
    const j = byId.get(job.id)!;
    out.start.set(job.id, t);
    out.placement.set(job.id, placement);
    out.log.push({ t, event: 'start', id: job.id, placement });
    completions.set(job.id, t + j.duration);
  };
  const onPreempt = (victim: RunningJob): void => {
    completions.delete(victim.job.id);
    out.log.push({ t, event: 'preempt', id: victim.job.id });
    s.enqueue(victim.job);
  };
  for (let step = 0; step < maxSteps; step++) {
    let nt = Infinity;
    for (const c of completions.values()) nt = Math.min(nt, c);
    if (next < arrivals.length) nt = Math.min(nt, arrivals[next]!.submit);
    if (nt === Infinity) return out;
    t = nt;
    const due = [...completions]
      .filter(([, c]) => c === t)
      .map(([id]) => id)
      .sort((a, b) => a - b);
    for (const id of due) {
      completions.delete(id);
      s.finish(id);
      out.end.set(id, t);
      out.log.push({ t, event: 'end', id });
    }
    while (next < arrivals.length && arrivals[next]!.submit === t) s.enqueue(arrivals[next++]!);
    out.passes.push(t);
    s.pass(t, onStart, options.preempt ? onPreempt : undefined);
  }
  throw new Error(`drive: more than ${maxSteps} steps`);
}

/** Start times as a plain object keyed by job id, for readable expectations. */
export function startsOf(o: Outcome): Record<number, number> {
  return Object.fromEntries([...o.start].sort((a, b) => a[0] - b[0]));
}

export function job(id: number, submit: number, devices: number, duration: number, extra: Partial<QueuedJob> = {}): TraceJob {
  return { id, submit, devices, estimate: duration, duration, ...extra };
}
