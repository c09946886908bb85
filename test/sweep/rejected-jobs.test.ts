import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, fixtures, read, simulate, tmp } from './support.js';

/**
 * A variant whose scheduler rejects jobs keeps only the jobs it can run, so its waits read short. The
 * fixture's variant 0 sets max_devices 8 on a fleet running 8- and 64-GPU jobs: every 64-GPU job is
 * rejected (about 0.05/h × 240 h = 12 per replication), and its p95 wait is that of the 8-GPU jobs alone.
 */
const sweep = join(fixtures, 'rejects/sweep.yaml');

interface Analysis {
  feasible: number;
  rejecting?: number;
  rejections?: { index: number; jobs: number; reason: string }[];
  best: { index: number }[];
  assertions: { passed: boolean; failed_variants: number };
}

describe.skipIf(!built)('a sweep variant that rejects jobs', () => {
  it('is infeasible and fails a wait assertion, though its waits alone would pass', () => {
    const dir = tmp();
    const r = simulate(['sweep', sweep, '-o', dir, '--workers', '0', '-q', '--assert', 'p95_wait <= 1 h']);
    expect(r.code).toBe(1);
    const { analysis } = JSON.parse(read(join(dir, 'sweep.json'))) as { analysis: Analysis };
    expect(analysis.feasible).toBe(1);
    expect(analysis.best.map((v) => v.index)).toEqual([1]);
    expect(analysis.rejecting).toBe(1);
    expect(analysis.rejections?.map((v) => v.index)).toEqual([0]);
    expect(analysis.rejections?.[0]?.jobs).toBeGreaterThan(0);
    expect(analysis.rejections?.[0]?.reason).toMatch(/^[\d.]+ jobs rejected per replication: /);
    expect(analysis.assertions).toMatchObject({ passed: false, failed_variants: 1 });
    expect(r.stdout).toMatch(/^infeasible: variant 0 \(max_devices = 8\): [\d.]+ jobs rejected per replication: /m);
    expect(r.stderr).toMatch(/assertion failed: variant 0 \(max_devices = 8\): p95_wait <= 1 h — p95_wait = .*, jobs_rejected = [\d.]+\n/);
    expect(read(join(dir, 'sweep.csv')).split('\n')[1]).toMatch(/^0,8,true,false,p95_wait <= 1 h,/);
  });

  it('passes when the sweep bounds jobs_rejected itself: the user decided how many may be turned away', () => {
    const dir = tmp();
    const r = simulate(['sweep', sweep, '-o', dir, '--workers', '0', '-q', '--assert', 'jobs_rejected <= 1000']);
    expect(r.code).toBe(0);
    const { analysis } = JSON.parse(read(join(dir, 'sweep.json'))) as { analysis: Analysis };
    expect(analysis.assertions.passed).toBe(true);
    // The constraint (p95_wait) does not name jobs_rejected: variant 0 stays infeasible.
    expect(analysis.rejecting).toBe(1);
    expect(analysis.best.map((v) => v.index)).toEqual([1]);
  });

  it('sweeps without rejections carry no rejecting field (their results keep their bytes)', () => {
    const dir = tmp();
    const r = simulate(['sweep', join(fixtures, 'mmc-grid.yaml'), '-o', dir, '--workers', '0', '-q']);
    expect(r.code).toBe(0);
    const { analysis } = JSON.parse(read(join(dir, 'sweep.json'))) as { analysis: Analysis };
    expect('rejecting' in analysis).toBe(false);
  });
});
