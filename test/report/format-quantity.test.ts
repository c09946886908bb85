import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationEstimate, formatNumber, formatPercent } from '../../src/support/format-quantity.js';
import { formatMetric } from '../../src/sweep/result-metrics.js';

describe('one duration and number formatter', () => {
  it('durations: each scale from microseconds to days, three significant digits, no trailing zeros', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(2.5e-4)).toBe('250 µs');
    expect(formatDuration(0.012)).toBe('12 ms');
    expect(formatDuration(0.9999)).toBe('1000 ms');
    expect(formatDuration(1)).toBe('1 s');
    expect(formatDuration(119.9)).toBe('120 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(903.9)).toBe('15.1 min');
    expect(formatDuration(900)).toBe('15 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(5400 * 3)).toBe('4.5 h');
    expect(formatDuration(172_800)).toBe('2 d');
    expect(formatDuration(365 * 86_400)).toBe('365 d');
  });

  it('negative durations keep their sign and pick the unit by size', () => {
    expect(formatDuration(-30)).toBe('-30 s');
    expect(formatDuration(-5400)).toBe('-90 min');
  });

  it('shows what is not a number as what it is', () => {
    expect(formatDuration(NaN)).toBe('NaN s');
    expect(formatDuration(Infinity)).toBe('Infinity s');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
    expect(formatPercent(NaN)).toBe('NaN %');
    expect(formatDurationEstimate(Infinity, 3)).toBe('Infinity s');
  });

  it('estimates read on the mean’s scale', () => {
    expect(formatDurationEstimate(903.9, 30)).toBe('15.1 ± 0.5 min');
    expect(formatDurationEstimate(0, 0.002)).toBe('0 ± 2 ms');
    expect(formatDurationEstimate(36_000, 7200)).toBe('10 ± 2 h');
    expect(formatDurationEstimate(60, null)).toBe('60 s');
  });

  it('numbers: separators for integers, three digits otherwise, exponent form at the extremes', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(12_345)).toBe('12,345');
    expect(formatNumber(-12_345)).toBe('-12,345');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(1234.5)).toBe('1,235');
    expect(formatNumber(2.5e-5)).toBe('2.5e-5');
    expect(formatNumber(1.24e9)).toBe('1.24e+9');
    expect(formatPercent(0.7312)).toBe('73.1 %');
  });

  it('the sweep metrics use the same formatter as the report', () => {
    expect(formatMetric('p95_wait', 903.9)).toBe(formatDuration(903.9));
    expect(formatMetric('utilisation', 0.7312)).toBe(formatPercent(0.7312));
    expect(formatMetric('utilisation', NaN)).toBe('NaN');
  });
});
