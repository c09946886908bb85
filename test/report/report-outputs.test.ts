import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportCsvFiles } from '../../src/report/csv-export.js';
import { formatValue } from '../../src/report/kpi-format.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import type { ResultDocument } from '../../src/report/result-document.js';
import { asJson, clusterScenario, run, withSyntheticCost } from './report-fixtures.js';

export const EVIL_NAME = '<script>window.__pwned = 1</script>';
export const EVIL_WORKLOAD = '"><img src=x onerror="window.__pwned = 2">';

/** Three clusters, the last two with hostile names, and costs: owned (capex) vs rented (monthly). */
function fixtures(): ResultDocument[] {
  const a = asJson(run(clusterScenario(6)));
  const b = asJson(run({ ...clusterScenario(8), name: EVIL_NAME }));
  const base = clusterScenario(12);
  const c = asJson(run({ ...base, name: 'rented', description: `<b>bold</b> & ${EVIL_WORKLOAD}`, workloads: base.workloads.map((w, i) => (i === 0 ? { ...w, name: EVIL_WORKLOAD } : w)) }));
  return [withSyntheticCost(a, { capex: 1e6, monthly: 2e4 }, true), withSyntheticCost(b, { capex: 1.2e6, monthly: 2.2e4 }), withSyntheticCost(c, { capex: 0, monthly: 5e4 })];
}

const results = fixtures();
const model = buildReport(
  results.map((result) => ({ result })),
  { command: 'simulate report a.json b.json c.json' },
);
const page = renderHtmlReport(model);

describe('HTML report (static checks)', () => {
  it('is byte-reproducible', () => {
    expect(
      renderHtmlReport(
        buildReport(
          fixtures().map((result) => ({ result })),
          { command: 'simulate report a.json b.json c.json' },
        ),
      ),
    ).toBe(page);
  });

  it('carries a restrictive CSP whose hashes match the inline style and script', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    expect(csp).toMatch(/^default-src 'none'; /);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(csp).toContain(`style-src ${hash(style)};`);
    expect(csp).toContain(`script-src ${hash(scripts[0]!)};`);
    expect(page).not.toMatch(/\sstyle="/);
  });

  it('references nothing outside the file: every href and src is a fragment', () => {
    const refs = [...page.matchAll(/\s(?:href|src|xlink:href|action|poster|data)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(r.startsWith('#')).toBe(true);
    expect(page).not.toMatch(/@import|url\(|<link|<iframe|<object|<embed|<img/i);
  });

  it('escapes hostile names everywhere; the only elements are ours', () => {
    expect(page).not.toContain('<script>window');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>bold');
    expect(page).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(page.match(/<script/g)).toHaveLength(2); // the JSON data block and our script
  });

  it('embeds the model as JSON that parses back to it', () => {
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('every chart is an accessible SVG with a title, a description and a data table', () => {
    const figures = page.match(/<figure class="chart"/g)!.length;
    expect(figures).toBe(model.sections.reduce((n, s) => n + s.figures.length, 0));
    expect(page.match(/<svg class="chart-svg"[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-desc"/g)).toHaveLength(figures);
    expect(page.match(/<details class="data">/g)).toHaveLength(figures);
    const kinds = model.sections.flatMap((s) => s.figures.map((f) => f.chart.kind));
    expect(kinds).toEqual(expect.arrayContaining(['utilisation', 'queue', 'wait-cdf', 'cost-breakdown', 'cumulative-cost', 'build-vs-buy', 'tornado']));
  });

  it('cost KPIs slot into the table from the cost section', () => {
    const total = model.kpis.find((k) => k.id === 'cost.total')!;
    expect(total.cells.map((c) => c.estimate!.mean)).toEqual(results.map((r) => (r.summary as { cost: { total: { mean: number } } }).cost.total.mean));
    expect(model.kpis.find((k) => k.id === 'energy.co2e_t')!.cells[0]!.estimate!.mean).toBeCloseTo(
      (results[0]!.summary as { cost: { energy: { co2e_kg: { mean: number } } } }).cost.energy.co2e_kg.mean / 1000,
      9,
    );
    expect(model.kpis.find((k) => k.id === 'cost.per_million_tokens')).toBeUndefined(); // zero everywhere
  });
});

describe('Markdown summary', () => {
  const text = renderMarkdownReport(model);
  it('headline table with deltas and significance; hostile names escaped', () => {
    expect(text).toMatch(/^## Comparison of 3 scenarios\n/);
    expect(text).toContain('| KPI | cluster\\-6 (baseline) |'.replace('\\-', '-'));
    expect(text).toMatch(/all jobs: wait p95 \(lower is better\) \|/);
    expect(text).toMatch(/\*\*better\*\*|_n\.s\._|\*\*worse\*\*/);
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;script>window.\\_\\_pwned = 1&lt;/script>');
    expect(text).toContain('<details><summary>All KPIs</summary>');
    expect(Buffer.byteLength(text)).toBeLessThan(1 << 20);
  });
});

describe('CSV export', () => {
  const files = reportCsvFiles(model, results);
  const byName = new Map(files.map((f) => [f.name, f.content]));

  it('a file per table and chart, and every replication’s time series', () => {
    const chartIds = model.sections.flatMap((s) => s.figures.map((f) => `${f.chart.id}.csv`));
    expect([...byName.keys()]).toEqual(['results.csv', 'kpis.csv', 'assumptions.csv', ...chartIds, 'timeseries.csv']);
    const ts = byName.get('timeseries.csv')!.trim().split('\n');
    const expected = results.reduce((n, r) => n + r.replications.reduce((m, rep) => m + (rep as { timeseries: Record<string, { t: number[] }> }).timeseries['lab/main']!.t.length, 0), 0);
    expect(ts).toHaveLength(expected + 1);
  });

  it('kpis.csv: one row per KPI and result, full precision', () => {
    const lines = byName.get('kpis.csv')!.trim().split('\n');
    expect(lines[0]).toBe('kpi_id,kpi,group,unit,better,result,mean,half_width,low,high,sd,n,delta,delta_low,delta_high,relative_delta,significant,delta_method');
    expect(lines).toHaveLength(1 + model.kpis.length * 3);
    const wait = (results[0]!.summary as { jobs: { wait: { p95: { mean: number } } } }).jobs.wait.p95.mean;
    expect(lines.find((l) => l.startsWith('jobs.wait.p95,') && l.includes(',cluster-6,'))).toContain(`,${wait},`);
    expect(byName.get('kpis.csv')).toContain('"""><img src=x onerror=""window.__pwned = 2"">: throughput"');
  });
});

describe('wording that follows the numbers', () => {
  it('a single result is titled a result, not a comparison; several are compared', () => {
    const single = renderHtmlReport(buildReport([{ result: results[0]! }], { command: 'simulate report a.json' }));
    expect(single).toContain('<h2 id="results-h">Result</h2>');
    expect(single).not.toContain('Results compared');
    expect(page).toContain('<h2 id="results-h">Results compared</h2>');
  });

  it('a count of exactly one takes the singular of a plural suffix, and no other count does', () => {
    expect(formatValue('count', 1, 'jobs')).toBe('1 job');
    expect(formatValue('count', 2, 'jobs')).toBe('2 jobs');
    expect(formatValue('count', 0, 'jobs')).toBe('0 jobs');
    expect(formatValue('number', 1.04, 'tokens')).not.toMatch(/token$/);
    expect(formatValue('number', 1, 'GB')).toBe('1 GB');
  });
});
