import type { RandomStream } from '../../engine/index.js';
import { checkpointWriteSeconds, nodesInDomainOf, splitElapsed, type CheckpointPolicy, type FailureDomain } from '../failures/index.js';
import { exponentialDraw } from '../failures/validate.js';
import { PRIORITY_COMPLETION } from './run-clock.js';
import type { FailureSpec, GoodputSpec, RunInputs } from '../types.js';
import type { RunPool } from './run-pool.js';

/** What interrupted a job: one of its devices (the profile's MTBF) or a failure domain of a kind. */
export type FailureCause = 'device' | FailureDomain['kind'];

/** A failure domain that just failed: its kind, its nodes [first, first + size) and their repair time. */
export interface DomainFailure {
  readonly kind: FailureDomain['kind'];
  readonly size: number;
  readonly first: number;
  readonly repair: number;
}

/** The goodput figures of one replication's window (device-hours; `ReplicationMetrics.goodput`). */
export interface GoodputMetrics {
  /** device-hours paid for: every pool's devices online (owned, spares included) or provisioned (cloud) */
  readonly paid_device_hours: number;
  /** device-hours jobs held devices (recovery waits included) */
  readonly busy_device_hours: number;
  /** busy − badput: device-hours of work that counts */
  readonly useful_device_hours: number;
  /** useful ÷ paid, in [0, 1]: the KPI goodput-adjusted TCO divides by */
  readonly goodput: number;
  /** useful ÷ busy: the jobs' effective training time (Llama 3's figure) */
  readonly effective_time: number;
  /** device-hours wasted, by cause */
  readonly badput: {
    /** progress since the last committed checkpoint, lost at a failure or a preemption */
    readonly lost_work: number;
    /** checkpoint writes */
    readonly checkpoint: number;
    /** restarts (reload, re-initialise) */
    readonly restart: number;
    /** waits for a hot spare's swap or for the repair of the failed nodes, devices held */
    readonly recovery: number;
  };
  /** interruptions in the window by cause */
  readonly interruptions: Readonly<Record<FailureCause, number>>;
  /** failed nodes a hot spare replaced, and failures after which the job waited for a repair */
  readonly spare_swaps: number;
  readonly repair_waits: number;
}

/** Per job while it runs: its checkpoint policy and the devices and nodes it holds. */
interface Held {
  /** the pool's index in the run */
  readonly pool: number;
  readonly policy: CheckpointPolicy;
  readonly held: number;
  readonly nodes: Int32Array;
  /** work left when the current attempt's compute began */
  readonly remainingAtStart: number;
  /** s: when the attempt's compute began, and the restart it pays first (0 on a first start) */
  readonly computeStart: number;
  readonly restart: number;
  /** false once the attempt failed (the job waits for a spare or a repair) */
  computing: boolean;
}

/**
 * The goodput model's part of a replication (opt-in: `failures` with a goodput block). It times each
 * job's checkpoint writes from its model state, draws each job's device failures and each pool's
 * domain failures, decides how a failed job recovers (a hot spare after the swap, else the repair)
 * and counts the window's badput. Execution asks it and interrupts the jobs; the events it schedules
 * itself are the domain failures and the spares coming back from repair.
 */
export class Recovery {
  private readonly spec: GoodputSpec;
  private readonly base: CheckpointPolicy;
  private readonly jobs = new Map<number, Held>();
  /** training jobs' own checkpoint policies (others use `base`) */
  private readonly policies = new Map<number, CheckpointPolicy>();
  /** per pool index: spare nodes free now (undefined: the pool has no spares) */
  private readonly sparesFree: (number | undefined)[];
  private readonly onSpareBack = (p: RunPool) => {
    this.sparesFree[p.index] = (this.sparesFree[p.index] ?? 0) + 1;
  };
  private lost = 0;
  private checkpoint = 0;
  private restart = 0;
  private recovery = 0;
  private readonly interruptions: Record<FailureCause, number> = { device: 0, node: 0, rack: 0, switch: 0 };
  private spareSwaps = 0;
  private repairWaits = 0;

  constructor(
    private readonly clock: { readonly now: number; schedule<A>(delay: number, cb: (a: A) => void, arg: A, priority?: number): number },
    failures: FailureSpec & { readonly goodput: GoodputSpec },
    private readonly scenario: Pick<RunInputs, 'warmup' | 'horizon'>,
    pools: readonly RunPool[],
  ) {
    this.spec = failures.goodput;
    this.base = { interval: failures.checkpointInterval, writeCost: failures.checkpointCost, restartOverhead: failures.restartOverhead };
    this.sparesFree = pools.map((p) => this.spec.spares[p.pool.id]?.nodes);
  }

  /** Holds each pool's spare nodes out of scheduling: the highest-numbered nodes online from the start, all devices taken. */
  holdSpares(pools: readonly RunPool[]): void {
    for (const p of pools) {
      const spares = this.spec.spares[p.pool.id]?.nodes ?? 0;
      const top = p.capacity.online;
      for (let node = top - spares; node < top; node++) {
        p.cluster.occupy({ pool: p.cluster.poolOfNode(node), nodes: Int32Array.of(node), devices: p.cluster.freeDevicesOn(node, p.pool.devicesPerNode), milli: 1000 });
      }
    }
  }

  /** A job arrived: a training job of `params` parameters writes its own checkpoints (0: not a training job). */
  submitted(jobId: number, params: number): void {
    const write = this.spec.checkpointWrite;
    if (write && params > 0) this.policies.set(jobId, { ...this.base, writeCost: checkpointWriteSeconds(params, write.bytesPerParam, write.bandwidth) });
  }

  /** The job's compute (an attempt) begins on `held` devices of `nodes` with `remaining` s of work. @returns its checkpoint policy */
  started(jobId: number, pool: number, held: number, nodes: Int32Array, remaining: number, restarting: boolean): CheckpointPolicy {
    const policy = this.policyOf(jobId);
    this.jobs.set(jobId, { pool, policy, held, nodes, remainingAtStart: remaining, computeStart: this.clock.now, restart: restarting ? policy.restartOverhead : 0, computing: true });
    return policy;
  }

  /** Devices and nodes the job holds in its current attempt. */
  placementOf(jobId: number): { readonly held: number; readonly nodes: Int32Array } | undefined {
    return this.jobs.get(jobId);
  }

  /** The job's checkpoint policy (its own write time when it trains a model). */
  policyOf(jobId: number): CheckpointPolicy {
    return this.policies.get(jobId) ?? this.base;
  }

  /**
   * Starts each pool's failure domains: per kind, a domain of the pool fails at rate (domains in the
   * pool) ÷ mtbf, uniformly among them, and interrupts at once every job computing on a node in it
   * (`hit` gets them, in the order they started). A domain with no job computing on it fails unseen:
   * its nodes are taken as repaired before a job needs them.
   */
  startDomains(pools: readonly RunPool[], stream: (name: string) => RandomStream, hit: (p: RunPool, failure: DomainFailure, jobs: readonly number[]) => void): void {
    for (const p of pools) {
      this.spec.domains.forEach((d, k) => {
        const count = Math.ceil(p.pool.nodeCount / d.nodes);
        const draws = stream(`${p.pool.id}/domain-${k}-${d.kind}`);
        const rate = count / d.mtbf;
        const next = () => this.clock.schedule(exponentialDraw(rate, draws), fire, undefined, PRIORITY_COMPLETION);
        const fire = () => {
          const domain = Math.min(count - 1, Math.floor(draws.uniformOpen() * count));
          const first = domain * d.nodes;
          const jobs: number[] = [];
          for (const [id, h] of this.jobs) if (h.computing && h.pool === p.index && nodesInDomainOf(h.nodes, d.nodes, first) > 0) jobs.push(id);
          if (jobs.length > 0) hit(p, { kind: d.kind, size: d.nodes, first, repair: d.repair }, jobs);
          next();
        };
        next();
      });
    }
  }

  /** When the job's next device failure comes: its `held` devices fail at rate held/mtbf. */
  nextFailure(now: number, held: number, mtbf: number | undefined, stream: RandomStream): number {
    const rate = mtbf !== undefined && Number.isFinite(mtbf) ? held / mtbf : 0;
    return rate > 0 ? now + exponentialDraw(rate, stream) : Infinity;
  }

  /**
   * The job failed now — one of its devices, or the failure domain `domain` — : counts the badput, takes
   * spares for the nodes it lost or waits for their repair. @returns the work kept and the recovery delay (s)
   */
  failed(jobId: number, p: RunPool, domain?: DomainFailure): { kept: number; delay: number } {
    const h = this.jobs.get(jobId);
    if (!h) throw new RangeError(`job ${jobId} is not running under the goodput model`);
    const elapsed = this.clock.now - h.computeStart;
    const split = splitElapsed(Math.max(0, elapsed - h.restart), h.policy);
    const kept = Math.min(split.kept, h.remainingAtStart);
    const cause: FailureCause = domain?.kind ?? 'device';
    const nodesDown = domain ? nodesInDomainOf(h.nodes, domain.size, domain.first) : 1;
    const repair = domain?.repair ?? this.spec.repair;
    const spares = this.sparesFree[p.index];
    const swap = this.spec.spares[p.pool.id]?.swap ?? 0;
    let delay: number;
    if (spares !== undefined && spares >= nodesDown) {
      this.sparesFree[p.index] = spares - nodesDown;
      // each failed node, once repaired, becomes a spare again
      for (let i = 0; i < nodesDown; i++) this.clock.schedule(repair, this.onSpareBack, p);
      delay = swap;
      if (this.counting()) this.spareSwaps += nodesDown;
    } else {
      delay = repair;
      if (this.counting() && repair > 0) this.repairWaits++;
    }
    this.settle(h, this.clock.now);
    h.computing = false;
    if (this.counting()) {
      this.interruptions[cause]++;
      this.lost += h.held * (split.progressTime - kept);
      this.recovery += h.held * Math.min(delay, Math.max(0, this.scenario.horizon - this.clock.now));
    }
    return { kept, delay };
  }

  /** The job finished its work: the last attempt's restart and checkpoint writes were badput. */
  completed(jobId: number): void {
    const h = this.jobs.get(jobId);
    if (!h) return;
    this.settle(h, this.clock.now);
    this.jobs.delete(jobId);
    this.policies.delete(jobId);
  }

  /** A preemption or a spot reclaim threw away `lostDeviceSeconds` of the job's work; it waits again. */
  discarded(jobId: number, lostDeviceSeconds: number): void {
    if (this.counting()) this.lost += lostDeviceSeconds;
    this.jobs.delete(jobId);
  }

  /**
   * The window's figures, given its busy and paid device-seconds (from the usage ledger). Attempts
   * still computing at the end add the restart and the checkpoint writes they have paid so far; the
   * work since their last checkpoint counts as useful (it is lost only if a failure comes).
   */
  metrics(busyDeviceSeconds: number, paidDeviceSeconds: number): GoodputMetrics {
    let checkpoint = this.checkpoint;
    let restart = this.restart;
    for (const h of this.jobs.values()) {
      if (!h.computing) continue;
      const o = this.overheadWithin(h, this.clock.now);
      checkpoint += h.held * o.checkpoint;
      restart += h.held * o.restart;
    }
    return this.figures(busyDeviceSeconds, paidDeviceSeconds, checkpoint, restart);
  }

  private figures(busyDeviceSeconds: number, paidDeviceSeconds: number, checkpoint: number, restart: number): GoodputMetrics {
    const badput = this.lost + checkpoint + restart + this.recovery;
    const useful = Math.max(0, busyDeviceSeconds - badput);
    return {
      paid_device_hours: paidDeviceSeconds / 3600,
      busy_device_hours: busyDeviceSeconds / 3600,
      useful_device_hours: useful / 3600,
      goodput: paidDeviceSeconds > 0 ? Math.min(1, useful / paidDeviceSeconds) : 0,
      effective_time: busyDeviceSeconds > 0 ? useful / busyDeviceSeconds : 0,
      badput: { lost_work: this.lost / 3600, checkpoint: checkpoint / 3600, restart: restart / 3600, recovery: this.recovery / 3600 },
      interruptions: { ...this.interruptions },
      spare_swaps: this.spareSwaps,
      repair_waits: this.repairWaits,
    };
  }

  /** Adds the attempt's restart and checkpoint writes up to `end` (within the window) to the badput. */
  private settle(h: Held, end: number): void {
    const o = this.overheadWithin(h, end);
    this.checkpoint += h.held * o.checkpoint;
    this.restart += h.held * o.restart;
  }

  /** s of restart and of checkpoint writes the attempt spent between the warm-up's end (or its start) and `end`. */
  private overheadWithin(h: Held, end: number): { checkpoint: number; restart: number } {
    const at = (t: number) => {
      const e = Math.max(0, t - h.computeStart);
      const r = Math.min(e, h.restart);
      return { checkpoint: splitElapsed(e - r, h.policy).checkpointOverhead, restart: r };
    };
    const to = at(end);
    const from = at(Math.min(end, Math.max(this.scenario.warmup, h.computeStart)));
    return { checkpoint: to.checkpoint - from.checkpoint, restart: to.restart - from.restart };
  }

  /** Badput counts from the end of the warm-up, like the window's busy time. */
  private counting(): boolean {
    return this.clock.now >= this.scenario.warmup;
  }
}
