import type { Estimate } from '../metrics/confidence-interval.js';
import { formatEstimate, intervalShape, noSpreadText } from './estimate-text.js';
import { formatDuration, formatDurationEstimate, formatNumber } from './format-units.js';
import type { Kpi, KpiUnit } from './kpi-definition.js';

/** Text forms of KPI values for tables (HTML and Markdown); pure and locale-independent (en-US digits). */

export function formatUsd(x: number): string {
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (a >= 1e9) return `${sign}${(a / 1e9).toPrecision(3)} B USD`;
  if (a >= 1e6) return `${sign}${(a / 1e6).toPrecision(3)} M USD`;
  if (a >= 1e4) return `${sign}${(a / 1e3).toPrecision(3)} k USD`;
  if (a >= 100) return `${sign}${Math.round(a).toLocaleString('en-US')} USD`;
  return `${sign}${a.toPrecision(3)} USD`;
}

export function formatValue(unit: KpiUnit, x: number, suffix?: string): string {
  let text: string;
  switch (unit) {
    case 'seconds':
      text = formatDuration(x);
      break;
    case 'fraction':
      text = `${(x * 100).toFixed(1)} %`;
      break;
    case 'usd':
      text = formatUsd(x);
      break;
    case 'count':
      text = Number.isInteger(x) ? x.toLocaleString('en-US') : formatNumber(x);
      break;
    case 'number':
      text = formatNumber(x);
      break;
  }
  return suffix ? `${text}${unit === 'usd' ? '' : ' '}${text === '1' ? (SINGULAR[suffix] ?? suffix) : suffix}` : text;
}

/** Suffixes that are plural nouns, and their singular for a value that prints as exactly 1 (`1 job`, not `1 jobs`). */
const SINGULAR: Readonly<Record<string, string>> = { jobs: 'job', tokens: 'token' };

export function formatKpiValue(kpi: Pick<Kpi, 'unit' | 'suffix'>, x: number): string {
  return formatValue(kpi.unit, x, kpi.suffix);
}

/**
 * The estimate in one cell (Markdown, sweep tables): `mean ± half-width` for a symmetric interval,
 * `mean [low, high]` for a bounded one, `mean (no spread over N replications)`, or the mean alone
 * without an interval (estimate-text.ts).
 */
export function formatKpiEstimate(kpi: Pick<Kpi, 'unit' | 'suffix'>, e: Estimate): string {
  const shape = intervalShape(e);
  if (shape === 'symmetric' && kpi.unit === 'seconds') return formatDurationEstimate(e.mean, e.half_width);
  if (shape === 'symmetric' && kpi.unit === 'fraction') return `${(e.mean * 100).toFixed(1)} ± ${((e.half_width ?? 0) * 100).toFixed(1)} %`;
  if (shape !== 'bounded')
    return formatEstimate(
      e,
      (x) => formatKpiValue(kpi, x),
      (x) => formatValue(kpi.unit === 'count' ? 'number' : kpi.unit, x),
    );
  return `${formatKpiValue(kpi, e.mean)} ${formatInterval(kpi, e.low, e.high)}`;
}

/** The mean as the HTML table's first line: `mean ± half-width` when symmetric, else the mean alone (the interval or "no spread" goes below it, `formatKpiSpread`). */
export function formatKpiMean(kpi: Pick<Kpi, 'unit' | 'suffix'>, e: Estimate): string {
  return intervalShape(e) === 'symmetric' ? formatKpiEstimate(kpi, e) : formatKpiValue(kpi, e.mean);
}

/** The line under the mean in the HTML table: the interval `[low, high]`, "no spread over N replications", or nothing. */
export function formatKpiSpread(kpi: Pick<Kpi, 'unit' | 'suffix'>, e: Estimate): string {
  const shape = intervalShape(e);
  if (shape === 'none') return '';
  return shape === 'no-spread' ? noSpreadText(e.n) : formatInterval(kpi, e.low, e.high);
}

/** The 95% interval as `[low, high]`. */
export function formatInterval(kpi: Pick<Kpi, 'unit' | 'suffix'>, low: number | null, high: number | null): string {
  if (low === null || high === null) return '';
  const u = kpi.unit === 'count' ? 'number' : kpi.unit;
  return `[${formatValue(u, low)}, ${formatValue(u, high)}]`;
}

/** A signed difference: `+1.2 h`, `−3.4 pp` (fractions in percentage points). */
export function formatSignedDelta(kpi: Pick<Kpi, 'unit' | 'suffix'>, diff: number): string {
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const a = Math.abs(diff);
  if (kpi.unit === 'fraction') return `${sign}${(a * 100).toFixed(1)} pp`;
  return `${sign}${formatValue(kpi.unit === 'count' ? 'number' : kpi.unit, a, kpi.suffix).replace(/^−/, '')}`;
}

export function formatRelative(relative: number | null): string {
  if (relative === null || !Number.isFinite(relative)) return '';
  const pct = relative * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  const a = Math.abs(pct);
  return `${sign}${a >= 10 ? Math.round(a).toLocaleString('en-US') : a.toPrecision(2)} %`;
}
