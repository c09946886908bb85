import { z } from 'zod';
import { modelCardSchema } from './model-card-schema.js';
import { profileSchema } from './profile-schema.js';
import { scenarioSchema } from './scenario-schema.js';
import { tokenApiSchema } from './token-api-schema.js';

/**
 * JSON Schema (draft-07, what yaml-language-server reads) of the *input* side of our schemas:
 * what a user may write, with the descriptions editors show on hover.
 */
/** A zod schema as draft-07 JSON Schema (what yaml-language-server reads), titled. */
export function toJsonSchema(schema: z.ZodType, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, title };
}

export function scenarioJsonSchema(): Record<string, unknown> {
  return toJsonSchema(scenarioSchema, 'ai-infra-sim scenario');
}

export function profileJsonSchema(): Record<string, unknown> {
  return toJsonSchema(profileSchema, 'ai-infra-sim hardware profile');
}

export function modelCardJsonSchema(): Record<string, unknown> {
  return toJsonSchema(modelCardSchema, 'ai-infra-sim model card');
}

export function tokenApiJsonSchema(): Record<string, unknown> {
  return toJsonSchema(tokenApiSchema, 'ai-infra-sim managed-API offering');
}
