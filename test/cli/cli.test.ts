import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The real command a user runs: `node bin/simulate.js` over the built dist/ (npm test builds first). */
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(root, 'test/fixtures/mmc-inline.yaml');
const example = join(root, 'scenarios/h100-training-fcfs.yaml');

function simulate(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-cli-'));

describe('simulate CLI', () => {
  it('--version names the tool and the result schema versions', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = simulate('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`simulate ${pkg.version} (result schema 1.10.0)`);
  });

  it('--help opens with copy-pasteable examples and the exit codes', () => {
    const r = simulate('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ simulate scenarios/h100-training-fcfs.yaml');
    expect(r.stdout).toContain('2 invalid input');
  });

  it('runs the README example: summary on stdout, JSON result on disk', () => {
    const dir = tmp();
    const out = join(dir, 'result.json');
    const r = simulate(example, '-o', out, '-q');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/utilisation/);
    expect(r.stdout).toContain(`result written to ${out}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { schemaVersion: string; scenario: { name: string; seed: number }; complete: boolean };
    expect(result.schemaVersion).toBe('1.10.0');
    expect(result.scenario.name).toBe('h100-training-fcfs');
    expect(result.complete).toBe(true);
    // Offered load worked by hand in the scenario's header: (2.2 × 200 / (989.5/312) + 6 × 1.2e19 / (0.4 × 989.5e12) / 3600) / 256.
    const offered = ((2.2 * 200) / (989.5 / 312) + (6 * 1.2e19) / (0.4 * 989.5e12) / 3600) / 256;
    const u = (result as unknown as { summary: { pools: Record<string, { utilisation: { low: number; high: number } }> } }).summary.pools['onprem/main']!.utilisation;
    expect(offered).toBeGreaterThan(u.low);
    expect(offered).toBeLessThan(u.high);
  });

  it('--json prints exactly one JSON document, byte-identical across processes for the same seed', () => {
    const a = simulate(fixture, '--json', '-q');
    const b = simulate(fixture, '--json', '-q');
    expect(a.code).toBe(0);
    expect((): unknown => JSON.parse(a.stdout)).not.toThrow();
    expect(a.stdout).toBe(b.stdout);
    const c = simulate(fixture, '--json', '-q', '--seed', '8');
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('bad input: one located message, exit 2, no output file, an existing output left untouched', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(fixture, 'utf8').replace('horizon: 2000 h', 'horizon: 80 GB'));
    const fresh = join(dir, 'fresh.json');
    const r = simulate(bad, '-o', fresh);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${bad}:3:10: horizon: '80 GB' is not a duration; write a duration such as '30 days', '8 min' or '1.5 h'\n`);
    expect(existsSync(fresh)).toBe(false);
    const existing = join(dir, 'existing.json');
    writeFileSync(existing, 'keep me');
    expect(simulate(bad, '-o', existing).code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });

  it('a missing file and an unknown option are usage errors (exit 2) without stack traces', () => {
    const r = simulate('no-such-file.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('no-such-file.yaml: cannot read: ENOENT (hint: no such file: check the path and the current folder)\n');
    const u = simulate(fixture, '--frobnicate');
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("unknown option '--frobnicate'");
    const n = simulate(fixture, '--replications', 'zero');
    expect(n.code).toBe(2);
    expect(n.stderr).toBe("error: --replications must be a positive integer, got 'zero'\n");
  });

  it('--jobs-csv writes one row per job run, consistent with the JSON result', () => {
    const dir = tmp();
    const csvFile = join(dir, 'jobs.csv');
    const out = join(dir, 'r.json');
    const r = simulate(fixture, '-q', '-o', out, '--jobs-csv', csvFile);
    expect(r.code).toBe(0);
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('replication,job,workload,pool,submit,start,end,devices,wait,run_time,outcome,trace_job,trace_submit');
    const rows = lines.slice(1).map((l) => l.split(','));
    const result = JSON.parse(readFileSync(out, 'utf8')) as { scenario: { warmup: number }; replications: { jobs: { completed: number } }[] };
    for (const rep of [0, 1, 2]) {
      const mine = rows.filter((f) => f[0] === String(rep));
      // Every completion in the measurement window is a row (and rows before the warm-up are extra).
      const inWindow = mine.filter((f) => Number(f[6]) >= result.scenario.warmup).length;
      expect(inWindow).toBe(result.replications[rep]!.jobs.completed);
      for (const f of mine) expect(Number(f[8])).toBeCloseTo(Number(f[5]) - Number(f[4]), 6);
    }
  });

  it('validate reports each file', () => {
    const ok = simulate('validate', fixture, example);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`ok ${fixture}: 1 workload(s), 1 pool(s), 3 replication(s)`);
    const dir = tmp();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(fixture, 'utf8').replace('type: node4', 'type: node5'));
    const r = simulate('validate', fixture, bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:32:20: sites.lab.nodes.type: unknown profile 'node5'`);
  });

  it('schema prints the committed JSON Schema', () => {
    const r = simulate('schema');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, 'schema/scenario.schema.json'), 'utf8'));
  });

  it('trace inspect summarises the real KTH SP2 log (provenance: data/traces/README.md)', () => {
    const kth = join(root, 'data/traces/KTH-SP2-1996-2.1-cln.swf.gz');
    const r = simulate('trace', 'inspect', kth, '--format', 'swf', '--json');
    expect(r.code).toBe(0);
    const x = JSON.parse(r.stdout) as { rowsRead: number; rowsKept: number };
    // The README counts 27,992 job lines, and the log has no unknown runtimes or processor counts.
    expect(x.rowsRead).toBe(27_992);
    expect(x.rowsKept).toBe(27_992);
    const text = simulate('trace', 'inspect', kth, '--format', 'swf');
    expect(text.stdout).toContain('MaxProcs 100');
    const bad = simulate('trace', 'inspect', kth, '--format', 'nope');
    expect(bad.code).toBe(2);
  });

  it('profiles lists the validated catalog', () => {
    const r = simulate('profiles', '--kind', 'gpu');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const id of ['h100-sxm-80gb', 'a100-sxm-80gb', 'h200-sxm-141gb', 'l40s', 'mi300x']) expect(r.stdout).toContain(id);
  });

  it('profiles rejects a catalog with an absurd or unsourced profile', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad-gpu.yaml'),
      [
        'id: bad-gpu',
        'kind: gpu',
        'name: Bad GPU',
        'vendor: nobody',
        'peak: { bf16: 100 TFLOPS }',
        'memory: { capacity: 80 GB, bandwidth: 0 TB/s }',
        'power: { max: 700 W }',
        'price: -1 USD',
        'sources:',
        '  peak: { url: "https://example.org/a", title: "a" }',
        '',
      ].join('\n'),
    );
    const r = simulate('profiles', '--catalog', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${join(dir, 'bad-gpu.yaml')}:6:39: memory.bandwidth: '0 TB/s' must be greater than zero (hint: peak memory bandwidth (a bandwidth such as '3.35 TB/s' or '400 Gbit/s'))\n` +
        `${join(dir, 'bad-gpu.yaml')}:8:8: price: '-1 USD' must be greater than zero (hint: purchase price per unit (an amount such as '30000 USD'))\n`,
    );
  });
});
