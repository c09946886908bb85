import type { SimulationResult } from '../simulate/simulate.js';
import { formatDurationEstimateOf, formatEstimateIn } from './estimate-text.js';
import { formatDuration, formatPercent } from './format-units.js';
import { lakeNotes } from './lake-notes.js';
import { formatSize, lakesOf } from './lake-document.js';

const percent = (x: number) => formatPercent(x).replace(/ %$/, '');

/**
 * The text summary's lines on streams and lakes (absent without them): per stream the bytes ingested, its
 * consumer lag and broker storage (and whether that storage is priced); per lake its size at the end of each
 * year of the planning horizon and what it costs. Formats only: the figures come from `summary.streams` and
 * the result's `lakes`.
 */
export function dataLines(result: SimulationResult): string[] {
  const out: string[] = [];
  const streams = result.summary.streams ?? {};
  for (const [name, s] of Object.entries(streams)) {
    const spec = result.scenario.streams?.find((x) => x.name === name);
    out.push(
      '',
      `stream ${name}: ${formatEstimateIn(s.ingested_bytes, (x) => formatSize(x), '')} ingested in the window; consumers at ${formatSize(s.capacity_bytes_per_second.mean)}/s, ${formatEstimateIn(s.consumer_utilisation, percent, ' %')} busy`,
      `  lag: ${formatEstimateIn(s.lagging_fraction, percent, ' %')} of the window; behind by ${formatDurationEstimateOf(s.lag_seconds.mean)} on average, ${formatDurationEstimateOf(s.lag_seconds.p99)} p99, ${formatDurationEstimateOf(s.lag_seconds.max)} at most (${formatEstimateIn(s.lag_bytes.max, (x) => formatSize(x), '')})`,
      ...(s.expired_bytes.mean > 0
        ? [`  EXPIRED UNREAD: ${formatEstimateIn(s.expired_bytes, (x) => formatSize(x), '')} deleted by the ${spec ? formatDuration(spec.retention) : ''} retention before a consumer read them`]
        : []),
      `  broker storage: ${formatEstimateIn(s.broker_bytes_mean, (x) => formatSize(x), '')} on average (replication × retention)${spec?.brokerStoragePrice === undefined ? ' — NOT PRICED: give broker_storage {price, source} to count it in the TCO' : ', priced in the site storage'}`,
    );
  }
  for (const lake of lakesOf(result)) {
    const yearEnds = lake.monthEnds.flatMap((_, m) => ((m + 1) % 12 === 0 || m === lake.monthEnds.length - 1 ? [m] : []));
    const sizes = [...new Set(yearEnds)].map((m) => `month ${m + 1}: ${formatSize(lake.raw[m] ?? 0)}`);
    out.push('', `lake ${lake.name} (${lake.site}, ${lake.tiers.join(' → ')}): raw size ${sizes.join(', ')}`, ...lakeNotes(lake).map((n) => `  ${n}`));
  }
  return out;
}
