import type { Job } from '../model/job.js';
import type { ReplicaPlacement } from '../model/replication/replication-metrics.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import type { SimulationResult } from '../simulate/simulate.js';
import { TimelineWriter, type TimelineSummary } from '../report/timeline.js';
import { BufferedFile } from '../support/write-atomic.js';

/**
 * `simulate run --timeline FILE`: the first replication's job runs, inference replicas and pool counters as a Chrome trace
 * (report/timeline.ts), streamed into a temporary file that `commit` renames over FILE once the run
 * and the result are written, as the job CSV is.
 */
export class TimelineOutput {
  private readonly file: BufferedFile;
  private readonly writer: TimelineWriter;

  constructor(path: string, scenario: ResolvedScenario, maxSlices: number, stdout: (text: string) => void) {
    this.file = new BufferedFile(path, stdout);
    const pools = scenario.sites.flatMap((s) => s.pools.map((p) => ({ id: p.id, nodeCount: p.nodeCount, devicesPerNode: p.devicesPerNode, power: p.power })));
    this.writer = new TimelineWriter((text) => this.file.write(text), { scenario: scenario.name, seed: scenario.seed, pools, workloads: scenario.workloads.map((w) => w.name), maxSlices });
  }

  /** The job observer's events; `replication` counts from 0 and only the first is drawn. */
  onJob(replication: number, event: 'start' | 'end', job: Job, pool: string, outcome: 'completed' | 'interrupted' | undefined): void {
    if (replication !== 0) return;
    if (event === 'start') this.writer.jobStarted(job, pool);
    else this.writer.jobEnded(job, pool, outcome ?? 'completed');
  }

  /** The replica observer's events, as `onJob`. */
  onReplica(replication: number, event: 'start' | 'end', replica: ReplicaPlacement): void {
    if (replication !== 0) return;
    if (event === 'start') this.writer.replicaStarted(replica);
    else this.writer.replicaEnded(replica);
  }

  /** Closes the trace with the first replication's counters and renames it into place. */
  commit(result: SimulationResult): TimelineSummary {
    const summary = this.writer.finish(result.replications[0]?.timeseries ?? {});
    this.file.commit();
    return summary;
  }

  abort(): void {
    this.file.abort();
  }
}

/** The stderr line of a timeline whose cap left slices out; undefined when none was. */
export function timelineCapWarning(path: string, summary: TimelineSummary, maxSlices: number): string | undefined {
  if (summary.dropped === 0) return undefined;
  const from = ((summary.droppedFrom ?? 0) / 3600).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${path}: the timeline holds the first ${maxSlices.toLocaleString('en-US')} slices; ${summary.dropped.toLocaleString('en-US')} ending from ${from} h of simulated time on were left out (noted in the file's otherData; raise --timeline-max-events or shorten the horizon to see them)`;
}
