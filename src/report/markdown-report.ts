import { mustAt } from '../support/must-get.js';
import { escapeControlChars } from '../support/escape-control-chars.js';
import { decisionText } from './decision-text.js';
import type { Delta } from './kpi-delta.js';
import { formatKpiEstimate, formatRelative, formatSignedDelta } from './kpi-format.js';
import type { KpiRow } from './kpi-table.js';
import type { ReportModel } from './report-model.js';

/**
 * The report as GitHub-flavoured Markdown for a CI job summary or a pull-request comment: headline
 * KPIs with deltas and significance, the assumptions that differ, the notes; every KPI in a
 * collapsed block. User text is escaped (no Markdown or HTML injection). Well under 1 MiB for 100 results.
 */
export function renderMarkdownReport(model: ReportModel): string {
  const out: string[] = [];
  const base = mustAt(model.entries, model.baseline, 'baseline entry');
  out.push(`## ${md(model.title)}`, '');
  for (const w of model.warnings) out.push(`> [!WARNING]`, `> ${md(w)}`, '');
  out.push(...decisionMarkdown(model), '', '### Key figures', '');
  if (model.entries.length > 1) out.push(`${model.entries.length} results; deltas against **${md(base.label)}**. _n.s._ = not statistically significant at 95%.`, '');
  const headline = model.kpis.filter((k) => k.headline);
  if (model.layout === 'side-by-side') {
    out.push(...kpiTable(model, headline.length > 0 ? headline : model.kpis));
    if (headline.length > 0 && headline.length < model.kpis.length) {
      out.push('', '<details><summary>All KPIs</summary>', '', ...kpiTable(model, model.kpis), '', '</details>');
    }
  } else {
    out.push(...variantTable(model, headline));
  }
  const differing = model.assumptions.filter((a) => a.differs);
  if (differing.length > 0 && model.layout === 'side-by-side') {
    out.push('', '### Assumptions that differ', '', `| assumption | ${model.entries.map((e) => md(e.label)).join(' | ')} |`, `| --- | ${model.entries.map(() => '---').join(' | ')} |`);
    for (const a of differing) out.push(`| ${md(`${a.section}: ${a.label}`)} | ${a.values.map((v) => (v === null ? '—' : md(v))).join(' | ')} |`);
  } else if (differing.length > 0) {
    out.push('', `Assumptions that differ: ${differing.map((a) => md(`${a.section}: ${a.label}`)).join(', ')}.`);
  }
  const notes = [...model.notes, ...model.sections.flatMap((s) => s.figures.flatMap((f) => (f.chart.kind === 'cumulative-cost' || f.chart.kind === 'lake-size' ? f.notes : [])))];
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${md(n)}`));
  return `${out.join('\n')}\n`;
}

/** Opens like a pull-request cost comment: the decision in one line, a small table, then a sentence per option. */
function decisionMarkdown(model: ReportModel): string[] {
  const t = decisionText(model.decision, model.layout);
  const align = t.kinds.map((k) => (k === 'meets' ? '---' : '---:'));
  const rows = t.rows.map((r) => {
    const tags = `${r.baseline && model.entries.length > 1 ? ' (baseline)' : ''}${r.chosen && model.entries.length > 1 ? ' ✓' : ''}`;
    return `| ${r.chosen ? `**${md(r.label)}**` : md(r.label)}${tags} | ${r.cells.map((parts) => md(parts.join(' '))).join(' | ')} |`;
  });
  return [
    `**${md(t.headline)}**`,
    '',
    `| ${t.columns.map(md).join(' | ')} |`,
    `| --- | ${align.join(' | ')} |`,
    ...rows,
    ...(t.tableNote !== undefined ? ['', `_${md(t.tableNote)}_`] : []),
    ...(t.sentences.length > 0 ? ['', ...t.sentences.map((x) => `- **${md(x.subject)}**: ${md(x.text)}`)] : []),
  ];
}

function kpiTable(model: ReportModel, rows: readonly KpiRow[]): string[] {
  const head = `| KPI | ${model.entries.map((e, i) => `${md(e.label)}${i === model.baseline && model.entries.length > 1 ? ' (baseline)' : ''}`).join(' | ')} |`;
  const rule = `| --- | ${model.entries.map(() => '---:').join(' | ')} |`;
  return [head, rule, ...rows.map((k) => `| ${md(k.label)}${k.better === 'neither' ? '' : ` (${k.better} is better)`} | ${k.cells.map((_, i) => cell(k, i)).join(' | ')} |`)];
}

function variantTable(model: ReportModel, rows: readonly KpiRow[]): string[] {
  const head = `| result | ${[...model.parameters.map(md), ...rows.map((k) => md(k.label))].join(' | ')} |`;
  const rule = `| --- | ${[...model.parameters.map(() => '---'), ...rows.map(() => '---:')].join(' | ')} |`;
  return [head, rule, ...model.entries.map((e, i) => `| ${md(e.label)} | ${[...model.parameters.map((p) => md(String(e.parameters?.[p] ?? ''))), ...rows.map((k) => cell(k, i))].join(' | ')} |`)];
}

const verdict: Readonly<Record<Delta['verdict'], string>> = { better: '**better**', worse: '**worse**', same: '_n.s._', changed: 'changed', unknown: 'no CI' };

function cell(row: KpiRow, i: number): string {
  const c = mustAt(row.cells, i, 'KPI cell');
  if (c.estimate === null) return '—';
  const value = md(formatKpiEstimate(row, c.estimate));
  if (!c.delta) return value;
  const rel = formatRelative(c.delta.relative);
  return `${value}<br>${md(formatSignedDelta(row, c.delta.diff))}${rel ? ` (${md(rel)})` : ''} ${verdict[c.delta.verdict]}`;
}

/**
 * Escapes user text for a Markdown line that never starts with it (table cells, after `## ` or `- `):
 * emphasis, code, links, tables and strike-through are backslash-escaped, `<` and `&` become entities
 * (no raw HTML), line breaks become spaces, control and bidirectional characters visible escapes.
 */
export function md(text: string): string {
  return escapeControlChars(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}
