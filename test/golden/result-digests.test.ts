import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { resultToJson } from '../../src/report/json-result.js';
import { BUNDLED_SCENARIOS, TEST_EVENT_BUDGET, shortenedForTests, type BundledScenario } from '../support/bundled-files.js';
import { resultSchemaProblems } from '../support/result-schema.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { scenarioYaml } from '../support/scenario-yaml.js';

/**
 * Golden digests: the SHA-256 of the JSON result of every bundled scenario, pinned in
 * result-digests.json. Same scenario, seed and tool ⇒ same bytes, on any machine; a change in the
 * model, the defaults or the result format changes a digest, and the commit that changes it must say
 * why. Refresh with `UPDATE_GOLDEN=1 npx vitest run test/golden` after checking the change is meant.
 * The scenarios come from the fixed list in test/support/bundled-files.ts (never a listing of
 * scenarios/); one with a `testHorizon` is pinned at that shorter horizon (and its `testWarmup`, `testReplications`).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const pinned = join(root, 'test/golden/result-digests.json');

type Json = Record<string, unknown>;

/** Each bundled scenario's result as a reader parses it, kept for the schema checks below. */
const produced = new Map<string, Json>();

async function run(bundled: BundledScenario): Promise<{ digest: string; events: number; schemaProblems: string[] }> {
  const full = loadScenario(join(root, bundled.file));
  const scenario = shortenedForTests(full, bundled);
  const result = await simulateScenario(scenario);
  const json = resultToJson(result);
  const document = JSON.parse(json) as Json;
  produced.set(bundled.file, document);
  return {
    digest: createHash('sha256').update(json).digest('hex'),
    events: result.replications.reduce((sum, r) => sum + r.events, 0),
    // every bundled scenario kind (batch, trace, training, serving of each sort, TCO) is one result the schema must accept
    schemaProblems: resultSchemaProblems(document),
  };
}

describe('golden result digests of the bundled scenarios', () => {
  const expected = existsSync(pinned) ? (JSON.parse(readFileSync(pinned, 'utf8')) as Record<string, string>) : {};

  it('every bundled scenario has a pinned digest', () => {
    if (process.env['UPDATE_GOLDEN']) return;
    expect(
      Object.keys(expected)
        .filter((k) => !k.startsWith('sweep:'))
        .sort(),
    ).toEqual(BUNDLED_SCENARIOS.map((s) => s.file).sort());
  });

  it.each(BUNDLED_SCENARIOS.map((s) => [s.file, s] as const))('%s gives the pinned bytes', async (file, bundled) => {
    const { digest, events, schemaProblems } = await run(bundled);
    expect(schemaProblems, `${file}: the result does not match schema/result.schema.json`).toEqual([]);
    // A long bundled scenario must not slow the suite: give it a testHorizon in bundled-files.ts.
    expect(events, `${file}: ${events} events in a test; give it a testHorizon`).toBeLessThanOrEqual(TEST_EVENT_BUDGET);
    if (process.env['UPDATE_GOLDEN']) {
      const now = existsSync(pinned) ? (JSON.parse(readFileSync(pinned, 'utf8')) as Record<string, string>) : {};
      now[file] = digest;
      writeFileSync(pinned, `${JSON.stringify(Object.fromEntries(Object.entries(now).sort()), null, 2)}\n`);
      return;
    }
    expect(digest, `${file}: result bytes changed — if intended, refresh with UPDATE_GOLDEN=1 and explain why in the commit`).toBe(expected[file]);
  });
});

/**
 * schema/result.schema.json (generated from the result types, test/report/result-json-schema.test.ts) accepts
 * every result above; here it must also accept what no bundled scenario writes, and be strict enough to refuse
 * a result with a field missing, renamed or of the wrong type.
 */
describe('the result schema', () => {
  const at = (doc: Json, path: readonly (string | number)[]): Json => path.reduce<Json>((node, key) => node[key] as Json, doc);
  const SAMPLE = BUNDLED_SCENARIOS[0]!;
  /** A bundled result the digests above produced (run again when a filter skipped it). */
  async function sample(): Promise<Json> {
    if (!produced.has(SAMPLE.file)) await run(SAMPLE);
    return structuredClone(produced.get(SAMPLE.file)!);
  }

  it('accepts a result of failing devices without checkpoints, whose Infinity interval JSON writes as null', () => {
    const yaml = scenarioYaml({
      horizon: '200 h',
      warmup: '10 h',
      replications: 2,
      pools: [{ devices: 4 }],
      workloads: [{ name: 'jobs', arrivals: '{ rate: 2 /h }', devices: '{ kind: empirical, values: [1, 2] }', referenceTime: '{ kind: exponential, mean: 1 h }' }],
    });
    const doc = JSON.parse(resultToJson(simulate(parseScenario(`${yaml}failures: { mtbf: 500 h }\n`, 'failing.yaml')))) as Json;
    expect(at(doc, ['scenario', 'failures'])['checkpointInterval']).toBeNull();
    expect(at(doc, ['replications', 0, 'jobs'])['failures']).toBeGreaterThan(0);
    expect(resultSchemaProblems(doc)).toEqual([]);
  });

  // Each change is one a reader would trip on: a required field gone, a misspelt or renamed key, a wrong type or kind.
  const breakages: [string, (d: Json) => void, RegExp][] = [
    ['a required top-level field removed', (d) => delete d['complete'], /must have required property 'complete'/],
    ['schemaVersion renamed', (d) => ((d['schema_version'] = d['schemaVersion']), delete d['schemaVersion']), /required property 'schemaVersion'/],
    [
      'a replication figure renamed',
      (d) => ((at(d, ['replications', 0, 'jobs'])['waits'] = at(d, ['replications', 0, 'jobs'])['wait']), delete at(d, ['replications', 0, 'jobs'])['wait']),
      /replications\/0\/jobs .*'wait'/,
    ],
    ['a percentile missing from a summarised sample', (d) => delete at(d, ['summary', 'jobs', 'wait'])['p95'], /summary\/jobs\/wait .*'p95'/],
    ['an estimate without its interval', (d) => delete at(d, ['summary', 'jobs', 'completed'])['half_width'], /summary\/jobs\/completed .*'half_width'/],
    [
      'a misspelt pool field',
      (d) => ((Object.values(at(d, ['replications', 0, 'pools']))[0] as Json)['utilization'] = 0.5),
      /replications\/0\/pools\/.* must NOT have additional properties .*utilization/,
    ],
    ['a misspelt cost field', (d) => (at(d, ['replications', 0, 'cost'])['totl'] = 1), /cost must NOT have additional properties/],
    ['a workload of an unknown kind', (d) => (at(d, ['scenario', 'workloads', 0])['kind'] = 'batchh'), /workloads\/0\/kind/],
    ['a number written as text', (d) => (at(d, ['scenario'])['horizon'] = '200 h'), /scenario\/horizon must be number/],
  ];
  it.each(breakages)('refuses a result with %s', async (_what, breakIt, problem) => {
    const doc = await sample();
    expect(resultSchemaProblems(doc)).toEqual([]);
    breakIt(doc);
    expect(resultSchemaProblems(doc).join('\n')).toMatch(problem);
  });
});
