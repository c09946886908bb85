import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../src/report/result-document.js';
import { Catalog, defaultCatalogDir } from '../../src/scenario/catalog.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { buildReport, MAX_SIDE_BY_SIDE } from '../../src/report/report-model.js';
import { asJson, clusterScenario, run } from './report-fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const results = [6, 8, 12].map((d) => asJson(run(clusterScenario(d))));
const model = buildReport(results.map((result, i) => ({ result, source: `r${i}.json` })));

describe('report model', () => {
  it('one column per result, deltas paired against the first (common random numbers)', () => {
    expect(model.entries.map((e) => e.label)).toEqual(['cluster-6', 'cluster-8', 'cluster-12']);
    expect(model.baseline).toBe(0);
    expect(model.layout).toBe('side-by-side');
    const wait = model.kpis.find((k) => k.id === 'jobs.wait.p95')!;
    const s = (i: number) => (results[i]!.summary as { jobs: { wait: { p95: { mean: number } } } }).jobs.wait.p95.mean;
    expect(wait.cells.map((c) => c.estimate!.mean)).toEqual([0, 1, 2].map(s));
    expect(wait.cells[0]!.delta).toBeNull();
    expect(wait.cells[2]!.delta!.method).toBe('paired');
    expect(wait.cells[2]!.delta!.diff).toBeCloseTo(s(2) - s(0), 9);
    // 6 devices under a load of 5 queue for hours; 12 devices hardly at all.
    expect(wait.cells[2]!.delta!.verdict).toBe('better');
    expect(model.notes.join(' ')).toContain('common random numbers');
  });

  it('rows exist only for figures some result has; all-zero rows (no failures here) are dropped', () => {
    const ids = model.kpis.map((k) => k.id);
    expect(ids).toContain('pool[lab/main].utilisation');
    expect(ids).toContain('workload[train].wait.p95');
    expect(ids).not.toContain('jobs.failures');
    expect(ids.some((id) => id.startsWith('inference['))).toBe(false);
    expect(ids.some((id) => id.startsWith('cost.'))).toBe(false);
  });

  it('assumptions side by side: the hardware differs, the seed does not', () => {
    const hw = model.assumptions.find((a) => a.label === 'lab/main: hardware')!;
    expect(hw.differs).toBe(true);
    expect(hw.values).toEqual(['node-6 (6 × ref-gpu)', 'node-8 (8 × ref-gpu)', 'node-12 (12 × ref-gpu)']);
    const seed = model.assumptions.find((a) => a.label === 'seed')!;
    expect(seed).toMatchObject({ differs: false, values: ['11', '11', '11'] });
    expect(model.assumptions.find((a) => a.label === 'arrivals' && a.section === 'workload train')!.values[0]).toBe('Poisson 1.5/h');
  });

  it('charts: utilisation and queue per pool, wait and completion-time CDFs; no cost section without cost data', () => {
    const kinds = model.sections.flatMap((s) => s.figures.map((f) => f.chart.kind));
    expect(kinds).toEqual(['utilisation', 'queue', 'wait-cdf', 'completion-cdf']);
  });

  it('baseline by name or index; an unknown one is an error; duplicate names get their file name', () => {
    expect(
      buildReport(
        results.map((result) => ({ result })),
        { baseline: 'cluster-8' },
      ).baseline,
    ).toBe(1);
    expect(
      buildReport(
        results.map((result) => ({ result })),
        { baseline: 2 },
      ).baseline,
    ).toBe(2);
    expect(() =>
      buildReport(
        results.map((result) => ({ result })),
        { baseline: 'nope' },
      ),
    ).toThrow(/no result named 'nope'/);
    const twice = buildReport([
      { result: results[0]!, source: 'a/x.json' },
      { result: results[0]!, source: 'b/y.json' },
    ]);
    expect(twice.entries.map((e) => e.label)).toEqual(['cluster-6 (x.json)', 'cluster-6 (y.json)']);
  });

  it(`more than ${MAX_SIDE_BY_SIDE} results: variant rows, no per-result time series`, () => {
    const many = buildReport(Array.from({ length: MAX_SIDE_BY_SIDE + 1 }, (_, i) => ({ result: results[i % 3]!, label: `v${i}` })));
    expect(many.layout).toBe('variants');
    expect(many.sections.some((s) => s.id === 'over-time')).toBe(false);
  });
});

describe('the cost section of a real result', () => {
  it('slots into the KPI table and the cost charts without any report change', () => {
    const catalog = new Catalog(defaultCatalogDir());
    const text = readFileSync(join(root, 'scenarios/h100-training-fcfs.yaml'), 'utf8').replace(/^replications: \d+/m, 'replications: 2');
    const real = [32, 24].map((n) => asJson(run(parseScenario(text.replace('count: 32', `count: ${n}`), 'h100.yaml', { catalog }))));
    const total = (r: ResultDocument) => (r.summary as { cost?: { total: { mean: number } } }).cost?.total.mean;
    expect(real.every((r) => total(r)! > 0)).toBe(true);
    const model = buildReport(real.map((result) => ({ result })));
    expect(model.kpis.find((k) => k.id === 'cost.total')!.cells.map((c) => c.estimate!.mean)).toEqual(real.map(total));
    const kinds = model.sections.flatMap((s) => s.figures.map((f) => f.chart.kind));
    expect(kinds).toEqual(expect.arrayContaining(['cost-breakdown', 'cumulative-cost', 'tornado']));
  });

  it('a cost section of zeros (no prices in the scenario) shows no cost chart', () => {
    expect(model.sections.some((s) => s.id === 'cost')).toBe(false);
  });
});
