import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declaredIn, resultJsonSchemas } from '../../tools/result-json-schema.js';
import { runCliCaptured } from '../support/cli-in-process.js';

/**
 * schema/result.schema.json and schema/sweep-result.schema.json are generated from the result types
 * (tools/result-json-schema.js). Every bundled scenario's result is validated against the first, and broken
 * results are refused, in test/golden/result-digests.test.ts (which produces those results anyway); the
 * example sweep's file against the second in sweep-digest.test.ts. Here: the shipped files are what the
 * types give today, and the CLI prints them.
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the result JSON Schema', () => {
  it('is what the result types give today (`npm run schema` writes it)', () => {
    const shipped = { result: JSON.parse(read('schema/result.schema.json')) as Record<string, unknown>, sweepResult: JSON.parse(read('schema/sweep-result.schema.json')) as Record<string, unknown> };
    // Rebuilt from the files the shipped schemas name (a tenth of src/; the generator checked that they suffice):
    // a type changed in one of them changes the schema, and one moved elsewhere no longer resolves.
    const sources = [...declaredIn(shipped.result), ...declaredIn(shipped.sweepResult)];
    expect(sources).toContain('src/simulate/simulate.ts');
    let rebuilt: unknown;
    try {
      rebuilt = resultJsonSchemas(sources);
    } catch (err) {
      rebuilt = { stale: String(err) };
    }
    expect(rebuilt, 'schema/result.schema.json or sweep-result.schema.json is out of date: run `npm run schema`').toEqual(shipped);
    expect(shipped.result['$schema']).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('`simulate schema --result` and `--sweep-result` print the shipped files', async () => {
    for (const [flag, file] of [
      ['--result', 'schema/result.schema.json'],
      ['--sweep-result', 'schema/sweep-result.schema.json'],
    ] as const) {
      const out = await runCliCaptured(['schema', flag]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toBe(read(file));
    }
  });
});
