import { scaleBand, scaleLinear } from 'd3-scale';
import { html, type SafeHtml } from '../html/safe-html.js';
import { COMPONENT_COLOURS } from '../html/report-css.js';
import { axisFormat, niceIn, px } from './axis.js';
import { bandAxisLeft, frame, svgDocument, xAxis } from './chart-frame.js';
import type { DataTable, GanttChartSpec } from './chart-spec.js';

/**
 * Pipeline runs as a Gantt chart: one row per run, one `rect.mark.bar` per stage from its start to its end (time
 * after the run's trigger, so rows line up), stage colours as the legend lists them, and the run's deadline as a
 * short `line.base-rule` across its row.
 */
export function renderGanttChart(spec: GanttChartSpec): SafeHtml {
  const f = frame(Math.max(150, 60 + spec.rows.length * 22), 110);
  const ends = spec.rows.flatMap((r) => [...r.bars.map((b) => b.to), ...(r.deadline !== undefined ? [r.deadline] : [])]);
  const xRaw: [number, number] = [0, Math.max(1, ...ends)];
  const xf = axisFormat(spec.x, xRaw[1]);
  const x = scaleLinear()
    .domain(niceIn(xRaw, xf))
    .range([f.left, f.width - f.right]);
  const y = scaleBand<string>()
    .domain(spec.rows.map((_, i) => String(i)))
    .range([f.top, f.height - f.bottom])
    .padding(0.15);
  const rows = spec.rows.map((r, i) => {
    const top = y(String(i)) ?? 0;
    const h = y.bandwidth();
    const bars = r.bars.map((b) => {
      const k = spec.stages.indexOf(b.stage) % COMPONENT_COLOURS.length;
      return html`<rect class="mark bar k${k}" x="${px(x(b.from))}" y="${px(top)}" width="${px(Math.max(1, x(b.to) - x(b.from)))}" height="${px(h)}"><title>${r.label} — ${b.stage}: ${xf.value(b.from)} to ${xf.value(b.to)} after the trigger</title></rect>`;
    });
    const deadline =
      r.deadline === undefined
        ? html``
        : html`<line class="base-rule" x1="${px(x(r.deadline))}" x2="${px(x(r.deadline))}" y1="${px(top - 2)}" y2="${px(top + h + 2)}"><title>${r.label} deadline: ${xf.value(r.deadline)} after the trigger</title></line>`;
    return html`<g class="gantt-row" data-series="${r.label}">${bars}${deadline}</g>`;
  });
  const labels = bandAxisLeft(y, f, (k) => spec.rows[Number(k)]?.label ?? '', 18);
  const body = html`${xAxis(x, f, xf, spec.x.label, 6)}${labels}${rows}`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

export function ganttTable(spec: GanttChartSpec): DataTable {
  return {
    columns: ['run', 'status', 'stage', 'start after trigger (s)', 'end after trigger (s)', 'deadline after trigger (s)'],
    rows: spec.rows.flatMap((r) => (r.bars.length > 0 ? r.bars : [undefined]).map((b) => [r.label, r.status, b?.stage ?? '', b?.from ?? '', b?.to ?? '', r.deadline ?? ''])),
  };
}
