import { parseDocument } from 'yaml';
import { startingPointLabel, type CalibrationOutcome } from './fit-factors.js';

export interface OverrideProvenance {
  /** id of the profile written (= its file name without .yaml) */
  readonly id: string;
  /** file name of the measured points, and the sha256 of the bytes read */
  readonly points: string;
  readonly sha256: string;
  /** where the points can be found: a public URL, or the file:/// URL of the CSV */
  readonly url: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly tool: string;
  /** how rows were held out, in words: `none`, `fraction 0.25, seed 1`, `rows 3, 7` */
  readonly holdout: string;
}

const percent = (v: number) => `${v.toFixed(1)} %`;

/**
 * The override profile: the base device (or storage) profile's YAML (comments and every other figure kept) with a new id and
 * name, the fitted `efficiency` figures, a source per fitted figure that says it was fitted by `simulate calibrate`
 * on the points file, and a `calibration:` block with the fit's provenance and error. Loads like any catalog profile.
 */
export function overrideProfileText(baseText: string, baseId: string, outcome: CalibrationOutcome, p: OverrideProvenance): string {
  const doc = parseDocument(baseText);
  const named = doc.get('name');
  const name = typeof named === 'string' ? named : baseId;
  doc.set('id', p.id);
  doc.set('name', name.endsWith('(calibrated)') ? name : `${name} (calibrated)`);
  const rowsFitted = outcome.rows.filter((r) => r.role === 'fit').length;
  const rowsHeld = outcome.rows.length - rowsFitted;
  const error = `MAPE on the ${rowsFitted} fitted row(s) ${percent(outcome.mapeFitted.before)} before, ${percent(outcome.mapeFitted.after)} after${
    outcome.mapeHeldOut ? `; on the ${rowsHeld} held-out row(s) ${percent(outcome.mapeHeldOut.before)} before, ${percent(outcome.mapeHeldOut.after)} after` : '; no row held out'
  }`;
  for (const f of outcome.factors) {
    doc.setIn(['efficiency', f.name], f.after);
    doc.setIn(['sources', `efficiency.${f.name}`], {
      url: p.url,
      title: `Measured points ${p.points} (sha256 ${p.sha256.slice(0, 12)}…)`,
      note: `FITTED by simulate calibrate on ${p.points} (${p.date}, ${p.tool}): ${f.before} (${startingPointLabel(f, `profile ${baseId}`)}) → ${f.after}; ${error}. Stands for the software stack and setups measured, as the catalog's fits do.`,
    });
  }
  // the base's `sources.efficiency` named the fit of the figures now overridden: keep it only while a figure it covers remains
  const efficiency = doc.getIn(['efficiency']) as { toJSON(): Record<string, unknown> } | undefined;
  const covered = Object.keys(efficiency?.toJSON() ?? {}).filter((k) => !doc.hasIn(['sources', `efficiency.${k}`]));
  if (covered.length === 0) doc.deleteIn(['sources', 'efficiency']);
  doc.set('calibration', {
    tool: p.tool,
    base_profile: baseId,
    points: p.points,
    sha256: p.sha256,
    date: p.date,
    holdout: p.holdout,
    rows_fitted: rowsFitted,
    rows_held_out: rowsHeld,
    factors: Object.fromEntries(outcome.factors.map((f) => [f.name, { before: f.before, after: f.after }])),
    mape_fitted: { before: round(outcome.mapeFitted.before), after: round(outcome.mapeFitted.after) },
    ...(outcome.mapeHeldOut && { mape_held_out: { before: round(outcome.mapeHeldOut.before), after: round(outcome.mapeHeldOut.after) } }),
  });
  // after the base file's own header (its yaml-language-server line first)
  doc.commentBefore = `${doc.commentBefore ? `${doc.commentBefore}\n` : ''} Written by simulate calibrate from ${baseId} on ${p.points} (${p.date}). The fitted figures and their
 provenance are under efficiency, sources.efficiency.* and calibration; every other figure is ${baseId}'s.`;
  const text = doc.toString({ lineWidth: 0 });
  // editors read the schema modeline from the top of the file
  const modeline = /^# yaml-language-server:.*\n/m.exec(text);
  return modeline && modeline.index > 0 ? modeline[0] + text.slice(0, modeline.index) + text.slice(modeline.index + modeline[0].length) : text;
}

/** percentages to 3 decimals: enough to compare, stable to print */
const round = (v: number) => Math.round(v * 1000) / 1000;
