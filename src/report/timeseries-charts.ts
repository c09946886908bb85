import { estimate } from '../metrics/confidence-interval.js';
import { mustAt } from '../support/must-get.js';
import { slug } from './html/safe-html.js';
import type { LineChartSpec } from './charts/chart-spec.js';
import { formatDuration } from './format-units.js';
import { summaryEstimate, summaryKeys, valueAt, type ResultDocument } from './result-document.js';

export interface Entry {
  readonly label: string;
  readonly result: ResultDocument;
}

/** One pool's sampled series in one result, averaged over replications at each instant. */
export interface PoolSeries {
  readonly t: number[];
  readonly busy: number[];
  readonly queue: number[];
  /** the 95% Student-t interval of the mean at each instant; null where fewer than 2 replications reached it */
  readonly busyBounds: (readonly [number, number] | null)[];
  readonly queueBounds: (readonly [number, number] | null)[];
  readonly replications: number;
}

/**
 * Mean over replications of the pool's `timeseries` (docs/result-schema.md): replications share the
 * sampling instants; one stopped early by a limit contributes to the instants it reached.
 */
export function poolSeries(result: ResultDocument, pool: string): PoolSeries | undefined {
  const reps = result.replications.map((r) => valueAt(r, ['timeseries', pool]) as { t?: unknown; busy_devices?: unknown; queue_length?: unknown } | undefined);
  const ok = reps.filter((s): s is { t: number[]; busy_devices: number[]; queue_length: number[] } => !!s && Array.isArray(s.t) && Array.isArray(s.busy_devices) && Array.isArray(s.queue_length));
  if (ok.length === 0) return undefined;
  const t = ok.reduce((a, s) => (s.t.length > a.t.length ? s : a)).t;
  const at = (key: 'busy_devices' | 'queue_length') =>
    t.map((_, i) => {
      const values = ok.flatMap((s) => {
        const v = s[key][i];
        return typeof v === 'number' ? [v] : [];
      });
      return values.length > 0 ? estimate(values) : undefined;
    });
  const mean = (es: ReturnType<typeof at>) => es.map((e) => e?.mean ?? 0);
  const bounds = (es: ReturnType<typeof at>) => es.map((e) => (e?.low != null && e.high != null ? ([e.low, e.high] as const) : null));
  const busy = at('busy_devices');
  const queue = at('queue_length');
  return { t: [...t], busy: mean(busy), queue: mean(queue), busyBounds: bounds(busy), queueBounds: bounds(queue), replications: ok.length };
}

/** Pools found in any result, in first-seen order. */
export function poolIds(entries: readonly Entry[]): string[] {
  const ids: string[] = [];
  for (const e of entries) for (const p of summaryKeys(e.result, ['pools'])) if (!ids.includes(p)) ids.push(p);
  return ids;
}

/** Per pool: utilisation (busy ÷ devices) and queue length over time, one line per result. */
export function timeSeriesCharts(entries: readonly Entry[]): LineChartSpec[] {
  const charts: LineChartSpec[] = [];
  poolIds(entries).forEach((pool, p) => {
    const rows = entries.flatMap((e, i) => {
      const s = poolSeries(e.result, pool);
      const devices = summaryEstimate(e.result, ['pools', pool, 'devices'])?.mean ?? 0;
      return s ? [{ e, i, s, devices }] : [];
    });
    const [first] = rows;
    if (first === undefined) return;
    const reps = rows.map((r) => r.s.replications);
    const repText = new Set(reps).size === 1 ? `${reps[0]} replication${reps[0] === 1 ? '' : 's'}` : 'the replications of each scenario';
    const warmups = [...new Set(rows.map((r) => r.e.result.scenario.warmup))];
    const [onlyWarmup, ...otherWarmups] = warmups;
    const warmText = onlyWarmup !== undefined && otherWarmups.length === 0 ? ` Statistics start after the ${formatDuration(onlyWarmup)} warm-up.` : '';
    const span = `sampled at ${first.s.t.length} instants from 0 to ${formatDuration(first.s.t[first.s.t.length - 1] ?? 0)}`;
    const useFraction = rows.every((r) => r.devices > 0);
    const banded = rows.some((r) => r.s.replications >= 2);
    const bandText = banded ? ' The shaded band is the 95% confidence interval of that mean at each instant (Student t over the replications), clipped to the possible range.' : '';
    // (x, low, high) where the instant has an interval; utilisation lies in [0, 1], a queue is never negative
    const band = (bounds: readonly (readonly [number, number] | null)[], t: readonly number[], scale: number, max: number) =>
      bounds.flatMap((b, k) => (b === null ? [] : [[mustAt(t, k, 'instant'), Math.max(0, b[0] * scale), Math.min(max, b[1] * scale)] as const]));
    charts.push({
      type: 'line',
      id: `util-${slug(pool, p)}`,
      kind: 'utilisation',
      scope: pool,
      title: `${pool}: ${useFraction ? 'utilisation' : 'busy devices'} over time`,
      description: `${useFraction ? 'Busy devices as a share of the pool' : 'Busy devices'}, mean over ${repText}, ${span}.${bandText}${warmText}`,
      x: { label: 'simulated time', unit: 'time' },
      y: useFraction ? { label: 'utilisation', unit: 'fraction', domain: [0, 1] } : { label: 'busy devices', unit: 'number' },
      series: rows.map((r) => ({
        name: r.e.label,
        color: r.i,
        points: r.s.t.map((t, k) => {
          const busy = mustAt(r.s.busy, k, 'busy-devices sample');
          return [t, useFraction ? busy / r.devices : busy] as const;
        }),
      })),
      ...(banded && {
        bands: rows.flatMap((r, j) => (r.s.replications >= 2 ? [{ series: j, points: band(r.s.busyBounds, r.s.t, useFraction ? 1 / r.devices : 1, useFraction ? 1 : Infinity) }] : [])),
      }),
    });
    charts.push({
      type: 'line',
      id: `queue-${slug(pool, p)}`,
      kind: 'queue',
      scope: pool,
      title: `${pool}: jobs waiting over time`,
      description: `Jobs in the pool's queue, mean over ${repText}, ${span}.${bandText}${warmText}`,
      x: { label: 'simulated time', unit: 'time' },
      y: { label: 'jobs waiting', unit: 'number' },
      series: rows.map((r) => ({ name: r.e.label, color: r.i, points: r.s.t.map((t, k) => [t, mustAt(r.s.queue, k, 'queue sample')] as const) })),
      ...(banded && { bands: rows.flatMap((r, j) => (r.s.replications >= 2 ? [{ series: j, points: band(r.s.queueBounds, r.s.t, 1, Infinity) }] : [])) }),
    });
  });
  return charts;
}
