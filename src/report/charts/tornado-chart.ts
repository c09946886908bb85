import { scaleBand, scaleLinear } from 'd3-scale';
import { html, type SafeHtml } from '../html/safe-html.js';
import { axisFormat, niceIn, px } from './axis.js';
import { bandAxisLeft, frame, svgDocument, xAxis } from './chart-frame.js';
import type { DataTable, TornadoChartSpec } from './chart-spec.js';

/**
 * Sensitivity tornado: per driver two `rect.mark` bars from the base value, to the metric at the
 * driver's low setting and at its high setting (largest swing on top, as given).
 */
export function renderTornadoChart(spec: TornadoChartSpec): SafeHtml {
  const f = frame(Math.max(150, 60 + spec.rows.length * 30), 190);
  const all = [spec.base, ...spec.rows.flatMap((r) => [r.low, r.high])];
  const xRaw: [number, number] = [Math.min(...all), Math.max(...all)];
  if (xRaw[0] === xRaw[1]) xRaw[1] = xRaw[0] + 1;
  const xf = axisFormat(spec.x, Math.max(...xRaw.map(Math.abs)));
  const x = scaleLinear()
    .domain(niceIn(xRaw, xf))
    .range([f.left, f.width - f.right]);
  const y = scaleBand<string>()
    .domain(spec.rows.map((_, i) => String(i)))
    .range([f.top, f.height - f.bottom])
    .padding(0.2);
  const bx = x(spec.base);
  const bars = spec.rows.map((r, i) => {
    const top = px(y(String(i)) ?? 0);
    const h = px(y.bandwidth());
    const rect = (value: number, side: 'low' | 'high', setting: string) => {
      const vx = x(value);
      return html`<rect class="mark tornado-${side}" x="${px(Math.min(bx, vx))}" y="${top}" width="${px(Math.abs(vx - bx))}" height="${h}"><title>${r.label} at ${setting}: ${xf.value(value)}</title></rect>`;
    };
    return html`<g class="tornado-row" data-series="${r.label}">${rect(r.low, 'low', r.lowSetting)}${rect(r.high, 'high', r.highSetting)}</g>`;
  });
  const labels = bandAxisLeft(
    y,
    f,
    (k) => {
      const r = spec.rows[Number(k)];
      return r ? `${r.label} (${r.lowSetting} – ${r.highSetting})` : '';
    },
    30,
  );
  const base = html`<line class="base-rule" x1="${px(bx)}" x2="${px(bx)}" y1="${f.top}" y2="${f.height - f.bottom}"><title>base: ${xf.value(spec.base)}</title></line>`;
  const body = html`${xAxis(x, f, xf, spec.x.label, 6)}${labels}${bars}${base}`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

export function tornadoTable(spec: TornadoChartSpec): DataTable {
  return {
    columns: ['driver', 'low setting', 'high setting', `at low${spec.x.unit === 'usd' ? ' (USD)' : ''}`, `at high${spec.x.unit === 'usd' ? ' (USD)' : ''}`, 'swing', 'base'],
    rows: spec.rows.map((r) => [r.label, r.lowSetting, r.highSetting, r.low, r.high, Math.abs(r.high - r.low), spec.base]),
  };
}
