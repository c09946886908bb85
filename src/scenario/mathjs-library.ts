import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';

/**
 * The mathjs library, loaded from the single-file bundle that the package ships (and exports as
 * `mathjs/lib/browser/math.js`) instead of its ES module tree. Same version, same code; the tree is
 * several hundred modules and costs Node 1.1-1.4 s of start-up on every command, the bundle about
 * 60 ms (measured on Node 20 here). Every `simulate` invocation, `--version` included, paid that.
 * Only the types come from the module entry point.
 */
const defaultInstance = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
/** The bundle exports mathjs's default instance, whose `create` is `create` bound to every factory: its one argument is the config. */
const createInstance = defaultInstance.create as unknown as (config?: Record<string, unknown>) => MathJsInstance;

/**
 * A new mathjs instance with every function and the units scenario text uses beyond mathjs's own:
 * USD, FLOP, FLOPS and OPS. Integer operations are counted on the same axis as floating-point ones: a
 * device's int8 peak (TOPS) and its bf16 peak (TFLOPS) are both "operations per second" of the
 * precision a job runs at.
 */
export function createMathWithUnits(): MathJsInstance {
  const math = createInstance({});
  math.createUnit('USD', { aliases: ['usd', 'dollar', 'dollars'] });
  math.createUnit('FLOP', { prefixes: 'short', aliases: ['flop', 'FLOPs'] });
  math.createUnit('FLOPS', { definition: '1 FLOP/s', prefixes: 'short' });
  math.createUnit('OPS', { definition: '1 FLOP/s', prefixes: 'short', aliases: ['OP/s'] });
  return math;
}
