import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 12: a report of results with different planning horizons must not print a plain "+60 %" TCO
 * delta (5 years of TCO against 3): it annualises the totals, gives the horizon totals no delta, and
 * warns on stderr and in a banner on the page. Two results saved by `run`, then `report`, as a user would.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

function simulate(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scenario = (name: string, years: number) => `
name: ${name}
seed: 5
horizon: 300 h
replications: 2
sites:
  lab: { nodes: { type: dgx-h100, count: 2 } }
planning: { horizon: ${years} years }
workloads:
  - name: jobs
    arrivals: { rate: 1 /h }
    devices: 8
    work: { reference_time: 1 h }
`;

interface KpiRow {
  id: string;
  headline: boolean;
  cells: { estimate: { mean: number } | null; delta: { diff: number } | null }[];
}

describe('report of results with different planning horizons', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-horizons-'));
  let md: ReturnType<typeof simulate>;
  let html: string;
  let kpis: KpiRow[];
  beforeAll(() => {
    writeFileSync(join(dir, 'three.yaml'), scenario('three-years', 3));
    writeFileSync(join(dir, 'five.yaml'), scenario('five-years', 5));
    for (const n of ['three', 'five']) expect(simulate(dir, 'run', `${n}.yaml`, '-o', `${n}.json`, '-q').code).toBe(0);
    md = simulate(dir, 'report', 'three.json', 'five.json', '--md', '-', '-q');
    expect(simulate(dir, 'report', 'three.json', 'five.json', '-o', 'report.html', '-q').code).toBe(0);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
    kpis = (JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { kpis: KpiRow[] }).kpis;
  }, 120_000);

  it('warns on stderr and in a banner, naming both horizons', () => {
    expect(md.code).toBe(0);
    const warning =
      "warning: the results' planning horizons differ (three-years 3 years, five-years 5 years): totals over the horizon (TCO, NPV, cash, energy, emissions) are not comparable and get no delta; compare the annualised figures (per year) instead\n";
    expect(md.stderr).toBe(warning);
    expect(md.stdout).toContain("> [!WARNING]\n> the results' planning horizons differ (three-years 3 years, five-years 5 years)");
    expect(html).toContain('<p class="warning-banner" role="alert"><strong>Warning:</strong> the results&#39;');
  });

  it('gives the horizon totals no delta and compares TCO per year instead', () => {
    const row = (id: string) => kpis.find((k) => k.id === id)!;
    const total = row('cost.total');
    expect(total.cells[1]!.delta).toBeNull();
    expect(total.headline).toBe(false);
    const perYear = row('cost.total_per_year');
    expect(perYear.headline).toBe(true);
    // Per year = each result's own total over its own horizon.
    expect(perYear.cells[0]!.estimate!.mean).toBeCloseTo(total.cells[0]!.estimate!.mean / 3, 3);
    expect(perYear.cells[1]!.estimate!.mean).toBeCloseTo(total.cells[1]!.estimate!.mean / 5, 3);
    expect(perYear.cells[1]!.delta!.diff).toBeCloseTo(perYear.cells[1]!.estimate!.mean - perYear.cells[0]!.estimate!.mean, 3);
    // Same fleet, same usage: the yearly figures differ far less than the 5-year total differs from the 3-year one.
    expect(Math.abs(perYear.cells[1]!.delta!.diff) / perYear.cells[0]!.estimate!.mean).toBeLessThan(0.2);
    expect(total.cells[1]!.estimate!.mean / total.cells[0]!.estimate!.mean).toBeGreaterThan(1.4);
  });

  it('results with the same horizon get no warning and no annualised rows', () => {
    const r = simulate(dir, 'report', 'three.json', 'three.json', '--md', '-', '-q');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('WARNING');
    expect(r.stdout).not.toContain('annualised');
  });
});
