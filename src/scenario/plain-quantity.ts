/**
 * Plain quantities — a number and units joined by `/` ("80 GB", "3.35 TB/s", "2.5 USD/h",
 * "0.023 USD/GB/month", "4 /h") — converted without loading mathjs, which costs a command about
 * 0.25 s of CPU to load and build. The arithmetic is mathjs's own (`Unit._normalize`, then
 * `_denormalize` into the canonical unit: the same multiplications in the same order), over a copy of
 * mathjs's definitions of the units scenario and profile files use most. Anything else — other
 * units, prefixes or operators, signs, a dimension that does not match — returns `undefined` and is
 * parsed by mathjs, which also words every error. test/scenario/plain-quantity.test.ts checks each
 * definition below against mathjs's tables and each result against mathjs's, bit for bit.
 */

/** Exponents over the base dimensions mathjs tracks for these units: [mass, length, time, bit, USD, FLOP]. */
type Dimensions = readonly [number, number, number, number, number, number];

interface UnitDefinition {
  /** mathjs's `value` of the unit, in its base units (B is 8 bits; g is 0.001 kg) */
  readonly value: number;
  readonly dimensions: Dimensions;
  readonly prefixes: Readonly<Record<string, number>>;
}

const NONE: Readonly<Record<string, number>> = { '': 1 };
/** mathjs's SHORT prefixes, the common ones */
const SHORT: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 0.001, u: 1e-6, n: 1e-9 };
/** mathjs's BINARY_SHORT prefixes (SI and IEC) for bits and bytes */
const BINARY_SHORT: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: Math.pow(1024, 2),
  Gi: Math.pow(1024, 3),
  Ti: Math.pow(1024, 4),
  Pi: Math.pow(1024, 5),
  Ei: Math.pow(1024, 6),
};

const TIME: Dimensions = [0, 0, 1, 0, 0, 0];
const BITS: Dimensions = [0, 0, 0, 1, 0, 0];
const POWER: Dimensions = [1, 2, -3, 0, 0, 0];
const ENERGY: Dimensions = [1, 2, -2, 0, 0, 0];
const FREQUENCY: Dimensions = [0, 0, -1, 0, 0, 0];
const MASS: Dimensions = [1, 0, 0, 0, 0, 0];
const MONEY: Dimensions = [0, 0, 0, 0, 1, 0];
const WORK: Dimensions = [0, 0, 0, 0, 0, 1];
const WORK_RATE: Dimensions = [0, 0, -1, 0, 0, 1];

const time = (value: number, prefixes = NONE): UnitDefinition => ({ value, dimensions: TIME, prefixes });

/** Unit names (mathjs's, with the aliases it resolves to them) → definition. */
export const PLAIN_UNITS: Readonly<Record<string, UnitDefinition>> = {
  s: time(1, SHORT),
  second: time(1),
  seconds: time(1),
  min: time(60),
  minute: time(60),
  minutes: time(60),
  h: time(3600),
  hour: time(3600),
  hours: time(3600),
  day: time(86400),
  days: time(86400),
  week: time(7 * 86400),
  weeks: time(7 * 86400),
  month: time(2629800),
  months: time(2629800),
  year: time(31557600),
  years: time(31557600),
  b: { value: 1, dimensions: BITS, prefixes: BINARY_SHORT },
  B: { value: 8, dimensions: BITS, prefixes: BINARY_SHORT },
  W: { value: 1, dimensions: POWER, prefixes: SHORT },
  J: { value: 1, dimensions: ENERGY, prefixes: SHORT },
  Wh: { value: 3600, dimensions: ENERGY, prefixes: SHORT },
  Hz: { value: 1, dimensions: FREQUENCY, prefixes: SHORT },
  g: { value: 0.001, dimensions: MASS, prefixes: SHORT },
  // the units mathjs-library.ts creates
  USD: { value: 1, dimensions: MONEY, prefixes: NONE },
  FLOP: { value: 1, dimensions: WORK, prefixes: SHORT },
  FLOPS: { value: 1, dimensions: WORK_RATE, prefixes: SHORT },
  OPS: { value: 1, dimensions: WORK_RATE, prefixes: SHORT },
};

interface UnitTerm {
  readonly unit: UnitDefinition;
  readonly prefix: number;
  readonly power: 1 | -1;
}

/** mathjs's lookup: the exact name first, then a known unit name ending the token after a prefix it allows. */
function findUnit(token: string): { unit: UnitDefinition; prefix: number } | undefined {
  const exact = PLAIN_UNITS[token];
  if (exact !== undefined) return { unit: exact, prefix: 1 };
  for (const [name, unit] of Object.entries(PLAIN_UNITS)) {
    if (token.length <= name.length || !token.endsWith(name)) continue;
    const prefix = unit.prefixes[token.slice(0, token.length - name.length)];
    if (prefix !== undefined) return { unit, prefix };
  }
  return undefined;
}

function terms(tokens: readonly string[], firstPower: 1 | -1): UnitTerm[] | undefined {
  const out: UnitTerm[] = [];
  for (const [i, token] of tokens.entries()) {
    const found = findUnit(token);
    if (found === undefined) return undefined;
    out.push({ ...found, power: i === 0 ? firstPower : -1 });
  }
  return out;
}

function dimensionsOf(list: readonly UnitTerm[]): number[] {
  const sum = [0, 0, 0, 0, 0, 0];
  for (const t of list) for (let d = 0; d < sum.length; d++) sum[d] = (sum[d] ?? 0) + t.power * (t.unit.dimensions[d] ?? 0);
  return sum;
}

const PLAIN = /^(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*((?:[A-Za-z]+)(?:\s*\/\s*[A-Za-z]+)*)$/;
const PER = /^(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*\/\s*([A-Za-z]+)$/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * `text` (spelling already normalised: `Gbit` → `Gb`, `$` → `USD`) in the canonical unit `canonical`
 * (e.g. `B/s`), or `undefined` when the text is not a plain quantity of that dimension.
 */
export function parsePlainQuantity(text: string, canonical: string): number | undefined {
  const per = PER.exec(text);
  const plain = per === null ? PLAIN.exec(text) : null;
  const unitText = per?.[2] ?? plain?.[2];
  const numberText = NUMBER.exec(text)?.[0];
  if (unitText === undefined || numberText === undefined) return undefined;
  const given = terms(
    unitText.split('/').map((t) => t.trim()),
    per === null ? 1 : -1,
  );
  const target = terms(canonical.split('/'), 1);
  if (given === undefined || target === undefined) return undefined;
  const want = dimensionsOf(target);
  if (dimensionsOf(given).some((e, d) => e !== want[d])) return undefined;
  let value = parseFloat(numberText);
  for (const t of given) value = value * Math.pow(t.unit.value * t.prefix, t.power);
  for (const t of target) value = value / Math.pow(t.unit.value * t.prefix, t.power);
  return value;
}
