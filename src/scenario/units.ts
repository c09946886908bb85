import type { MathJsInstance, Unit } from 'mathjs';
import { sharedMath } from './mathjs-library.js';
import { parsePlainQuantity } from './plain-quantity.js';

/**
 * Quantities with units, parsed once at the edge and normalised to SI-style base numbers.
 * Past this module nothing sees a string such as "80 GB": every quantity is a plain number in the
 * canonical unit of its dimension (see `canonicalUnits`).
 */

/** Every dimension a scenario or profile field can have, with the unit its numbers are stored in. */
export const canonicalUnits = {
  time: 's',
  bytes: 'B',
  byteRate: 'B/s',
  power: 'W',
  energy: 'J',
  money: 'USD',
  moneyRate: 'USD/s',
  moneyPerByteTime: 'USD/B/s',
  moneyPerEnergy: 'USD/J',
  moneyPerByte: 'USD/B',
  moneyPerPowerTime: 'USD/W/s',
  massPerEnergy: 'kg/J',
  flops: 'FLOP',
  flopRate: 'FLOP/s',
  rate: 'Hz',
} as const;

export type Dimension = keyof typeof canonicalUnits;

/** Short human labels used in error messages and JSON Schema descriptions. */
export const dimensionExamples: Record<Dimension, string> = {
  time: "a duration such as '30 days', '8 min' or '1.5 h'",
  bytes: "a size such as '80 GB' or '3.84 TB'",
  byteRate: "a bandwidth such as '3.35 TB/s' or '400 Gbit/s'",
  power: "a power such as '700 W' or '10.2 kW'",
  energy: "an energy such as '12 kWh'",
  money: "an amount such as '30000 USD'",
  moneyRate: "a price per time such as '2.5 USD/h'",
  moneyPerByteTime: "a storage price such as '0.023 USD/GB/month'",
  moneyPerEnergy: "an energy price such as '0.11 USD/kWh'",
  moneyPerByte: "a transfer price such as '0.09 USD/GB'",
  moneyPerPowerTime: "a colocation price such as '150 USD/kW/month'",
  massPerEnergy: "a carbon intensity such as '0.37 kg/kWh'",
  flops: "an amount of work such as '3.1e23 FLOP' or '5 EFLOP'",
  flopRate: "a throughput such as '989 TFLOPS' or '1979 TOPS'",
  rate: "a rate such as '4 /h' or '40 /s'",
};

export class QuantityError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'QuantityError';
  }
}

/** The canonical unit of each dimension as a mathjs unit, built with mathjs on the first quantity parsed. */
let canonical: Map<Dimension, Unit> | undefined;

function canonicalUnit(math: MathJsInstance, dimension: Dimension): Unit {
  canonical ??= new Map((Object.keys(canonicalUnits) as Dimension[]).map((d) => [d, math.unit(canonicalUnits[d])]));
  return canonical.get(dimension) ?? math.unit(canonicalUnits[dimension]);
}

/** Rewrites spellings mathjs does not know: `$2.5/h` → `2.5 USD/h`, `Gbit` → `Gb`, `5 %` → `0.05`. */
function normaliseSpelling(text: string): string {
  let s = text.trim();
  s = s.replace(/^\$\s*([0-9.eE+-]+)/, '$1 USD');
  s = s.replace(/([kMGTPE]?)bits?\b/g, (_m, p: string) => `${p}b`);
  return s;
}

const NUMBER_ONLY = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a dimensionless number written as `0.4`, `40 %` or `40%`. */
export function parseFraction(text: string | number): number {
  if (typeof text === 'number') return text;
  const s = text.trim();
  const pct = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)\s*%$/.exec(s);
  if (pct?.[1] !== undefined) return Number(pct[1]) / 100;
  if (NUMBER_ONLY.test(s)) return Number(s);
  throw new QuantityError(`'${text}' is not a number or a percentage`, "write e.g. 0.4 or '40 %'");
}

/**
 * Parses `text` as a quantity of `dimension` and returns it in the canonical unit.
 * @throws QuantityError for a bare number, an unknown unit, a wrong dimension or a non-finite value.
 */
export function parseQuantity(text: string | number, dimension: Dimension): number {
  const example = dimensionExamples[dimension];
  if (typeof text === 'number' || NUMBER_ONLY.test(String(text).trim())) {
    throw new QuantityError(`'${text}' has no unit`, `write ${example}`);
  }
  // Plain quantities skip loading mathjs; the rest (and every error message) goes through it.
  const plain = parsePlainQuantity(normaliseSpelling(String(text)), canonicalUnits[dimension]);
  if (plain !== undefined && Number.isFinite(plain)) return plain;
  const math = sharedMath();
  let unit: Unit;
  try {
    const s = normaliseSpelling(text);
    // "40 /s" is a rate with an implicit count; mathjs reads it only as `40 s^-1`. No expression
    // evaluation of user text happens here.
    const perUnit = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)\s*\/\s*([A-Za-z]+)$/.exec(s);
    unit = perUnit ? math.unit(`${perUnit[1]} ${perUnit[2]}^-1`) : math.unit(s);
  } catch (err) {
    throw new QuantityError(`'${text}' is not a quantity (${(err as Error).message})`, `write ${example}`);
  }
  const target = canonicalUnit(math, dimension);
  if (!unit.equalBase(target)) {
    throw new QuantityError(`'${text}' is not ${describeDimension(dimension)}`, `write ${example}`);
  }
  const n = unit.toNumber(canonicalUnits[dimension]);
  if (!Number.isFinite(n)) throw new QuantityError(`'${text}' is not finite`, `write ${example}`);
  return n;
}

function describeDimension(d: Dimension): string {
  return dimensionExamples[d].replace(/ such as.*/, '');
}
