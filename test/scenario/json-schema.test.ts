import { readFileSync, readdirSync } from 'node:fs';
import { BUNDLED_SCENARIOS, BUNDLED_SWEEPS } from '../support/bundled-files.js';
import { sweepJsonSchema } from '../../src/sweep/sweep-json-schema.js';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { modelCardJsonSchema, profileJsonSchema, scenarioJsonSchema, tokenApiJsonSchema } from '../../src/scenario/json-schema.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

describe('JSON Schema for editors', () => {
  it('committed schema files are current (run `npm run schema` after changing the schema)', () => {
    expect(JSON.parse(read('schema/scenario.schema.json'))).toEqual(scenarioJsonSchema());
    expect(JSON.parse(read('schema/profile.schema.json'))).toEqual(profileJsonSchema());
    expect(JSON.parse(read('schema/model.schema.json'))).toEqual(modelCardJsonSchema());
    expect(JSON.parse(read('schema/token-api.schema.json'))).toEqual(tokenApiJsonSchema());
    expect(JSON.parse(read('schema/sweep.schema.json'))).toEqual(sweepJsonSchema());
  });

  it('is draft-07, the newest draft yaml-language-server reads', () => {
    expect(scenarioJsonSchema()['$schema']).toBe('http://json-schema.org/draft-07/schema#');
  });

  // An independent validator (ajv) must agree with ours on what an editor should flag.
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validateScenario = ajv.compile(scenarioJsonSchema());
  const validateProfile = ajv.compile(profileJsonSchema());

  it('accepts every bundled scenario and fixture', () => {
    const files = [...BUNDLED_SCENARIOS.map((s) => s.file), 'test/fixtures/mmc-inline.yaml'];
    for (const f of files) {
      const ok = validateScenario(parse(read(f)));
      expect(ok ? [] : validateScenario.errors, f).toEqual([]);
    }
  });

  it('accepts every bundled sweep, each of which names the sweep schema for editors, and flags a misspelt sweep field', () => {
    const validateSweep = ajv.compile(sweepJsonSchema());
    expect(BUNDLED_SWEEPS.length).toBeGreaterThan(0);
    for (const { file } of BUNDLED_SWEEPS) {
      const text = read(file);
      expect(text.split('\n')[0], file).toBe('# yaml-language-server: $schema=../../schema/sweep.schema.json');
      const ok = validateSweep(parse(text));
      expect(ok ? [] : validateSweep.errors, file).toEqual([]);
    }
    expect(validateSweep({ base: 'x.yaml', paramaters: {} })).toBe(false);
  });

  it('accepts every model card', () => {
    const validateCard = ajv.compile(modelCardJsonSchema());
    const files = readdirSync(new URL('models/', root)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const ok = validateCard(parse(read(`models/${f}`)));
      expect(ok ? [] : validateCard.errors, f).toEqual([]);
    }
  });

  it('accepts every managed-API offering', () => {
    const validateOffering = ajv.compile(tokenApiJsonSchema());
    const files = readdirSync(new URL('token-apis/', root)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const ok = validateOffering(parse(read(`token-apis/${f}`)));
      expect(ok ? [] : validateOffering.errors, f).toEqual([]);
    }
  });

  it('accepts every catalog profile', () => {
    const files = readdirSync(new URL('hardware-profiles/', root)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const ok = validateProfile(parse(read(`hardware-profiles/${f}`)));
      expect(ok ? [] : validateProfile.errors, f).toEqual([]);
    }
  });

  it('flags a misspelt field and a wrong type, as our loader does', () => {
    const s = parse(read('test/fixtures/mmc-inline.yaml')) as Record<string, unknown>;
    expect(validateScenario({ ...s, horizn: '1 h' })).toBe(false);
    expect(validateScenario({ ...s, replications: 'three' })).toBe(false);
  });

  it('carries hover text for the fields users write most', () => {
    const props = scenarioJsonSchema()['properties'] as Record<string, { description?: string }>;
    for (const key of ['horizon', 'warmup', 'seed', 'replications', 'sites', 'workloads']) {
      expect(props[key]?.description, key).toMatch(/\w+/);
    }
  });
});
