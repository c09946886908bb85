import { makeSampler, type RandomStream } from '../../engine/index.js';
import { computeRate } from '../performance/precision.js';
import type { Pool, RunInputs } from '../types.js';
import { PRIORITY_ARRIVAL, PRIORITY_COMPLETION, type RunClock } from '../replication/run-clock.js';
import { onlineFraction, playClientPhase, type ClientWork } from './client-round.js';
import { RoundTally } from './round-tally.js';
import type { FederatedMetrics, FederatedWorkload } from './federated-types.js';

/** What the rounds need of the run: an aggregation job on the workload's pool, through its scheduler. */
export interface FederatedNeeds {
  /** submits one job of workload `w`: `devices` for `duration` s on its home pool. @returns its id, or undefined when its scheduler refused it */
  submitAggregation(w: number, devices: number, duration: number): number | undefined;
}

/** One federated workload's clients (drawn once per run) and the round in progress. */
interface Federation {
  readonly index: number;
  readonly workload: FederatedWorkload;
  /** the aggregation pool's site: updates go there, the model comes from there */
  readonly central: string;
  /** per client: s to download the model, to compute its update, to upload it */
  readonly download: Float64Array;
  readonly compute: Float64Array;
  readonly upload: Float64Array;
  /** FLOP/s of the aggregation pool's device at the aggregation's precision and efficiency */
  readonly aggregationRate: number;
  readonly availability: RandomStream;
  readonly selection: RandomStream;
  readonly dropout: RandomStream;
  readonly tally: RoundTally;
  started: number;
  /** the current round's start, s */
  roundStart: number;
  /** the aggregation job of the current round is queued or running */
  aggregating: boolean;
  /** the current round's clients online at its start, and selected */
  online: number;
  selected: number;
}

/**
 * The federated workloads of a run (src/model/federated/). Each round: clients online at its start
 * (each independently with the online fraction), a selection among them, the client phase in closed
 * form (client-round.ts), then, with at least `minReports` updates, the aggregation job on the central
 * pool. The next round starts when this one ends (back-to-back) or at the next tick of its schedule.
 * Random streams are named per workload: `<name>/clients`, `/availability`, `/selection`, `/dropout`.
 */
export class FederatedRounds {
  private readonly federations: Federation[];
  private readonly onStart = (f: Federation) => this.startRound(f);
  private readonly onClose = (f: Federation, phase: ReturnType<typeof playClientPhase>) => this.closeClients(f, phase);

  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    homePool: (w: FederatedWorkload) => Pool,
    stream: (name: string) => RandomStream,
    private readonly needs: FederatedNeeds,
  ) {
    this.federations = [];
    scenario.workloads.forEach((w, index) => {
      if (w.kind !== 'federated') return;
      const own = (purpose: string) => stream(`${w.name}/${purpose}`);
      const spec = w.federated;
      const c = spec.clients;
      const draws = own('clients');
      const uplink = makeSampler(c.uplink, draws);
      const downlink = makeSampler(c.downlink, draws);
      const speed = makeSampler(c.speed, draws);
      const localRate = computeRate(c.device, spec.local.precision, spec.local.mfu).rate;
      const download = new Float64Array(c.count);
      const compute = new Float64Array(c.count);
      const upload = new Float64Array(c.count);
      for (let i = 0; i < c.count; i++) {
        // per client, in a fixed order: downlink, uplink, speed (a non-positive draw is clamped to a tiny rate, not a free transfer)
        download[i] = spec.download / Math.max(downlink(), 1e-9);
        upload[i] = spec.update / Math.max(uplink(), 1e-9);
        compute[i] = spec.local.flops / (localRate * Math.max(speed(), 1e-9));
      }
      const pool = homePool(w);
      const a = spec.aggregation;
      this.federations.push({
        index,
        workload: w,
        central: pool.site,
        download,
        compute,
        upload,
        aggregationRate: computeRate(pool.device, a.precision, a.efficiency).rate * a.devices,
        availability: own('availability'),
        selection: own('selection'),
        dropout: own('dropout'),
        tally: new RoundTally(scenario.warmup),
        started: 0,
        roundStart: 0,
        aggregating: false,
        online: 0,
        selected: 0,
      });
    });
  }

  get active(): boolean {
    return this.federations.length > 0;
  }

  /** Schedules every federated workload's first round at time 0. */
  start(): void {
    for (const f of this.federations) this.clock.scheduleAt(0, this.onStart, f, PRIORITY_ARRIVAL);
  }

  /** The aggregation job of workload `w` ended: completed (the round counts) or rejected by the scheduler (the round failed). */
  aggregationEnded(w: number, completed: boolean, submit: number, start: number): void {
    const f = this.federations.find((x) => x.index === w);
    if (!f || !f.aggregating) return;
    f.aggregating = false;
    const now = this.clock.now;
    if (completed) f.tally.completed(f.roundStart, now, start - submit, (now - start) * f.workload.federated.aggregation.devices);
    else f.tally.failed(now);
    this.next(f);
  }

  /** Per federated workload: its figures over the window, and the bytes its clients moved between sites (`from->to`). */
  result(window: { readonly start: number; readonly length: number }): { readonly metrics: Record<string, FederatedMetrics>; readonly transfers: Record<string, number> } | undefined {
    if (!this.active) return undefined;
    const metrics: Record<string, FederatedMetrics> = {};
    const transfers: Record<string, number> = {};
    for (const f of this.federations) {
      const m = f.tally.metrics(window.length, f.workload.federated.clients.power ?? 0);
      metrics[f.workload.name] = m;
      const edge = f.workload.federated.clients.site;
      const central = f.central;
      if (edge !== central) {
        transfers[`${edge}->${central}`] = (transfers[`${edge}->${central}`] ?? 0) + m.bytes_up;
        transfers[`${central}->${edge}`] = (transfers[`${central}->${edge}`] ?? 0) + m.bytes_down;
      }
    }
    return { metrics, transfers };
  }

  private startRound(f: Federation): void {
    const spec = f.workload.federated;
    const now = this.clock.now;
    f.started++;
    f.roundStart = now;
    f.tally.started(now);
    const fraction = onlineFraction(spec.clients.availability, now, spec.clients.diurnal);
    const online: number[] = [];
    for (let i = 0; i < spec.clients.count; i++) if (f.availability.uniform() < fraction) online.push(i);
    if (online.length < spec.minReports) {
      // not enough clients to reach min_reports: the round fails at once and the next waits retryAfter
      f.tally.clients(now, online.length, { close: 0, reports: 0, dropouts: 0, stragglers: 0, bytesUp: 0, bytesDown: 0, computeSeconds: 0 }, 0);
      f.tally.failed(now);
      this.next(f, spec.retryAfter);
      return;
    }
    const chosen = this.select(f, online);
    const work: ClientWork[] = chosen.map((i) => {
      // two draws per selected client, always: whether it drops, and where
      const drops = f.dropout.uniform() < spec.clients.dropout;
      const point = f.dropout.uniform();
      return { download: f.download[i] ?? 0, compute: f.compute[i] ?? 0, upload: f.upload[i] ?? 0, dropAt: drops ? point : undefined };
    });
    const phase = playClientPhase(work, { download: spec.download, update: spec.update }, spec.deadline);
    f.online = online.length;
    f.selected = chosen.length;
    this.clock.scheduleAt(now + phase.close, (p) => this.onClose(f, p), phase, PRIORITY_COMPLETION);
  }

  /** `perRound` of the online clients: uniformly at random without replacement, or the fastest by their expected round time. */
  private select(f: Federation, online: number[]): number[] {
    const spec = f.workload.federated;
    const k = Math.min(spec.perRound, online.length);
    if (spec.selection === 'fastest') {
      const time = (i: number) => (f.download[i] ?? 0) + (f.compute[i] ?? 0) + (f.upload[i] ?? 0);
      return [...online].sort((a, b) => time(a) - time(b) || a - b).slice(0, k);
    }
    // partial Fisher–Yates: the first k places get a uniform k-subset in uniform order
    for (let j = 0; j < k; j++) {
      const r = j + Math.floor(f.selection.uniform() * (online.length - j));
      const t = online[j] ?? 0;
      online[j] = online[r] ?? 0;
      online[r] = t;
    }
    return online.slice(0, k);
  }

  private closeClients(f: Federation, phase: ReturnType<typeof playClientPhase>): void {
    const spec = f.workload.federated;
    // counted when the phase closes (a phase the horizon cuts short is not counted)
    f.tally.clients(this.clock.now, f.online, phase, f.selected);
    if (phase.reports < spec.minReports) {
      f.tally.failed(this.clock.now);
      this.next(f);
      return;
    }
    const a = spec.aggregation;
    f.aggregating = true;
    const id = this.needs.submitAggregation(f.index, a.devices, (a.flops + a.flopsPerReport * phase.reports) / f.aggregationRate);
    // refused by the pool's scheduler (larger than the pool): the round fails now
    if (id === undefined) this.aggregationEnded(f.index, false, this.clock.now, this.clock.now);
  }

  /** Schedules the next round: now (back-to-back) or at the next tick, never before `delay` s from now. */
  private next(f: Federation, delay = 0): void {
    const spec = f.workload.federated;
    if (spec.maxRounds !== undefined && f.started >= spec.maxRounds) return;
    const now = this.clock.now;
    const at = Math.max(now + delay, spec.schedule.kind === 'every' ? f.roundStart + spec.schedule.interval : now);
    if (at <= this.scenario.horizon) this.clock.scheduleAt(at, this.onStart, f, PRIORITY_ARRIVAL);
  }
}
