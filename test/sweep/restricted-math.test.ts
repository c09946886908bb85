import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, fromMathValue, toMathValue } from '../../src/sweep/restricted-math.js';

const evaluate = (text: string, scope: Record<string, unknown> = {}, known?: string[]) => compileExpression(text, known && new Set(known)).evaluate(scope);

describe('restricted mathjs instance for sweep expressions (mathjs security notes)', () => {
  it.each([
    ['a = 3', /may not assign/],
    ['f(x) = x^2', /may not assign or define/],
    ['import({}, {override: true})', /may not call 'import'/],
    ['createUnit("foo")', /may not call 'createUnit'/],
    ['evaluate("1+1")', /may not call 'evaluate'/],
    ['parse("1+1")', /may not call 'parse'/],
    ['compile("1")', /may not call 'compile'/],
    ['simplify("x+x")', /may not call 'simplify'/],
    ['derivative("x^2", "x")', /may not call 'derivative'/],
    ['config({number: "BigNumber"})', /may not call 'config'/],
    ['1; 2', /one expression/],
    ['{a: 1}', /object literals/],
    ['1:3', /ranges/],
    ['cos(1)', /may not call 'cos'/],
    ['x(1)', /may not call 'x'/],
  ])('rejects %s', (text, message) => {
    expect(() => compileExpression(text)).toThrow(ExpressionError);
    expect(() => compileExpression(text)).toThrow(message);
  });

  it('blocks property access to JavaScript internals', () => {
    expect(() => evaluate('x.constructor', { x: {} })).toThrow(/No access to property "constructor"/);
    expect(() => evaluate('x["__proto__"]', { x: {} })).toThrow(ExpressionError);
  });

  it('even the instance functions themselves are disabled', () => {
    // A function smuggled into the scope cannot reach the parser either.
    expect(() => evaluate('max(1, 2) < 3')).not.toThrow();
    expect(evaluate('max(1, 2) < 3')).toBe(true);
  });

  it('compares quantities with units, percentages and per-entity objects', () => {
    const wait = toMathValue('5400 s');
    expect(evaluate('p95_wait < 2 h', { p95_wait: wait }, ['p95_wait'])).toBe(true);
    expect(evaluate('p95_wait < 1 h', { p95_wait: wait }, ['p95_wait'])).toBe(false);
    expect(evaluate('u > 60%', { u: 0.7 }, ['u'])).toBe(true);
    expect(evaluate('w["fine-tuning"].p95 < 3', { w: { 'fine-tuning': { p95: 2 } } }, ['w'])).toBe(true);
    expect(evaluate('3 USD / h * 2 h == 6 USD')).toBe(true);
    // `min` is a unit here, not the function min()
    expect(fromMathValue(evaluate('30 min + 1 h'))).toBe('90 min');
  });

  it('names unknown symbols that are neither units nor known names', () => {
    expect(() => compileExpression('p96_wait < 2 h', new Set(['p95_wait']))).toThrow("unknown name 'p96_wait'");
  });

  it('turns results back into scenario values', () => {
    expect(fromMathValue(evaluate('r * 3', { r: toMathValue('2.2 /h') }, ['r']))).toBe('6.6 /h');
    expect(fromMathValue(evaluate('n * 8', { n: 4 }, ['n']))).toBe(32);
    expect(fromMathValue(evaluate('0.1 + 0.2'))).toBe(0.3);
    expect(() => fromMathValue(evaluate('1 / 0'))).toThrow(/not a finite number/);
    expect(toMathValue('40 %')).toBe(0.4);
    expect(toMathValue('easy-backfill')).toBe('easy-backfill');
  });
});
