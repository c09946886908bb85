import { scaleLinear } from 'd3-scale';
import { formatUsd } from '../kpi-format.js';
import type { Axis } from './chart-spec.js';

/**
 * Tick labels for an axis: durations and times in one unit chosen from the domain (the unit goes in
 * the axis title), fractions as %, money compact.
 */
export interface AxisFormat {
  /** text after the axis label, e.g. ` (h)` */
  readonly unitLabel: string;
  readonly tick: (x: number) => string;
  /** a full value for tooltips and tables */
  readonly value: (x: number) => string;
  /** canonical units per display unit (3600 for hours): ticks fall on round display values */
  readonly factor: number;
}

const durationScales: readonly (readonly [number, string])[] = [
  [86_400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
  [1e-3, 'ms'],
];

function durationScale(max: number): readonly [number, string] {
  return durationScales.find(([s]) => max >= 2 * s) ?? durationScales[durationScales.length - 1]!;
}

export function trimNumber(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(1).replace('e+', 'e');
  return Number(x.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function axisFormat(axis: Axis, domainMax: number): AxisFormat {
  switch (axis.unit) {
    case 'seconds':
    case 'time': {
      const [scale, unit] = durationScale(Math.abs(domainMax));
      return { unitLabel: ` (${unit})`, tick: (x) => trimNumber(x / scale), value: (x) => `${trimNumber(x / scale)} ${unit}`, factor: scale };
    }
    case 'fraction':
      return { unitLabel: ' (%)', tick: (x) => trimNumber(x * 100), value: (x) => `${(x * 100).toFixed(1)} %`, factor: 0.01 };
    case 'usd': {
      const [scale, unit] = Math.abs(domainMax) >= 2e6 ? [1e6, 'M USD'] : Math.abs(domainMax) >= 2e3 ? [1e3, 'k USD'] : [1, 'USD'];
      return { unitLabel: ` (${unit}${axis.suffix ?? ''})`, tick: (x) => trimNumber(x / scale), value: (x) => `${formatUsd(x)}${axis.suffix ?? ''}`, factor: scale };
    }
    case 'count':
    case 'number':
      return { unitLabel: axis.suffix ? ` (${axis.suffix})` : '', tick: trimNumber, value: (x) => `${trimNumber(x)}${axis.suffix ? ` ${axis.suffix}` : ''}`, factor: 1 };
  }
}

/** Rounds an SVG coordinate to 0.1 px: small files, byte-stable output. */
export function px(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Ticks at round values of the display unit (hours, %, k USD), returned in canonical units. */
export function displayTicks(domain: readonly number[], format: AxisFormat, count: number): number[] {
  const f = format.factor;
  return scaleLinear()
    .domain(domain.map((d) => d / f))
    .ticks(count)
    .map((t) => t * f);
}

/** The domain widened to round values of the display unit. */
export function niceIn(domain: readonly [number, number], format: AxisFormat): [number, number] {
  const f = format.factor;
  const [a, b] = scaleLinear()
    .domain(domain.map((d) => d / f))
    .nice()
    .domain();
  return [a! * f, b! * f];
}
