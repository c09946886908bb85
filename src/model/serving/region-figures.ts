import { SampleCollector, type SampleSummary } from '../../metrics/sample-summary.js';

/** One user region's requests over the statistics window (their latencies include the region's round trip). */
export interface RegionMetrics {
  readonly submitted: number;
  readonly completed: number;
  /** s, including one round trip */
  readonly ttft: SampleSummary;
  /** s, including one round trip */
  readonly e2e: SampleSummary;
  /** fraction of its completed requests meeting every SLO target set (1 when none is set or none completed) */
  readonly slo_attainment: number;
}

interface Region {
  submitted: number;
  completed: number;
  meetingSlo: number;
  readonly ttft: SampleCollector;
  readonly e2e: SampleCollector;
}

/** Per-region counts and latencies of a service whose users come from regions (ServiceReach.users). */
export class RegionFigures {
  private readonly regions: Region[];

  constructor(private readonly names: readonly string[]) {
    this.regions = names.map(() => ({ submitted: 0, completed: 0, meetingSlo: 0, ttft: new SampleCollector(), e2e: new SampleCollector() }));
  }

  submitted(region: number): void {
    this.at(region).submitted++;
  }

  firstToken(region: number, ttft: number): void {
    this.at(region).ttft.add(ttft);
  }

  finished(region: number, e2e: number, meetsSlo: boolean): void {
    const r = this.at(region);
    r.completed++;
    r.e2e.add(e2e);
    if (meetsSlo) r.meetingSlo++;
  }

  result(): Record<string, RegionMetrics> {
    const out: Record<string, RegionMetrics> = {};
    this.names.forEach((name, i) => {
      const r = this.at(i);
      out[name] = { submitted: r.submitted, completed: r.completed, ttft: r.ttft.summary(), e2e: r.e2e.summary(), slo_attainment: r.completed > 0 ? r.meetingSlo / r.completed : 1 };
    });
    return out;
  }

  private at(region: number): Region {
    const r = this.regions[region];
    if (!r) throw new RangeError(`no user region ${region}`);
    return r;
  }
}
