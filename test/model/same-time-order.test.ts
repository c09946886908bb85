import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';

/**
 * `scheduler.same_time_order`: today's order (completions, then arrivals, then one pass per instant)
 * against the pyss simulator's (arrivals first, a pass after every arrival and every termination,
 * terminations in start order, a job ending at its estimate already free). Expectations are worked
 * by hand from pyss's event loop and EASY scheduler, and the KTH figures are pyss's own.
 */

const dir = mkdtempSync(join(tmpdir(), 'same-time-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An SWF file of [submit, run, processors, requested time] rows (job numbers 1, 2, … in order). */
function swf(name: string, rows: readonly (readonly [number, number, number, number])[]): string {
  const file = join(dir, `${name}.swf`);
  const line = ([submit, run, procs, requested]: readonly number[], i: number) => `${i + 1} ${submit} -1 ${run} ${procs} -1 -1 ${procs} ${requested} -1 1 1 1 -1 -1 -1 -1 -1`;
  writeFileSync(file, `; MaxProcs: 4\n${rows.map(line).join('\n')}\n`);
  return file;
}

function scenario(file: string, procs: number, scheduler: string, order: string | undefined, horizon: string): string {
  return `
name: same-time-order
horizon: ${horizon}
scheduler: { kind: ${scheduler}${order ? `, same_time_order: ${order}` : ''} }
costs: none
profiles:
  cpu1: { id: cpu1, kind: cpu, name: one processor, vendor: test, peak: { fp64: 1 GFLOPS } }
  node1: { id: node1, kind: node, name: one-processor node, vendor: test, cpus: { profile: cpu1, count: 1 } }
reference: { device: cpu1, precision: fp64 }
sites:
  site: { nodes: { type: node1, count: ${procs} } }
workloads:
  - name: trace
    kind: trace
    trace: { file: '${file}', format: swf }
    precision: fp64
    estimates: trace
`;
}

/** Start time of every job, in trace order (job ids are given in submission order). */
async function starts(file: string, scheduler: string, order?: string, procs = 4): Promise<number[]> {
  const out: number[] = [];
  await simulateScenario(parseScenario(scenario(file, procs, scheduler, order, '1000 s')), {
    onJob: (event, job) => void (event === 'start' && (out[job.id] = job.start)),
  });
  return out;
}

describe('same-instant order: hand-worked EASY cases on 4 processors', () => {
  it('a job ending before its estimate holds its processors while a same-instant arrival is scheduled', async () => {
    // J1 (2p, runs 10, estimate 20) starts at 0. J2 (4p) waits from 1: shadow 20 (J1's estimate), no extra.
    // J3 (2p, 5 s) arrives at 10, the instant J1 ends.
    // Default: J1 completes first (4 free) → the pass starts the head J2 at 10; J3 waits for J2's end at 20.
    // pyss: J3's submission comes first: 2 free, J2 blocked, J3 ends at 15 ≤ shadow 20 → backfilled at 10;
    // J1's termination then frees 2, not the 4 J2 needs; J2 starts when J3 ends, at 15.
    const file = swf('early-end', [
      [0, 10, 2, 20],
      [1, 10, 4, 10],
      [10, 5, 2, 5],
    ]);
    expect(await starts(file, 'easy-backfill')).toEqual([0, 10, 20]);
    expect(await starts(file, 'easy-backfill', 'complete-admit-pass')).toEqual([0, 10, 20]);
    expect(await starts(file, 'easy-backfill', 'pyss')).toEqual([0, 15, 10]);
  });

  it('pyss: a job ending exactly at its estimate is already free to that instant’s arrivals', async () => {
    // J1 (2p, runs 10, estimate 100) and J2 (2p, runs 10 = its estimate) start at 0, J1 first.
    // J3 (4p) waits from 1. J4 (2p, 5 s) arrives at 10, when both end.
    // pyss books J2 until 10 only, so J4's submission sees J2's 2 processors free (J1's are not):
    // J3 blocked, shadow = J1's estimate 100 → J4 backfilled at 10; J3 starts when J4 ends, at 15.
    // (Were J2 freed only at its termination, J4 would find 0 free, then J1's and J2's terminations
    // would start J3 at 10 — today's result.)
    const file = swf('at-estimate', [
      [0, 10, 2, 100],
      [0, 10, 2, 10],
      [1, 10, 4, 10],
      [10, 5, 2, 5],
    ]);
    expect(await starts(file, 'easy-backfill')).toEqual([0, 0, 10, 20]);
    expect(await starts(file, 'easy-backfill', 'pyss')).toEqual([0, 0, 15, 10]);
  });

  it('pyss: same-instant terminations are handled one by one, in start order, each with its pass', async () => {
    // Jobs A (estimate 50) and B (estimate 100), 2p each, both start at 0 and end at 10. H (3p) waits
    // from 1; D (2p, runs 10, estimate 70) from 2.
    // A terminates first: 2 free, H blocked, shadow = B's estimate 100, D ends by 80 ≤ 100 → D backfills
    // at 10; B's termination frees 2, H still needs 3 → H starts when D ends, at 20.
    const aFirst = swf('a-first', [
      [0, 10, 2, 50],
      [0, 10, 2, 100],
      [1, 10, 3, 10],
      [2, 10, 2, 70],
    ]);
    expect(await starts(aFirst, 'easy-backfill', 'pyss')).toEqual([0, 0, 20, 10]);
    // B first: shadow = A's estimate 50, extra 1; D would end at 80 > 50 with 2 > 1 → refused; A's
    // termination frees 4 → H starts at 10, D at 20 when H ends. Today's single pass sees 4 free at once.
    const bFirst = swf('b-first', [
      [0, 10, 2, 100],
      [0, 10, 2, 50],
      [1, 10, 3, 10],
      [2, 10, 2, 70],
    ]);
    expect(await starts(bFirst, 'easy-backfill', 'pyss')).toEqual([0, 0, 10, 20]);
    expect(await starts(aFirst, 'easy-backfill')).toEqual([0, 0, 10, 20]);
  });

  it('FCFS start times do not depend on the order (property: random traces with many ties)', async () => {
    // FCFS starts the longest prefix of the queue that fits; whether a same-instant arrival is
    // appended before or after the terminations, the prefix at the end of the instant is the same.
    const job = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(job, { minLength: 1, maxLength: 12 }), async (jobs) => {
        // sorted submissions, runs 1–4 s, estimates run + 0–3 s: ends and arrivals collide often
        const rows = jobs.map(([s, run, procs, over]) => [s, run, procs, run + over] as const).sort((a, b) => a[0] - b[0]);
        const file = swf(`fcfs-${n++}`, rows);
        expect(await starts(file, 'fcfs', 'pyss')).toEqual(await starts(file, 'fcfs'));
      }),
      { numRuns: 10, seed: 17 },
    );
  });
});

describe('same-instant order: the pyss reference figures for KTH SP2 (27,992 jobs, 100 processors, all jobs)', () => {
  const kth = new URL('../../data/traces/KTH-SP2-1996-2.1-cln.swf.gz', import.meta.url).pathname;
  const PYSS = {
    fcfs: { wait: 218_980.6, waitDigits: 1, bsld: 4_297.07, bsldDigits: 2, name: 'FCFS' },
    'easy-backfill': { wait: 6_412.24, waitDigits: 2, bsld: 86.281, bsldDigits: 3, name: 'EASY, user estimates' },
  } as const;
  const figures = async (scheduler: 'fcfs' | 'easy-backfill', order = 'pyss') => {
    const result = await simulateScenario(parseScenario(scenario(kth, 100, scheduler, order, '400 days')));
    const jobs = result.replications[0]!.jobs;
    expect(jobs.completed).toBe(27_992);
    const wait = jobs.wait.mean;
    const bsld = jobs.bounded_slowdown.mean;
    // the page lists both figures of both orders (`npm run validation`)
    const ref = PYSS[scheduler];
    const exact = order === 'pyss';
    for (const [what, ours, reference, digits] of [
      ['mean wait', wait, ref.wait, ref.waitDigits],
      ['mean bounded slowdown', bsld, ref.bsld, ref.bsldDigits],
    ] as const) {
      recordValidation({
        area: 'Scheduling against pyss',
        check: `KTH-SP2, ${ref.name}, ${order === 'pyss' ? 'pyss order' : 'default order'}: ${what}`,
        reference,
        source: 'pyss (the reference EASY/FCFS simulator), figures for this log',
        basis: 'independent simulator',
        ours,
        unit: what === 'mean wait' ? 's' : '',
        bound: exact ? 'equal to the digits pyss prints' : '±0.2 %',
        pass: exact ? ours.toFixed(digits) === reference.toFixed(digits) : Math.abs(ours / reference - 1) < 0.002,
      });
    }
    return { wait, bsld };
  };

  // pyss: wait = start − submit, BSLD = max(1, (wait + run) / max(run, 10 s)), means over every job.
  it('FCFS: mean wait 218,980.6 s, mean bounded slowdown 4,297.07', async () => {
    const { wait, bsld } = await figures('fcfs');
    expect(wait.toFixed(1)).toBe('218980.6');
    expect(bsld.toFixed(2)).toBe('4297.07');
  });

  it('EASY with the users’ estimates: mean wait 6,412.24 s, mean bounded slowdown 86.281', async () => {
    const { wait, bsld } = await figures('easy-backfill');
    expect(wait.toFixed(2)).toBe('6412.24');
    expect(bsld.toFixed(3)).toBe('86.281');
  });

  it('today’s order stays within 0.2 % of them under EASY (FCFS is order-free: trace-replay.test.ts)', async () => {
    const { wait, bsld } = await figures('easy-backfill', 'complete-admit-pass');
    expect(Math.abs(wait / 6412.24 - 1)).toBeLessThan(0.002);
    expect(Math.abs(bsld / 86.281 - 1)).toBeLessThan(0.002);
    // …but not equal: the order is what moves them
    expect(wait.toFixed(2)).not.toBe('6412.24');
  });
});

describe('same-instant order: pyss’s SWF conversion in a replay (test/traces/pyss-conversion.test.ts has the rules)', () => {
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
