import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/support/input-error.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { BUNDLED_SWEEPS } from '../support/bundled-files.js';
import { mmcGrid, mmcText, root, tmp, writeSweep } from './support.js';

/** The located messages loading `text` (written as `sweep.yaml` in a fresh folder) gives. */
function problems(text: string, options: Parameters<typeof loadSweep>[1] = {}): string[] {
  const dir = tmp();
  const file = writeSweep(dir, 'sweep.yaml', text);
  try {
    loadSweep(file, options);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.message.split('\n').map((l) => l.replaceAll(dir, '<dir>'));
  }
  throw new Error('expected an InputError');
}

/** The fixture with its parameters block replaced. */
const withParameters = (block: string) => mmcText((t) => t.replace(/^parameters:[\s\S]*?^constraints:/m, `parameters:\n${block}\nconstraints:`));

describe('loading a sweep file', () => {
  it('reads the fixture: 3 × 4 variants, expressions evaluated per variant', () => {
    const plan = loadSweep(mmcGrid);
    expect(plan.name).toBe('mmc-grid');
    expect(plan.space.count).toBe(12);
    expect(plan.parameters.map((p) => [p.name, p.path, p.kind, p.spec])).toEqual([
      ['nodes', 'sites.lab.nodes.count', 'values', '[1,2,3]'],
      ['rate', 'workloads[0].arrivals.rate', 'values', 'range(2 /h, 5 /h, 1 /h)'],
      ['mean_work', 'workloads[0].work.reference_time.mean', 'expr', '60 minute / (nodes + 1)'],
    ]);
    expect(plan.space.variant(5).parameters).toEqual({ nodes: 2, rate: '3 /h', mean_work: '20 minute' });
    expect(plan.seed).toBe(7);
    expect(plan.replications).toBe(2);
    expect(plan.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('the hash follows the definition, not the file layout or comments', () => {
    const a = loadSweep(mmcGrid);
    const dir = tmp();
    const same = loadSweep(
      writeSweep(
        dir,
        'other-name.yaml',
        mmcText((t) => `# a comment\n${t}`),
      ),
    );
    expect(same.hash).toBe(a.hash);
    const other = loadSweep(
      writeSweep(
        dir,
        'x.yaml',
        mmcText((t) => t.replace('values: [1, 2, 3]', 'values: [1, 2, 4]')),
      ),
    );
    expect(other.hash).not.toBe(a.hash);
    // Constraints change the sweep but not the variants' results, which a re-run reuses.
    const c = loadSweep(
      writeSweep(
        dir,
        'y.yaml',
        mmcText((t) => t.replace('p95_wait < 30 min', 'p95_wait < 20 min')),
      ),
    );
    expect(c.hash).not.toBe(a.hash);
    expect(c.variantsHash).toBe(a.variantsHash);
  });

  it('a path that does not exist: file, line, column, field and a hint', () => {
    expect(problems(withParameters('  sites.lab.nodes.cuont: [1, 2]'))).toEqual([
      "<dir>/sweep.yaml:44:3: parameters.sites.lab.nodes.cuont: no such place in the base scenario (inline): 'sites.lab.nodes' has no field 'cuont' (hint: did you mean 'count'?)",
    ]);
    expect(problems(withParameters('  n:\n    path: sites.labb.nodes.count\n    values: [1, 2]'))).toEqual([
      "<dir>/sweep.yaml:45:11: parameters.n.path: no such place in the base scenario (inline): 'sites' has no field 'labb' (hint: did you mean 'lab'?)",
    ]);
    expect(problems(withParameters('  workloads[batch].arrivals.rate: [1 /h]'))).toEqual([
      "<dir>/sweep.yaml:44:3: parameters.workloads[batch].arrivals.rate: no such place in the base scenario (inline): 'workloads' has no item named 'batch' (hint: items: jobs)",
    ]);
    expect(problems(withParameters('  workloads[3].arrivals.rate: [1 /h]'))[0]).toContain("'workloads' has 1 item(s); there is no item 3");
    expect(problems(withParameters('  seed.value: [1]'))[0]).toContain("'seed' is a single value (7), it has no field 'value'");
  });

  it('a field the base leaves to its default can be swept', () => {
    const dir = tmp();
    const plan = loadSweep(writeSweep(dir, 's.yaml', withParameters('  scheduler: [fcfs, easy-backfill]')));
    expect(plan.space.count).toBe(2);
  });

  it('an empty grid', () => {
    expect(problems(withParameters('  nodes:\n    path: sites.lab.nodes.count\n    values: []'))).toEqual([
      '<dir>/sweep.yaml:46:13: parameters.nodes.values: has no values, so the sweep would have no variants (hint: list at least one value, e.g. [8, 16, 32])',
    ]);
    expect(problems(withParameters('  sites.lab.nodes.count: range(8, 1, 1)'))).toEqual([
      '<dir>/sweep.yaml:44:26: parameters.sites.lab.nodes.count: range(8, 1, 1) has no values (stop is below start), so the sweep would have no variants (hint: range(start, stop, step) counts up from start to stop)',
    ]);
  });

  it('a grid of millions needs an explicit max_variants, and is never materialised', () => {
    const huge = withParameters('  sites.lab.nodes.count: range(1, 2000, 1)\n  workloads[0].arrivals.rate: range(1 /h, 5 /h, 0.001 /h)');
    expect(problems(huge)).toEqual([
      '<dir>/sweep.yaml:43:1: parameters: the grid has 8,002,000 variants (2,000 sites.lab.nodes.count × 4,001 workloads[0].arrivals.rate), more than the default max_variants (10,000) (hint: set max_variants: 8002000 to run them all, or sample them: sampling: {kind: latin-hypercube, samples: 200, seed: 1})',
    ]);
    const dir = tmp();
    const heapBefore = process.memoryUsage().heapUsed;
    const plan = loadSweep(writeSweep(dir, 's.yaml', `max_variants: 10000000\n${huge}`));
    expect(plan.space.count).toBe(8_002_000);
    expect(plan.space.variant(8_001_999).parameters).toEqual({ 'sites.lab.nodes.count': 2000, 'workloads[0].arrivals.rate': '5 /h' });
    // Variants are formed from their index: 8 million of them held at once would take gigabytes.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    // The command line can allow it too.
    expect(loadSweep(writeSweep(dir, 't.yaml', huge), { maxVariants: 9_000_000 }).space.count).toBe(8_002_000);
  });

  it('a value the scenario rejects is located at that value, naming the variant', () => {
    // What the scenario layer says about a pool of 0 nodes is its own business; where it is said is ours.
    const zero = problems(withParameters('  nodes:\n    path: sites.lab.nodes.count\n    values: [1, 0]'));
    expect(zero[0]).toMatch(/^<dir>\/sweep\.yaml:46:17: parameters\.nodes\.values\[1\]: variant 1 \(nodes = 0\): sites\.lab\.nodes\.count: /);
    // A problem the value causes elsewhere in the base is located there, naming the variant.
    expect(zero.slice(1).every((p) => /^<dir>\/sweep\.yaml:\d+:\d+: scenario\..*\(in variant 1 \(nodes = 0\)\)/.test(p))).toBe(true);
    expect(problems(withParameters('  workloads[0].arrivals.rate: [2 /h, 80 GB]'))).toEqual([
      "<dir>/sweep.yaml:44:38: parameters.workloads[0].arrivals.rate[1]: variant 1 (workloads[0].arrivals.rate = 80 GB): workloads[0].arrivals.rate: '80 GB' is not a rate; write a rate such as '4 /h' or '40 /s'",
    ]);
  });

  it('expressions: syntax, forbidden constructs, unknown names, cycles', () => {
    expect(problems(withParameters('  a:\n    path: sites.lab.nodes.count\n    expr: "f(x) = 3"'))).toEqual([
      "<dir>/sweep.yaml:46:11: parameters.a.expr: 'f(x) = 3' may not assign or define anything; write a single expression such as `p95_wait < 2 h`",
    ]);
    expect(problems(withParameters('  a:\n    path: sites.lab.nodes.count\n    expr: other + 1'))).toEqual([
      "<dir>/sweep.yaml:46:11: parameters.a.expr: 'other + 1' unknown name 'other' (hint: expressions may use the named parameters: none)",
    ]);
    expect(problems(withParameters('  a:\n    path: sites.lab.nodes.count\n    expr: other + 1\n  other:\n    expr: a * 2'))[0]).toContain(
      'the expressions depend on each other in a cycle: a → other → a',
    );
    expect(problems(withParameters('  a:\n    path: sites.lab.nodes.count\n    values: uniform(1, 4)'))[0]).toContain('uniform(1, 4) is a continuous interval, which a grid cannot enumerate');
  });

  it('names that would shadow metrics or units, and two parameters on one place', () => {
    expect(problems(withParameters('  utilisation:\n    path: sites.lab.nodes.count\n    values: [1]'))[0]).toContain("'utilisation' is the name of a result metric");
    expect(problems(withParameters('  h:\n    path: sites.lab.nodes.count\n    values: [1]'))[0]).toContain("'h' is the name of a unit");
    expect(problems(withParameters('  pool_nodes:\n    path: sites.lab.nodes\n    values: [{type: node2, count: 1}]\n  node_count:\n    path: sites.lab.nodes.count\n    values: [1]'))[0]).toContain(
      "sets 'sites.lab.nodes.count', which parameter 'pool_nodes' already sets ('sites.lab.nodes')",
    );
  });

  it('constraints, objectives and assertions name unknown metrics with a hint', () => {
    expect(problems(mmcText((t) => t.replace('p95_wait < 30 min', 'p96_wait < 30 min')))).toEqual([
      "<dir>/sweep.yaml:54:5: constraints[0]: 'p96_wait < 30 min' unknown name 'p96_wait' (hint: did you mean 'p95_wait'?)",
    ]);
    expect(problems(mmcText(), { asserts: ['utilisaton < 90 %'] })).toEqual(["--assert 'utilisaton < 90 %': 'utilisaton < 90 %' unknown name 'utilisaton' (hint: did you mean 'utilisation'?)"]);
  });

  it('the base scenario: missing, unreadable, both forms, or invalid itself', () => {
    expect(problems('name: x\nparameters: {}\n')).toEqual(["<dir>/sweep.yaml:1:1: needs a base scenario (hint: add 'base: my-scenario.yaml' (relative to this file) or an inline 'scenario:' block)"]);
    expect(problems('base: nope.yaml\n')).toEqual(['<dir>/sweep.yaml:1:7: base: nope.yaml: cannot read: ENOENT (hint: the path is relative to the sweep file)']);
    const bad = mmcText((t) => t.replace('horizon: 300 h', 'horizon: 80 GB'));
    expect(problems(bad)).toEqual(["<dir>/sweep.yaml:7:12: scenario.horizon: '80 GB' is not a duration; write a duration such as '30 days', '8 min' or '1.5 h'"]);
  });

  it('a base scenario file keeps its own positions', () => {
    const dir = tmp();
    const base = join(dir, 'base.yaml');
    writeSweep(dir, 'base.yaml', mmcText().split('scenario:\n')[1]!.split('parameters:')[0]!.replace(/^ {2}/gm, '').replace('horizon: 300 h', 'horizon: 80 GB'));
    const file = writeSweep(dir, 'sweep.yaml', 'base: base.yaml\nparameters:\n  sites.lab.nodes.count: [1, 2]\n');
    expect(() => loadSweep(file)).toThrow(`${base}:3:10: horizon: '80 GB' is not a duration`);
  });

  it('the example sweeps in scenarios/sweeps/ are valid', () => {
    const counts = Object.fromEntries(BUNDLED_SWEEPS.map(({ file }) => [file, loadSweep(join(root, file)).space.count]));
    expect(counts).toEqual({
      'scenarios/planning/robust-mix.yaml': 18,
      'scenarios/sweeps/h100-capacity-grid.yaml': 100,
      'scenarios/sweeps/h100-fleet-size.yaml': 21,
      'scenarios/sweeps/h100-plan-gate.yaml': 15,
      'scenarios/sweeps/federated-uplink.yaml': 3,
    });
  });

  it('unknown fields of the sweep file itself', () => {
    const typo = problems(mmcText((t) => t.replace('best: 5', 'bset: 5')));
    expect(typo).toHaveLength(1);
    // The hint comes from the scenario layer's schema messages (a near name, or the list of fields).
    expect(typo[0]).toMatch(/^<dir>\/sweep\.yaml:58:1: bset: unknown field \(hint: .*best.*\)$/);
  });
});
