import { mustAt } from '../support/must-get.js';
import { formatNumber } from './format-units.js';
import type { Delta } from './kpi-delta.js';
import { formatKpiEstimate, formatKpiValue, formatRelative, formatSignedDelta } from './kpi-format.js';
import type { DecisionFigure, DecisionKpi, DecisionOption, DecisionSummary } from './decision-summary.js';

/**
 * The words of a report's executive summary, shared by the HTML page and the Markdown summary: one line
 * with the decision, one sentence per option against the baseline, and the rows of the decision table.
 * Plain text (each renderer escapes it); every figure comes formatted from the DecisionSummary.
 */

export interface DecisionRowText {
  readonly index: number;
  readonly label: string;
  readonly baseline: boolean;
  /** the option the headline names */
  readonly chosen: boolean;
  readonly meets: boolean | null;
  /** one per column after the option's label, each in parts a narrow column may break between (never inside one) */
  readonly cells: readonly (readonly string[])[];
  /** the cost delta's verdict, for colouring (words are in the text too) */
  readonly verdict?: Delta['verdict'];
}

export interface DecisionText {
  readonly headline: string;
  /** `subject` (an option's label, set in bold) then the rest of its sentence */
  readonly sentences: readonly { readonly subject: string; readonly text: string }[];
  readonly columns: readonly string[];
  /** what each column after the option's label holds, for styling */
  readonly kinds: readonly ('cost' | 'cost-delta' | 'meets' | 'service')[];
  readonly rows: readonly DecisionRowText[];
  /** what the table leaves out (variants layout: only the cheapest qualifying options are listed) */
  readonly tableNote?: string;
}

/** With many options (a sweep) the table lists the baseline and this many of the cheapest qualifying ones. */
export const DECISION_TABLE_OPTIONS = 5;
/** The headline names this many stated targets at most (the rest are counted). */
const MAX_TARGETS_NAMED = 4;

const VERDICT_WORDS: Readonly<Record<Delta['verdict'], string>> = {
  better: 'better',
  worse: 'worse',
  same: 'not significant',
  changed: 'significant',
  unknown: 'no interval from 1 replication',
};

/** `TCO` for the TCO rows, else the KPI's own label. */
export function shortLabel(k: DecisionKpi): string {
  return k.id === 'cost.total' ? 'TCO' : k.id === 'cost.total_per_year' ? 'TCO per year' : k.label;
}

const value = (k: DecisionKpi, f: DecisionFigure | null | undefined) => (f?.estimate ? formatKpiValue(k, f.estimate.mean) : '—');

/** `+4.31 M USD (+55 %)` */
export function deltaText(k: DecisionKpi, d: Delta): string {
  const rel = formatRelative(d.relative);
  return `${formatSignedDelta(k, d.diff)}${rel ? ` (${rel})` : ''}`;
}

/** `+4.31 M USD (+55 %; 95% CI +3.9 M USD to +4.7 M USD; worse)` */
function deltaWithInterval(k: DecisionKpi, d: Delta): string {
  const rel = formatRelative(d.relative);
  const ci = d.low !== null && d.high !== null ? `95% CI ${formatSignedDelta(k, d.low)} to ${formatSignedDelta(k, d.high)}` : '';
  return `${formatSignedDelta(k, d.diff)} (${[rel, ci, VERDICT_WORDS[d.verdict]].filter((x) => x !== '').join('; ')})`;
}

/** `−7.29 h, −97 %` */
function compactDelta(k: DecisionKpi, d: Delta): string {
  const rel = formatRelative(d.relative);
  return `${formatSignedDelta(k, d.diff)}${rel ? `, ${rel}` : ''}`;
}

function figureClause(k: DecisionKpi, f: DecisionFigure | null | undefined, b: DecisionFigure | null | undefined): string {
  if (!f?.estimate) return `${shortLabel(k)} not measured`;
  const against = b?.estimate ? ` against ${value(k, b)}` : '';
  if (!f.delta) return `${shortLabel(k)} ${value(k, f)}${against}`;
  // identical in every replication (a fixed price, a service both serve in full): no difference to qualify
  if (f.delta.diff === 0 && (f.delta.half_width ?? 0) === 0) return `${shortLabel(k)} ${value(k, f)}, the same as the baseline`;
  return `${shortLabel(k)} ${value(k, f)}${against}, ${deltaWithInterval(k, f.delta)}`;
}

function breakEvenClause(s: DecisionSummary, o: DecisionOption, base: string): string | undefined {
  if (o.breakEven === undefined) return undefined;
  if (o.breakEven === null) {
    const months = s.horizonMonths !== undefined ? ` ${s.horizonMonths}-month` : '';
    return `its cumulative cash never crosses ${base}'s: ${o.cheaperThroughout ? 'lower' : 'higher'} throughout the${months} horizon`;
  }
  const m = formatNumber(o.breakEven.month);
  return o.breakEven.otherCheaperAfter
    ? `it breaks even with ${base} at month ${m} (more cash before, less after)`
    : `its cumulative cash overtakes ${base}'s at month ${m} (less cash before, more after)`;
}

function targetsClause(o: DecisionOption): string {
  if (o.meets === null) return 'no target stated';
  return o.meets ? 'meets the stated targets' : `misses ${o.missed.join('; ')}`;
}

function headline(s: DecisionSummary, base: DecisionOption): string {
  const costOf = (i: number) => (s.cost ? `${shortLabel(s.cost)} ${value(s.cost, mustAt(s.options, i, 'option').cost)}` : '');
  const n = s.options.length;
  const meeting = s.options.filter((o) => o.meets === true).length;
  if (n === 1) {
    const cost = s.cost ? `${costOf(0)}; ` : '';
    return `${base.label}: ${cost}${targetsClause(base)}.`;
  }
  if (s.cheapest !== null) {
    const c = mustAt(s.options, s.cheapest, 'cheapest option');
    const vs = c.baseline ? ', the baseline' : c.cost?.delta && s.cost ? `, ${deltaText(s.cost, c.cost.delta)} against ${base.label}` : '';
    if (s.targetsStated) return `${c.label} meets the stated targets at the lowest cost: ${costOf(s.cheapest)}${vs}; ${meeting} of ${n} options meet them${readNote(s)}.`;
    return `${c.label} costs least: ${costOf(s.cheapest)}${vs}. No option states a service target (an inference SLO, a sweep constraint or assertion), so none is checked.`;
  }
  if (s.targetsStated && s.ranking.length === 0) return `No option meets the stated targets${readNote(s)}.`;
  if (s.ranking.length > 0 && s.cost === null) {
    const names = s.ranking.map((i) => mustAt(s.options, i, 'option').label).join(', ');
    return s.targetsStated
      ? `${names} meet${s.ranking.length === 1 ? 's' : ''} the stated targets; these results carry no cost figures to rank them.`
      : `These results carry no cost figures and state no service target.`;
  }
  return 'No option has a cost figure to rank it.';
}

export function decisionText(s: DecisionSummary, layout: 'side-by-side' | 'variants'): DecisionText {
  const baseIndex = s.options.findIndex((o) => o.baseline);
  const base = mustAt(s.options, baseIndex, 'baseline option');
  const sentenceOf = (o: DecisionOption) => {
    const clauses = [
      ...(s.cost ? [figureClause(s.cost, o.cost, base.cost)] : []),
      ...s.service.map((k, j) => figureClause(k, o.service[j], base.service[j])),
      breakEvenClause(s, o, base.label),
      targetsClause(o),
    ].filter((c): c is string => c !== undefined);
    return { subject: o.label, text: `${clauses.join('; ')}.` };
  };
  // a sweep compares many options: only the chosen one gets its sentence
  const described = layout === 'variants' ? (s.cheapest !== null && s.cheapest !== baseIndex ? [mustAt(s.options, s.cheapest, 'option')] : []) : s.options.filter((o) => !o.baseline);
  const listed = layout === 'variants' ? [...new Set([baseIndex, ...s.ranking.slice(0, DECISION_TABLE_OPTIONS)])] : s.options.map((_, i) => i);
  const keyService = s.service.slice(0, 2);
  // one result has nothing to differ from
  const withDelta = s.cost !== null && s.options.length > 1;
  const columns = ['option', ...(s.cost ? [shortLabel(s.cost)] : []), ...(withDelta && s.cost ? [`${shortLabel(s.cost)} vs baseline`] : []), 'meets targets', ...keyService.map(shortLabel)];
  const kinds = [...(s.cost ? (['cost'] as const) : []), ...(withDelta ? (['cost-delta'] as const) : []), 'meets' as const, ...keyService.map(() => 'service' as const)];
  const rows = listed.map((i): DecisionRowText => {
    const o = mustAt(s.options, i, 'option');
    const costDelta = o.cost?.delta;
    const cells: (readonly string[])[] = [
      ...(s.cost ? [[o.cost?.estimate ? formatKpiEstimate(s.cost, o.cost.estimate) : '—']] : []),
      ...(withDelta && s.cost ? [o.baseline ? ['baseline'] : costDelta ? [`${deltaText(s.cost, costDelta)},`, VERDICT_WORDS[costDelta.verdict]] : ['—']] : []),
      [o.meets === null ? 'no target stated' : o.meets ? 'yes' : `no: ${o.missed.join('; ')}`],
      ...keyService.map((k, j) => {
        const f = o.service[j];
        if (!f?.estimate) return ['—'];
        const e = formatKpiEstimate(k, f.estimate);
        return f.delta && f.delta.diff !== 0 ? [e, `(${compactDelta(k, f.delta)})`] : [e];
      }),
    ];
    return { index: i, label: o.label, baseline: o.baseline, chosen: i === s.cheapest, meets: o.meets, cells, ...(costDelta && { verdict: costDelta.verdict }) };
  });
  const qualifying = s.ranking.length;
  const tableNote =
    layout === 'variants'
      ? `The baseline and the ${Math.min(DECISION_TABLE_OPTIONS, qualifying)} cheapest of the ${qualifying} option${qualifying === 1 ? '' : 's'} ${s.targetsStated ? 'meeting the stated targets' : 'that ran soundly'}; every option is in the key figures.`
      : undefined;
  const shown = s.targets.slice(0, MAX_TARGETS_NAMED);
  const more = s.targets.length - shown.length;
  const targetLine = s.targets.length > 0 ? ` Stated targets: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.` : '';
  return { headline: `${headline(s, base)}${targetLine}`, sentences: described.map(sentenceOf), columns, kinds, rows, ...(tableNote !== undefined && { tableNote }) };
}

/** How the targets were read, as size and sweeps read them: the worse end of each 95 % interval, or the mean of one replication. */
function readNote(s: DecisionSummary): string {
  return s.targetsRead === 'interval' ? ' (each target read at the worse end of its 95 % interval)' : ' (one replication: targets read on the mean)';
}
