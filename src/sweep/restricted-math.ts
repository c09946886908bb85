import type { MathNode, Unit } from 'mathjs';
import { parseExpression, sharedMath } from '../scenario/mathjs-library.js';
import { formatDuration } from '../support/format-quantity.js';
import { messageOf } from '../support/is-record.js';

/**
 * The one mathjs instance that evaluates user text in sweeps: parameter expressions, constraints,
 * objectives and `--assert` gates. It follows mathjs's security notes: the functions that alter the
 * instance or parse new text (`import`, `createUnit`, `evaluate`, `parse`, `compile`, `simplify`,
 * `derivative`, …) are replaced by functions that throw, and the parsed tree is checked before it is
 * compiled: no assignment, no function definition, no block, and only the whitelisted functions below.
 */

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

// The process's one mathjs instance (scenario/mathjs-library.ts), built on first use: the same custom
// units as the scenario layer, so `3 USD` and `989 TFLOPS` work, and `import`, `createUnit`,
// `evaluate`, `parse`, `compile`, `simplify`, … locked there.
/** `unitOf('30 min')`, or `unitOf(7200, 's')`. */
const unitOf = (value: number | string, unit?: string): Unit => (typeof value === 'number' && unit !== undefined ? sharedMath().unit(value, unit) : sharedMath().unit(String(value)));
const isUnit = (v: unknown): v is Unit => sharedMath().isUnit(v);

/** Functions an expression may call: arithmetic, rounding, aggregates and unit conversion. */
const ALLOWED_FUNCTIONS = new Set([
  'abs',
  'ceil',
  'floor',
  'round',
  'fix',
  'sign',
  'sqrt',
  'cbrt',
  'exp',
  'log',
  'log2',
  'log10',
  'pow',
  'min',
  'max',
  'mean',
  'median',
  'sum',
  'prod',
  'mod',
  'hypot',
  'to',
  'number',
  'unit',
  'not',
  'and',
  'or',
  'xor',
  'equal',
  'unequal',
  'larger',
  'smaller',
  'largerEq',
  'smallerEq',
]);
const CONSTANTS = new Set(['pi', 'e', 'tau', 'phi', 'true', 'false', 'Infinity', 'NaN']);

/** A checked, compiled expression. `names` are the free symbols that are neither units nor constants. */
export interface CompiledExpression {
  readonly text: string;
  readonly names: readonly string[];
  evaluate(scope: Readonly<Record<string, unknown>>): unknown;
}

/**
 * Parses and checks `text`. @throws ExpressionError naming what is not allowed, or a syntax error.
 * `known` lists the names the scope will hold; any other free symbol that is not a unit is an error.
 */
export function compileExpression(text: string, known?: ReadonlySet<string>): CompiledExpression {
  if (text.length > 2000) throw new ExpressionError(`is ${text.length} characters long; expressions are limited to 2000`);
  let node: MathNode;
  try {
    node = parseExpression(text);
  } catch (err) {
    throw new ExpressionError(`is not a valid expression: ${messageOf(err)}`);
  }
  const names = new Set<string>();
  const functionSymbols = new Set<MathNode>();
  const unitSymbols = new Set<MathNode>();
  node.traverse((n, _path, parent) => {
    switch (n.type) {
      case 'AssignmentNode':
      case 'FunctionAssignmentNode':
        throw new ExpressionError('may not assign or define anything; write a single expression such as `p95_wait < 2 h`');
      case 'BlockNode':
        throw new ExpressionError('must be one expression (no `;` or line breaks)');
      case 'ObjectNode':
      case 'RangeNode':
        throw new ExpressionError(`may not contain ${n.type === 'ObjectNode' ? 'object literals' : 'ranges such as 1:3'}`);
      case 'FunctionNode': {
        if (!sharedMath().isFunctionNode(n)) break;
        // (mathjs types fn as a SymbolNode; a computed call has another node there)
        const fn: MathNode = n.fn;
        const name = sharedMath().isSymbolNode(fn) ? fn.name : undefined;
        if (name === undefined || !ALLOWED_FUNCTIONS.has(name)) {
          throw new ExpressionError(`may not call ${name === undefined ? 'a computed function' : `'${name}'`}`);
        }
        functionSymbols.add(fn);
        break;
      }
      case 'SymbolNode': {
        if (functionSymbols.has(n) || !sharedMath().isSymbolNode(n)) break;
        const name = n.name;
        if (sharedMath().isFunctionNode(parent) && parent.fn === n) break;
        if (known?.has(name)) names.add(name);
        else if (CONSTANTS.has(name)) break;
        else if (isUnitName(name)) unitSymbols.add(n);
        else names.add(name);
        break;
      }
      default:
        break;
    }
  });
  if (known) {
    const unknown = [...names].filter((n) => !known.has(n));
    if (unknown.length > 0) throw new ExpressionError(`unknown name${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}`);
  }
  // A unit symbol is bound to the unit itself, so `30 min` is thirty minutes, not 30 × the function min:
  // each becomes a symbol no expression can spell (`unit#0`, …) that the scope maps to its unit.
  const units: [string, Unit][] = [];
  const bound = node.transform((n) => {
    if (!unitSymbols.has(n) || !sharedMath().isSymbolNode(n)) return n;
    const slot = `unit#${units.length}`;
    units.push([slot, unitOf(n.name)]);
    return new (sharedMath().SymbolNode)(slot);
  });
  const code = bound.compile();
  return {
    text,
    names: [...names],
    evaluate(scope): unknown {
      try {
        return code.evaluate(new Map([...Object.entries(scope), ...units]));
      } catch (err) {
        throw new ExpressionError(messageOf(err));
      }
    },
  };
}

/**
 * Reads a value generator written as a call, e.g. `range(8, 128, 8)` or `uniform(1 h, 4 h)`: its name
 * when it is one of `names`, and each argument evaluated as a constant (numbers and quantities only).
 * Returns undefined when `text` is not such a call. @throws ExpressionError for bad arguments.
 */
export function parseGeneratorCall(text: string, names: readonly string[]): { name: string; args: unknown[] } | undefined {
  const head = /^\s*([A-Za-z_]\w*)\s*\(/.exec(text);
  if (!head?.[1] || !names.includes(head[1])) return undefined;
  let node: MathNode;
  try {
    node = parseExpression(text);
  } catch (err) {
    throw new ExpressionError(`is not a valid ${head[1]}(…): ${messageOf(err)}`);
  }
  if (!sharedMath().isFunctionNode(node)) throw new ExpressionError(`must be a single ${head[1]}(…) call`);
  const args = node.args;
  return {
    name: head[1],
    args: args.map((arg, i) => {
      const c = compileExpression(arg.toString(), new Set());
      if (c.names.length > 0) throw new ExpressionError(`argument ${i + 1} of ${head[1]}(…) must be a constant, not '${c.names.join("', '")}'`);
      return c.evaluate({});
    }),
  };
}

/** True when `name` is a unit mathjs knows (with a prefix if it takes one), e.g. `h`, `kWh`, `USD`. */
export function isUnitName(name: string): boolean {
  return sharedMath().Unit.isValuelessUnit(name);
}

/** A number with its unit as a mathjs value: `quantity(7200, 's')`; a plain number when `unit` is ''. */
export function quantity(value: number, unit: string): number | Unit {
  return unit === '' ? value : sharedMath().unit(value, unit);
}

/**
 * A parameter value as a mathjs value: numbers stay numbers, strings that are quantities (`2.2 /h`,
 * `80 GB`, `40 %`) become units or fractions, other strings stay strings (e.g. a scheduler kind).
 */
export function toMathValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim();
  const pct = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)\s*%$/.exec(s);
  if (pct?.[1] !== undefined) return Number(pct[1]) / 100;
  const perUnit = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)\s*\/\s*([A-Za-z]+)$/.exec(s);
  try {
    const text = s.replace(/^\$\s*([0-9.eE+-]+)/, '$1 USD').replace(/([kMGTPE]?)bits?\b/g, (_m, p: string) => `${p}b`);
    return perUnit ? unitOf(`${perUnit[1]} ${perUnit[2]}^-1`) : /^[+-]?[0-9.]/.test(s) ? unitOf(text) : value;
  } catch {
    return value;
  }
}

/** Significant digits kept when a computed quantity is written back as text: what a person would type. */
const DIGITS = 15;

/**
 * A mathjs result as a YAML/JSON value for a scenario field: numbers as numbers, units as text the
 * scenario parser reads (`6.6 h^-1`), booleans and strings as they are. @throws ExpressionError otherwise.
 */
export function fromMathValue(value: unknown): number | string | boolean {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ExpressionError(`gives ${value}, not a finite number`);
    return Number(value.toPrecision(DIGITS));
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (isUnit(value)) {
    const units = value.formatUnits();
    if (units === '') return Number(value.toNumber().toPrecision(DIGITS));
    const n = value.toNumber(units);
    if (!Number.isFinite(n)) throw new ExpressionError(`gives ${n} ${units}, not a finite quantity`);
    return quantityText(Number(n.toPrecision(DIGITS)), units);
  }
  throw new ExpressionError(`gives a ${sharedMath().typeOf(value)}; a parameter must be a number, a quantity, a boolean or a string`);
}

/** `n` with mathjs units as a person (and the scenario parser) reads them: `2.5 /h` rather than `2.5 h^-1`. */
export function quantityText(n: number, units: string): string {
  const per = /^([A-Za-z]+)\^-1$/.exec(units)?.[1];
  return per === undefined ? `${n} ${units}` : `${n} /${per}`;
}

/** Human display of a mathjs value in messages: `3.12 h`, `0.82`, `true`. */
export function formatMathValue(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  if (isUnit(value)) {
    // (a unit without a number, such as `h` alone, has value null at run time; mathjs types it number)
    const amount: number | null = value.value;
    if (value.equalBase(unitOf('1 s')) && amount !== null) return formatDuration(value.toNumber('s'));
    return value.format({ precision: 4 });
  }
  return String(value);
}

/** Numeric value of a mathjs value in SI (units) or as is (numbers); NaN for anything else. */
export function toNumberSI(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isUnit(value)) {
    const v: number | null = value.value;
    return v ?? NaN;
  }
  return NaN;
}

export { isUnit };
