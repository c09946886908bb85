import { mustGet } from '../support/must-get.js';
import { messageOf } from '../support/is-record.js';
import { hash32, hashUnit, permuteIndex } from './index-hash.js';
import type { ParamValue, ValueSource } from './parameter-values.js';
import type { ScenarioPath } from './parameter-path.js';
import { fromMathValue, toMathValue, type CompiledExpression } from './restricted-math.js';

/** One swept parameter: a source of values, or an expression of other parameters. */
export type Parameter =
  | {
      readonly name: string;
      /** where the value goes in the scenario; undefined for a value only used in expressions */
      readonly path: ScenarioPath | undefined;
      readonly kind: 'values';
      readonly source: ValueSource;
    }
  | {
      readonly name: string;
      readonly path: ScenarioPath | undefined;
      readonly kind: 'expr';
      readonly expr: CompiledExpression;
    };

export type Sampling = { readonly kind: 'grid' } | { readonly kind: 'random' | 'latin-hypercube'; readonly samples: number; readonly seed: number };

/** A variant: its index, its parameter values (declaration order) and the scenario edits they make. */
export interface Variant {
  readonly index: number;
  readonly parameters: Readonly<Record<string, ParamValue>>;
  readonly patches: readonly { readonly path: ScenarioPath; readonly value: ParamValue }[];
}

export class VariantError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
    this.name = 'VariantError';
  }
}

/**
 * The variants of a sweep, generated one at a time from their index: a full grid (mixed-radix digits,
 * the last parameter varying fastest, like nested loops in file order), or `samples` draws, random or
 * Latin-hypercube, from (seed, index). Nothing is materialised, so a grid of millions costs no memory.
 * Expression parameters are evaluated in `order` (dependencies first).
 */
export class VariantSpace {
  readonly count: number;
  private readonly sources: readonly Extract<Parameter, { kind: 'values' }>[];

  constructor(
    readonly parameters: readonly Parameter[],
    readonly sampling: Sampling,
    /** expression parameters, dependencies first */
    private readonly order: readonly Extract<Parameter, { kind: 'expr' }>[],
  ) {
    this.sources = parameters.filter((p): p is Extract<Parameter, { kind: 'values' }> => p.kind === 'values');
    this.count = sampling.kind === 'grid' ? gridSize(this.sources.map((p) => p.source.count)) : sampling.samples;
  }

  /** Variant `index`, 0 ≤ index < count. @throws VariantError when an expression cannot be evaluated. */
  variant(index: number): Variant {
    if (!(Number.isInteger(index) && index >= 0 && index < this.count)) throw new RangeError(`variant ${index} outside [0, ${this.count})`);
    const values = new Map<string, ParamValue>();
    const s = this.sampling;
    if (s.kind === 'grid') {
      let rest = index;
      // the last parameter varies fastest
      for (const src of [...this.sources].reverse()) {
        values.set(src.name, src.source.at(rest % src.source.count));
        rest = Math.floor(rest / src.source.count);
      }
    } else {
      this.sources.forEach((src, p) => {
        let u = hashUnit(s.seed, index, p);
        if (s.kind === 'latin-hypercube') u = (permuteIndex(index, s.samples, hash32(s.seed, p, 0x4c48)) + u) / s.samples;
        values.set(src.name, src.source.pick(u));
      });
    }
    for (const e of this.order) {
      const scope: Record<string, unknown> = {};
      for (const n of e.expr.names) scope[n] = toMathValue(values.get(n));
      try {
        values.set(e.name, fromMathValue(e.expr.evaluate(scope)));
      } catch (err) {
        throw new VariantError(`${e.expr.text}: ${messageOf(err)}`, e.name);
      }
    }
    const parameters: Record<string, ParamValue> = {};
    const patches: { path: ScenarioPath; value: ParamValue }[] = [];
    for (const p of this.parameters) {
      const v = mustGet(values, p.name, 'parameter value');
      parameters[p.name] = v;
      if (p.path) patches.push({ path: p.path, value: v });
    }
    return { index, parameters, patches };
  }
}

/** Π counts, or Infinity past 2^53 (the caller compares it with max_variants). */
export function gridSize(counts: readonly number[]): number {
  let n = 1;
  for (const c of counts) {
    n *= c;
    if (n > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return n;
}
