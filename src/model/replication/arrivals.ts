import { makeSampler, type RandomStream } from '../../engine/index.js';
import { ArrivalAgenda } from '../arrival-agenda.js';
import { ConversationSource, diurnal, growth, mmpp, TracedConversations, zipfChooser } from '../arrivals/index.js';
import type { PrefixRef } from '../serving/prefix-cache.js';
import type { SourceRow } from '../job.js';
import { jobFactory, type JobSource } from '../job-factory.js';
import type { ArrivalSpec, ConversationsSpec, InferenceWorkload, Pool, RunInputs, TraceWorkload, Workload } from '../types.js';
import { PRIORITY_ARRIVAL, type RunClock } from './run-clock.js';
import type { JobRequest } from './routing.js';

/** One row of a trace workload, as the trace layer yields it (times in seconds from the trace origin). */
export interface TraceRow {
  readonly submit: number;
  /** whole devices, or a share of one device (0 < x < 1) */
  readonly devices: number;
  /** s, measured on the trace's hardware */
  readonly runtime: number;
  /** s, the user's estimate, when the trace has one */
  readonly requestedTime?: number;
  readonly gpuModels?: readonly string[];
  /** request traces (inference): prompt and output lengths, tokens */
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** request traces: the conversation the request belongs to */
  readonly session?: string;
  /** job traces: the row's own id and submit time in the source (per-job outputs name them) */
  readonly source?: SourceRow;
}

/** Where arrivals go: jobs to execution, inference requests to their service. */
export interface ArrivalSink {
  job(w: number, request: JobRequest): void;
  /** `prefix`: what the prompt shares with earlier ones (multi-turn conversations) */
  request(w: number, inputTokens: number, outputTokens: number, prefix?: PrefixRef): void;
}

/** A workload whose arrivals are rows the caller feeds (a job trace or a request trace). */
export type FedWorkload = TraceWorkload | InferenceWorkload;

/** Per workload: where its arrivals come from. */
interface Feed {
  readonly index: number;
  readonly workload: Workload;
  /** synthetic workloads: absolute time of the next arrival after `now` */
  readonly nextArrival: ((now: number) => number) | undefined;
  readonly maxJobs: number | undefined;
  readonly jobs: JobSource | undefined;
  /** inference requests: prompt and output token draws, each from its own stream (two samplers, not a pair: no allocation per request) */
  readonly nextTokens: { readonly input: () => number; readonly output: () => number } | undefined;
  /** multi-turn conversations: their turns are the arrivals */
  readonly conversations: ConversationSource | undefined;
  /** request traces with conversation ids: what each conversation sent before */
  readonly traced: TracedConversations;
  /** trace workloads: runtime on the home pool ÷ runtime on the trace's hardware */
  readonly speed: number;
  /** synthetic arrivals so far (for maxJobs) */
  submitted: number;
  // fed workloads: rows not yet submitted
  buffer: readonly TraceRow[];
  cursor: number;
  exhausted: boolean;
  lastFed: number;
}

/**
 * Arrivals: synthetic workloads draw their next arrival (and the job or request it brings) from
 * their own named streams; trace workloads submit the rows the caller feeds, in submission order. One
 * calendar event stands for the earliest pending arrival of all workloads (ArrivalAgenda orders
 * simultaneous arrivals by workload), so ties never depend on when each was drawn.
 */
export class Arrivals {
  private readonly feeds: Feed[];
  private readonly agenda: ArrivalAgenda;
  private agendaEvent = -1;
  private agendaTime = Infinity;
  /** the agenda's calendar callback, made once rather than per arrival */
  private readonly onDue = () => this.due();

  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    homePool: (w: Workload) => Pool,
    stream: (purpose: string) => RandomStream,
    private readonly sink: ArrivalSink,
  ) {
    this.feeds = scenario.workloads.map((workload, index) => {
      const own = (purpose: string) => stream(`${workload.name}/${purpose}`);
      const sessions = workload.kind === 'inference' ? workload.sessions : undefined;
      const arrivals = workload.kind === 'trace' || workload.kind === 'federated' ? undefined : (sessions?.arrivals ?? workload.arrivals);
      const pool = homePool(workload);
      const conversations = sessions && conversationSource(sessions, own);
      return {
        index,
        workload,
        nextArrival: conversations ? (now: number) => conversations.next(now) : arrivals ? arrivalClock(arrivals, own) : undefined,
        conversations,
        traced: new TracedConversations(),
        // an offline batch is finite by definition (its size is maxJobs)
        maxJobs: arrivals?.kind === 'offline' ? (arrivals.maxJobs ?? 0) : arrivals?.maxJobs,
        jobs: workload.kind === 'batch' || workload.kind === 'training' || workload.kind === 'data' ? jobFactory(workload, pool, scenario.reference, own) : undefined,
        nextTokens: workload.kind === 'inference' && workload.tokens ? tokenSampler(workload.tokens, own) : undefined,
        speed: workload.kind === 'trace' && workload.hardware ? (workload.hardware.peak[workload.precision] ?? 0) / (pool.device.peak[workload.precision] ?? 1) : 1,
        submitted: 0,
        buffer: [],
        cursor: 0,
        // a federated workload's rounds make their own jobs (src/model/federated/): nothing is fed
        exhausted: arrivals !== undefined || workload.kind === 'federated',
        lastFed: -Infinity,
      };
    });
    this.agenda = new ArrivalAgenda(this.feeds.length);
  }

  /** Draws every synthetic workload's first arrival, in workload order. */
  start(): void {
    for (const f of this.feeds) if (f.nextArrival) this.scheduleNextSynthetic(f);
    this.reschedule();
  }

  /** The job source of workload `w`, when its jobs are synthetic. */
  jobSource(w: number): JobSource | undefined {
    return this.feeds[w]?.jobs;
  }

  /** Trace workload `w`'s runtime on its home pool ÷ on the trace's hardware (1 for other workloads). */
  traceSpeed(w: number): number {
    return this.feeds[w]?.speed ?? 1;
  }

  /** Fed workloads that need rows before the run can advance further. */
  hungry(): FedWorkload[] {
    return this.feeds.filter((f) => !f.exhausted && f.cursor >= f.buffer.length).flatMap((f) => (isFed(f.workload) ? [f.workload] : []));
  }

  /** How far the run may go: the horizon, or the last fed submission of a fed workload not exhausted. */
  fedUntil(): number {
    let until = this.scenario.horizon;
    for (const f of this.feeds) if (!f.exhausted) until = Math.min(until, f.lastFed);
    return until;
  }

  /**
   * Hands the next rows of a fed workload, in submission order (a row earlier than the previous one
   * is submitted at the previous time: the run cannot go back). `exhausted`: no rows will follow.
   */
  feed(workloadName: string, rows: readonly TraceRow[], exhausted: boolean): void {
    const f = this.feeds.find((x) => x.workload.name === workloadName);
    if (!f || !isFed(f.workload)) throw new Error(`no trace workload named ${workloadName}`);
    if (f.cursor < f.buffer.length) throw new Error(`workload ${workloadName} was fed before its rows were used`);
    f.buffer = rows;
    f.cursor = 0;
    f.exhausted = exhausted;
    const last = rows[rows.length - 1];
    if (last) {
      f.lastFed = Math.max(f.lastFed, last.submit);
      this.pushTraceArrival(f);
      this.reschedule();
    }
  }

  private scheduleNextSynthetic(f: Feed): void {
    if (!f.nextArrival || (f.maxJobs !== undefined && f.submitted >= f.maxJobs)) return;
    const at = f.nextArrival(this.clock.now);
    if (at <= this.scenario.horizon) this.agenda.push(f.index, at);
  }

  private pushTraceArrival(f: Feed): void {
    const row = f.buffer[f.cursor];
    if (row === undefined) return;
    const at = Math.max(row.submit, this.clock.now);
    if (at <= this.scenario.horizon) this.agenda.push(f.index, at);
    else {
      // Past the horizon: nothing more of this trace matters.
      f.cursor = f.buffer.length;
      f.exhausted = true;
    }
  }

  /** One calendar event stands for the earliest pending arrival (the agenda orders ties by workload). */
  private reschedule(): void {
    const next = this.agenda.nextTime;
    if (next >= this.agendaTime) return; // the pending event comes first, or both are absent (Infinity)
    if (this.agendaEvent !== -1) this.clock.cancel(this.agendaEvent);
    this.agendaTime = next;
    this.agendaEvent = this.clock.scheduleAt(next, this.onDue, undefined, PRIORITY_ARRIVAL);
  }

  private due(): void {
    this.agendaEvent = -1;
    this.agendaTime = Infinity;
    const now = this.clock.now;
    while (this.agenda.nextTime === now) {
      const f = this.feeds[this.agenda.pop()];
      if (!f) break;
      if (f.nextArrival) {
        f.submitted++;
        if (f.conversations) {
          const t = f.conversations.take(now);
          this.sink.request(f.index, t.input, t.output, { system: t.system, systemTokens: t.systemTokens, session: t.session, reusableTokens: t.reusableTokens });
        } else if (f.nextTokens) {
          const input = f.nextTokens.input();
          const output = f.nextTokens.output();
          this.sink.request(f.index, input, output);
        } else if (f.jobs) {
          const d = f.jobs.draw();
          this.sink.job(f.index, { devices: d.devices, duration: d.duration, estimate: d.duration * this.scenario.scheduler.estimateFactor, gpuModels: undefined, draw: d });
        }
        this.scheduleNextSynthetic(f);
      } else {
        const row = f.buffer[f.cursor++];
        if (row) this.submitRow(f, row);
        this.pushTraceArrival(f);
      }
    }
    this.reschedule();
  }

  private submitRow(f: Feed, row: TraceRow): void {
    const w = f.workload;
    if (w.kind === 'inference') {
      const input = row.inputTokens ?? 1;
      const output = row.outputTokens ?? 1;
      this.sink.request(f.index, input, output, row.session === undefined ? undefined : f.traced.prefix(row.session, input, output));
      return;
    }
    // Runtimes measured on other hardware scale by the ratio of dense peaks at the job's precision.
    const duration = row.runtime * f.speed;
    const estimate = w.kind === 'trace' && w.estimates === 'trace' && row.requestedTime !== undefined ? Math.max(row.requestedTime * f.speed, 0) : duration;
    this.sink.job(f.index, { devices: row.devices, duration, estimate, gpuModels: row.gpuModels, source: row.source });
  }
}

function isFed(w: Workload): w is FedWorkload {
  return w.kind === 'trace' || (w.kind === 'inference' && w.trace !== undefined);
}

function tokenSampler(tokens: NonNullable<InferenceWorkload['tokens']>, stream: (purpose: string) => RandomStream): { input: () => number; output: () => number } {
  return { input: makeSampler(tokens.input, stream('input-tokens')), output: makeSampler(tokens.output, stream('output-tokens')) };
}

/** The turns of a workload's conversations, each draw from its own stream (`sessions`, `turns`, …). */
function conversationSource(c: ConversationsSpec, stream: (purpose: string) => RandomStream): ConversationSource {
  const promptTokens = makeSampler(c.systemPrompts.tokens, stream('system-prompt-tokens'));
  const systemTokens = Array.from({ length: c.systemPrompts.count }, () => Math.max(1, Math.round(promptTokens())));
  const choice = stream('system-prompt-choice');
  return new ConversationSource(systemTokens, {
    nextStart: arrivalClock(c.arrivals, (purpose) => stream(`sessions/${purpose}`)),
    turns: makeSampler(c.turns, stream('turns')),
    gap: makeSampler(c.gap, stream('turn-gaps')),
    system: zipfChooser(c.systemPrompts.count, c.systemPrompts.popularity, () => choice.uniform()),
    userTokens: makeSampler(c.userTokens, stream('user-tokens')),
    outputTokens: makeSampler(c.output, stream('output-tokens')),
  });
}

/** The arrival clock of a synthetic workload, drawing from its `arrivals` (and `arrivals-chain`) streams. */
function arrivalClock(a: ArrivalSpec, stream: (purpose: string) => RandomStream): (now: number) => number {
  switch (a.kind) {
    case 'renewal': {
      const gap = makeSampler(a.interarrival, stream('arrivals'));
      // A negative draw (a normal distribution's tail) means "now", not the past.
      return (now) => now + Math.max(0, gap());
    }
    case 'diurnal': {
      const p = diurnal({ rate: a.rate, amplitude: a.amplitude, peakHour: a.peakHour, weekendFactor: a.weekendFactor }, stream('arrivals'));
      return (now) => p.next(now);
    }
    case 'growth': {
      const p = growth({ rate: a.rate, perMonth: a.perMonth }, stream('arrivals'));
      return (now) => p.next(now);
    }
    case 'mmpp': {
      const p = mmpp({ rates: a.rates, meanSojourn: a.meanSojourn }, stream('arrivals'), stream('arrivals-chain'));
      return (now) => p.next(now);
    }
    case 'offline':
      // Every submission at time 0 (maxJobs of them): they all arrive in the first arrival event.
      return () => 0;
    case 'pipeline-stage':
      // Never: the pipeline part submits the stage's jobs itself.
      return () => Infinity;
  }
}
