import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { resultToJson } from '../../src/report/json-result.js';
import { BUNDLED_SCENARIOS, TEST_EVENT_BUDGET, shortenedForTests, type BundledScenario } from '../support/bundled-files.js';

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

async function run(bundled: BundledScenario): Promise<{ digest: string; events: number }> {
  const full = loadScenario(join(root, bundled.file));
  const scenario = shortenedForTests(full, bundled);
  const result = await simulateScenario(scenario);
  return {
    digest: createHash('sha256').update(resultToJson(result)).digest('hex'),
    events: result.replications.reduce((sum, r) => sum + r.events, 0),
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
    const { digest, events } = await run(bundled);
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
