import { chartLegend, chartSvg, chartTable } from '../charts/render-chart.js';
import type { DataTable } from '../charts/chart-spec.js';
import type { ReportFigure } from '../report-model.js';
import { html, type SafeHtml } from './safe-html.js';

/** A number in a data table: up to 6 significant digits, no exponent below 1e15. */
export function tableNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

export function dataTableHtml(table: DataTable, caption: string): SafeHtml {
  return html`<div class="table-wrap"><table class="sortable"><caption>${caption}</caption><thead><tr>${table.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${table.rows.map(
    (r) => html`<tr>${r.map((v) => (typeof v === 'number' ? html`<td class="num" data-sort="${v}">${tableNumber(v)}</td>` : html`<td>${v}</td>`))}</tr>`,
  )}</tbody></table></div>`;
}

function legendHtml(figure: ReportFigure): SafeHtml | '' {
  const items = chartLegend(figure.chart);
  if (items.length === 0) return '';
  const isLine = figure.chart.type === 'line';
  return html`<ul class="legend" aria-hidden="true">${items.map(
    (i) =>
      html`<li>${isLine ? html`<svg class="swatch" viewBox="0 0 26 12" width="26" height="12"><line class="line ${i.swatch}" x1="1" x2="25" y1="6" y2="6"/></svg>` : html`<span class="swatch-box ${i.swatch}"></span>`}${i.name}</li>`,
  )}</ul>`;
}

/** A chart: caption, legend, inline SVG, notes, and the data table behind it (in a closed <details>). */
export function figureHtml(figure: ReportFigure): SafeHtml {
  const c = figure.chart;
  return html`<figure class="chart" id="fig-${c.id}" data-chart="${c.kind}"${c.scope !== undefined ? html` data-scope="${c.scope}"` : ''}><figcaption><h3>${c.title}</h3><p class="desc">${c.description}</p></figcaption>${legendHtml(figure)}${chartSvg(c)}${figure.notes.length > 0 ? html`<ul class="notes">${figure.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}<details class="data"><summary>Data table: ${c.title}</summary>${dataTableHtml(chartTable(c), `Data behind the chart “${c.title}”.`)}</details></figure>`;
}
