import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';

/**
 * The mathjs library, loaded from the single-file bundle that the package ships (and exports as
 * `mathjs/lib/browser/math.js`) instead of its ES module tree. Same version, same code; the tree is
 * several hundred modules and costs Node 1.1-1.4 s of start-up on every command, the bundle about
 * 60 ms (measured on Node 20 here). Only the types come from the module entry point.
 *
 * Loaded on first use, not at import: `simulate --version`, `--help` and the report commands never
 * parse a quantity, and plain quantities ("80 GB") are read without it (plain-quantity.ts). Built once per process and shared by the scenario layer (units.ts) and the sweep
 * expressions (sweep/restricted-math.ts): each instance resolves its functions lazily on first call,
 * and two instances paid that (≈ 0.1 s of CPU each) twice.
 */
let shared: MathJsInstance | undefined;

/** Functions that alter the instance or parse and run new text, replaced by functions that throw (mathjs's security notes). */
const LOCKED_FUNCTIONS = ['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore', 'derivative', 'resolve', 'rationalize', 'symbolicEqual', 'leafCount'];

/** What the bundle exports: mathjs's default instance, whose `create` takes the config as its one argument. */
interface MathBundle {
  create(config: Record<string, never>): MathJsInstance;
}

/**
 * The process's one mathjs instance, with the units scenario text uses beyond mathjs's own (USD, FLOP,
 * FLOPS and OPS) and with `import`, `createUnit`, `evaluate`, `parse`, `compile`, `simplify`, … locked:
 * they throw, so no user text can redefine a unit or a function for the rest of the process. Callers
 * that parse expressions bind `parse` through `parseExpression` below, taken before the lock.
 *
 * Integer operations are counted on the same axis as floating-point ones: a device's int8 peak (TOPS)
 * and its bf16 peak (TFLOPS) are both "operations per second" of the precision a job runs at.
 */
export function sharedMath(): MathJsInstance {
  shared ??= buildMath();
  return shared;
}

let parseBeforeLock: ((text: string) => MathNode) | undefined;

/** mathjs's expression parser of the shared instance (the instance's own `parse` is locked). */
export function parseExpression(text: string): MathNode {
  sharedMath();
  if (parseBeforeLock === undefined) throw new Error('mathjs parser missing after the instance was built');
  return parseBeforeLock(text);
}

function buildMath(): MathJsInstance {
  const bundle = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathBundle;
  const math = bundle.create({});
  math.createUnit('USD', { aliases: ['usd', 'dollar', 'dollars'] });
  math.createUnit('FLOP', { prefixes: 'short', aliases: ['flop', 'FLOPs'] });
  math.createUnit('FLOPS', { definition: '1 FLOP/s', prefixes: 'short' });
  math.createUnit('OPS', { definition: '1 FLOP/s', prefixes: 'short', aliases: ['OP/s'] });
  const parse = math.parse.bind(math);
  parseBeforeLock = (text) => parse(text);
  const locked = (name: string) => () => {
    throw new Error(`${name} is disabled in expressions`);
  };
  math.import(Object.fromEntries(LOCKED_FUNCTIONS.map((n) => [n, locked(n)])), { override: true });
  return math;
}
