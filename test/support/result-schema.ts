import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validators of the committed result schemas (schema/result.schema.json, schema/sweep-result.schema.json),
 * compiled once per test file by an independent validator (ajv, strict: a malformed schema throws).
 */
// refs stay functions and the generated code unoptimised: compiling the 100-definition result schema then takes a third of the time
const ajv = new Ajv({ allErrors: true, strict: true, inlineRefs: false, code: { optimize: false } });
const compiled = new Map<string, ValidateFunction>();

function validator(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (validate === undefined) {
    validate = ajv.compile(JSON.parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8')) as object);
    compiled.set(file, validate);
  }
  return validate;
}

function problems(validate: ValidateFunction, document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** What schema/result.schema.json finds wrong with a simulation result (a parsed `-o x.json`); empty when it is valid. */
export function resultSchemaProblems(document: unknown): string[] {
  return problems(validator('result.schema.json'), document);
}

/** What schema/sweep-result.schema.json finds wrong with a parsed sweep results file; empty when it is valid. */
export function sweepResultSchemaProblems(document: unknown): string[] {
  return problems(validator('sweep-result.schema.json'), document);
}
