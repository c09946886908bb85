import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, root, simulate, simulateInProcess, tmp } from '../sweep/support.js';
import { sweepResultSchemaProblems } from '../support/result-schema.js';

/**
 * The example sweep's merged result, pinned like the bundled scenarios' results
 * (result-digests.json): one worker, two workers, and three shards merged must all give the pinned
 * bytes. The two-worker run is the built CLI in its own process (npm test builds first); the others go
 * through the same command line in this process. Refresh with UPDATE_GOLDEN=1 when a change is meant.
 */
const pinned = join(root, 'test/golden/result-digests.json');
const SWEEP = 'scenarios/sweeps/h100-fleet-size.yaml';
const KEY = `sweep:${SWEEP} --replications 1`;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** schema/sweep-result.schema.json (generated from SweepResultFile) accepts the file, and refuses it without a required section. */
function expectSweepSchemaHolds(file: string): void {
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  expect(sweepResultSchemaProblems(document)).toEqual([]);
  delete document['digests'];
  expect(sweepResultSchemaProblems(document).join('\n')).toMatch(/required property 'digests'/);
}

describe.skipIf(!built)('golden digest of the example sweep across worker counts and shard layouts', () => {
  it('workers 1, workers 2 and 3 merged shards give the pinned sweep.json', async () => {
    const layouts: string[] = [];
    for (const workers of ['1', '2']) {
      const out = tmp();
      const argv = ['sweep', SWEEP, '--replications', '1', '--workers', workers, '-o', out, '-q'];
      const r = workers === '2' ? simulate(argv) : await simulateInProcess(argv);
      expect(r.code, r.stderr).toBe(0);
      layouts.push(sha(join(out, 'sweep.json')));
      if (workers === '1') expectSweepSchemaHolds(join(out, 'sweep.json'));
    }
    const shards = tmp();
    for (const i of [1, 2, 3]) {
      const r = await simulateInProcess(['sweep', SWEEP, '--replications', '1', '--workers', '1', '--shard', `${i}/3`, '-o', shards, '-q']);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = join(shards, 'merged.json');
    const m = await simulateInProcess(['merge', ...[1, 2, 3].map((i) => join(shards, `shard-${i}-of-3.json`)), '-o', merged, '-q']);
    expect(m.code, m.stderr).toBe(0);
    layouts.push(sha(merged));
    expect(new Set(layouts).size).toBe(1);
    const digests = existsSync(pinned) ? (JSON.parse(readFileSync(pinned, 'utf8')) as Record<string, string>) : {};
    if (process.env['UPDATE_GOLDEN']) {
      digests[KEY] = layouts[0]!;
      writeFileSync(pinned, `${JSON.stringify(Object.fromEntries(Object.entries(digests).sort()), null, 2)}\n`);
      return;
    }
    expect(layouts[0], `${KEY}: bytes changed — if intended, refresh with UPDATE_GOLDEN=1 and explain why in the commit`).toBe(digests[KEY]);
  }, 120_000);
});
