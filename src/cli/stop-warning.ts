import type { SimulationResult } from '../simulate/simulate.js';
import { formatTimes } from '../model/overload-watch.js';

/**
 * The one line a run stopped before its horizon prints on stderr (after 'warning: '). An overload names
 * the workload, the pool, the queue and the offered load as × capacity, and what to do about it; any
 * other stop names the limit that was reached (`limit`, e.g. '--max-events 1000').
 */
export function stopWarning(result: SimulationResult, replications: number, limit: string): string {
  const ran = `${result.replications.filter((r) => r.complete).length} of ${replications} replication(s) ran to the horizon`;
  const o = result.overload;
  if (!o) return `stopped by ${limit}: ${ran}; the result is incomplete ("complete": false)`;
  const load = o.offered_load === null ? 'unknown' : formatTimes(o.offered_load);
  const what = o.limit === 'max_queued' ? 'queued' : 'queued when the heap filled';
  const raise = o.limit === 'max_queued' ? '--max-queued or limits.max_queued' : '--max-heap or limits.max_heap';
  return `overload: workload '${o.workload}' offers ${load} the capacity of pool '${o.pool}' (${o.queued.toLocaleString('en-US')} ${what} at ${formatSimTime(o.at)}): stopped replication ${result.replications.length} there and ran no further; ${ran}; the result is incomplete ("stopped_by": "overload"; add capacity or lower the load — ${raise} only delays it)`;
}

function formatSimTime(s: number): string {
  if (s >= 86_400) return `day ${(s / 86_400).toPrecision(3)}`;
  if (s >= 3600) return `${(s / 3600).toPrecision(3)} h`;
  return `${Number(s.toPrecision(3))} s`;
}
