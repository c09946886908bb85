import { describe, expect, it } from 'vitest';
import type { HeatmapChartSpec, QuantileChartSpec } from '../../src/report/charts/chart-spec.js';
import { renderHeatmapChart } from '../../src/report/charts/heatmap-chart.js';
import { renderLineChart } from '../../src/report/charts/line-chart.js';
import { renderQuantileChart } from '../../src/report/charts/quantile-chart.js';
import { heavyTailed, LOG_AXIS_SPREAD } from '../../src/report/distribution-charts.js';
import type { ResultDocument } from '../../src/report/result-document.js';
import { timeSeriesCharts } from '../../src/report/timeseries-charts.js';

const cdf = (p50: number, p99: number) => ({
  points: [
    { p: 0.25, value: 0 },
    { p: 0.5, value: p50 },
    { p: 0.99, value: p99 },
    { p: 1, value: p99 * 1.5 },
  ],
});

describe('heavy-tailed distributions on a log axis', () => {
  it('the rule: p99 more than 20 × p50, or p50 zero under a positive p99', () => {
    expect(LOG_AXIS_SPREAD).toBe(20);
    expect(heavyTailed([cdf(10, 200)])).toBe(false);
    expect(heavyTailed([cdf(10, 201)])).toBe(true);
    expect(heavyTailed([cdf(0, 5)])).toBe(true);
    expect(heavyTailed([cdf(0, 0)])).toBe(false);
    expect(heavyTailed([cdf(10, 50), cdf(1, 3600)])).toBe(true);
  });

  it('draws zeros apart at the left edge, every other point on a log scale, ticks at round durations never closer than their labels', () => {
    const spec: QuantileChartSpec = {
      type: 'quantiles',
      id: 'w',
      kind: 'wait-cdf',
      title: 'wait',
      description: 'd',
      xScale: 'log',
      x: { label: 'wait', unit: 'seconds' },
      series: [
        {
          name: 'a',
          color: 0,
          points: [
            { p: 0.5, value: 0 },
            { p: 0.9, value: 60 },
            { p: 0.99, value: 6000 },
            { p: 1, value: 86_400 },
          ],
        },
      ],
    };
    const svg = String(renderQuantileChart(spec));
    expect(svg).toContain('wait (log scale)');
    const cx = [...svg.matchAll(/<circle class="mark dot c0" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    // frame: left 64, right edge 700; zero 8 px right of the axis, the log scale from 64 + 38 = 102 (1 min) to 700 (1 d)
    expect(cx[0]).toBe(72);
    expect(cx[1]).toBe(102);
    expect(cx[3]).toBe(700);
    // 6000 s: log10(100) of log10(1440) of the way
    expect(cx[2]).toBeCloseTo(102 + (598 * 2) / Math.log10(1440), 0);
    const ticks = [...svg.matchAll(/<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), text: m[2] }));
    expect(ticks.map((t) => t.text)).toEqual(['0', '1 min', '10 min', '1 h', '6 h', '1 d']);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.x - ticks[i - 1]!.x).toBeGreaterThanOrEqual(30);
  });
});

describe('heat-map cells', () => {
  it('print durations in their own unit at three digits, and nothing where the label would not fit', () => {
    const spec = (xValues: number[]): HeatmapChartSpec => ({
      type: 'heatmap',
      id: 'h',
      kind: 'sweep-heatmap',
      title: 't',
      description: 'd',
      xParameter: 'nodes',
      yParameter: 'rate',
      xValues,
      yValues: [1],
      value: { label: 'wait p95', unit: 'seconds' },
      better: 'lower',
      cells: xValues.map((x, i) => ({ x, y: 1, value: [898.56, 259_200, 0][i % 3]!, label: `v${i}` })),
    });
    const labels = (s: HeatmapChartSpec) => [...String(renderHeatmapChart(s)).matchAll(/<text class="cell-label[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    // the map's largest value is 3 days: the old single unit printed 898.56 s as "0.0104"
    expect(labels(spec([1, 2, 3]))).toEqual(['15 min', '3 d', '0 s']);
    // 60 columns over 604 px: 10 px a cell, no room for a label
    expect(labels(spec(Array.from({ length: 60 }, (_, i) => i)))).toEqual([]);
  });
});

describe('time series with replications', () => {
  it('draw the 95% interval of the mean at each instant as a band, clipped at zero', () => {
    const rep = (queue: number[]) => ({ timeseries: { 'a/p': { t: [0, 10], busy_devices: [1, 1], queue_length: queue } } });
    const result = {
      schemaVersion: '1.10.0',
      scenario: { name: 's', seed: 1, horizon: 10, warmup: 0, replications: 3 },
      summary: { pools: { 'a/p': { devices: { mean: 2, half_width: 0, low: 2, high: 2, sd: 0, n: 3 } } } },
      replications: [rep([1, 5]), rep([2, 5]), rep([3, 5])],
    } as unknown as ResultDocument;
    const queue = timeSeriesCharts([{ label: 's', result }]).find((c) => c.kind === 'queue')!;
    // instant 0: mean 2, sd 1, t(0.975, 2) = 4.302653 → half-width 4.302653 / √3 = 2.484138; the low end clips to 0
    const [first, second] = queue.bands![0]!.points;
    expect(first![0]).toBe(0);
    expect(first![1]).toBe(0);
    expect(first![2]).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
    // instant 10: identical replications, a band of zero width
    expect(second).toEqual([10, 5, 5]);
    expect(String(renderLineChart(queue))).toMatch(/<g class="bands"><path class="band c0" d="M[^"]+Z"><title>s: 95% confidence interval of the mean<\/title><\/path><\/g>/);
    // one replication: no band
    const single = { ...result, replications: [rep([1, 5])] } as ResultDocument;
    expect(timeSeriesCharts([{ label: 's', result: single }]).find((c) => c.kind === 'queue')!.bands).toBeUndefined();
  });
});
