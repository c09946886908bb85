// `simulate calibrate` end to end: points measured slower than the catalog's H100 → a lower fitted compute factor →
// an override profile the catalog loads → a scenario run with it is slower, in proportion.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { predictPoint } from '../../src/planning/calibration/predict-point.js';
import { parseCalibrationPoints } from '../../src/scenario/calibration/calibration-points.js';
import { Catalog, defaultCatalogDir } from '../../src/scenario/catalog.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { ModelCards } from '../../src/scenario/model-cards.js';
import { simulate } from '../../src/simulate/simulate.js';
import { runCliCaptured } from '../support/cli-in-process.js';
import { nodeProfile } from '../performance/profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compute-bound serving rows (large batches, long prompts) of Llama 3.1 70B at TP2 on a DGX H100. */
const SETUPS = `id,metric,value,model,precision,kv_precision,tensor_parallel,replicas,batch,input_tokens,output_tokens
b256,tokens_per_s,1,llama-3.1-70b,fp8,fp8,2,4,256,1000,200
b128,tokens_per_s,1,llama-3.1-70b,fp8,fp8,2,4,128,2000,100
prefill,ttft_ms,1,llama-3.1-70b,fp8,fp8,2,,4,4000,1
`;
/** What a stack running at this fraction of the usable peak measures (the catalog's H100 runs at 0.773). */
const MEASURED_COMPUTE = 0.5;

function writePoints(): string {
  const node = nodeProfile('dgx-h100');
  const system = { device: node.accelerators!.profile, node };
  const rows = parseCalibrationPoints('setups.csv', SETUPS, new ModelCards());
  const lines = SETUPS.trim().split('\n');
  const measured = rows.map((p, i) =>
    lines[i + 1]!.replace(',1,', `,${predictPoint(p, system, { inference_compute: MEASURED_COMPUTE, inference_memory: 0.7, training_mfu: 0.4, collective: 1, storage: 1 }).toPrecision(6)},`),
  );
  const file = join(dir, 'points.csv');
  writeFileSync(file, [lines[0], ...measured].join('\n') + '\n');
  return file;
}

/** Output tokens/s of a small offline drain of Llama 3.1 70B, 2 replicas × TP2 on one DGX H100, with `catalog`. */
function offlineTokensPerSecond(catalog: Catalog, node = 'dgx-h100', profiles = ''): number {
  const yaml = `
name: calibrated-offline
seed: 1
horizon: 1 h
warmup: 0 s
replications: 1
costs: none
${profiles}
sites:
  dc: { nodes: { type: ${node}, count: 1 } }
workloads:
  - name: service
    kind: inference
    model: { card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { kind: offline, requests: 256 }
    tokens: { input: 1000, output: 200 }
    replicas: 2
    tensor_parallel: 2
    max_batch: 64
`;
  const offline = simulate(parseScenario(yaml, 'calibrated-offline.yaml', { catalog })).replications[0]?.inference['service']?.offline;
  if (!offline || offline.unfinished > 0) throw new Error('the offline batch did not drain');
  return offline.tokens_per_second;
}

describe('simulate calibrate', () => {
  const points = writePoints();
  const catalogCopy = join(dir, 'catalog');
  cpSync(defaultCatalogDir(), catalogCopy, { recursive: true });

  it('writes an override of the same id into a copy of the catalog: every node holding the device runs at the fitted factor', async () => {
    const r = await runCliCaptured(['calibrate', '--profile', 'dgx-h100', '--points', points, '--fit', 'inference_compute', '--id', 'h100-sxm-80gb', '-o', catalogCopy, '--date', '2026-12-07']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/efficiency\.inference_compute: 0\.773 \(profile\) → 0\.5\b/);
    expect(r.stdout).toMatch(/MAPE on 3 fitted row\(s\): [\d.]+ % → 0\.0 %/);

    const loaded = new Catalog(catalogCopy).get('h100-sxm-80gb')!.profile;
    if (loaded.kind !== 'gpu') throw new Error('a gpu profile');
    expect(loaded.efficiency?.inference_compute).toBeCloseTo(MEASURED_COMPUTE, 3);
    expect(loaded.calibration).toMatchObject({ base_profile: 'h100-sxm-80gb', points: 'points.csv', date: '2026-12-07', holdout: 'none', rows_fitted: 3, rows_held_out: 0 });
    expect(loaded.calibration?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.sources['efficiency.inference_compute']?.note).toMatch(/^FITTED by simulate calibrate on points\.csv \(2026-12-07/);
    // the catalog's MLPerf source named the figure now replaced: it goes with it
    expect(loaded.sources['efficiency']).toBeUndefined();
    // the MIG partitions, price, peaks … stay the base profile's
    const base = new Catalog().get('h100-sxm-80gb')!.profile;
    expect(loaded.peak).toEqual('peak' in base ? base.peak : undefined);
    expect(loaded.price).toBe('price' in base ? base.price : undefined);

    const before = offlineTokensPerSecond(new Catalog());
    const after = offlineTokensPerSecond(new Catalog(catalogCopy));
    // compute-bound drain: slower, by about the factors' ratio (0.5 / 0.773 = 0.65), never by more
    expect(after / before).toBeLessThan(0.9);
    expect(after / before).toBeGreaterThan(MEASURED_COMPUTE / 0.773 - 0.02);
  });

  it('writes a new id into a folder, which a scenario reaches through an inline node', async () => {
    const out = join(dir, 'own');
    cpSync(defaultCatalogDir(), out, { recursive: true });
    const r = await runCliCaptured(['calibrate', '--profile', 'h100-sxm-80gb', '--node', 'dgx-h100', '--points', points, '--fit', 'inference_compute', '--holdout-rows', '3', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MAPE on 1 held-out row\(s\), predicted and never fitted: [\d.]+ % → [\d.]+ %/);
    const written = readFileSync(join(out, 'h100-sxm-80gb-calibrated.yaml'), 'utf8');
    expect(written).toMatch(/^id: h100-sxm-80gb-calibrated$/m);
    // the schema modeline stays on top for editors, then what wrote the file
    expect(written).toMatch(/^# yaml-language-server: \$schema=.*\n# Written by simulate calibrate from h100-sxm-80gb on points\.csv/);
    const inline = `profiles:
  dgx-h100-calibrated:
    { id: dgx-h100-calibrated, kind: node, name: DGX H100 (calibrated), vendor: NVIDIA, accelerators: { profile: h100-sxm-80gb-calibrated, count: 8 }, cpus: { profile: xeon-platinum-8480plus, count: 2 }, scale_up: { profile: nvlink4 } }`;
    const calibrated = offlineTokensPerSecond(new Catalog(out), 'dgx-h100-calibrated', inline);
    expect(calibrated).toBeLessThan(0.9 * offlineTokensPerSecond(new Catalog(out)));
  });
});

describe('simulate calibrate --json', () => {
  it('prints the factors, the MAPE on fitted and held-out rows, and each row, and writes nothing without -o', async () => {
    const fixture = join(import.meta.dirname, 'fixtures', 'h100-published.csv');
    const r = await runCliCaptured(['calibrate', '--profile', 'dgx-h100', '--points', fixture, '--holdout', '0.5', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { factors: Record<string, { after: number }>; mape_held_out: { after: number }; rows: { role: string; measured: number; after: number }[] };
    expect(Object.keys(out.factors)).toEqual(['inference_compute']);
    expect(out.rows.map((row) => row.role).filter((role) => role === 'holdout')).toHaveLength(2);
    const held = out.rows.filter((row) => row.role === 'holdout');
    expect(out.mape_held_out.after).toBeCloseTo((100 * held.reduce((s, row) => s + Math.abs(row.after / row.measured - 1), 0)) / held.length, 9);
  });
});

describe('the bundled catalog', () => {
  it('cites public documents only: file:/// sources are for profiles calibrated on points of your own', () => {
    const files = readdirSync(defaultCatalogDir()).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expect(readFileSync(join(defaultCatalogDir(), f), 'utf8'), f).not.toMatch(/url:\s*["']?file:/);
  });
});
