import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { swfReplayYaml } from '../support/scenario-yaml.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { resultToJson } from '../../src/report/json-result.js';

/**
 * Same inputs, same bytes — wherever the checkout lives. The golden digests are computed in CI on
 * another machine, in another folder: a result must not record where the scenario or its traces sit
 * on this disk, only the paths the scenario wrote.
 */
const swf = fileURLToPath(new URL('../fixtures/traces/easy-hand-worked.swf', import.meta.url));

const scenario = swfReplayYaml('../traces/jobs.swf');

/** The scenario and its trace laid out under a fresh folder `depth` levels deep. */
function layOut(depth: number): { dir: string; file: string } {
  let dir = mkdtempSync(join(tmpdir(), 'simulate-where-'));
  for (let i = 0; i < depth; i++) dir = join(dir, `level-${i}`);
  mkdirSync(join(dir, 'traces'), { recursive: true });
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  copyFileSync(swf, join(dir, 'traces/jobs.swf'));
  const file = join(dir, 'scenarios/replay.yaml');
  writeFileSync(file, scenario);
  return { dir, file };
}

describe('results do not depend on where the files live', () => {
  it('the same scenario and trace in two folders give the same bytes, naming neither folder', async () => {
    const a = layOut(0);
    const b = layOut(3);
    const [ja, jb] = await Promise.all([a, b].map(async ({ file }) => resultToJson(await simulateScenario(loadScenario(file)))));
    expect(ja).toBe(jb);
    expect(ja).not.toContain(a.dir);
    const parsed = JSON.parse(ja!) as { traces: Record<string, { file: string; rowsReplayed: number }>; scenario: { workloads: { trace: { file: string } }[] } };
    // The path as the scenario wrote it, in both places the result names the trace.
    expect(parsed.traces['trace']!.file).toBe('../traces/jobs.swf');
    expect(parsed.scenario.workloads[0]!.trace.file).toBe('../traces/jobs.swf');
    expect(parsed.traces['trace']!.rowsReplayed).toBeGreaterThan(0);
  });
});
