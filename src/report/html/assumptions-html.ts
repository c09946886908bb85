import type { ReportModel } from '../report-model.js';
import { html, type SafeHtml } from './safe-html.js';

/**
 * The scenarios' assumptions side by side; rows whose values differ are marked (≠, and shaded).
 * With many results (a sweep), the facts common to all come first and the differing ones are counted.
 */
export function assumptionsHtml(model: ReportModel): SafeHtml {
  const rows = model.assumptions;
  if (rows.length === 0) return html`<p class="missing">The results carry no scenario description.</p>`;
  if (model.layout === 'variants') {
    const common = rows.filter((r) => !r.differs);
    const differing = rows.filter((r) => r.differs);
    return html`<p>${differing.length} of ${rows.length} facts differ between the ${model.entries.length} results${differing.length > 0 ? html`: ${differing.map((r, i) => html`${i > 0 ? ', ' : ''}<em>${r.section}: ${r.label}</em>`)}` : ''}. The facts they share:</p>
<div class="table-wrap"><table class="assumptions"><thead><tr><th scope="col">section</th><th scope="col">assumption</th><th scope="col">value</th></tr></thead><tbody>${common.map((r) => html`<tr><td>${r.section}</td><th scope="row">${r.label}</th><td>${r.values.find((v) => v !== null) ?? ''}</td></tr>`)}</tbody></table></div>`;
  }
  let section = '';
  const body: SafeHtml[] = [];
  const multi = model.entries.length > 1;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      body.push(html`<tr class="group"><th colspan="${model.entries.length + (multi ? 2 : 1)}" scope="colgroup">${section}</th></tr>`);
    }
    body.push(
      html`<tr${r.differs ? html` class="differs"` : ''}><th scope="row">${r.label}</th>${multi ? html`<td>${r.differs ? html`<span title="differs between scenarios">≠</span>` : ''}</td>` : ''}${r.values.map((v) => (v === null ? html`<td class="missing">—</td>` : html`<td>${v}</td>`))}</tr>`,
    );
  }
  return html`<div class="table-wrap"><table class="assumptions"><caption>${multi ? 'Rows marked ≠ differ between scenarios.' : 'What this scenario assumes.'}</caption><thead><tr><th scope="col">assumption</th>${multi ? html`<th scope="col"><span title="differs">≠</span></th>` : ''}${model.entries.map((e) => html`<th scope="col">${e.label}</th>`)}</tr></thead><tbody>${body}</tbody></table></div>`;
}
