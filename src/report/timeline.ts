import type { Job } from '../model/job.js';
import type { PoolTimeSeries, ReplicaPlacement } from '../model/replication/replication-metrics.js';
import { poolPowerDraw } from '../model/usage-meter.js';
import { NodeLanes, type LaneTrack } from './timeline-lanes.js';

/**
 * `simulate run --timeline FILE`: one replication as a Chrome trace (Trace Event Format, JSON object
 * form), the file Perfetto UI (ui.perfetto.dev) and chrome://tracing open.
 *
 * - each pool is a process (pid = its place in the scenario, from 1); its nodes are threads, one
 *   per node and lane: jobs sharing a node at once (a node of eight GPUs running eight one-GPU jobs)
 *   each take the lowest free lane, so the slices of one thread never overlap and the viewer never
 *   has to guess how they nest;
 * - each run of a job is a complete ('X') slice on the lane of every node it held, from its start
 *   (staging in included) to its end, with its workload, devices and outcome as args; each inference
 *   replica likewise, from its placement (cold start included) to its retirement or the end;
 * - per pool, counters ('C'): jobs waiting, busy and online devices, and power when the node
 *   profile publishes it, at the run's own sample instants (the result's `timeseries`).
 *
 * Written as the run goes (`sink` is the buffered output): a slice is written when its run ends, which
 * keeps the timestamps of every lane in file order (a lane's next job starts after the last one ended).
 * Only running jobs and replicas are held in memory. Past `maxSlices` slices are counted, not written: the note at
 * the end of the file (`otherData`) and `TimelineSummary` say how many and from when.
 * Times are microseconds of simulated time (the format's unit), to the nanosecond.
 */

export interface TimelinePool {
  /** `site/pool` */
  readonly id: string;
  readonly nodeCount: number;
  readonly devicesPerNode: number;
  /** node power, W; absent when the profile publishes none (then no power counter) */
  readonly power?: { readonly idle: number; readonly max: number } | undefined;
}

export interface TimelineOptions {
  readonly scenario: string;
  readonly seed: number;
  readonly pools: readonly TimelinePool[];
  /** workload names, by index (Job.workload) */
  readonly workloads: readonly string[];
  /** most slices (jobs and replicas) written; the rest are counted in the note */
  readonly maxSlices: number;
}

export interface TimelineSummary {
  readonly slices: number;
  readonly dropped: number;
  /** s: end of the first slice left out (undefined when none was) */
  readonly droppedFrom: number | undefined;
}

/** Default `--timeline-max-events`: about 220 bytes a slice, so some 45 MB, a file a browser-based viewer (Perfetto UI loads it into the tab) can hold. */
export const DEFAULT_TIMELINE_MAX_SLICES = 200_000;

/** How a run of a job or a replica ended, as the slice's `outcome` arg. */
export type SliceOutcome = 'completed' | 'interrupted' | 'retired' | 'running at the end';

/** s → µs text, to the nanosecond (3 decimals, trailing zeros dropped): short and the same on every run. */
export function microseconds(seconds: number): string {
  const text = (seconds * 1e6).toFixed(3);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** µs between two instants, from their rounded texts, so a slice ends exactly where ts + dur says. */
const durationText = (start: string, end: string): string => microseconds((Number(end) - Number(start)) / 1e6);

/** A job run or a replica on its lanes, until it ends. */
interface Running {
  readonly name: string;
  readonly cat: 'job' | 'replica';
  /** its args but `nodes` and `outcome` */
  readonly args: Readonly<Record<string, unknown>>;
  readonly start: number;
  readonly tracks: readonly LaneTrack[];
}

const replicaKey = (r: ReplicaPlacement): string => `replica ${r.service}|${r.phase ?? ''}|${r.replica}`;

interface PoolState {
  readonly pid: number;
  readonly spec: TimelinePool;
  readonly lanes: NodeLanes;
  /** by `job <id>` or replicaKey, in the order they started */
  readonly running: Map<string, Running>;
}

export class TimelineWriter {
  private readonly pools = new Map<string, PoolState>();
  private slices = 0;
  private dropped = 0;
  private droppedFrom: number | undefined;
  /** s: the latest instant seen, where runs still going at the end are cut */
  private latest = 0;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly options: TimelineOptions,
  ) {
    if (!(Number.isInteger(options.maxSlices) && options.maxSlices >= 1)) throw new RangeError(`maxSlices must be an integer ≥ 1, got ${options.maxSlices}`);
    sink('{"traceEvents":[\n');
    let first = true;
    options.pools.forEach((spec, i) => {
      const pid = i + 1;
      this.pools.set(spec.id, { pid, spec, lanes: new NodeLanes(spec.devicesPerNode), running: new Map() });
      const devices = `${spec.nodeCount} node${spec.nodeCount === 1 ? '' : 's'} × ${spec.devicesPerNode} device${spec.devicesPerNode === 1 ? '' : 's'}`;
      this.event({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name: `pool ${spec.id} (${devices})` } }, first);
      this.event({ name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: 0, args: { sort_index: pid } });
      first = false;
    });
  }

  /** A run of `job` began on `pool` (the job observer's 'start'). */
  jobStarted(job: Job, pool: string): void {
    const workload = this.options.workloads[job.workload] ?? `workload ${job.workload}`;
    const args = { job: job.id, workload, devices: job.devices, submit_s: job.submit, wait_s: job.start - job.submit };
    this.started(this.pool(pool), `job ${job.id}`, { name: `${workload} #${job.id}`, cat: 'job', args, start: job.start }, job.deviceIds ?? new Int32Array(0));
  }

  /** A run of `job` ended (the job observer's 'end'): its slices are written, or counted past the cap. */
  jobEnded(job: Job, pool: string, outcome: SliceOutcome): void {
    this.ended(this.pool(pool), `job ${job.id}`, job.end, outcome);
  }

  /** An inference replica was placed on its devices (the replica observer's 'start'). */
  replicaStarted(r: ReplicaPlacement): void {
    const label = `${r.service}${r.phase === undefined ? '' : ` ${r.phase}`}`;
    const args = { service: r.service, ...(r.phase !== undefined && { phase: r.phase }), replica: r.replica, devices: r.devices };
    this.started(this.pool(r.pool), replicaKey(r), { name: `${label} replica #${r.replica}`, cat: 'replica', args, start: r.at }, r.deviceIds);
  }

  /** The autoscaler retired a replica (the replica observer's 'end'). */
  replicaEnded(r: ReplicaPlacement): void {
    this.ended(this.pool(r.pool), replicaKey(r), r.at, 'retired');
  }

  /**
   * Cuts the runs still going at `end` s (the horizon, or where the run stopped), writes the pools'
   * counters from the sampled `timeseries` and the closing note. @returns what was written.
   */
  finish(timeseries: Readonly<Record<string, PoolTimeSeries>>): TimelineSummary {
    const lastSample = Math.max(0, ...Object.values(timeseries).map((s) => s.t[s.t.length - 1] ?? 0));
    const end = Math.max(this.latest, lastSample);
    for (const p of this.pools.values()) {
      for (const run of p.running.values()) this.slice(p, run, end, 'running at the end');
      p.running.clear();
    }
    for (const p of this.pools.values()) {
      const series = timeseries[p.spec.id];
      if (series) this.counters(p, series);
    }
    const summary: TimelineSummary = { slices: this.slices, dropped: this.dropped, droppedFrom: this.droppedFrom };
    const note = {
      generator: 'ai-infra-sim simulate run --timeline',
      scenario: this.options.scenario,
      seed: this.options.seed,
      replication: 1,
      time: 'microseconds of simulated time from the start of the run',
      tracks: 'one process per pool; one thread per node and lane (jobs sharing a node at once take separate lanes)',
      counters: 'sampled at the run’s time-series instants (horizon / 200 apart), as in the result’s timeseries',
      not_drawn: 'later replications',
      slices_written: this.slices,
      slices_dropped: this.dropped,
      ...(this.dropped > 0 && {
        cap: `--timeline-max-events ${this.options.maxSlices}: ${this.dropped} slice(s) ending at or after ${microseconds(this.droppedFrom ?? 0)} µs were left out`,
      }),
    };
    this.sink(`\n],\n"displayTimeUnit":"ms",\n"otherData":${JSON.stringify(note)}}\n`);
    return summary;
  }

  private pool(id: string): PoolState {
    const p = this.pools.get(id);
    if (p === undefined) throw new RangeError(`the timeline has no pool '${id}'`);
    return p;
  }

  private started(p: PoolState, key: string, what: Omit<Running, 'tracks'>, deviceIds: Int32Array): void {
    this.latest = Math.max(this.latest, what.start);
    p.running.set(key, { ...what, tracks: p.lanes.take(deviceIds) });
  }

  private ended(p: PoolState, key: string, end: number, outcome: SliceOutcome): void {
    const run = p.running.get(key);
    if (run === undefined) throw new RangeError(`${key} ended on ${p.spec.id} without having started there`);
    p.running.delete(key);
    this.latest = Math.max(this.latest, end);
    this.slice(p, run, end, outcome);
    p.lanes.give(run.tracks);
  }

  private slice(p: PoolState, run: Running, end: number, outcome: SliceOutcome): void {
    const ts = microseconds(run.start);
    const dur = durationText(ts, microseconds(end));
    const args = { ...run.args, nodes: run.tracks.length, outcome };
    for (const track of run.tracks) {
      if (this.slices >= this.options.maxSlices) {
        this.dropped++;
        this.droppedFrom ??= end;
        continue;
      }
      if (!track.named) this.nameThread(p, track);
      this.event({ name: run.name, cat: run.cat, ph: 'X', ts, dur, pid: p.pid, tid: track.tid, args });
      this.slices++;
    }
  }

  private nameThread(p: PoolState, track: LaneTrack): void {
    track.named = true;
    const name = track.lane === 0 ? `node ${track.node}` : `node ${track.node} · lane ${track.lane + 1}`;
    this.event({ name: 'thread_name', ph: 'M', ts: 0, pid: p.pid, tid: track.tid, args: { name } });
    // nodes in order, a node's lanes under it, whatever order they were first used in
    this.event({ name: 'thread_sort_index', ph: 'M', ts: 0, pid: p.pid, tid: track.tid, args: { sort_index: track.node * 1000 + Math.min(track.lane, 999) } });
  }

  private counters(p: PoolState, series: PoolTimeSeries): void {
    const { devicesPerNode, power } = p.spec;
    series.t.forEach((t, i) => {
      const ts = microseconds(t);
      const busy = series.busy_devices[i] ?? 0;
      const online = series.online_devices[i] ?? 0;
      this.event({ name: 'jobs waiting', ph: 'C', ts, pid: p.pid, tid: 0, args: { jobs: series.queue_length[i] ?? 0 } });
      this.event({ name: 'devices', ph: 'C', ts, pid: p.pid, tid: 0, args: { busy, idle: Math.max(0, online - busy) } });
      if (power) this.event({ name: 'power (W)', ph: 'C', ts, pid: p.pid, tid: 0, args: { watts: poolPowerDraw(online / devicesPerNode, busy, devicesPerNode, power) } });
    });
  }

  /** One event a line; `ts`/`dur` are already µs texts, written as numbers. */
  private event(e: { name: string; cat?: string; ph: string; ts: number | string; dur?: string; pid: number; tid: number; args: object }, first = false): void {
    const cat = e.cat === undefined ? '' : `,"cat":${JSON.stringify(e.cat)}`;
    const dur = e.dur === undefined ? '' : `,"dur":${e.dur}`;
    this.sink(`${first ? '' : ',\n'}{"name":${JSON.stringify(e.name)}${cat},"ph":"${e.ph}","ts":${e.ts}${dur},"pid":${e.pid},"tid":${e.tid},"args":${JSON.stringify(e.args)}}`);
  }
}
