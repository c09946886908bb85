import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport, sweepReportInputs } from '../../src/report/report-model.js';
import type { HeatmapChartSpec, ParetoChartSpec } from '../../src/report/charts/chart-spec.js';
import { sweepVariants } from './report-fixtures.js';

describe('sweep report', () => {
  const variants = sweepVariants();
  const model = buildReport(sweepReportInputs(variants), { title: 'Cluster sweep' });
  const figures = model.sections.flatMap((s) => s.figures.map((f) => f.chart));

  it('labels from variant ids, parameters in the model, heat maps of the service level and of cost', () => {
    expect(model.entries.map((e) => e.label)).toEqual(variants.map((v) => v.id));
    expect(model.parameters).toEqual(['devices', 'train_rate']);
    expect(model.layout).toBe('variants');
    const heat = figures.filter((f): f is HeatmapChartSpec => f.type === 'heatmap');
    expect(heat.map((h) => h.scope)).toEqual(['jobs.wait.p95', 'cost.total']);
    for (const h of heat) {
      expect(h.cells).toHaveLength(9);
      expect(h.xValues).toEqual([6, 8, 12]);
      expect(h.yValues).toEqual([1, 1.5, 2]);
    }
  });

  it('the Pareto front holds exactly the variants no other beats on both cost and p95 wait', () => {
    const pareto = figures.find((f): f is ParetoChartSpec => f.type === 'pareto')!;
    const pts = variants.map((v) => ({
      id: v.id!,
      cost: (v.result.summary as { cost: { total: { mean: number } } }).cost.total.mean,
      wait: (v.result.summary as { jobs: { wait: { p95: { mean: number } } } }).jobs.wait.p95.mean,
    }));
    const dominated = (p: (typeof pts)[number]) => pts.some((q) => q.cost <= p.cost && q.wait <= p.wait && (q.cost < p.cost || q.wait < p.wait));
    expect(
      pareto.points
        .filter((p) => p.front)
        .map((p) => p.label)
        .sort(),
    ).toEqual(
      pts
        .filter((p) => !dominated(p))
        .map((p) => p.id)
        .sort(),
    );
  });

  it('a single swept parameter gives a line with confidence intervals; Markdown lists the variants', () => {
    const line = buildReport(sweepReportInputs(variants.filter((v) => v.parameters.train_rate === 1.5)));
    const chart = line.sections.flatMap((s) => s.figures.map((f) => f.chart)).find((c) => c.kind === 'sweep-line')!;
    expect(chart.type).toBe('line');
    expect(chart.type === 'line' && chart.series[0]!.points.map((p) => p[0])).toEqual([6, 8, 12]);
    const text = renderMarkdownReport(model);
    expect(text).toContain('| result | devices | train\\_rate |');
    for (const v of variants) expect(text).toContain(`| ${v.id} | ${String(v.parameters.devices)} | ${String(v.parameters.train_rate)} |`);
    expect(renderHtmlReport(model)).toContain('<table class="kpis sortable">');
  });
});
