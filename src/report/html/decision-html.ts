import { decisionText } from '../decision-text.js';
import type { ReportModel } from '../report-model.js';
import { html, joinHtml, type SafeHtml } from './safe-html.js';

/**
 * The executive summary the page opens with: the decision in one line, the decision table (option, TCO,
 * its delta, whether it meets the stated targets, the key service figures) — first, so that with eight
 * options the TCO still shows in a 900 px high window — then one sentence per option against the
 * baseline. Every string comes from src/report/decision-text.ts and is escaped here.
 */
export function decisionHtml(model: ReportModel): SafeHtml {
  const t = decisionText(model.decision, model.layout);
  const numeric = (j: number) => t.kinds[j] !== undefined && t.kinds[j] !== 'meets';
  const head = html`<tr>${t.columns.map((c, j) => html`<th scope="col"${numeric(j - 1) ? html` class="num"` : ''}>${c}</th>`)}</tr>`;
  const rows = t.rows.map(
    (r) =>
      html`<tr${r.chosen ? html` class="chosen"` : ''}><th scope="row">${r.label}${r.baseline && model.entries.length > 1 ? html` <span class="tag baseline-tag">baseline</span>` : ''}${r.chosen && model.entries.length > 1 ? html` <span class="tag chosen-tag">${model.decision.targetsStated ? 'cheapest meeting the targets' : 'lowest cost'}</span>` : ''}</th>${r.cells.map(
        (c, j) =>
          t.kinds[j] === 'meets'
            ? html`<td class="meets ${r.meets === null ? 'unstated' : r.meets ? 'yes' : 'no'}">${c.join(' ')}</td>`
            : html`<td class="num ${t.kinds[j] ?? ''}${t.kinds[j] === 'cost-delta' && r.verdict ? ` ${r.verdict}` : ''}">${joinHtml(
                c.map((part) => html`<span class="nw">${part}</span>`),
                ' ',
              )}</td>`,
      )}</tr>`,
  );
  return html`<section id="decision" aria-labelledby="decision-h"><h2 id="decision-h">Summary</h2><p class="decision-headline">${t.headline}</p><div class="table-wrap"><table class="decision"><caption>${t.tableNote ?? (model.entries.length > 1 ? 'Each option against the baseline: mean over replications (± the half-width of the 95% interval), and the difference.' : 'Mean over replications (± the half-width of the 95% interval).')}</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>${
    t.sentences.length > 0 ? html`<ul class="decision-sentences">${t.sentences.map((s) => html`<li><strong>${s.subject}</strong>: ${s.text}</li>`)}</ul>` : ''
  }</section>`;
}
