import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { mmcText, read, simulateInProcess, tmp, writeSweep } from './support.js';

/** The M/M/c fixture on a short horizon and two arrival rates: 3 decisions (nodes) × 2 demand levels. */
const shortText = (role: string, extra = '') =>
  mmcText((t) => t.replace('horizon: 300 h', 'horizon: 40 h').replace('values: range(2 /h, 5 /h, 1 /h)', `values: [2 /h, 4 /h]${role}`).replace('best: 5', `best: 5${extra}`));
/** The same with the arrival rate an assumption. */
const robustText = (extra = '') => shortText('\n    role: assumption', extra);

describe('a robust sweep: roles recorded, verdict in JSON, Markdown and HTML, merged shards equal to one run', () => {
  it('records roles without changing the variants hash (roles change no variant), and the quantile in the definition', () => {
    const dir = tmp();
    const plain = loadSweep(writeSweep(dir, 'plain.yaml', shortText('')));
    const robust = loadSweep(writeSweep(dir, 'robust.yaml', robustText('\nrobust: { quantile: 0.75 }')));
    expect(plain.definition.parameters.map((p) => p.role)).toEqual([undefined, undefined, undefined]);
    expect('robust' in plain.definition).toBe(false);
    expect(robust.definition.parameters.map((p) => [p.name, p.role])).toEqual([
      ['nodes', 'decision'],
      ['rate', 'assumption'],
      ['mean_work', undefined],
    ]);
    expect(robust.definition.robust).toEqual({ quantile: 0.75 });
    expect(robust.robust).toEqual({ decisions: ['nodes'], assumptions: ['rate'], quantile: 0.75 });
    expect(robust.variantsHash).toBe(plain.variantsHash);
    expect(robust.hash).not.toBe(plain.hash);
  });

  it('writes the robust verdict in every output; a merge of shards gives the same bytes', async () => {
    const dir = tmp();
    const file = writeSweep(dir, 'robust.yaml', robustText());
    const one = await simulateInProcess(['sweep', file, '-o', join(dir, 'one'), '--workers', '0', '-q']);
    expect(one.code, one.stderr).toBe(0);
    const json = JSON.parse(read(join(dir, 'one', 'sweep.json'))) as {
      analysis: { robust: { decisions: number; robust: number; table: { decision: { nodes: number }; met: number; scenarios: number; robust: boolean }[]; best: { decision: unknown }[] } };
    };
    const r = json.analysis.robust;
    expect(r.decisions).toBe(3);
    expect(r.table.map((d) => d.scenarios)).toEqual([2, 2, 2]);
    // the analysis's own invariants: robust means every scenario met (quantile 1), the best is robust
    for (const d of r.table) expect(d.robust).toBe(d.met === d.scenarios);
    expect(r.robust).toBe(r.table.filter((d) => d.robust).length);
    expect(one.stdout).toMatch(/robust decisions \(nodes over rate\): \d of 3 meet the constraints in every assumption scenario/);
    const md = read(join(dir, 'one', 'sweep.md'));
    expect(md).toContain('### Robust decisions');
    expect(md).toContain('| nodes | scenarios met | robust | worst devices | worst mean_wait | misses |');
    expect(read(join(dir, 'one', 'sweep.html'))).toContain('Robust decisions');
    for (const i of [1, 2]) {
      const s = await simulateInProcess(['sweep', file, '-o', join(dir, 'shards'), '--workers', '0', '-q', '--shard', `${i}/2`]);
      expect(s.code, s.stderr).toBe(0);
    }
    const merged = join(dir, 'merged.json');
    const m = await simulateInProcess(['merge', join(dir, 'shards', 'shard-1-of-2.json'), join(dir, 'shards', 'shard-2-of-2.json'), '-o', merged, '-q']);
    expect(m.code, m.stderr).toBe(0);
    expect(readFileSync(merged, 'utf8')).toBe(read(join(dir, 'one', 'sweep.json')));
  });
});
