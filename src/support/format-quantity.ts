/**
 * The one human formatter of durations and plain numbers: terminal summaries, Markdown, HTML, sweep
 * and `size` output, warnings. Three significant digits, trailing zeros dropped (`15 min`, `1.5 h`),
 * so the same value reads the same wherever it is printed. Values are in canonical units (seconds,
 * fractions). A value that is not finite is shown as what it is (`NaN`, `Infinity`, `-Infinity`),
 * never as a plausible number or an empty cell. Lives outside the layers (like escape-control-chars.ts):
 * the model's overload messages use it as well as the report.
 */

/** [upper bound (exclusive), scale, unit]: µs up to 1 ms, then ms, s (< 2 min), min (< 2 h), h (< 2 d), d. */
const DURATION_UNITS: readonly (readonly [number, number, string])[] = [
  [1e-3, 1e-6, 'µs'],
  [1, 1e-3, 'ms'],
  [120, 1, 's'],
  [7200, 60, 'min'],
  [172_800, 3600, 'h'],
  [Infinity, 86_400, 'd'],
];

/** Three significant digits without trailing zeros: 15.0 → '15', 0.500 → '0.5', 1234 → '1230'. */
function threeDigits(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** The unit a duration reads best in, by its size (the sign does not matter). */
function durationUnit(seconds: number): readonly [number, string] {
  const s = Math.abs(seconds);
  const unit = DURATION_UNITS.find(([limit]) => s < limit) ?? DURATION_UNITS[DURATION_UNITS.length - 1];
  return unit === undefined ? [1, 's'] : [unit[1], unit[2]];
}

/** A duration in seconds as people read it: `250 µs`, `12 ms`, `90 s`, `15.1 min`, `3.5 h`, `12 d`; `-30 s` for a negative one. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return `${seconds} s`;
  if (seconds === 0) return '0 s';
  const [scale, unit] = durationUnit(seconds);
  return `${threeDigits(seconds / scale)} ${unit}`;
}

/** `mean ± half-width` in the mean's unit, so both read on one scale. */
export function formatDurationEstimate(mean: number, halfWidth: number | null): string {
  if (halfWidth === null || !Number.isFinite(mean) || (mean === 0 && halfWidth === 0)) return formatDuration(mean);
  const [scale, unit] = durationUnit(mean === 0 ? halfWidth : mean);
  const m = mean / scale;
  const hw = halfWidth / scale;
  return `${Math.abs(m) >= 100 ? Math.round(m) : threeDigits(m)} ± ${hw >= 10 ? Math.round(hw) : String(Number(hw.toPrecision(2)))} ${unit}`;
}

/**
 * A plain number: integers below 1e9 with thousands separators (`12,345`), others with `digits`
 * significant digits (`0.5`, `3.14`), rounded with separators from 10^digits up (`12,346`), and in
 * exponent form from 1e9 up and below 1e-3 (`1.24e+9`, `2.5e-5`).
 */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  if (a >= 1e9 || a < 1e-3) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  if (a >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(digits)));
}

/** A fraction as a percentage with one decimal: 0.7312 → '73.1 %'. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return `${fraction} %`;
  return `${(fraction * 100).toFixed(1)} %`;
}

/**
 * Bytes as the memory-fit messages state them (`671 GB`, `405.9 GB`): decimal gigabytes, at most one decimal,
 * thousands separated — what a device's memory is sold in, so a user compares it with the datasheet.
 */
export function formatGigabytes(bytes: number): string {
  return `${(bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
}
