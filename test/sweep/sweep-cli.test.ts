import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { built, listFiles, mmcGrid, mmcText, read, simulate, simulateAsync, simulateInProcess, tmp, writeSweep } from './support.js';

/** The real `simulate sweep` / `simulate merge` over dist/, as CI runs them. */
describe.skipIf(!built)('simulate sweep and merge on the command line', () => {
  it('runs a sweep: summary on stdout, JSON, CSV and Markdown in the output folder; --assert gates the exit code', () => {
    const dir = tmp();
    // the means, as this test was written for: two replications give intervals wide enough to fail more variants
    const ok = simulate(['sweep', mmcGrid, '-o', dir, '--workers', '2', '-q', '--feasibility', 'mean', '--assert', 'utilisation <= 100 %']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^sweep mmc-grid: 12 variants × 2 replications, 12 run, 0 resumed, 2 workers, [\d.]+ s\n/);
    expect(ok.stdout).toContain('feasible: 8 of 12 variants meet p95_wait < 30 min');
    expect(ok.stdout).toContain("assertions: all 12 variants pass 'utilisation <= 100 %'");
    expect(listFiles(dir).filter((f) => !f.startsWith('variants'))).toEqual(['sweep.csv', 'sweep.html', 'sweep.json', 'sweep.md']);
    expect(ok.stdout).toContain(`results: ${join(dir, 'sweep.json')}, ${join(dir, 'sweep.csv')}, ${join(dir, 'sweep.md')}, ${join(dir, 'sweep.html')}\n`);
    // The HTML report (src/report/) is self-contained: no external resource.
    expect(read(join(dir, 'sweep.html'))).not.toMatch(/(src|href)="https?:/);
    expect(read(join(dir, 'sweep.csv')).trim().split('\n')).toHaveLength(13);

    const fail = simulate(['sweep', mmcGrid, '-o', dir, '-q', '--feasibility', 'mean', '--assert', 'p95_wait < 20 min', '--assert', 'utilisation < 90 %']);
    expect(fail.code).toBe(1);
    // Every variant's result was reused: assertions do not change what was simulated.
    expect(fail.stdout).toMatch(/, 0 run, 12 resumed, 0 workers, /);
    expect(fail.stderr).toContain('assertion failed: variant 0 (nodes = 1, rate = 2 /h, mean_work = 30 minute): p95_wait < 20 min — p95_wait = 61.2 min\n');
    expect(fail.stderr).toMatch(/assertion failed: variant 2 \(nodes = 1, rate = 4 \/h, mean_work = 30 minute\): utilisation < 90 % — utilisation = 99\.\d %\n/);
    expect(fail.stderr).toMatch(/\n4 of 12 variants fail an assertion: the plan misses its targets \(exit code 1\)\n$/);
    const md = read(join(dir, 'sweep.md'));
    expect(md).toContain('**❌ 4 of 12 variants fail an assertion**');
    // the decision in one line before the tables: the best feasible variant by the sweep's objectives
    expect(md).toMatch(
      /^\*\*Best:\*\* variant \d+ \(nodes = \d+, rate = [\d.]+ \/h, mean_work = \d+ minute\): lowest `devices` \d+, then lowest `mean_wait` [^,]+, among the \d+ meeting the constraints$/m,
    );
    expect(md.indexOf('**Best:**')).toBeLessThan(md.indexOf('| parameter |'));
    expect(md).toContain('| 0 | nodes = 1, rate = 2 /h, mean_work = 30 minute | `p95_wait < 20 min` | p95_wait = 61.2 min |');
    const csv = read(join(dir, 'sweep.csv')).split('\n');
    expect(csv[0]).toMatch(/^variant,nodes,rate,mean_work,complete,feasible,failed_assertions,mean_wait \[s\],mean_wait 95% low,mean_wait 95% high,/);
    expect(csv[1]).toMatch(/^0,1,2 \/h,30 minute,true,false,p95_wait < 20 min,/);
  });

  it('invalid input: one located message, exit 2, nothing written, an existing result untouched', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const cases: [string, RegExp][] = [
      [
        mmcText((t) => t.replace('path: sites.lab.nodes.count', 'path: sites.lab.nodes.cuont')),
        /^.*sweep\.yaml:45:11: parameters\.nodes\.path: no such place in the base scenario \(inline\): 'sites\.lab\.nodes' has no field 'cuont' \(hint: did you mean 'count'\?\)\n$/,
      ],
      [mmcText((t) => t.replace('values: [1, 2, 3]', 'values: []')), /sweep\.yaml:46:13: parameters\.nodes\.values: has no values, so the sweep would have no variants/],
      [
        mmcText((t) => t.replace('values: [1, 2, 3]', 'values: range(1, 100000, 1)')),
        /sweep\.yaml:43:1: parameters: the grid has 400,000 variants .* more than the default max_variants \(10,000\) \(hint: set max_variants: 400000/,
      ],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const file = writeSweep(dir, 'sweep.yaml', text);
      // The first case with the default workers (threads start loading while the sweep is checked, and
      // must end with the refusal); the others in the main thread: the message is the point, not the threads.
      const r = await simulateInProcess(['sweep', file, '-o', out, '-q', ...(i === 0 ? [] : ['--workers', '0'])]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
    // An earlier result in the output folder stays as it was.
    const good = await simulateInProcess(['sweep', mmcGrid, '-o', out, '-q', '--workers', '0']);
    expect(good.code).toBe(0);
    const before = listFiles(out).map((f) => [f, read(join(out, f))]);
    const bad = writeSweep(
      dir,
      'bad.yaml',
      mmcText((t) => t.replace('p95_wait < 30 min', 'p95_wait < 30 USD')),
    );
    const r = await simulateInProcess(['sweep', bad, '-o', out, '-q', '--workers', '0', '--fresh']);
    expect(r.code).toBe(2);
    // refused before any variant runs
    expect(r.stderr).toMatch(/bad\.yaml:54:5: constraints\[0\]: 'p95_wait < 30 USD' mixes units: Cannot compare units with different base \(hint: p95_wait is in s\)/);
    expect(listFiles(out).map((f) => [f, read(join(out, f))])).toEqual(before);
    // Usage errors too.
    expect((await simulateInProcess(['sweep', mmcGrid, '--shard', '3/2', '--workers', '0'])).stderr).toBe("error: --shard must be i/n with 1 ≤ i ≤ n (1-based, e.g. 2/8), got '3/2'\n");
    // and one through a real process: the exit code a shell sees
    expect(simulate(['sweep', mmcGrid, '--workers', '-1']).code).toBe(2);
  });

  it('a metric the results do not have is named, with the available ones', async () => {
    const r = await simulateInProcess(['sweep', mmcGrid, '-o', tmp(), '-q', '--workers', '0', '--assert', 'tokens_per_second > 100 /s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^--assert 'tokens_per_second > 100 \/s': 'tokens_per_second > 100 \/s' uses 'tokens_per_second', which the result of variant 0 does not have \(hint: available metrics: mean_wait, p50_wait, p95_wait, /,
    );
  });

  it('--list prints the variants, lazily, for a shard taken from the environment', () => {
    const r = simulate(['sweep', mmcGrid, '--list'], { env: { JOB_COMPLETION_INDEX: '1', SIMULATE_SHARD_COUNT: '5' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('shard 2/5 (from JOB_COMPLETION_INDEX=1, SIMULATE_SHARD_COUNT=5)\n');
    expect(r.stdout).toBe(
      'sweep mmc-grid: 12 variants, shard 2/5 runs 3\n' +
        'variant 1: nodes = 1, rate = 3 /h, mean_work = 30 minute\n' +
        'variant 6: nodes = 2, rate = 4 /h, mean_work = 20 minute\n' +
        'variant 11: nodes = 3, rate = 5 /h, mean_work = 15 minute\n',
    );
    const ambiguous = simulate(['sweep', mmcGrid, '--list'], { env: { JOB_COMPLETION_INDEX: '1' } });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('JOB_COMPLETION_INDEX=1 is set but the number of shards is not: set SIMULATE_SHARD_COUNT');
  });

  it('shards on separate "runners", then merge: the bytes of the single-process run', async () => {
    const reference = tmp();
    expect((await simulateInProcess(['sweep', mmcGrid, '-o', reference, '-q', '--workers', '0'])).code).toBe(0);
    const shards: string[] = [];
    for (const i of [1, 2, 3]) {
      const runner = tmp();
      // shard 2 as a CI runner starts it, from the environment in a process of its own; the others by --shard
      const r =
        i === 2
          ? simulate(['sweep', mmcGrid, '-o', runner, '-q', '--workers', '0'], { env: { CI_NODE_INDEX: String(i), CI_NODE_TOTAL: '3' } })
          : await simulateInProcess(['sweep', mmcGrid, '-o', runner, '-q', '--workers', '0', '--shard', `${i}/3`]);
      expect(r.code).toBe(0);
      expect(listFiles(runner).filter((f) => !f.startsWith('variants'))).toEqual([`shard-${i}-of-3.csv`, `shard-${i}-of-3.html`, `shard-${i}-of-3.json`, `shard-${i}-of-3.md`]);
      shards.push(join(runner, `shard-${i}-of-3.json`));
    }
    const merged = join(tmp(), 'sweep.json');
    const m = await simulateInProcess(['merge', ...shards, '-o', merged]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('merged 3 shards of sweep mmc-grid: 12 variants');
    for (const ext of ['json', 'csv', 'md', 'html']) expect(read(merged.replace(/json$/, ext))).toBe(read(join(reference, `sweep.${ext}`)));
    const missing = await simulateInProcess(['merge', shards[0]!, shards[2]!, '-o', join(tmp(), 'x.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("merge: shard 2 of 3 is missing (hint: run 'simulate sweep <sweep.yaml> --shard 2/3' and pass its shard-2-of-3.json too)\n");
    const gate = await simulateInProcess(['merge', ...shards, '-o', join(tmp(), 'g.json'), '-q', '--assert', 'mean_wait < 10 min']);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toContain('assertion failed: variant 0 (nodes = 1, rate = 2 /h, mean_work = 30 minute): mean_wait < 10 min — mean_wait = 10.2 min');
  });

  it('writes only inside its output folder, with file names from variant indexes, whatever the sweep says', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const text = mmcText((t) =>
      t.replace(
        /^parameters:[\s\S]*?^constraints:/m,
        "parameters:\n  description: ['../../../escape', '/tmp/absolute', 'C:\\\\x']\n  nodes:\n    path: sites.lab.nodes.count\n    values: [1, 2]\nconstraints:",
      ),
    );
    const file = writeSweep(dir, 'paths.yaml', text);
    const r = await simulateInProcess(['sweep', file, '-o', out, '-q', '--workers', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(listFiles(dir)).toEqual(
      ['paths.yaml', 'out/sweep.csv', 'out/sweep.html', 'out/sweep.json', 'out/sweep.md', ...Array.from({ length: 6 }, (_, i) => `out/variants/000/00000${i}.json`)].sort(),
    );
    expect(read(join(out, 'sweep.csv'))).toContain('../../../escape');
    // A sweep name cannot hold a path.
    const bad = writeSweep(
      dir,
      'bad.yaml',
      mmcText((t) => t.replace('name: mmc-grid', 'name: ../../escape')),
    );
    const b = await simulateInProcess(['sweep', bad, '-q']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('bad.yaml:2:7: name: must start with a letter or digit and use only letters, digits, _ . -');
  });
});

/** The proof of resumability: a killed or interrupted sweep, resumed, ends with the bytes of an uninterrupted one. */
describe.skipIf(!built)('interrupted sweeps resume to the same result', () => {
  // Long enough to interrupt: ~0.15 s per variant, so 9 of 12 still run when the signal is sent after 3.
  const slow = mmcText((t) => t.replace('horizon: 300 h', 'horizon: 10000 h'));
  let reference: string;
  let file: string;
  beforeAll(async () => {
    const dir = tmp();
    file = writeSweep(dir, 'slow.yaml', slow);
    const ref = join(dir, 'reference');
    await runSweep(loadSweep(file), { outDir: ref, workers: 0 });
    reference = read(join(ref, 'sweep.json'));
  });

  /** Starts the sweep and sends `signal` once `after` variant results exist; resolves with the exit code and stderr. */
  function interrupt(out: string, signal: NodeJS.Signals, after: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; done: number }> {
    return new Promise((resolve, reject) => {
      const child = simulateAsync(['sweep', file, '-o', out, '--workers', '1']);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const count = () => listFiles(join(out, 'variants')).filter((f) => f.endsWith('.json') && !f.includes('.tmp')).length;
      const timer = setInterval(() => {
        if (count() >= after) {
          clearInterval(timer);
          child.kill(signal);
        }
      }, 20);
      child.on('error', reject);
      child.on('exit', (code, sig) => {
        clearInterval(timer);
        resolve({ code, signal: sig, stderr, done: count() });
      });
    });
  }

  it('Ctrl-C (SIGINT): exit 130, finished variants intact, no half-written file; re-running finishes with the same bytes', async () => {
    const out = join(tmp(), 'out');
    const r = await interrupt(out, 'SIGINT', 3);
    expect(r.code).toBe(130);
    // one line, whatever stopped it (progress lines come before it)
    expect(r.stderr).toMatch(/\ninterrupted: \d+ of 12 variants are done and kept in .*variants; run the same command again to finish\n$/);
    expect(r.stderr).not.toContain('stopping');
    expect(r.done).toBeGreaterThanOrEqual(3);
    expect(r.done).toBeLessThan(12);
    expect(existsSync(join(out, 'sweep.json'))).toBe(false);
    const files = listFiles(out);
    expect(files.every((f) => /^variants\/000\/0000\d\d\.json$/.test(f))).toBe(true);
    for (const f of files) expect((): unknown => JSON.parse(readFileSync(join(out, f), 'utf8'))).not.toThrow();
    const again = await simulateInProcess(['sweep', file, '-o', out, '-q', '--workers', '1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`, ${12 - r.done} run, ${r.done} resumed,`);
    expect(read(join(out, 'sweep.json'))).toBe(reference);
  });

  it('killed outright (SIGKILL), then resumed: the same bytes; a damaged variant file is simply run again', async () => {
    const out = join(tmp(), 'out');
    const r = await interrupt(out, 'SIGKILL', 2);
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'sweep.json'))).toBe(false);
    const done = listFiles(out).filter((f) => f.endsWith('.json'));
    expect(done.length).toBeGreaterThanOrEqual(2);
    // Damage one finished result: the resume must not trust it.
    writeFileSync(join(out, done[0]!), read(join(out, done[0]!)).slice(0, 100));
    const again = await simulateInProcess(['sweep', file, '-o', out, '-q', '--workers', '2']);
    expect(again.code).toBe(0);
    expect(read(join(out, 'sweep.json'))).toBe(reference);
  });
});
