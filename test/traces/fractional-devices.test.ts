/**
 * A trace row asking for more than one device but not a whole number (1.5 GPUs) could never be placed:
 * it used to be rejected by the scheduler and counted nowhere in the trace summary. It is replayed
 * with its last device whole, warned about where it is, and counted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectTrace, readJobTrace, type TraceIssue } from '../../src/traces/index.js';
import { collect } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'fractional-devices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('fractional device counts above one', () => {
  it('CSV: 1.5 GPUs are replayed as 2, a 0.5 share stays a share, and trace inspect counts the warning', async () => {
    const csv = file('jobs.csv', 'job,submit,gpus,runtime\na,0,1,60\nb,10,1.5,60\nc,20,0.5,60\n');
    const spec = { format: 'csv' as const, columns: { id: 'job', submit: 'submit', devices: 'gpus', runtime: 'runtime' } };
    const issues: TraceIssue[] = [];
    const jobs = await collect(readJobTrace(csv, { ...spec, onIssue: (i) => void issues.push(i) }));
    expect(jobs.map((j) => j.devices)).toEqual([1, 2, 0.5]);
    expect(issues).toEqual([expect.objectContaining({ line: 3, col: 6, reason: 'fractional-devices', severity: 'warning', field: 'gpus' })]);
    const inspection = await inspectTrace(csv, spec);
    expect(inspection.issues).toEqual([{ reason: 'fractional-devices', severity: 'warning', count: 1 }]);
    expect(inspection.rowsKept).toBe(3);
  });

  it('PAI: three instances of half a GPU ask for 1.5 GPUs in all; 3 × 1/3 GPU is 1 GPU, not 2', async () => {
    const pai = file('pai.csv', 'j1,worker,3,Terminated,0,100,600,29.3,50,V100\nj2,worker,3,Terminated,5,100,600,29.3,33.333333333333336,V100\n');
    const issues: TraceIssue[] = [];
    const jobs = await collect(readJobTrace(pai, { format: 'pai-2020', onIssue: (i) => void issues.push(i) }));
    expect(jobs.map((j) => j.devices)).toEqual([2, 1]);
    expect(issues.map((i) => [i.line, i.reason])).toEqual([[1, 'fractional-devices']]);
  });

  it('strict: the row is refused, naming the field', async () => {
    const swf = file('jobs.swf', '1 0 -1 60 1.5 -1 -1 1 120 -1 1 1 1 -1 1 -1 -1 -1\n');
    await expect(collect(readJobTrace(swf, { format: 'swf', strict: true }))).rejects.toThrow(/jobs\.swf:1:\d+: field 5 \(allocated processors\): asks for 1\.5 devices, which no node can give/);
  });
});
