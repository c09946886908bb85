import { isRecord } from '../support/is-record.js';
import { mustAt } from '../support/must-get.js';
import { ExpressionError, isUnit, parseGeneratorCall, quantityText } from './restricted-math.js';

/** A value a parameter puts into the scenario: anything YAML/JSON can hold. */
export type ParamValue = null | boolean | number | string | readonly ParamValue[] | { readonly [key: string]: ParamValue };

/** A JSON value (what JSON.parse gives) is a ParamValue; true for those. */
export function isParamValue(v: unknown): v is ParamValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return true;
  if (Array.isArray(v)) return v.every(isParamValue);
  return isRecord(v) && Object.values(v).every(isParamValue);
}

/**
 * The values of one parameter, generated on demand from an index or a fraction (never materialised:
 * `range(1, 1e9, 1)` costs nothing until a value is asked for).
 */
export interface ValueSource {
  /** how the values were written, for the result file: `[8, 16]`, `range(8, 128, 8)`, `uniform(1 h, 4 h)` */
  readonly spec: string;
  /** number of distinct values; Infinity for a continuous interval */
  readonly count: number;
  /** the k-th value, 0 ≤ k < count (discrete sources only) */
  at(k: number): ParamValue;
  /** the value at fraction u ∈ [0, 1) of the source (random and Latin-hypercube sampling) */
  pick(u: number): ParamValue;
}

/** Generators a parameter's `values` may be written as. */
export const GENERATORS = ['range', 'uniform', 'loguniform'] as const;

/** Significant digits of generated numbers: `range(0.1, 0.5, 0.1)` gives 0.3, not 0.30000000000000004. */
const DIGITS = 12;
const round = (x: number) => Number(x.toPrecision(DIGITS));

export function listSource(values: readonly ParamValue[]): ValueSource {
  return {
    spec: JSON.stringify(values),
    count: values.length,
    at: (k) => mustAt(values, k, 'listed value'),
    pick: (u) => mustAt(values, Math.min(values.length - 1, Math.floor(u * values.length)), 'listed value'),
  };
}

/**
 * Parses `range(start, stop, step)` (inclusive of `stop` when it falls on the grid), `uniform(min, max)`
 * or `loguniform(min, max)`. Arguments are numbers or quantities of one dimension (`range(1 h, 4 h, 30 minute)`);
 * quantities are written in the first argument's unit. Returns undefined when `text` is not a generator call.
 * @throws ExpressionError for a malformed call, an empty range or mixed dimensions.
 */
export function generatorSource(text: string): ValueSource | undefined {
  const call = parseGeneratorCall(text, GENERATORS);
  if (!call) return undefined;
  const spec = text.trim();
  const { unit, numbers } = commonUnit(call.name, call.args);
  const show = (x: number): ParamValue => (unit === '' ? x : quantityText(x, unit));
  if (call.name === 'range') {
    if (numbers.length !== 3) throw new ExpressionError(`range(start, stop, step) takes 3 arguments, got ${numbers.length}`);
    const [start, stop, step] = [mustAt(numbers, 0, 'range start'), mustAt(numbers, 1, 'range stop'), mustAt(numbers, 2, 'range step')];
    if (!(step > 0)) throw new ExpressionError(`range step must be positive, got ${step}`);
    const span = (stop - start) / step;
    // A stop that falls on the grid up to rounding is included: range(0, 1, 0.1) has 11 values.
    const count = stop < start ? 0 : Math.floor(span + Math.max(1e-9, span * 8 * Number.EPSILON)) + 1;
    if (!Number.isFinite(count)) throw new ExpressionError('range has no end');
    const at = (k: number) => show(round(start + k * step));
    return { spec, count, at, pick: (u) => at(Math.min(count - 1, Math.floor(u * count))) };
  }
  if (numbers.length !== 2) throw new ExpressionError(`${call.name}(min, max) takes 2 arguments, got ${numbers.length}`);
  const [min, max] = [mustAt(numbers, 0, `${call.name} min`), mustAt(numbers, 1, `${call.name} max`)];
  if (!(max > min)) throw new ExpressionError(`${call.name}(min, max) needs min < max, got ${min} and ${max}`);
  if (call.name === 'loguniform' && !(min > 0)) throw new ExpressionError(`loguniform(min, max) needs min > 0, got ${min}`);
  const value = call.name === 'uniform' ? (u: number) => min + u * (max - min) : (u: number) => Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
  return {
    spec,
    count: Infinity,
    at: () => {
      throw new ExpressionError(`${call.name}(…) is continuous: it needs random or latin-hypercube sampling`);
    },
    pick: (u) => show(Number(value(u).toPrecision(6))),
  };
}

/** The arguments as plain numbers in the first argument's unit ('' when they are plain numbers). */
function commonUnit(name: string, args: readonly unknown[]): { unit: string; numbers: number[] } {
  const first = args[0];
  if (!isUnit(first)) {
    return {
      unit: '',
      numbers: args.map((a, i) => {
        if (typeof a !== 'number' || !Number.isFinite(a)) {
          throw new ExpressionError(`argument ${i + 1} of ${name}(…) must be ${isUnit(a) ? 'a plain number like the first one' : 'a finite number or quantity'}`);
        }
        return a;
      }),
    };
  }
  const unit = first.formatUnits();
  return {
    unit,
    numbers: args.map((a, i) => {
      if (!isUnit(a) || !a.equalBase(first)) throw new ExpressionError(`argument ${i + 1} of ${name}(…) must be a quantity like '${first.toString()}'`);
      const n = a.toNumber(unit);
      if (!Number.isFinite(n)) throw new ExpressionError(`argument ${i + 1} of ${name}(…) is not finite`);
      return n;
    }),
  };
}
