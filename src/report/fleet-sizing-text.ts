import { formatEstimate } from './estimate-text.js';
import { mustAt } from '../support/must-get.js';
import type { FleetSizing } from '../planning/size-fleet.js';
import type { ServiceMetric } from '../planning/size-fleet.js';
import { formatDuration, formatPercent } from './format-units.js';
import { formatTimes } from '../model/overload-watch.js';

/** A value of a service metric as `size` prints it everywhere (progress lines and table): a duration, or slo_attainment as a percentage. */
export function formatServiceValue(metric: ServiceMetric, value: number): string {
  return metric === 'slo_attainment' ? formatPercent(value) : formatDuration(value);
}

/** Millions of USD as the search prints them: `12.345 M`. */
export function formatMillions(usd: number): string {
  return `${(usd / 1e6).toFixed(3)} M`;
}

/** The fleet-size search as a terminal table: one row per size, the cheapest size meeting the target marked. */
export function formatFleetSizing(s: FleetSizing): string {
  const time = s.target.metric !== 'slo_attainment';
  const fmt = (v: number) => formatServiceValue(s.target.metric, v);
  const rows = s.points.map((p) => [
    `${p === s.best ? '→ ' : '  '}${p.nodes}`,
    formatEstimate(p.service, fmt),
    p.meets
      ? p.meets_with_confidence
        ? 'yes'
        : 'yes (not at 95 %)'
      : p.overload
        ? `no: overloaded ${p.overload.offered_load === null ? '' : formatTimes(p.overload.offered_load)}`
        : p.rejected
          ? 'no: jobs rejected'
          : 'no',
    formatMillions(p.tco.mean),
    formatMillions(p.npv.mean),
    formatMillions(p.cloud_spend),
  ]);
  const head = ['nodes', s.target.metric, `meets ${s.target.metric} ${time ? '≤' : '≥'} ${fmt(s.target.limit)}`, 'TCO USD', 'NPV USD', 'cloud USD'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => mustAt(r, i, 'cell').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(mustAt(widths, i, 'column width')) : c.padStart(mustAt(widths, i, 'column width')))).join('  ');
  const verdict = s.best
    ? `cheapest size meeting the target: ${s.best.nodes} nodes of ${s.pool}, TCO ${(s.best.tco.mean / 1e6).toFixed(3)} M USD over the planning horizon${s.feasibility.read === 'interval' ? ' (the target read at the worse end of its 95 % interval)' : ''}`
    : `no size in the search meets the target: try larger sizes or more burst capacity`;
  const overloads = s.points.flatMap((p) => (p.overload ? [`${p.nodes} nodes: stopped as overloaded: ${p.overload.reason}\n`] : [])).join('');
  // Rejected jobs never wait: without this line a size too small for them would read as the fastest.
  const rejections = s.points.flatMap((p) => (p.rejected && !p.overload ? [`${p.nodes} nodes: infeasible: ${p.rejected.reason}\n`] : [])).join('');
  return `${line(head)}\n${rows.map(line).join('\n')}\n\n${overloads}${rejections}${verdict}\n`;
}
