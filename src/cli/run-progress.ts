import cliProgress from 'cli-progress';
import type { ReplicationTick } from '../simulate/one-replication.js';
import { escapeControlChars } from '../support/escape-control-chars.js';
import { formatDuration } from '../support/format-quantity.js';

/** What `run` and `compare` tell a progress line: every slice of a replication, and each replication done. */
export interface RunProgress {
  tick(t: ReplicationTick): void;
  /** replication (0-based) has ended */
  replicationDone(replication: number): void;
  stop(): void;
}

/** Redraws per second at most: a run slices every 50 ms, a terminal needs far fewer. */
const FPS = 5;

/**
 * A live line on stderr while a run computes, when stderr is a terminal and not a CI log (there, `run` prints one
 * line per replication done, as before): how far the run is over all its replications, the replication under way
 * with the simulated time it has reached of the horizon, and events per second of computing. With worker threads
 * several replications advance at once: the line shows the one furthest behind, and the events of all of them.
 */
export function runProgress(label: string, horizon: number, replications: number): RunProgress | undefined {
  if (!process.stderr.isTTY || process.env['CI'] !== undefined) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${escapeControlChars(label, 'none')} [{bar}] {percentage}% | replication {replication}/{replications} at {simulated} of {horizon} | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
      fps: FPS,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  // per replication: the fraction of the horizon simulated, and its events
  const reached = new Map<number, { fraction: number; events: number }>();
  // a thread's last tick may come after its replication's end is told: ended ones are ignored
  const ended = new Set<number>();
  let finished = 0;
  let started = false;
  let since = performance.now();
  let eventsSince = 0;
  let rate = 0;
  const total = replications * 1000;
  const value = () => Math.round(1000 * (finished + [...reached.values()].reduce((s, r) => s + r.fraction, 0)));
  const payload = () => {
    const behind = [...reached.entries()].sort((a, b) => a[1].fraction - b[1].fraction)[0];
    return {
      replication: (behind?.[0] ?? finished) + 1,
      replications,
      simulated: formatDuration((behind?.[1].fraction ?? 0) * horizon),
      horizon: formatDuration(horizon),
      rate: rate >= 1e6 ? `${(rate / 1e6).toFixed(1)} M` : rate >= 1e3 ? `${(rate / 1e3).toFixed(0)} k` : rate.toFixed(0),
    };
  };
  return {
    tick(t) {
      if (ended.has(t.replication)) return;
      const before = reached.get(t.replication)?.events ?? 0;
      eventsSince += t.events - before;
      reached.set(t.replication, { fraction: horizon > 0 ? Math.min(1, t.now / horizon) : 1, events: t.events });
      const now = performance.now();
      if (now - since >= 1000 / FPS) {
        rate = (eventsSince * 1000) / (now - since);
        since = now;
        eventsSince = 0;
      }
      if (!started) {
        bar.start(total, value(), payload());
        started = true;
      } else bar.update(Math.min(value(), total), payload());
    },
    replicationDone(replication) {
      ended.add(replication);
      reached.delete(replication);
      finished++;
      if (started) bar.update(Math.min(value(), total), payload());
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
