/**
 * The JSON Schemas of a simulation result and of a sweep results file, generated from the result types
 * (result-json-schema.js): from the whole of src/, or from the files `only` names.
 */
export function resultJsonSchemas(only?: readonly string[]): { result: Record<string, unknown>; sweepResult: Record<string, unknown> };

/** The files a generated schema's `$comment` says its types are declared in. */
export function declaredIn(schema: Record<string, unknown>): string[];
