// Fits a device profile's `efficiency.inference_compute` on ONE published offline point, by bisection on
// the simulated throughput (the memory efficiency stays the kind default). Run:
//   npx tsx test/performance/fit-inference-efficiency.ts <point-id> [<point-id> …]
// and copy the printed value into hardware-profiles/<device>.yaml with a source naming the point.
// The validation test (mlperf-validation.test.ts) checks the fitted point is reproduced and predicts others.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { Catalog } from '../../src/scenario/catalog.js';
import { offlineCase, publishedPoints, simulateOffline } from './published-points.js';

const CATALOG = join(import.meta.dirname, '..', '..', 'hardware-profiles');

function withEfficiency(dir: string, device: string, value: number): Catalog {
  const file = join(dir, `${device}.yaml`);
  const doc = parseDocument(readFileSync(join(CATALOG, `${device}.yaml`), 'utf8'));
  doc.setIn(['efficiency', 'inference_compute'], value);
  if (!doc.hasIn(['sources', 'efficiency'])) doc.setIn(['sources', 'efficiency'], { url: 'https://example.org/fit', title: 'fit in progress' });
  writeFileSync(file, doc.toString());
  return new Catalog(dir);
}

for (const id of process.argv.slice(2)) {
  const point = publishedPoints.get(id);
  if (!point) throw new Error(`no published point ${id}`);
  const dir = mkdtempSync(join(tmpdir(), 'fit-'));
  cpSync(CATALOG, dir, { recursive: true });
  const c = offlineCase(id, { tensorParallel: 1, maxBatch: 2048, why: 'layout not published: TP1 per GPU, max_batch 2048' });
  let lo = 0.05;
  let hi = 1;
  for (let k = 0; k < 14; k++) {
    const mid = (lo + hi) / 2;
    if (simulateOffline(c, withEfficiency(dir, point.accelerator, mid)) < point.value) lo = mid;
    else hi = mid;
  }
  const fitted = Math.round(((lo + hi) / 2) * 1000) / 1000;
  const check = simulateOffline(c, withEfficiency(dir, point.accelerator, fitted));
  console.log(`${point.accelerator}: inference_compute ${fitted} on ${id} → ${check.toFixed(0)} tokens/s (published ${point.value})`);
  rmSync(dir, { recursive: true, force: true });
}
