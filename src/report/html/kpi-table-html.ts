import { mustAt } from '../../support/must-get.js';
import type { Delta } from '../kpi-delta.js';
import { formatInterval, formatKpiMean, formatKpiSpread, formatRelative, formatSignedDelta } from '../kpi-format.js';
import type { KpiRow } from '../kpi-table.js';
import type { ReportModel } from '../report-model.js';
import { html, type SafeHtml } from './safe-html.js';

const verdictText: Readonly<Record<Delta['verdict'], string>> = {
  better: 'better',
  worse: 'worse',
  same: 'n.s.',
  changed: 'changed',
  unknown: 'no CI',
};

const verdictTitle: Readonly<Record<Delta['verdict'], string>> = {
  better: 'significant at 95%: the confidence interval of the difference excludes 0',
  worse: 'significant at 95%: the confidence interval of the difference excludes 0',
  same: 'not significant: the 95% confidence interval of the difference contains 0',
  changed: 'significant at 95%; neither direction is better for this figure',
  unknown: 'no confidence interval (fewer than 2 replications)',
};

/** The delta against the baseline, with words (not only colour) saying whether it is significant and which way is good. */
export function deltaHtml(row: Pick<KpiRow, 'unit' | 'suffix'>, d: Delta): SafeHtml {
  const rel = formatRelative(d.relative);
  const interval =
    d.low !== null && d.high !== null ? `95% CI of the difference ${formatInterval(row, d.low, d.high)} (${d.method === 'paired' ? 'paired over replications' : "Welch's interval"})` : '';
  // each part unbroken, so a narrow column wraps between them, never inside `(+58 %)`
  return html`<span class="delta ${d.verdict}" title="${verdictTitle[d.verdict]}${interval ? `; ${interval}` : ''}"><span class="nw">${formatSignedDelta(row, d.diff)}</span>${rel ? html` <span class="nw">(${rel})</span>` : ''} <span class="tag">${verdictText[d.verdict]}</span></span>`;
}

/** A KPI cell; `compact` (the many-result table, which must fit the page) puts the interval in the tooltip instead of a line of its own. */
function cell(row: KpiRow, i: number, compact = false): SafeHtml {
  const c = mustAt(row.cells, i, 'KPI cell');
  if (c.estimate === null) return html`<td class="num missing" data-sort="">—</td>`;
  const e = c.estimate;
  const spread = formatKpiSpread(row, e);
  if (compact)
    return html`<td class="num" data-sort="${e.mean}"${spread ? html` title="95% confidence interval ${spread}"` : ''}><span class="est">${unbrokenParts(formatKpiMean(row, e))}</span>${c.delta ? deltaHtml(row, c.delta) : ''}</td>`;
  return html`<td class="num" data-sort="${e.mean}"><span class="est">${formatKpiMean(row, e)}</span>${spread ? html`<span class="ci">${spread}</span>` : ''}${c.delta ? deltaHtml(row, c.delta) : ''}</td>`;
}

/** `7.61 M USD ± 93.2 k USD` (a symmetric interval) as two unbroken parts: a narrow column breaks before the `±`, never inside a figure. */
function unbrokenParts(estimate: string): SafeHtml {
  const at = estimate.indexOf(' ± ');
  if (at < 0) return html`<span class="nw">${estimate}</span>`;
  return html`<span class="nw">${estimate.slice(0, at)}</span> <span class="nw">${estimate.slice(at + 1)}</span>`;
}

const betterText = (b: KpiRow['better']) => (b === 'higher' ? 'higher is better' : b === 'lower' ? 'lower is better' : '');

/** KPIs as rows, one column per result (up to MAX_SIDE_BY_SIDE results). */
function sideBySide(model: ReportModel): SafeHtml {
  const groups: SafeHtml[] = [];
  let group = '';
  for (const row of model.kpis) {
    if (row.group !== group) {
      group = row.group;
      groups.push(html`<tr class="group"><th colspan="${model.entries.length + 1}" scope="colgroup">${group}</th></tr>`);
    }
    groups.push(
      html`<tr id="kpi-${row.id.replace(/[^a-zA-Z0-9_.-]+/g, '_')}"><th scope="row">${row.label}${betterText(row.better) ? html`<span class="ci">${betterText(row.better)}</span>` : ''}</th>${model.entries.map((_, i) => cell(row, i))}</tr>`,
    );
  }
  const head = model.entries.map(
    (e, i) => html`<th scope="col" class="num">${e.label}${i === model.baseline && model.entries.length > 1 ? html` <span class="tag baseline-tag">baseline</span>` : ''}</th>`,
  );
  return html`<div class="table-wrap"><table class="kpis"><caption>Mean over replications with its 95% confidence interval below it (± half-width where the interval is symmetric), and the difference against the baseline (n.s. = not statistically significant).</caption><thead><tr><th scope="col">KPI</th>${head}</tr></thead><tbody>${groups}</tbody></table></div>`;
}

/** One row per result with its parameters and headline KPIs (sweeps, many results); sortable. */
function variants(model: ReportModel): SafeHtml {
  const rows = model.kpis.filter((k) => k.headline);
  const head = html`<tr><th scope="col">result</th>${model.parameters.map((p) => html`<th scope="col">${p}</th>`)}${rows.map((k) => html`<th scope="col" class="num">${k.label}</th>`)}</tr>`;
  const body = model.entries.map(
    (e, i) =>
      html`<tr><th scope="row">${e.label}${i === model.baseline ? html` <span class="tag baseline-tag">baseline</span>` : ''}</th>${model.parameters.map((p) => {
        const v = e.parameters?.[p];
        return html`<td data-sort="${typeof v === 'number' ? v : ''}">${v === undefined ? '' : String(v)}</td>`;
      })}${rows.map((k) => cell(k, i, true))}</tr>`,
  );
  return html`<div class="table-wrap variants"><table class="kpis sortable"><caption>Headline KPIs of every result: mean over replications (its 95% confidence interval in the cell's tooltip), and the difference against the baseline. Click a column header to sort.</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

export function kpiTableHtml(model: ReportModel): SafeHtml {
  if (model.kpis.length === 0) return html`<p class="missing">These results have no KPIs to show.</p>`;
  return model.layout === 'side-by-side' ? sideBySide(model) : variants(model);
}
