import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashUnit, permuteIndex } from '../../src/sweep/index-hash.js';
import { generatorSource, listSource } from '../../src/sweep/parameter-values.js';
import { compileExpression } from '../../src/sweep/restricted-math.js';
import { VariantSpace, type Parameter } from '../../src/sweep/variant-space.js';

const values = (name: string, source: ReturnType<typeof listSource>): Parameter => ({ name, path: [name], kind: 'values', source });

describe('parameter values', () => {
  it('range(start, stop, step) includes stop and rounds away float noise', () => {
    const r = generatorSource('range(8, 128, 8)')!;
    expect(r.count).toBe(16);
    expect([r.at(0), r.at(15)]).toEqual([8, 128]);
    const f = generatorSource('range(0.1, 0.5, 0.1)')!;
    expect(Array.from({ length: f.count }, (_, k) => f.at(k))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    const u = generatorSource('range(1 h, 4 h, 30 minute)')!;
    expect([u.count, u.at(0), u.at(1), u.at(6)]).toEqual([7, '1 h', '1.5 h', '4 h']);
    expect(generatorSource('range(2 /h, 5 /h, 1 /h)')!.at(1)).toBe('3 /h');
  });

  it('huge ranges cost nothing until a value is asked for', () => {
    const r = generatorSource('range(1, 1e12, 1)')!;
    expect(r.count).toBe(1e12);
    expect(r.at(999_999_999_999)).toBe(1e12);
  });

  it('rejects malformed generators', () => {
    expect(() => generatorSource('range(1, 10)')).toThrow(/3 arguments/);
    expect(() => generatorSource('range(1, 10, 0)')).toThrow(/step must be positive/);
    expect(() => generatorSource('range(1 h, 10, 1)')).toThrow(/must be a quantity/);
    expect(() => generatorSource('uniform(5, 1)')).toThrow(/min < max/);
    expect(generatorSource('range(64, 8, 8)')!.count).toBe(0);
    expect(generatorSource('nodes * 2')).toBeUndefined();
  });
});

describe('variant space', () => {
  const a = values('a', listSource([1, 2, 3]));
  const b = values('b', listSource(['x', 'y']));

  it('a grid varies the last parameter fastest, like nested loops in file order', () => {
    const space = new VariantSpace([a, b], { kind: 'grid' }, []);
    expect(space.count).toBe(6);
    expect(Array.from({ length: 6 }, (_, i) => space.variant(i).parameters)).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 3, b: 'x' },
      { a: 3, b: 'y' },
    ]);
  });

  it('generates any variant of a grid of millions from its index alone', () => {
    const big = (n: string) => values(n, generatorSource('range(1, 10000, 1)')!);
    const space = new VariantSpace([big('p'), big('q'), big('r')], { kind: 'grid' }, []);
    expect(space.count).toBe(1e12);
    expect(space.variant(1e12 - 1).parameters).toEqual({ p: 10000, q: 10000, r: 10000 });
    expect(space.variant(123_456_789).parameters).toEqual({ p: 2, q: 2346, r: 6790 });
  });

  it('expression parameters are computed from the others, in dependency order', () => {
    const g: Parameter = { name: 'gpus', path: ['g'], kind: 'expr', expr: compileExpression('twice * 4', new Set(['twice'])) };
    const t: Parameter = { name: 'twice', path: undefined, kind: 'expr', expr: compileExpression('a * 2', new Set(['a'])) };
    const space = new VariantSpace([a, t, g], { kind: 'grid' }, [t, g] as Extract<Parameter, { kind: 'expr' }>[]);
    expect(space.variant(2).parameters).toEqual({ a: 3, twice: 6, gpus: 24 });
    expect(space.variant(2).patches).toEqual([
      { path: ['a'], value: 3 },
      { path: ['g'], value: 24 },
    ]);
  });

  it('random and Latin-hypercube samples depend only on (seed, index)', () => {
    const u = values('u', generatorSource('uniform(0, 1)')!);
    for (const kind of ['random', 'latin-hypercube'] as const) {
      const s1 = new VariantSpace([u, a], { kind, samples: 50, seed: 3 }, []);
      const s2 = new VariantSpace([u, a], { kind, samples: 50, seed: 3 }, []);
      expect(s1.variant(37)).toEqual(s2.variant(37));
      expect(new VariantSpace([u, a], { kind, samples: 50, seed: 4 }, []).variant(37)).not.toEqual(s1.variant(37));
    }
  });

  it('Latin-hypercube sampling puts exactly one sample in each of the n strata of every parameter', () => {
    const u = values('u', generatorSource('uniform(0, 100)')!);
    const v = values('v', generatorSource('uniform(0, 1)')!);
    const n = 40;
    const space = new VariantSpace([u, v], { kind: 'latin-hypercube', samples: n, seed: 11 }, []);
    for (const [name, width] of [
      ['u', 100 / n],
      ['v', 1 / n],
    ] as const) {
      const strata = Array.from({ length: n }, (_, i) => Math.floor((space.variant(i).parameters[name] as number) / width));
      expect(new Set(strata).size).toBe(n);
    }
  });

  it('permuteIndex is a bijection of [0, n) for any n and key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, key) => {
        const seen = new Set<number>();
        for (let i = 0; i < n; i++) seen.add(permuteIndex(i, n, key));
        expect(seen.size).toBe(n);
        expect(Math.max(...seen)).toBe(n - 1);
      }),
      { numRuns: 40 },
    );
  });

  it('hashUnit is uniform enough on [0, 1)', () => {
    const n = 20000;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = hashUnit(1, i, 0);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      bins[Math.floor(u * 10)]!++;
    }
    // χ² with 9 degrees of freedom: 27.9 is the 0.999 quantile.
    const chi2 = bins.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });
});
