import { startingPointLabel, type CalibrationOutcome } from '../planning/calibration/fit-factors.js';

const UNIT: Readonly<Record<string, string>> = { tokens_per_s: 'tokens/s', ttft_ms: 'ms TTFT', tpot_ms: 'ms TPOT', step_time_s: 's/step', read_gbps: 'GB/s read', write_gbps: 'GB/s write' };

/** 4 significant digits, grouped: 24,524.9 → 24,520; 0.01234 → 0.01234 */
function figure(v: number): string {
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

const signed = (ratio: number) => `${ratio >= 0 ? '+' : '−'}${Math.abs(100 * ratio).toFixed(1)} %`;

function pad(rows: readonly (readonly string[])[], right: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The calibration as a user reads it: the factors before → after, the error on the fitted and the held-out
 * rows before and after, then one line per row (measured, predicted before and after, signed error).
 */
export function formatCalibration(outcome: CalibrationOutcome, title: string): string {
  const lines = [title, ''];
  for (const f of outcome.factors) lines.push(`  efficiency.${f.name}: ${f.before} (${startingPointLabel(f)}) → ${f.after}`);
  lines.push('');
  lines.push(`  MAPE on ${outcome.rows.filter((r) => r.role === 'fit').length} fitted row(s): ${outcome.mapeFitted.before.toFixed(1)} % → ${outcome.mapeFitted.after.toFixed(1)} %`);
  const held = outcome.rows.filter((r) => r.role === 'holdout').length;
  lines.push(
    outcome.mapeHeldOut
      ? `  MAPE on ${held} held-out row(s), predicted and never fitted: ${outcome.mapeHeldOut.before.toFixed(1)} % → ${outcome.mapeHeldOut.after.toFixed(1)} %`
      : '  no row held out (--holdout or --holdout-rows measures the error on rows the fit never saw)',
  );
  lines.push('');
  const table: string[][] = [['row', 'role', 'point', 'measured', 'before', 'error', 'after', 'error']];
  for (const r of outcome.rows) {
    const unit = UNIT[r.point.metric] ?? r.point.metric;
    table.push([
      String(r.point.row),
      r.role === 'fit' ? 'fit' : 'held out',
      r.point.label,
      `${r.point.measured.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${unit}`,
      figure(r.before),
      signed(r.before / r.point.measured - 1),
      figure(r.after),
      signed(r.after / r.point.measured - 1),
    ]);
  }
  lines.push(
    pad(
      table.map((r) => ['  ' + (r[0] ?? ''), ...r.slice(1)]),
      new Set([0, 3, 4, 5, 6, 7]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** The calibration as JSON for scripts: the factors, the MAPE, and each row with its measured and predicted figures. */
export function calibrationJson(outcome: CalibrationOutcome, profile: { readonly kind: 'device' | 'storage'; readonly id: string }, node: string | undefined) {
  return {
    [profile.kind]: profile.id,
    ...(node !== undefined && { node }),
    factors: Object.fromEntries(outcome.factors.map((f) => [f.name, { before: f.before, before_from: f.beforeFrom, after: f.after }])),
    mape_fitted: outcome.mapeFitted,
    ...(outcome.mapeHeldOut && { mape_held_out: outcome.mapeHeldOut }),
    rows: outcome.rows.map((r) => ({ row: r.point.row, line: r.point.line, id: r.point.label, role: r.role, metric: r.point.metric, measured: r.point.measured, before: r.before, after: r.after })),
  };
}
