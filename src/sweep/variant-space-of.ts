import type { SweepDefinition } from './load-sweep.js';
import { generatorSource, isParamValue, listSource, type ParamValue } from './parameter-values.js';
import { compileExpression } from './restricted-math.js';
import { VariantSpace, type Parameter } from './variant-space.js';

/**
 * The variant space a results file's sweep definition describes, rebuilt from the recorded parameters
 * (`[8, 16]`, `range(8, 128, 8)`, an expression) and sampling alone: what `merge` checks each
 * variant's parameters against. Paths are left out (no scenario is patched).
 * @throws Error (ExpressionError, SyntaxError) when a recorded parameter cannot be read back.
 */
export function variantSpaceOf(definition: Pick<SweepDefinition, 'parameters' | 'sampling'>): VariantSpace {
  const names = new Set(definition.parameters.map((p) => p.name));
  const parameters: Parameter[] = definition.parameters.map((p) => {
    if (p.kind === 'expr') return { name: p.name, path: undefined, kind: 'expr', expr: compileExpression(p.spec, new Set([...names].filter((n) => n !== p.name))) };
    const source = p.spec.trimStart().startsWith('[') ? listSource(recordedList(p.name, p.spec)) : generatorSource(p.spec);
    if (source === undefined) throw new Error(`parameter '${p.name}': '${p.spec}' is neither a list nor a generator`);
    return { name: p.name, path: undefined, kind: 'values', source };
  });
  // expressions, dependencies first
  const exprs = parameters.filter((p): p is Extract<Parameter, { kind: 'expr' }> => p.kind === 'expr');
  const order: Extract<Parameter, { kind: 'expr' }>[] = [];
  const visiting = new Set<string>();
  const visit = (p: Extract<Parameter, { kind: 'expr' }>): void => {
    if (order.includes(p)) return;
    if (visiting.has(p.name)) throw new Error(`parameter '${p.name}': the expressions depend on each other in a cycle`);
    visiting.add(p.name);
    for (const dep of p.expr.names) {
      const q = exprs.find((e) => e.name === dep);
      if (q) visit(q);
    }
    order.push(p);
  };
  exprs.forEach(visit);
  return new VariantSpace(parameters, definition.sampling, order);
}

/** A list parameter as recorded (its JSON). @throws SyntaxError when it is not JSON, Error when not a list. */
function recordedList(name: string, spec: string): ParamValue[] {
  const list: unknown = JSON.parse(spec);
  if (!Array.isArray(list) || !list.every(isParamValue)) throw new Error(`parameter '${name}': '${spec}' is not a list of values`);
  return list;
}
