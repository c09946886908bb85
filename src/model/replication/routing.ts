import type { JobStaging, SourceRow } from '../job.js';
import { dataJob, training, type JobDraw } from '../job-factory.js';
import { jobEmissions } from '../carbon/job-emissions.js';
import { choosePool, type PoolOption } from '../placement-policy.js';
import type { Pool, RunInputs, Workload } from '../types.js';
import type { RunPool } from './run-pool.js';

/** A job as it arrives, sized for its workload's home pool. */
export interface JobRequest {
  /** whole devices, or a share of one device */
  readonly devices: number;
  /** s of compute on the home pool */
  readonly duration: number;
  /** s the scheduler plans with on the home pool */
  readonly estimate: number;
  readonly gpuModels: readonly string[] | undefined;
  /** a synthetic job's draw: what the performance models need to time it on other hardware */
  readonly draw?: JobDraw;
  /** a trace job's row in its source */
  readonly source?: SourceRow | undefined;
}

/** A job placed on a pool and sized for it. */
export interface RoutedJob {
  readonly pool: RunPool;
  readonly devices: number;
  readonly duration: number;
  readonly estimate: number;
  readonly staging: JobStaging | undefined;
}

/** What routing asks of the other parts: how long a job would wait on a pool, and what data it would move. */
export interface RoutingAdvice {
  expectedWait(p: RunPool, request: { devices: number; gpuModels?: readonly string[] }): number;
  /** s, the run's clock (greenest placement reads the grid's intensity from the job's expected start) */
  now(): number;
  plan(w: Workload, site: string): JobStaging | undefined;
}

/**
 * Placement across pools and sites: picks the pool of a new job under the scenario's policy and
 * sizes the job for it. Devices and duration are drawn for the home pool; elsewhere training and data
 * jobs are timed again by their models on that pool's nodes (a data job takes as many whole nodes),
 * other compute scales by the ratio of dense peaks at the job's precision, and a job away from its
 * data first moves its input there and afterwards its output back, holding its devices meanwhile.
 * Placement and the scheduler plan with the staging time of an idle link (bytes / bandwidth +
 * latency, each way); the transfers themselves share the link (Staging).
 */
export class Routing {
  /** per workload index: its home pool, then the pools the policy may send its jobs to, in preference order */
  private readonly choices: (readonly RunPool[])[];

  constructor(
    private readonly scenario: RunInputs,
    private readonly pools: readonly RunPool[],
    private readonly advice: RoutingAdvice,
  ) {
    const byId = new Map(pools.map((p) => [p.pool.id, p]));
    const pool = (id: string) => {
      const p = byId.get(id);
      if (!p) throw new Error(`unknown pool ${id}`);
      return p;
    };
    this.choices = scenario.workloads.map((w) => {
      if (!byId.has(w.pool)) throw new Error(`workload ${w.name} names unknown pool ${w.pool}`);
      return [w.pool, ...w.alternatives].map(pool);
    });
  }

  /** The pool a job of workload `w` (index) goes to, and its size there. */
  route(w: number, request: JobRequest): RoutedJob {
    const workload = this.scenario.workloads[w];
    const choices = this.choices[w];
    const home = choices?.[0];
    if (!workload || !choices || !home) throw new RangeError(`no workload ${w}`);
    const { devices, duration, estimate, gpuModels, draw } = request;
    // The common case, a workload with one pool and no data away from it: no closures, no arrays.
    if (choices.length === 1 && !workload.dataset) return { pool: home, devices, duration, estimate, staging: undefined };
    const sized = (p: RunPool) => {
      const speed = p === home ? 1 : relativeTime(workload, home.pool, p.pool, devices, duration, draw);
      const d = p === home || workload.kind !== 'data' ? devices : (devices / home.pool.devicesPerNode) * p.pool.devicesPerNode;
      const staging = this.advice.plan(workload, p.pool.site);
      const stagingTime = staging?.estimate ?? 0;
      return { pool: p, devices: d, duration: duration * speed, estimate: stagingTime + estimate * speed, staging, runTime: stagingTime + duration * speed, fits: Number.isFinite(speed) };
    };
    let chosen = home;
    if (choices.length > 1) {
      const alternatives = choices.slice(1);
      const option = (p: RunPool): PoolOption => {
        const x = sized(p);
        const asked = { devices: x.devices, ...(gpuModels !== undefined && { gpuModels }) };
        const fits = x.fits && p.cluster.canEverPlace(asked);
        const expectedWait = fits ? this.advice.expectedWait(p, asked) : Infinity;
        const carbon = p.pool.placementCarbon;
        const emissions = carbon && Number.isFinite(expectedWait) ? jobEmissions(carbon, x.devices, this.advice.now() + expectedWait, x.runTime) : undefined;
        return { pool: p.index, expectedWait, runTime: x.runTime, devices: x.devices, price: p.pool.placementPrice, fits, ...(emissions !== undefined && { emissions }) };
      };
      chosen = this.pools[choosePool(this.scenario.policy, option(home), () => alternatives.map(option), workload.deadline)] ?? home;
    }
    return sized(chosen);
  }
}

/**
 * Duration on `to` relative to `from` (Infinity: `to` cannot run it). A synthetic training job is
 * timed again by the training model on `to`'s nodes (compute, memory and the fabric between them),
 * a synthetic data job by the data-job model on as many of `to`'s nodes (their network and
 * processing against the storage); other jobs scale by the ratio of dense peaks at their precision.
 */
export function relativeTime(w: Workload, from: Pool, to: Pool, devices: number, duration: number, draw?: JobDraw): number {
  if (w.kind === 'inference') return 1;
  if (w.kind === 'data') {
    if (!draw?.data || !(duration > 0)) return 1;
    let there: number;
    try {
      there = dataJob(w, to, draw.data.read, draw.data.write).time;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      return Infinity; // those nodes cannot run it (e.g. local storage on nodes without drives)
    }
    return Number.isFinite(there) && there > 0 ? there / duration : Infinity;
  }
  const size = draw?.training;
  if (w.kind === 'training' && size && duration > 0) {
    if (to.device.peak[w.precision] === undefined || (!w.slice && devices % w.modelParallel !== 0) || w.modelParallel > to.devicesPerNode) return Infinity;
    let there: number;
    try {
      there = training(w, to, devices, size.params, size.tokens).totalTime;
    } catch {
      return Infinity; // the model cannot lay this job out on those nodes
    }
    return Number.isFinite(there) && there > 0 ? there / duration : Infinity;
  }
  const precision = w.kind === 'batch' ? w.work.precision : w.kind === 'federated' ? w.federated.aggregation.precision : w.precision;
  const a = from.device.peak[precision];
  const b = to.device.peak[precision];
  return a !== undefined && b !== undefined && b > 0 ? a / b : Infinity;
}
