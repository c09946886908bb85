// `simulate calibrate` on a storage profile: measured bandwidths → efficiency.storage, the model's own storageBandwidth
// with the candidate factor as the prediction; refused when the NICs, not the storage, bind every row; and a data job
// on the written override profile runs slower by the factor.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { fitFactors } from '../../src/planning/calibration/fit-factors.js';
import { storageBandwidth } from '../../src/model/performance/index.js';
import { parseCalibrationPoints, type CalibrationPoint } from '../../src/scenario/calibration/calibration-points.js';
import { Catalog } from '../../src/scenario/catalog.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { ModelCards } from '../../src/scenario/model-cards.js';
import { simulate } from '../../src/simulate/simulate.js';
import { runCliCaptured } from '../support/cli-in-process.js';
import { nodeProfile, storageProfile } from '../performance/profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'calibrate-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const catalog = new Catalog();
const nodes = { get: (id: string) => (catalog.get(id)?.profile.kind === 'node' ? nodeProfile(id) : undefined), ids: () => catalog.ids() };
const TiB = 2 ** 40;
const fsx = storageProfile('fsx-lustre-persistent2-125');
const micron = storageProfile('micron-7450-pro-3.84tb');

function rows(csv: string, target: ReturnType<typeof storageProfile>): CalibrationPoint[] {
  return parseCalibrationPoints('io.csv', csv, new ModelCards(), { nodes, target: { id: target.id, storageClass: target.class, publishesWrite: target.write_bandwidth !== undefined } });
}

/**
 * Hand-computed measurements at a known factor, from the published figures (not from the code under test):
 * FSx Persistent-2 125 delivers 125 MB/s per TiB provisioned (reads and writes); a DGX H100 reaches remote storage
 * over 4 × 400 GbE = 200 GB/s, far above these file systems, so the storage binds. A Micron 7450 reads 6.8 GB/s;
 * a DGX H100 holds 8 of them.
 */
const FACTOR = 0.62;
const FSX_ROWS = `id,metric,value,attachment,node,nodes,capacity_tib,connections
fsx-1200,read_gbps,${1200 * 0.125 * FACTOR},parallel-fs,dgx-h100,4,1200,
fsx-2400,read_gbps,${2400 * 0.125 * FACTOR},parallel-fs,dgx-h100,8,2400,
fsx-600-w,write_gbps,${600 * 0.125 * FACTOR},parallel-fs,dgx-h100,2,600,
fsx-300,read_gbps,${300 * 0.125 * FACTOR},parallel-fs,dgx-h100,1,300,
`;

describe('efficiency.storage in the model', () => {
  it('scales the storage figures and says so in the formula; the NIC bound stays', () => {
    const dgx = nodeProfile('dgx-h100');
    const base = storageBandwidth({ kind: 'parallel-fs', profile: fsx, capacity: 1200 * TiB }, dgx, 4);
    const slower = storageBandwidth({ kind: 'parallel-fs', profile: { ...fsx, efficiency: { storage: 0.5 } }, capacity: 1200 * TiB }, dgx, 4);
    expect(base.read).toBeCloseTo(1200 * 125e6, 0);
    expect(slower.read / base.read).toBeCloseTo(0.5, 12);
    expect(slower.write / base.write).toBeCloseTo(0.5, 12);
    expect(slower.network).toBe(base.network);
    expect(base.formula).not.toMatch(/efficiency/);
    expect(slower.formula).toMatch(/fsx-lustre-persistent2-125 at efficiency 0\.5;/);
  });
});

describe('fitting efficiency.storage', () => {
  it('recovers the factor the points were measured at, and predicts a held-out row within 1 %', () => {
    const outcome = fitFactors({ file: 'io.csv', points: rows(FSX_ROWS, fsx), system: { storage: fsx }, holdout: { kind: 'rows', rows: [4] } });
    expect(outcome.factors).toHaveLength(1);
    expect(outcome.factors[0]).toMatchObject({ name: 'storage', before: 1, beforeFrom: 'default' });
    expect(outcome.factors[0]!.after).toBeGreaterThan(FACTOR * 0.99);
    expect(outcome.factors[0]!.after).toBeLessThan(FACTOR * 1.01);
    const held = outcome.rows.find((r) => r.role === 'holdout')!;
    expect(Math.abs(held.after / held.point.measured - 1)).toBeLessThan(0.01);
    // before: the published bandwidth, 1 / 0.62 too fast on every row
    expect(outcome.mapeFitted.before).toBeCloseTo(100 * (1 / FACTOR - 1), 6);
  });

  it('recovers any factor in [0.05, 0.99] within 1 % from object-store rows (16 to 256 connections × 85 MB/s, below the NICs)', () => {
    const s3 = storageProfile('s3-standard');
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.99, noNaN: true }), (factor) => {
        const csv = `metric,value,attachment,node,nodes,connections\n${[16, 64, 256].map((c) => `read_gbps,${c * 0.085 * factor},object-store,dgx-h100,2,${c}`).join('\n')}\n`;
        const after = fitFactors({ file: 'io.csv', points: rows(csv, s3), system: { storage: s3 }, holdout: { kind: 'none' } }).factors[0]!.after;
        expect(Math.abs(after / factor - 1)).toBeLessThan(0.01);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('fits node-local drives through the node that holds them (8 × Micron 7450 in a DGX H100)', () => {
    const csv = `metric,value,attachment,node,nodes\nread_gbps,${8 * 6.8 * 0.8},node-local,dgx-h100,1\nread_gbps,${2 * 8 * 6.8 * 0.8},node-local,dgx-h100,2\n`;
    const outcome = fitFactors({ file: 'io.csv', points: rows(csv, micron), system: { storage: micron }, holdout: { kind: 'none' } });
    expect(outcome.factors[0]!.after).toBeCloseTo(0.8, 3);
  });

  it('refuses when the NICs bind every row: the factor moves no prediction', () => {
    // 4,000 TiB × 125 MB/s = 500 GB/s of file system, read from 1 and 2 DGX H100 (200 and 400 GB/s of storage NICs)
    const csv = `metric,value,attachment,node,nodes,capacity_tib\nread_gbps,190,parallel-fs,dgx-h100,1,4000\nread_gbps,370,parallel-fs,dgx-h100,2,4000\n`;
    expect(() => fitFactors({ file: 'io.csv', points: rows(csv, fsx), system: { storage: fsx }, holdout: { kind: 'none' } })).toThrow(
      /^io\.csv: efficiency\.storage: cannot be fitted: every fitted row is bound by the network at the published bandwidth \(nodes × the storage NICs carry less than the storage delivers\)/,
    );
  });
});

describe('simulate calibrate --profile <storage>', () => {
  it('writes efficiency.storage with its FITTED source and calibration block; a data job on it runs slower by the factor', async () => {
    const points = join(dir, 'io.csv');
    writeFileSync(points, FSX_ROWS);
    const r = await runCliCaptured(['calibrate', '--profile', 'fsx-lustre-persistent2-125', '--points', points, '-o', dir, '--date', '2026-12-07']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/efficiency\.storage: 1 \(bandwidth as published\) → 0\.62\b/);
    const file = join(dir, 'fsx-lustre-persistent2-125-calibrated.yaml');
    const written = parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { efficiency: { storage: number }; sources: Record<string, { note: string }> };
    const factor = written.efficiency.storage;
    expect(factor).toBeCloseTo(FACTOR, 3);
    expect(written.sources['efficiency.storage']?.note).toMatch(/^FITTED by simulate calibrate on io\.csv \(2026-12-07/);
    expect(written.calibration).toMatchObject({ base_profile: 'fsx-lustre-persistent2-125', rows_fitted: 4, factors: { storage: { before: 1, after: factor } } });

    // the same ETL job (1 PB read from 1,200 TiB of FSx by 4 DGX H100), on the catalog's profile and on the override inline
    const run = (profile: string, inline: string) =>
      simulate(
        parseScenario(`
name: etl-on-fsx
horizon: 100 h
costs: none
${inline}
sites:
  dc: { nodes: { type: dgx-h100, count: 4 } }
workloads:
  - name: etl
    kind: data
    arrivals: { rate: 1 /s, max_jobs: 1 }
    nodes: 4
    read: 1 PB
    storage: { profile: ${profile}, capacity: 1200 TiB }
`),
      );
    const asPublished = run('fsx-lustre-persistent2-125', '');
    const fitted = run('fsx-lustre-persistent2-125-calibrated', `profiles:\n  fsx-lustre-persistent2-125-calibrated: ${JSON.stringify(written)}`);
    const published = asPublished.replications[0]!.jobs.completion_time.max;
    const calibrated = fitted.replications[0]!.jobs.completion_time.max;
    expect(published).toBeCloseTo(1e15 / (1200 * 125e6), 3);
    expect(calibrated / published).toBeCloseTo(1 / factor, 9);
    // the result says why: the storage formula names the factor, and only where one is set
    expect(fitted.performance['etl']).toMatchObject({ kind: 'data', binding: 'storage-read', storage: expect.stringMatching(/calibrated at efficiency 0\.62\d*;/) as unknown });
    expect(asPublished.performance['etl']).toMatchObject({ storage: expect.not.stringMatching(/efficiency/) as unknown });
  });
});
