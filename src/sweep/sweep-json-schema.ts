import { toJsonSchema } from '../scenario/json-schema.js';
import { sweepSchema } from './sweep-schema.js';

/** The sweep file's JSON Schema for editors (`simulate schema --sweep`, schema/sweep.schema.json). */
export function sweepJsonSchema(): Record<string, unknown> {
  return toJsonSchema(sweepSchema, 'ai-infra-sim sweep');
}
