import { mustAt } from '../must-get.js';
import type { FleetSizing } from '../planning/size-fleet.js';
import { formatDuration } from './format-units.js';
import { formatTimes } from '../model/overload-watch.js';

/** The fleet-size search as a terminal table: one row per size, the cheapest size meeting the target marked. */
export function formatFleetSizing(s: FleetSizing): string {
  const time = s.target.metric !== 'slo_attainment';
  const fmt = (v: number) => (time ? formatDuration(v) : `${(v * 100).toFixed(1)} %`);
  const rows = s.points.map((p) => [
    `${p === s.best ? '→ ' : '  '}${p.nodes}`,
    `${fmt(p.service.mean)}${p.service.half_width !== null ? ` ± ${fmt(p.service.half_width)}` : ''}`,
    p.meets ? (p.meets_with_confidence ? 'yes' : 'yes (not at 95 %)') : p.overload ? `no: overloaded ${p.overload.offered_load === null ? '' : formatTimes(p.overload.offered_load)}` : p.rejected ? 'no: jobs rejected' : 'no',
    `${(p.tco.mean / 1e6).toFixed(3)} M`,
    `${(p.npv.mean / 1e6).toFixed(3)} M`,
    `${(p.cloud_spend / 1e6).toFixed(3)} M`,
  ]);
  const head = ['nodes', s.target.metric, `meets ${s.target.metric} ${time ? '≤' : '≥'} ${fmt(s.target.limit)}`, 'TCO USD', 'NPV USD', 'cloud USD'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => mustAt(r, i, 'cell').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(mustAt(widths, i, 'column width')) : c.padStart(mustAt(widths, i, 'column width')))).join('  ');
  const verdict = s.best
    ? `cheapest size meeting the target: ${s.best.nodes} nodes of ${s.pool}, TCO ${(s.best.tco.mean / 1e6).toFixed(3)} M USD over the planning horizon`
    : `no size in the search meets the target: try larger sizes or more burst capacity`;
  const overloads = s.points.flatMap((p) => (p.overload ? [`${p.nodes} nodes: stopped as overloaded: ${p.overload.reason}\n`] : [])).join('');
  // Rejected jobs never wait: without this line a size too small for them would read as the fastest.
  const rejections = s.points.flatMap((p) => (p.rejected && !p.overload ? [`${p.nodes} nodes: infeasible: ${p.rejected.reason}\n`] : [])).join('');
  return `${line(head)}\n${rows.map(line).join('\n')}\n\n${overloads}${rejections}${verdict}\n`;
}
