import type { Cluster } from './cluster.js';
import { priorityOf, QueueScheduler, type Waiting } from './queue-scheduler.js';
import type { PreemptCallback, QueuedJob, RunningJob, SchedulerOptions, StartCallback } from './scheduler.js';

/**
 * Priority classes with preemption. Higher `priority` is more important (default 0).
 *
 * - Queue order: (priority desc, submit asc, id asc). Jobs start in that order while the head fits.
 * - A head that does not fit may preempt running jobs of *strictly lower* priority, never equal or
 *   higher. Victims are taken lowest priority first, then most recently started first (ties: higher
 *   job id first), until the head fits. If even all of them would not make it fit, nothing is
 *   preempted. Then the chosen set is made minimal: going back over the victims in reverse (most
 *   valuable first), any whose devices the head turns out not to need is reprieved — so, with node
 *   placement, a victim whose devices would not help (another node, another model) is never stopped.
 * - Blocking: a head that cannot start even with preemption blocks the rest of the queue (as FCFS
 *   within the priority order). So no lower-priority job is started while a more important one waits,
 *   which would only set it up to be preempted by a job that is already here.
 * - Victims re-queued from the preempt callback join the queue before the pass goes on, so they
 *   keep their place (by priority and original submit) ahead of later jobs of their class.
 * - Without a `preempt` callback the policy never preempts (non-preemptive priority scheduling).
 *
 * Cost: a blocked head looks at all running jobs (O(running log running)) on each pass.
 */
export class PriorityPreemptiveScheduler extends QueueScheduler {
  readonly kind = 'priority-preemptive' as const;

  constructor(cluster: Cluster, options?: SchedulerOptions) {
    super(cluster, options, higherPriorityFirst);
  }

  protected round(now: number, start: StartCallback, preempt: PreemptCallback | undefined): void {
    const q = this.queue;
    for (;;) {
      const head = this.startInOrder(now, start);
      if (!head || !preempt) return;
      const victims = this.victimsFor(head);
      if (!victims) return;
      for (const v of victims) this.evict(v, preempt);
      const p = this.cluster.placeDemand(head.demand);
      if (!p) throw new Error(`internal: job ${head.job.id} does not fit after preempting ${victims.map((v) => v.job.id).join(', ')}`);
      this.launch(q.begin, p, now, start);
      // Re-queued victims take their places before anything behind them is considered.
      if (this.hasDeferred) return;
    }
  }

  /**
   * The victims that make `head` fit, in preemption order, with their devices already released on
   * the cluster; undefined (cluster untouched) when preemption cannot make it fit.
   */
  private victimsFor(head: Waiting): RunningJob[] | undefined {
    const cluster = this.cluster;
    const level = priorityOf(head.job);
    const candidates: RunningJob[] = [];
    let candidateMilli = 0;
    for (const r of this.runningSet.values()) {
      if (priorityOf(r.job) < level) {
        candidates.push(r);
        candidateMilli += r.placement.devices.length * r.placement.milli;
      }
    }
    // Not even the device-count total suffices: skip the what-if.
    const needMilli = head.demand.whole > 0 ? head.demand.whole * 1000 : head.demand.milli;
    if (candidates.length === 0 || cluster.freeMilli + candidateMilli < needMilli) return undefined;
    candidates.sort(preemptionOrder);
    const chosen: RunningJob[] = [];
    let fits = false;
    for (const r of candidates) {
      cluster.release(r.placement);
      chosen.push(r);
      if (cluster.canPlaceDemand(head.demand)) {
        fits = true;
        break;
      }
    }
    if (!fits) {
      for (const r of chosen) cluster.occupy(r.placement);
      return undefined;
    }
    // The last one chosen is needed by construction; try to reprieve the others, most valuable first.
    const kept = new Array<boolean>(chosen.length).fill(false);
    for (let i = chosen.length - 2; i >= 0; i--) {
      const r = chosen[i];
      if (!r) continue;
      cluster.occupy(r.placement);
      if (cluster.canPlaceDemand(head.demand)) kept[i] = true;
      else cluster.release(r.placement);
    }
    return chosen.filter((_, i) => !kept[i]);
  }
}

function higherPriorityFirst(a: QueuedJob, b: QueuedJob): boolean {
  const pa = priorityOf(a);
  const pb = priorityOf(b);
  if (pa !== pb) return pa > pb;
  return a.submit < b.submit || (a.submit === b.submit && a.id < b.id);
}

/** Lowest priority first, then latest start first, then higher id first. */
function preemptionOrder(a: RunningJob, b: RunningJob): number {
  return priorityOf(a.job) - priorityOf(b.job) || b.start - a.start || b.job.id - a.job.id;
}
