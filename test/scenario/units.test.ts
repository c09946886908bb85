import { describe, expect, it } from 'vitest';
import { parseFraction, parseQuantity, QuantityError } from '../../src/scenario/units.js';

describe('quantities with units', () => {
  // Expected values are the SI definitions: 1 GB = 1e9 B, 1 Gbit = 1e9/8 B, 1 h = 3600 s, …
  it.each([
    ['80 GB', 'bytes', 80e9],
    ['80 GiB', 'bytes', 80 * 2 ** 30],
    ['3.84 TB', 'bytes', 3.84e12],
    ['3.35 TB/s', 'byteRate', 3.35e12],
    ['400 Gbit/s', 'byteRate', 400e9 / 8],
    ['400 Gb/s', 'byteRate', 400e9 / 8],
    ['700 W', 'power', 700],
    ['10.2 kW', 'power', 10_200],
    ['30 days', 'time', 30 * 86_400],
    ['8 min', 'time', 480],
    ['1.5 h', 'time', 5400],
    ['600 ns', 'time', 600e-9],
    ['2.5 USD/h', 'moneyRate', 2.5 / 3600],
    ['$2.5/h', 'moneyRate', 2.5 / 3600],
    ['30000 USD', 'money', 30_000],
    ['0.11 USD/kWh', 'moneyPerEnergy', 0.11 / 3.6e6],
    ['989 TFLOPS', 'flopRate', 989e12],
    ['1979 TOPS', 'flopRate', 1979e12],
    ['1.2e19 FLOP', 'flops', 1.2e19],
    ['5 EFLOP', 'flops', 5e18],
    ['4 /h', 'rate', 4 / 3600],
    ['40 /s', 'rate', 40],
    ['40/s', 'rate', 40],
  ] as const)('%s as %s', (text, dim, expected) => {
    expect(parseQuantity(text, dim)).toBeCloseTo(expected, 10 - Math.round(Math.log10(Math.abs(expected))));
  });

  it.each([
    ['80 GB', 'power', "'80 GB' is not a power"],
    ['2000', 'time', "'2000' has no unit"],
    ['abc', 'time', "'abc' is not a quantity"],
    ['1e400 s', 'time', "'1e400 s' is not finite"],
    ['400 Gbit', 'byteRate', "'400 Gbit' is not a bandwidth"],
  ] as const)('rejects %s as %s', (text, dim, message) => {
    expect(() => parseQuantity(text, dim)).toThrow(QuantityError);
    expect(() => parseQuantity(text, dim)).toThrow(message);
  });

  it('reads fractions and percentages', () => {
    expect(parseFraction('40 %')).toBeCloseTo(0.4, 12);
    expect(parseFraction('40%')).toBeCloseTo(0.4, 12);
    expect(parseFraction(0.25)).toBe(0.25);
    expect(() => parseFraction('forty')).toThrow(QuantityError);
  });

  it('does not evaluate expressions from user text', () => {
    expect(() => parseQuantity('import({}) s', 'time')).toThrow(QuantityError);
    expect(() => parseQuantity('f(x) = x', 'time')).toThrow(QuantityError);
  });
});
