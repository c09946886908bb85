import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, mmcGrid, read, simulate, tmp } from './support.js';

interface ParetoPoint {
  readonly label: string;
  readonly front: boolean;
}

/** The variants the HTML report's Pareto chart marks, read from the report model embedded in the page. */
function htmlFront(html: string): number[] {
  const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (data === undefined) throw new Error('no report data in the page');
  const model = JSON.parse(data) as { sections: { figures: { chart: { type: string; points?: ParetoPoint[] } }[] }[] };
  const charts = model.sections.flatMap((s) => s.figures.map((f) => f.chart)).filter((c) => c.type === 'pareto');
  expect(charts).toHaveLength(1);
  return (charts[0]?.points ?? [])
    .filter((p) => p.front)
    .map((p) => Number(p.label.replace('variant ', '')))
    .sort((a, b) => a - b);
}

/** The variants the command line's summary names: `Pareto front: 2 variants (3, 7)`. */
function cliFront(stdout: string): number[] {
  const m = /^Pareto front: (\d+) variants? \(([\d, ]+)\)$/m.exec(stdout);
  if (!m) throw new Error(`no Pareto line in:\n${stdout}`);
  const listed = (m[2] ?? '').split(', ').map(Number);
  expect(listed).toHaveLength(Number(m[1]));
  return listed.sort((a, b) => a - b);
}

/**
 * The front is the sweep's: over its objectives, among its feasible variants (a variant that misses a
 * constraint is no plan, however cheap). The command line, the JSON and the HTML report all show it.
 */
describe.skipIf(!built)('one Pareto front for the command line and the HTML report', () => {
  it('names the same variants in the summary, the JSON analysis and the HTML of the same sweep', () => {
    const dir = tmp();
    const r = simulate(['sweep', mmcGrid, '-o', dir, '--workers', '0', '-q']);
    expect(r.code).toBe(0);
    const cli = cliFront(r.stdout);
    const json = JSON.parse(read(join(dir, 'sweep.json'))) as { analysis: { pareto: { index: number }[]; pareto_size: number } };
    expect(json.analysis.pareto.map((v) => v.index).sort((a, b) => a - b)).toEqual(cli);
    expect(htmlFront(read(join(dir, 'sweep.html')))).toEqual(cli);
    // an infeasible variant (p95_wait ≥ 30 min) is drawn nowhere on the front, whatever its devices
    const variants = (JSON.parse(read(join(dir, 'sweep.json'))) as { variants: { index: number; metrics: { p95_wait: { mean: number } } }[] }).variants;
    for (const i of cli) expect(variants.find((v) => v.index === i)?.metrics.p95_wait.mean).toBeLessThan(1800);
  });
});
