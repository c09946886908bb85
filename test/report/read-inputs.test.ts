import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/support/input-error.js';
import { readReportInputs, readResultFile } from '../../src/report/read-result-file.js';
import { buildReport } from '../../src/report/report-model.js';
import { asJson, clusterScenario, run } from './report-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'report-inputs-'));
const a = asJson(run(clusterScenario(6, { replications: 2, horizon: '200 h' })));
const b = asJson(run(clusterScenario(8, { replications: 2, horizon: '200 h' })));

function problems(file: string): string[] {
  try {
    readReportInputs(file);
  } catch (err) {
    if (err instanceof InputError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('reading report inputs', () => {
  it('a saved result is one input; a sweep results file is one input per variant with its parameters', () => {
    const single = join(dir, 'a.json');
    writeFileSync(single, JSON.stringify(a, null, 2));
    expect(readResultFile(single).scenario.name).toBe('cluster-6');
    // compact variant results (sweeps leave the replications out) still make a report
    const compact = (r: typeof a) => ({ ...r, replications: [] });
    const sweep = join(dir, 'sweep.json');
    writeFileSync(
      sweep,
      JSON.stringify(
        {
          schemaVersion: '1.0.0',
          kind: 'sweep-result',
          variants: [
            { index: 0, parameters: { nodes: 6, rate: '2 /h', spot: false }, result: compact(a) },
            { index: 1, parameters: { nodes: 8, rate: '2 /h', spot: true }, result: compact(b) },
          ],
        },
        null,
        2,
      ),
    );
    const inputs = readReportInputs(sweep);
    expect(inputs.map((i) => i.source)).toEqual([`${sweep}#0`, `${sweep}#1`]);
    const model = buildReport(inputs);
    expect(model.entries.map((e) => e.label)).toEqual(['nodes=6, rate=2 /h, spot=false', 'nodes=8, rate=2 /h, spot=true']);
    expect(model.entries.map((e) => e.replications)).toEqual([2, 2]);
    expect(model.parameters).toEqual(['nodes', 'spot']);
    const wait = model.kpis.find((k) => k.id === 'jobs.wait.p95')!;
    expect(wait.cells[1]!.delta!.method).toBe('welch');
  });

  it('problems name the file, line, column and field', () => {
    const bad = join(dir, 'bad-sweep.json');
    writeFileSync(
      bad,
      JSON.stringify(
        {
          kind: 'sweep-result',
          variants: [
            { parameters: {}, result: a },
            { parameters: [], result: { ...a, scenario: { ...a.scenario, seed: 'x' } } },
          ],
        },
        null,
        2,
      ),
    );
    expect(problems(bad)).toEqual([
      expect.stringMatching(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: variants\\[1\\]\\.parameters: missing or not an object$`)),
      expect.stringMatching(/: variants\[1\]\.result\.scenario\.seed: missing or not a number$/),
    ]);
    const notResult = join(dir, 'other.json');
    writeFileSync(notResult, '{\n  "hello": 1\n}\n');
    expect(problems(notResult)).toEqual([`${notResult}: not a simulation result: no schemaVersion (hint: expected a result written by \`simulate scenario.yaml -o FILE\` or a sweep results file)`]);
  });
});
