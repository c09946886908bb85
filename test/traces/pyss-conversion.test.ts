import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { pyssJob } from '../../src/simulate/pyss-conversion.js';
import { simulateScenario } from '../../src/simulate/simulate.js';

// pyss (base/prototype.py, _job_input_to_job): estimate = max(requested, run, 1),
// run = max(min(requested, run), 1), processors = allocated capped at the machine; run ≤ 0 → 1 s job.
describe('pyss job conversion of SWF rows', () => {
  it('keeps a row whose run is within its request', () => {
    const row = { submit: 5, devices: 4, runtime: 300, requestedTime: 600 };
    expect(pyssJob(row, 100)).toEqual({ row, changed: [] });
  });

  it('a job outliving its request is cut at the request, and its estimate becomes its recorded run', () => {
    expect(pyssJob({ submit: 0, devices: 2, runtime: 700, requestedTime: 600 }, 100)).toEqual({
      row: { submit: 0, devices: 2, runtime: 600, requestedTime: 700 },
      changed: ['pyss-runtime-changed', 'pyss-estimate-changed'],
    });
  });

  it('no requested time (-1): pyss runs the job 1 s, with its recorded run as the estimate', () => {
    expect(pyssJob({ submit: 0, devices: 1, runtime: 50 }, 100).row).toEqual({ submit: 0, devices: 1, runtime: 1, requestedTime: 50 });
  });

  it('a zero run time becomes a 1 s job with a 1 s estimate, submitted no earlier than 1 s', () => {
    expect(pyssJob({ submit: 0, devices: 3, runtime: 0, requestedTime: 900 }, 100)).toEqual({
      row: { submit: 1, devices: 3, runtime: 1, requestedTime: 1 },
      changed: ['pyss-empty-run'],
    });
  });

  it('truncates fractional seconds and caps processors at the machine', () => {
    expect(pyssJob({ submit: 0, devices: 128, runtime: 10.9, requestedTime: 20.5 }, 100)).toEqual({
      row: { submit: 0, devices: 100, runtime: 10, requestedTime: 20 },
      changed: ['pyss-processors-capped', 'pyss-runtime-changed', 'pyss-estimate-changed'],
    });
  });
});

describe('pyss conversion in a replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pyss-conversion-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'rows.swf');
  // job 1: runs 700 s of a 600 s request; job 2: 8 processors on a 4-processor machine; job 3: no request
  writeFileSync(file, ['1 0 -1 700 2 -1 -1 2 600 -1 1 1 1 -1 -1 -1 -1 -1', '2 0 -1 100 8 -1 -1 8 200 -1 1 1 1 -1 -1 -1 -1 -1', '3 0 -1 40 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1', ''].join('\n'));
  const text = (order: string) => `
name: conversion
horizon: 1 h
scheduler: { kind: fcfs, same_time_order: ${order} }
costs: none
profiles:
  cpu1: { id: cpu1, kind: cpu, name: one processor, vendor: test, peak: { fp64: 1 GFLOPS } }
  node1: { id: node1, kind: node, name: one-processor node, vendor: test, cpus: { profile: cpu1, count: 1 } }
reference: { device: cpu1, precision: fp64 }
sites:
  site: { nodes: { type: node1, count: 4 } }
workloads:
  - name: trace
    kind: trace
    trace: { file: '${file}', format: swf }
    precision: fp64
    estimates: trace
`;

  it('pyss mode replays the converted jobs and counts what it changed; the default keeps the rows and resolves as before', async () => {
    const spans: Record<number, [number, number, number]> = {};
    const onJob = (event: 'start' | 'end', job: { id: number; start: number; end: number; devices: number }) => {
      if (event === 'end') spans[job.id] = [job.start, job.end, job.devices];
    };
    const pyss = await simulateScenario(parseScenario(text('pyss')), { onJob });
    // FCFS on 4 processors: job 1 (2p) runs 0–600, job 2 (capped to 4p) waits for it: 600–700,
    // job 3 (1 s, since it has no request) waits behind job 2: 700–701.
    expect(spans).toEqual({ 0: [0, 600, 2], 1: [600, 700, 4], 2: [700, 701, 1] });
    expect(pyss.traces['trace']!.adjusted).toEqual([
      { reason: 'pyss-runtime-changed', count: 2 },
      { reason: 'pyss-estimate-changed', count: 2 },
      { reason: 'pyss-processors-capped', count: 1 },
    ]);
    expect(pyss.scenario.scheduler).toMatchObject({ kind: 'fcfs', sameTimeOrder: 'pyss' });

    const today = await simulateScenario(parseScenario(text('complete-admit-pass')));
    // job 2 asks for more processors than the pool has: rejected, not capped
    expect(today.replications[0]!.jobs.completed).toBe(2);
    expect(today.traces['trace']!.adjusted).toBeUndefined();
    expect(today.scenario.scheduler).toEqual({ kind: 'fcfs', estimateFactor: 1 });
  });
});
