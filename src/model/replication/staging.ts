import type { Job, JobStaging } from '../job.js';
import { SharedLink, type LinkMetrics } from '../link-sharing.js';
import type { RunInputs, Workload } from '../types.js';
import { transferKey } from '../usage-ledger.js';
import { PRIORITY_COMPLETION, type RunClock } from './run-clock.js';

/**
 * Data staging over the inter-site links: a job running away from its dataset moves its input to
 * its site before its compute and its output back after it, holding its devices meanwhile. The
 * transfers share each link (SharedLink); placement plans with the time on an idle link.
 */
export class Staging {
  /** the inter-site links, by sorted 'a|b' site names */
  private readonly links = new Map<string, SharedLink>();
  /** bytes moved between sites during the window, by transferKey */
  private readonly transfers = new Map<string, number>();

  constructor(
    private readonly clock: RunClock,
    links: RunInputs['links'],
    private readonly warmup: number,
  ) {
    for (const l of links) this.links.set([...l.between].sort().join('|'), new SharedLink(clock, l.bandwidth, l.latency, PRIORITY_COMPLETION));
  }

  /** The data a job of `w` moves running on `site`: none at the data's own site or without a dataset. */
  plan(w: Workload, site: string): JobStaging | undefined {
    const d = w.dataset;
    if (!d || d.site === site) return undefined;
    const key = [d.site, site].sort().join('|');
    const link = this.links.get(key);
    if (!link) throw new Error(`no link between ${d.site} and ${site}`); // the scenario layer refuses such placements
    const way = (bytes: number) => (bytes > 0 ? bytes / link.bandwidth + link.latency : 0);
    return { link: key, home: d.site, site, input: d.input, output: d.output, estimate: way(d.input) + way(d.output) };
  }

  /** Moves the job's input to where it runs, then `next()` (at once for a job at home). */
  stageIn(job: Job, next: () => void): void {
    if (job.staging) this.stage(job, job.staging, job.staging.home, job.staging.site, job.staging.input, next);
    else next();
  }

  /** Moves the job's output back to its data's site, then `next()` (at once for a job at home). */
  stageOut(job: Job, next: () => void): void {
    if (job.staging) this.stage(job, job.staging, job.staging.site, job.staging.home, job.staging.output, next);
    else next();
  }

  /**
   * Moves `bytes` from site `from` to site `to` over their link, shared with the transfers on it, counted with the
   * bytes moved between sites (a disaggregated service's KV caches); `done` runs when the last byte has arrived.
   */
  carry(from: string, to: string, bytes: number, done: () => void): void {
    const link = this.links.get([from, to].sort().join('|'));
    if (!link) throw new Error(`no link between ${from} and ${to}`); // the scenario layer refuses such services
    if (this.clock.now >= this.warmup) this.moved(from, to, bytes);
    link.start(bytes, done);
  }

  /** Stops the job's transfer under way, if any (its job was preempted): its `next` never runs. */
  cancel(job: Job): void {
    if (job.transfer === -1 || !job.staging) return;
    this.links.get(job.staging.link)?.cancel(job.transfer);
    job.transfer = -1;
  }

  /** Starts the measurement window (end of the warm-up). */
  reset(): void {
    for (const link of this.links.values()) link.reset();
  }

  /** Links and bytes moved over the window, keys sorted; zeros when the window measured nothing. */
  result(measured: boolean): { links: Record<string, LinkMetrics>; transfers: Record<string, number> } {
    const transfers: Record<string, number> = {};
    for (const key of [...this.transfers.keys()].sort()) transfers[key] = measured ? (this.transfers.get(key) ?? 0) : 0;
    const links: Record<string, LinkMetrics> = {};
    for (const key of [...this.links.keys()].sort()) {
      const link = this.links.get(key);
      links[key] = measured && link ? link.metrics() : { busy_fraction: 0, mean_transfers: 0, max_transfers: 0 };
    }
    return { links, transfers };
  }

  private stage(job: Job, staging: JobStaging, from: string, to: string, bytes: number, next: () => void): void {
    if (bytes <= 0) {
      next();
      return;
    }
    if (this.clock.now >= this.warmup) this.moved(from, to, bytes);
    const link = this.links.get(staging.link);
    if (!link) throw new Error(`no link ${staging.link}`);
    job.transfer = link.start(bytes, () => {
      job.transfer = -1;
      next();
    });
  }

  private moved(from: string, to: string, bytes: number): void {
    const key = transferKey(from, to);
    this.transfers.set(key, (this.transfers.get(key) ?? 0) + bytes);
  }
}
