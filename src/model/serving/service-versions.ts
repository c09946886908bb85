import { SampleCollector, type SampleSummary } from '../../metrics/sample-summary.js';

/** One model version of a service over the window: when it went live, and its requests' figures. */
export interface VersionMetrics {
  readonly version: string;
  /** s, from when requests arriving used it (0 for the version the run started with) */
  readonly live_from: number;
  /** requests arriving in the window while it was the live version */
  readonly submitted: number;
  /** of those, the ones that finished */
  readonly completed: number;
  /** s, of those requests (the service's own definitions) */
  readonly ttft: SampleSummary;
  readonly tpot: SampleSummary;
}

/** The label of the version a service starts with, before any deploy stage rolled out a new one. */
export const INITIAL_VERSION = 'v0';

interface Version {
  readonly label: string;
  readonly since: number;
  submitted: number;
  completed: number;
  readonly ttft: SampleCollector;
  readonly tpot: SampleCollector;
}

/**
 * The model versions of an inference service that a pipeline's deploy stage updates: a request belongs to the
 * version live when it arrived (the last one deployed at or before its arrival), so a request in flight at a
 * switch finishes on the version it started with. Counts and samples cover requests arriving after the warm-up.
 */
export class ServiceVersions {
  private readonly versions: Version[] = [];

  constructor(private readonly warmup: number) {
    this.deploy(INITIAL_VERSION, 0);
  }

  /** Version `label` serves the requests arriving from `at` on (`at` never before an earlier deploy's). */
  deploy(label: string, at: number): void {
    this.versions.push({ label, since: at, submitted: 0, completed: 0, ttft: new SampleCollector(), tpot: new SampleCollector() });
  }

  arrived(arrival: number): void {
    if (arrival >= this.warmup) this.of(arrival).submitted++;
  }

  /** `wait`: s from arrival to the first token, as the service counts it */
  firstToken(arrival: number, wait: number): void {
    if (arrival >= this.warmup) this.of(arrival).ttft.add(wait);
  }

  /** `tpot`: s per output token after the first, undefined for a one-token output */
  finished(arrival: number, tpot: number | undefined): void {
    if (arrival < this.warmup) return;
    const v = this.of(arrival);
    v.completed++;
    if (tpot !== undefined) v.tpot.add(tpot);
  }

  result(): VersionMetrics[] {
    return this.versions.map((v) => ({ version: v.label, live_from: v.since, submitted: v.submitted, completed: v.completed, ttft: v.ttft.summary(), tpot: v.tpot.summary() }));
  }

  /** The version live at `arrival`: binary search for the last deploy at or before it. */
  private of(arrival: number): Version {
    let lo = 0;
    let hi = this.versions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.versions[mid]?.since ?? Infinity) <= arrival) lo = mid;
      else hi = mid - 1;
    }
    return this.versions[lo] as Version;
  }
}
