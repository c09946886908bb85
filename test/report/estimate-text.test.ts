import { describe, expect, it } from 'vitest';
import { estimate, type Estimate } from '../../src/metrics/confidence-interval.js';
import { formatDurationEstimateOf, formatEstimate, intervalShape } from '../../src/report/estimate-text.js';
import { formatKpiEstimate, formatKpiMean, formatKpiSpread } from '../../src/report/kpi-format.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { asJson, clusterScenario, run } from './report-fixtures.js';

const plain = (x: number) => String(Number(x.toPrecision(3)));
const seconds = { unit: 'seconds' } as const;
const fraction = { unit: 'fraction' } as const;

describe('how an interval prints', () => {
  it('an asymmetric (bounded) interval as mean [low, high], never with ±', () => {
    // waits [10, 20, 400] min: mean 143 min = 2.39 h, log-scale interval [3.04 min, 6,758 min = 4.69 d] (test/metrics/bounded-interval.test.ts)
    const e = estimate([600, 1200, 24_000], 'non-negative');
    expect(intervalShape(e)).toBe('bounded');
    expect(formatEstimate(e, plain)).toBe('8600 [182, 405000]');
    expect(formatDurationEstimateOf(e)).toBe('2.39 h [3.04 min, 4.69 d]');
    expect(formatKpiEstimate(seconds, e)).toBe('2.39 h [3.04 min, 4.69 d]');
    expect(formatKpiMean(seconds, e)).toBe('2.39 h');
    expect(formatKpiSpread(seconds, e)).toBe('[3.04 min, 4.69 d]');
  });

  it('a fraction as percentages inside [0 %, 100 %]', () => {
    const e = estimate([0.98, 0.99, 1], 'fraction');
    expect(formatKpiEstimate(fraction, e)).toBe('99.0 % [89.0 %, 99.9 %]');
  });

  it('a symmetric (signed) interval as mean ± half-width, as before', () => {
    const e = estimate([1, 2, 3, 4, 5]);
    expect(intervalShape(e)).toBe('symmetric');
    expect(formatEstimate(e, plain)).toBe('3 ± 1.96');
    expect(formatKpiMean({ unit: 'number' }, e)).toBe('3 ± 1.96');
    expect(formatKpiSpread({ unit: 'number' }, e)).toBe('[1.04, 4.96]');
  });

  it('zero spread as "no spread over N replications", not ± 0', () => {
    const e = estimate([120, 120, 120], 'non-negative');
    expect(formatEstimate(e, plain)).toBe('120 (no spread over 3 replications)');
    expect(formatDurationEstimateOf(e)).toBe('2 min (no spread over 3 replications)');
    expect(formatKpiMean(seconds, e)).toBe('2 min');
    expect(formatKpiSpread(seconds, e)).toBe('no spread over 3 replications');
    // a result written before the flag: a zero half-width reads the same
    const legacy: Estimate = { mean: 5, half_width: 0, low: 5, high: 5, sd: 0, n: 4 };
    expect(formatEstimate(legacy, plain)).toBe('5 (no spread over 4 replications)');
  });

  it('one replication: the mean alone', () => {
    expect(formatEstimate(estimate([7], 'non-negative'), plain)).toBe('7');
    expect(formatKpiSpread(seconds, estimate([7]))).toBe('');
  });
});

describe('a run with replications: no negative bound in the text summary or the Markdown report', () => {
  it('prints bounded intervals and no negative number', () => {
    const result = run(clusterScenario(6, { replications: 3, horizon: '150 h' }));
    const wait = result.summary.jobs.wait.mean;
    expect(wait.method).toBe('log');
    expect(wait.low!).toBeGreaterThan(0);
    expect(result.summary.pools['lab/main']!.utilisation.method).toBe('logit');
    const text = formatSummary(result);
    expect(text).toMatch(/\[[^\]]+, [^\]]+\]/);
    // no bound below 0: nothing like `[−97.9 min, …` or `, −3`
    expect(text).not.toMatch(/\[[−-]|, [−-]\d/);
    const markdown = renderMarkdownReport(buildReport([{ result: asJson(result) }]));
    expect(markdown).toMatch(/\[[^\]]+, [^\]]+\]/);
    expect(markdown).not.toMatch(/±/);
  });
});
