import { FluidLag, lagStep } from '../data/fluid-lag.js';
import type { StreamMetrics } from '../data/stream-metrics.js';
import { brokerByteSeconds, brokerBytes } from '../data/lake-size.js';
import { rateProfile } from '../data/stream-rate.js';
import type { DataStream, RunInputs } from '../types.js';
import type { Placement, QueuedJob } from '../scheduling/index.js';
import type { IngestionNeeds } from './part-interfaces.js';
import { PRIORITY_ARRIVAL, type RunClock } from './run-clock.js';
import type { RunPool } from './run-pool.js';

export type { StreamMetrics } from '../data/stream-metrics.js';
export type { IngestionNeeds } from './part-interfaces.js';

/** Same as inference replicas: above every workload's priority, so the consumers' nodes are placed first and never preempted. */
const CONSUMER_PRIORITY = 1000;
/** s between two batches of processed bytes sent over the link to a lake on another site */
const SINK_BATCH = 3600;

interface Ingest {
  readonly stream: DataStream;
  readonly pool: RunPool;
  readonly lag: FluidLag;
  readonly capacity: number;
  /** lake site, when the processed bytes cross a link */
  readonly sinkSite?: string;
  startedAt: number;
  processedAtWarmup: number;
  sent: number;
}

/**
 * Streams (RunInputs.streams): each stream's consumer group holds its nodes of its pool for the whole run,
 * through one reservation job placed before any other work (as inference replicas do), so the pool's other
 * jobs see fewer nodes and the consumers' busy time and energy count in the ledger. Bytes are a fluid
 * (FluidLag), never an event per message: the run only places the consumers, sends the processed bytes to a
 * lake on another site in hourly batches over the link (so they load it and count as egress), and
 * measures the lag at the end.
 */
export class StreamIngestion {
  private readonly ingests: Ingest[] = [];
  private readonly byJob = new Map<number, Ingest>();

  constructor(
    private readonly clock: RunClock,
    private readonly scenario: RunInputs,
    private readonly needs: IngestionNeeds,
  ) {
    const step = lagStep(scenario.horizon);
    for (const stream of scenario.streams ?? []) {
      const pool = needs.pool(stream.consumers.pool);
      const lakeSite = scenario.lakes?.find((l) => l.name === stream.sink?.lake)?.site;
      const ingest: Ingest = {
        stream,
        pool,
        lag: new FluidLag(rateProfile(stream), step, scenario.warmup, stream.retention),
        capacity: Math.min(stream.consumers.nodes, stream.partitions) * stream.consumers.ratePerNode,
        ...(lakeSite !== undefined && lakeSite !== stream.site && { sinkSite: lakeSite }),
        startedAt: -1,
        processedAtWarmup: 0,
        sent: 0,
      };
      this.ingests.push(ingest);
      const id = needs.ids.next();
      this.byJob.set(id, ingest);
      const devices = stream.consumers.nodes * pool.pool.devicesPerNode;
      needs.reserve(pool, devices);
      pool.scheduler.enqueue({ id, submit: clock.now, devices, estimate: scenario.horizon, priority: CONSUMER_PRIORITY });
      pool.backlog.enqueue(devices, 0);
      needs.changed(pool);
      if (ingest.sinkSite !== undefined) clock.schedule(SINK_BATCH, (i: Ingest) => this.send(i), ingest, PRIORITY_ARRIVAL);
    }
    if (scenario.warmup > 0 && this.ingests.length > 0) clock.scheduleAt(scenario.warmup, () => this.endWarmup(), undefined, PRIORITY_ARRIVAL);
  }

  /** The scheduler placed `q`: if it is a consumer group's reservation, its consumers start. @returns false for any other job */
  placed(p: RunPool, q: QueuedJob, placement: Placement): boolean {
    const ingest = this.byJob.get(q.id);
    if (!ingest) return false;
    this.needs.devices.occupied(p, placement);
    p.backlog.dequeue(q.devices, 0);
    ingest.lag.advance(this.clock.now, 0);
    ingest.startedAt = this.clock.now;
    return true;
  }

  /** Per stream: lag, throughput and broker storage over the window [warm-up, end]. */
  result(end: number): Record<string, StreamMetrics> {
    const out: Record<string, StreamMetrics> = {};
    const from = this.scenario.warmup;
    const window = Math.max(0, end - from);
    for (const i of this.ingests) {
      this.advance(i, end);
      const processed = i.lag.done - i.processedAtWarmup;
      const running = i.startedAt < 0 ? 0 : Math.max(0, end - Math.max(from, i.startedAt));
      out[i.stream.name] = {
        ...i.lag.result(),
        processed_bytes: processed,
        capacity_bytes_per_second: i.capacity,
        consumer_utilisation: running > 0 && i.capacity > 0 ? Math.min(1, processed / (i.capacity * running)) : 0,
        consumers_started_at: Math.max(0, i.startedAt),
        broker_bytes_mean: window > 0 ? brokerByteSeconds(i.stream, from, end) / window : 0,
        broker_bytes_end: brokerBytes(i.stream, end),
      };
    }
    return out;
  }

  /** Runs the fluid queue to `to`: capacity 0 until the consumers are placed. */
  private advance(i: Ingest, to: number): void {
    i.lag.advance(to, i.startedAt >= 0 ? i.capacity : 0);
  }

  /** The hour's processed bytes (× the sink ratio) leave for the lake's site over the link. */
  private send(i: Ingest): void {
    this.advance(i, this.clock.now);
    const bytes = (i.lag.done - i.sent) * (i.stream.sink?.ratio ?? 1);
    i.sent = i.lag.done;
    if (bytes > 0 && i.sinkSite !== undefined) this.needs.carry(i.stream.site, i.sinkSite, bytes, noop);
    if (this.clock.now + SINK_BATCH <= this.scenario.horizon) this.clock.schedule(SINK_BATCH, (x: Ingest) => this.send(x), i, PRIORITY_ARRIVAL);
  }

  private endWarmup(): void {
    for (const i of this.ingests) {
      this.advance(i, this.clock.now);
      i.processedAtWarmup = i.lag.done;
    }
  }
}

function noop(): void {}
