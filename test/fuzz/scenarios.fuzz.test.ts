/**
 * Fuzzing the scenario path (fast-check): generated scenarios that use much of the format, and mutated
 * scenario text, must never raise anything but an InputError, and every run must keep the model's
 * invariants (test/fuzz/fuzz-support.ts). FC_SEED=random explores new cases; the default seed is fixed.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/support/input-error.js';
import type { ResolvedScenario as Scenario } from '../../src/scenario/scenario.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { resultToJson } from '../../src/report/json-result.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { InvariantWatch, resultProblems, scenarioYamlArb } from './fuzz-support.js';
import { propertyRuns } from '../support/property-runs.js';

const counts = { generated: 0, valid: 0, mutated: 0, mutatedValid: 0, numbers: 0, numbersValid: 0 };
afterAll(() => {
  console.log(
    `scenario fuzz: ${counts.generated} generated scenarios (${counts.valid} valid and simulated), ${counts.mutated} texts with random edits (${counts.mutatedValid} still valid, simulated), ` +
      `${counts.numbers} with extreme numbers (${counts.numbersValid} still valid, simulated)`,
  );
});

/** Parses, or returns undefined for an InputError; anything else is a bug and propagates. */
function tryParse(text: string): Scenario | undefined {
  try {
    return parseScenario(text, 'fuzz.yaml');
  } catch (err) {
    if (err instanceof InputError) {
      expect(err.message).not.toMatch(/\bundefined\b|\[object /); // a message that teaches, not a leak of internals
      return undefined;
    }
    throw err;
  }
}

describe('the invariant watch', () => {
  it('notices a double-booked device, a run before its submission and a second completion', () => {
    const scenario = parseScenario(fc.sample(scenarioYamlArb, { numRuns: 1, seed: 1 })[0]!.yaml, 'w.yaml');
    const pool = scenario.sites[0]!.pools[0]!.id;
    const watch = new InvariantWatch(scenario);
    const job = (id: number, submit: number, start: number, devices: number[]) =>
      ({
        id,
        workload: 0,
        pool: 0,
        submit,
        devices: devices.length,
        duration: 10,
        estimate: 10,
        trainingTokens: 0,
        start,
        end: start + 10,
        deviceIds: Int32Array.from(devices),
        completion: -1,
        remaining: 10,
        interruptions: 0,
        computeStart: start,
        transfer: -1,
      }) as const;
    const { onJob } = watch.options;
    onJob!('start', job(0, 0, 0, [0, 1]), pool);
    onJob!('start', job(1, 5, 1, [1, 2]), pool); // device 1 is busy; and it starts before its submission
    onJob!('end', job(0, 0, 0, [0, 1]), pool, 'completed');
    onJob!('start', job(0, 0, 20, [0]), pool); // runs again after completing
    expect(watch.problems.join('\n')).toMatch(/double-booked[\s\S]*before its submission[\s\S]*again after it completed|before its submission[\s\S]*double-booked[\s\S]*again after it completed/);
  });
});

describe('fuzz: generated scenarios', () => {
  it('run without an exception other than InputError, and keep every invariant', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioYamlArb, async ({ yaml, noWarmup }) => {
        counts.generated++;
        const scenario = tryParse(yaml);
        if (!scenario) return;
        counts.valid++;
        const watch = new InvariantWatch(scenario);
        const result = await simulateScenario(scenario, { ...watch.options, maxEvents: 200_000 });
        expect(watch.problems, yaml).toEqual([]);
        expect(resultProblems(result, watch, noWarmup), yaml).toEqual([]);
      }),
      { numRuns: propertyRuns(120) },
    );
    // The generator is meant to produce mostly valid scenarios: otherwise the property proves little.
    expect(counts.valid).toBeGreaterThan(counts.generated * 0.6);
  });
});

describe('fuzz: a run cut into slices (what --max-wall-time and Ctrl-C need)', () => {
  it('gives the same bytes as the run in one go', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioYamlArb, async ({ yaml }) => {
        const scenario = tryParse(yaml);
        if (!scenario) return;
        const whole = resultToJson(await simulateScenario(scenario, { maxEvents: 100_000 }));
        // sliceMs 0: a pause (and a turn of the event loop) at every poll of the engine, every 1,024 events
        const sliced = resultToJson(await simulateScenario(scenario, { maxEvents: 100_000, shouldStop: () => false, sliceMs: 0 }));
        expect(sliced).toBe(whole);
      }),
      { numRuns: propertyRuns(20) },
    );
  });
});

/** One random edit of a text: a character or a YAML-significant token inserted, deleted or replaced. */
const editArb = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  op: fc.constantFrom('insert', 'delete', 'replace'),
  token: fc.constantFrom(':', ' ', '\n', '-', '[', ']', '{', '}', ',', '#', '&a', '*a', '!', '"', "'", '0', '-1', '1e999', '.nan', 'h', ' GB', ' /h', 'x', '\t', '\u0000', '%', '|', '>', '? ', '<<: '),
  length: fc.integer({ min: 1, max: 8 }),
});

function mutate(text: string, edits: readonly { at: number; op: string; token: string; length: number }[]): string {
  let out = text;
  for (const e of edits) {
    const i = Math.floor(e.at * (out.length + 1));
    if (e.op === 'insert') out = out.slice(0, i) + e.token + out.slice(i);
    else if (e.op === 'delete') out = out.slice(0, i) + out.slice(i + e.length);
    else out = out.slice(0, i) + e.token + out.slice(i + e.token.length);
  }
  return out;
}

describe('fuzz: mutated scenario text', () => {
  it('is either rejected with an InputError or still simulates within its invariants', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioYamlArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), async ({ yaml }, edits) => {
        counts.mutated++;
        const parsed = tryParse(mutate(yaml, edits));
        if (!parsed) return;
        counts.mutatedValid++;
        // An edit may legitimately ask for a lot (replications: 10000); bound the work, not the input.
        const scenario = Object.freeze({ ...parsed, replications: Math.min(parsed.replications, 2) });
        const watch = new InvariantWatch(scenario);
        const result = await simulateScenario(scenario, { ...watch.options, maxEvents: 50_000 });
        expect(watch.problems).toEqual([]);
        expect(resultProblems(result, watch, false)).toEqual([]);
      }),
      { numRuns: propertyRuns(120) },
    );
  });

  const extremes = ['0', '-1', '-0', '1e300', '1e-300', '0.5', '9007199254740993', '4294967296', '.inf', '-.inf', '.nan', '1e999', '0x10', '1_000', '007', '""', 'null', '~', 'true', '[]', '{}'];
  it('with its numbers replaced by extreme values is rejected with an InputError or simulates within its invariants', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioYamlArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...extremes)), { minLength: 1, maxLength: 3 }), async ({ yaml }, swaps) => {
        counts.numbers++;
        let text = yaml;
        for (const [n, value] of swaps) {
          const spots = [...text.matchAll(/(?<=[\s:[{,])\d+(\.\d+)?(e[+-]?\d+)?(?=[\s,\]}])/g)];
          const spot = spots[n % Math.max(1, spots.length)];
          if (spot?.index !== undefined) text = text.slice(0, spot.index) + value + text.slice(spot.index + spot[0].length);
        }
        const parsed = tryParse(text);
        if (!parsed) return;
        counts.numbersValid++;
        const scenario = Object.freeze({ ...parsed, replications: Math.min(parsed.replications, 2) });
        const watch = new InvariantWatch(scenario);
        const result = await simulateScenario(scenario, { ...watch.options, maxEvents: 50_000 });
        expect(watch.problems, text).toEqual([]);
        expect(resultProblems(result, watch, false), text).toEqual([]);
      }),
      { numRuns: propertyRuns(120) },
    );
  });
});
