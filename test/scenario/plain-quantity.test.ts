import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedMath } from '../../src/scenario/mathjs-library.js';
import { PLAIN_UNITS, parsePlainQuantity } from '../../src/scenario/plain-quantity.js';
import { canonicalUnits, parseQuantity, type Dimension } from '../../src/scenario/units.js';

/**
 * The plain-quantity path must be mathjs, only cheaper: every unit and prefix it knows is mathjs's,
 * and every value it returns is the one mathjs returns, bit for bit. mathjs is the reference here.
 */
const math = sharedMath();
const dimensions = Object.keys(canonicalUnits) as Dimension[];
const canonical = Object.values(canonicalUnits);

/** mathjs's reading of `text` in `target`, or undefined where mathjs refuses it or the dimension differs. */
function byMathjs(text: string, target: string): number | undefined {
  try {
    const perUnit = /^([0-9.]+(?:[eE][+-]?\d+)?)\s*\/\s*([A-Za-z]+)$/.exec(text);
    const unit = perUnit ? math.unit(`${perUnit[1]} ${perUnit[2]}^-1`) : math.unit(text);
    return unit.equalBase(math.unit(target)) ? unit.toNumber(target) : undefined;
  } catch {
    return undefined;
  }
}

const spellings = Object.entries(PLAIN_UNITS).flatMap(([name, unit]) => Object.keys(unit.prefixes).map((prefix) => `${prefix}${name}`));

describe('plain quantities without mathjs', () => {
  it('knows each unit and prefix as mathjs defines it: the same value, prefix and dimension', () => {
    for (const spelling of spellings) {
      const parsed = math.unit(`1 ${spelling}`);
      expect(parsed.units, spelling).toHaveLength(1);
      for (const target of canonical) {
        const mine = parsePlainQuantity(`1 ${spelling}`, target);
        expect(mine === undefined, `${spelling} as ${target}`).toBe(!parsed.equalBase(math.unit(target)));
        if (mine !== undefined) expect(Object.is(mine, parsed.toNumber(target)), `${spelling} as ${target}: ${mine} vs ${parsed.toNumber(target)}`).toBe(true);
      }
    }
  });

  it('gives mathjs’s number, bit for bit, for any value and any quotient of known units', () => {
    const digits = fc.stringMatching(/^(?:\d{1,6}(?:\.\d{0,6})?|\.\d{1,6})(?:e[+-]?\d{1,2})?$/);
    const units = fc.array(fc.constantFrom(...spellings), { minLength: 1, maxLength: 3 });
    let recognised = 0;
    fc.assert(
      fc.property(digits, units, fc.constantFrom(' ', ''), (number, list, gap) => {
        const text = `${number}${gap}${list.join('/')}`;
        for (const target of canonical) {
          const mine = parsePlainQuantity(text, target);
          if (mine === undefined) continue;
          recognised++;
          const reference = byMathjs(text, target);
          expect(reference, text).toBeDefined();
          expect(Object.is(mine, reference), `${text} as ${target}: ${mine} vs ${String(reference)}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // the check has power: a good share of the draws have a matching dimension
    expect(recognised).toBeGreaterThan(1000);
  });

  it('reads rates written with an implicit count as mathjs reads them (4 /h = 4 h^-1)', () => {
    for (const text of ['4 /h', '40 /s', '0.5/day', '3.2 /h']) expect(parsePlainQuantity(text, 'Hz'), text).toBe(byMathjs(text, 'Hz'));
  });

  it('leaves to mathjs what it does not know: signs, operators, powers, other units, other dimensions', () => {
    for (const text of ['-3 GB', '+3 GB', '3 GB * 2', '80 GB^2', '3 furlong', '2 hp', '3 GB s', '1 kWh/h', '5 mb/s/s', '2 daB']) {
      const mine = parsePlainQuantity(text, 'B');
      expect(mine, text).toBeUndefined();
    }
    expect(parsePlainQuantity('80 GB', 's')).toBeUndefined();
    expect(parsePlainQuantity('700 W', 'B/s')).toBeUndefined();
  });

  it('gives the same numbers as before through parseQuantity, and the same messages for bad text', () => {
    const samples: [string, Dimension][] = [
      ['80 GB', 'bytes'],
      ['3.35 TB/s', 'byteRate'],
      ['400 Gbit/s', 'byteRate'],
      ['2048 GiB', 'bytes'],
      ['700 W', 'power'],
      ['10.2 kW', 'power'],
      ['12 kWh', 'energy'],
      ['30000 USD', 'money'],
      ['$2.5/h', 'moneyRate'],
      ['98.32 USD/h', 'moneyRate'],
      ['0.023 USD/GB/month', 'moneyPerByteTime'],
      ['0.11 USD/kWh', 'moneyPerEnergy'],
      ['150 USD/kW/month', 'moneyPerPowerTime'],
      ['0.37 kg/kWh', 'massPerEnergy'],
      ['3.1e23 FLOP', 'flops'],
      ['989 TFLOPS', 'flopRate'],
      ['1979 TOPS', 'flopRate'],
      ['4 /h', 'rate'],
      ['30 days', 'time'],
      ['1.5 h', 'time'],
      ['600 ns', 'time'],
    ];
    for (const [text, dimension] of samples) {
      const target = canonicalUnits[dimension];
      expect(dimensions).toContain(dimension);
      expect(parsePlainQuantity(text.replace(/^\$\s*([0-9.]+)/, '$1 USD').replace(/([kMGTPE]?)bits?\b/g, '$1b'), target), text).toBeDefined();
      expect(Object.is(parseQuantity(text, dimension), byMathjs(text.replace(/^\$\s*([0-9.]+)/, '$1 USD').replace(/([kMGTPE]?)bits?\b/g, '$1b'), target)), text).toBe(true);
    }
    expect(() => parseQuantity('80 GB', 'time')).toThrow("'80 GB' is not a duration");
    expect(() => parseQuantity('80 parsecs/s', 'byteRate')).toThrow(/'80 parsecs\/s' is not a bandwidth|is not a quantity/);
  });
});
