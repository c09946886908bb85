/** Human formatting of canonical-unit numbers for terminal and Markdown output. */

const durationUnits: readonly (readonly [number, number, string])[] = [
  [1e-3, 1e-6, 'µs'],
  [1, 1e-3, 'ms'],
  [120, 1, 's'],
  [7200, 60, 'min'],
  [172_800, 3600, 'h'],
  [Infinity, 86_400, 'd'],
];

/** The unit a duration reads best in: µs up to 1 ms, then ms, s (< 2 min), min (< 2 h), h (< 2 d), d. */
function durationUnit(seconds: number): readonly [number, string] {
  const s = Math.abs(seconds);
  const [, scale, unit] = durationUnits.find(([limit]) => s < limit)!;
  return [scale, unit];
}

export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0 s';
  const [scale, unit] = durationUnit(seconds);
  return `${(seconds / scale).toPrecision(3)} ${unit}`;
}

/** `mean ± half-width` in the mean's unit, so both read on one scale. */
export function formatDurationEstimate(mean: number, halfWidth: number | null): string {
  if (halfWidth === null || (mean === 0 && halfWidth === 0)) return formatDuration(mean);
  const [scale, unit] = durationUnit(mean === 0 ? halfWidth : mean);
  const m = mean / scale;
  const hw = halfWidth / scale;
  return `${Math.abs(m) >= 100 ? Math.round(m) : m.toPrecision(3)} ± ${hw >= 10 ? Math.round(hw) : hw.toPrecision(2)} ${unit}`;
}

export function formatNumber(x: number, digits = 3): string {
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  if (a >= 1e9 || a < 1e-3) return x.toExponential(digits - 1);
  if (a >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(digits);
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
