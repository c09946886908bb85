import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultSchemaProblems } from '../support/result-schema.js';

/** The real command over the built dist/ (npm test builds first). */
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(root, 'test/fixtures/mmc-inline.yaml');

function simulate(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const embedded = (html: string) =>
  JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { entries: { label: string; seed: number; replications: number }[]; baseline: number };

describe('simulate compare / report / run --html', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-report-'));
  const bigger = join(dir, 'bigger.yaml');
  beforeAll(() => {
    // same model on two nodes, and a different seed in the file: compare must override it (common random numbers)
    writeFileSync(bigger, readFileSync(fixture, 'utf8').replace('name: mmc-inline', 'name: mmc-bigger').replace('seed: 7', 'seed: 99').replace('count: 1 }', 'count: 2 }'));
  });

  it('compare runs the scenarios with one seed and writes HTML, Markdown and CSV', () => {
    const r = simulate(dir, 'compare', fixture, bigger, '-o', 'out/compare.html', '--md', 'out/compare.md', '--csv', 'out/csv', '--results-dir', 'out/results');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('common random numbers: every scenario runs with seed 7 and 3 replication(s)');
    const model = embedded(readFileSync(join(dir, 'out/compare.html'), 'utf8'));
    expect(model.entries.map((e) => [e.label, e.seed, e.replications])).toEqual([
      ['mmc-inline', 7, 3],
      ['mmc-bigger', 7, 3],
    ]);
    const md = readFileSync(join(dir, 'out/compare.md'), 'utf8');
    expect(md).toContain('deltas against **mmc-inline**');
    expect(md).toContain('paired replication by replication');
    expect(readdirSync(join(dir, 'out/csv'))).toEqual(expect.arrayContaining(['kpis.csv', 'assumptions.csv', 'results.csv', 'timeseries.csv']));
    expect(readdirSync(join(dir, 'out/results')).sort()).toEqual(['mmc-bigger.json', 'mmc-inline.json']);
    // compare's results are simulation results: schema/result.schema.json describes them too
    for (const f of ['mmc-bigger.json', 'mmc-inline.json']) expect(resultSchemaProblems(JSON.parse(readFileSync(join(dir, 'out/results', f), 'utf8'))), f).toEqual([]);
  });

  it('report reads saved results; --md - prints Markdown and then writes no HTML unless -o asks', () => {
    const r = simulate(dir, 'report', 'out/results/mmc-inline.json', 'out/results/mmc-bigger.json', '--md', '-', '--baseline', 'mmc-bigger', '-q');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^## Comparison of 2 scenarios\n/);
    expect(r.stdout).toContain('deltas against **mmc-bigger**');
    expect(existsSync(join(dir, 'reports/report.html'))).toBe(false);
    const h = simulate(dir, 'report', 'out/results/mmc-inline.json', '-q');
    expect(h.code).toBe(0);
    expect(embedded(readFileSync(join(dir, 'reports/report.html'), 'utf8')).entries).toHaveLength(1);
  });

  it('bad input: located messages, exit 2, nothing written, an existing report untouched', () => {
    writeFileSync(join(dir, 'broken.json'), '{\n  "schemaVersion": "1.1.0",\n  "scenario": {\n}');
    writeFileSync(
      join(dir, 'other.json'),
      '{\n  "schemaVersion": "1.1.0",\n  "scenario": { "name": 3, "seed": 1, "horizon": 1, "warmup": 0, "replications": 1 },\n  "summary": {},\n  "replications": {}\n}\n',
    );
    writeFileSync(join(dir, 'keep.html'), 'keep me');
    const r = simulate(dir, 'report', 'broken.json', 'other.json', 'missing.json', '-o', 'keep.html');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^broken\.json:4:2: not valid JSON: /m);
    expect(r.stderr).toContain('other.json:3:17: scenario.name: missing or not a string');
    expect(r.stderr).toContain('other.json:5:3: replications: missing or not an array of objects');
    expect(r.stderr).toContain('missing.json: cannot read the file (ENOENT)');
    expect(readFileSync(join(dir, 'keep.html'), 'utf8')).toBe('keep me');
    const b = simulate(dir, 'report', 'out/results/mmc-inline.json', '--baseline', 'nope', '-o', 'keep.html');
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--baseline: no result named 'nope'");
    const c = simulate(dir, 'compare', fixture, '--baseline', 'nope', '-o', 'keep.html', '-q');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("--baseline 'nope' names none of the scenarios");
    expect(readFileSync(join(dir, 'keep.html'), 'utf8')).toBe('keep me');
  });

  it('simulate scenario.yaml --html --md writes the single-scenario report next to the JSON', () => {
    const r = simulate(dir, fixture, '--html', '--md', '-q');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'reports/mmc-inline.json'))).toBe(true);
    const html = readFileSync(join(dir, 'reports/mmc-inline.html'), 'utf8');
    expect(html).toContain('<title>Scenario mmc-inline</title>');
    expect(readFileSync(join(dir, 'reports/mmc-inline.md'), 'utf8')).toMatch(/^## Scenario mmc-inline\n/);
    const again = simulate(dir, fixture, '--html', 'again.html', '--no-write', '-q');
    expect(again.code).toBe(0);
    // same scenario, same seed: the same bytes
    expect(readFileSync(join(dir, 'again.html'), 'utf8')).toBe(html.replace(`simulate ${fixture}`, `simulate ${fixture}`));
  });
});
