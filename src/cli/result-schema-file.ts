import { readFileSync } from 'node:fs';

/**
 * The JSON Schema of what the simulator writes, as shipped in schema/. These two are generated from the
 * result types themselves (tools/result-json-schema.js reads them with the TypeScript compiler, which an
 * installed tool does not carry), by `npm run schema`; a test keeps the shipped files equal to the types.
 */
export function shippedResultSchema(kind: 'result' | 'sweep-result'): string {
  return readFileSync(new URL(`../../schema/${kind}.schema.json`, import.meta.url), 'utf8');
}
