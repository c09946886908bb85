import { escapeControlChars } from '../support/escape-control-chars.js';
import type { SweepAnalysis } from './analysis.js';
import type { RobustAnalysis, RobustDecision } from './robust-analysis.js';
import type { ReportSection } from '../report/report-model.js';

/**
 * The robust verdict as text: the terminal summary's lines and the Markdown section of sweep.md. They
 * format the analysis (robust-analysis.ts) and compute nothing.
 */

const valuesText = (p: Readonly<Record<string, unknown>>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');

const percent = (f: number): string => `${Math.round(f * 1000) / 10} %`;

/** `meets the constraints in all 3 scenarios` / `in 2 of 3 scenarios (67 %)`. */
function metText(d: RobustDecision): string {
  return d.meets_all ? `meets the constraints in all ${d.scenarios} scenarios` : `meets the constraints in ${d.met} of ${d.scenarios} scenarios (${percent(d.fraction)})`;
}

function quantileText(q: number): string {
  return q === 1 ? 'every assumption scenario' : `at least ${percent(q)} of the assumption scenarios`;
}

/** The lines the terminal summary adds for a robust sweep. */
export function robustSummaryLines(a: SweepAnalysis): string[] {
  const r = a.robust;
  if (r === undefined) return [];
  const out = [
    `robust decisions (${r.decision_parameters.join(' × ')} over ${r.assumption_parameters.join(' × ')}): ${r.robust} of ${r.decisions} meet the constraints in ${quantileText(r.quantile)}`,
  ];
  const [best] = r.best;
  if (best === undefined) out.push('  no robust decision: every decision misses the constraints in some scenario; widen the decisions or relax robust.quantile');
  else out.push(`  robust best: ${valuesText(best.decision)}: ${metText(best)}${objectivesText(a, r, best)}`);
  return out.map((line) => escapeControlChars(line));
}

function objectivesText(a: SweepAnalysis, r: RobustAnalysis, d: RobustDecision): string {
  if (a.objectives.length === 0) return '';
  const label = r.quantile === 1 ? 'worst case' : `at ${percent(r.quantile)}`;
  return `; ${label}: ${a.objectives.map((o, i) => `${o.expression} ${r.quantile === 1 ? d.objectives[i]?.worst_display : d.objectives[i]?.at_quantile_display}`).join(', ')}`;
}

/** The Markdown section of a robust sweep: the verdict, then one row per decision (at most `rows`). */
export function robustMarkdown(a: SweepAnalysis, cell: (v: unknown) => string, rows = 50): string[] {
  const r = a.robust;
  if (r === undefined) return [];
  const out = [`### Robust decisions`, ''];
  out.push(
    `Decisions ${r.decision_parameters.map((n) => `\`${n}\``).join(' × ')} judged over the assumptions ${r.assumption_parameters.map((n) => `\`${n}\``).join(' × ')}: **${r.robust} of ${r.decisions}** meet the constraints in ${quantileText(r.quantile)}.`,
    '',
  );
  const [best] = r.best;
  out.push(best === undefined ? '**No robust decision.**' : `**Robust best:** ${cell(valuesText(best.decision))} — ${metText(best)}${cell(objectivesText(a, r, best))}.`, '');
  const heads = a.objectives.flatMap((o) => [`worst ${cell(o.expression)}`, ...(r.quantile < 1 ? [`${cell(o.expression)} at ${percent(r.quantile)}`] : [])]);
  out.push(
    `| ${[...r.decision_parameters.map(cell), 'scenarios met', 'robust', ...heads, 'misses'].join(' | ')} |`,
    `| ${Array(r.decision_parameters.length + 3 + heads.length)
      .fill('---')
      .join(' | ')} |`,
  );
  for (const d of r.table.slice(0, rows)) {
    const objectives = d.objectives.flatMap((o) => [cell(o.worst_display), ...(r.quantile < 1 ? [cell(o.at_quantile_display)] : [])]);
    const misses = d.missed.map((m) => valuesText(m)).join('; ');
    out.push(
      `| ${[...r.decision_parameters.map((n) => cell(d.decision[n])), `${d.met} of ${d.scenarios} (${percent(d.fraction)})`, d === best ? '✅ best' : d.robust ? '✅' : '❌', ...objectives, cell(misses)].join(' | ')} |`,
    );
  }
  if (r.table.length > rows) out.push('', `…${r.decisions - rows} more decisions in the JSON results.`);
  out.push('');
  return out;
}

/** The HTML report's section for a robust sweep: the verdict as its intro, one line per decision. */
export function robustReportSection(a: SweepAnalysis): ReportSection | undefined {
  const r = a.robust;
  if (r === undefined) return undefined;
  const [best] = r.best;
  const intro =
    `Decisions ${r.decision_parameters.join(' × ')} judged over the assumptions ${r.assumption_parameters.join(' × ')}: ${r.robust} of ${r.decisions} meet the constraints in ${quantileText(r.quantile)}. ` +
    (best === undefined ? 'No robust decision.' : `Robust best: ${valuesText(best.decision)}, ${metText(best)}${objectivesText(a, r, best)}.`);
  const notes = r.table.slice(0, 50).map((d) => {
    const verdict = d === best ? 'robust best' : d.robust ? 'robust' : 'not robust';
    const misses = d.missed.length > 0 ? `; misses ${d.missed.map((m) => valuesText(m)).join('; ')}` : '';
    return `${valuesText(d.decision)}: ${verdict}, ${metText(d)}${objectivesText(a, r, d)}${misses}`;
  });
  return { id: 'robust', title: 'Robust decisions', intro, figures: [], notes };
}
