// Readers stream: heap use must not grow with the number of rows read. A 1,000,000-row CSV
// (≈ 30 MB) is generated in a temp dir and read with the generic CSV reader in a child process
// (`node --expose-gc`, test/traces/fixtures/stream-heap-probe.mjs over the built dist/) that forces a full
// collection before each heap sample, every 50,000 rows. Forced collections make each sample live memory:
// unforced samples, taken inside a test worker shared with other files, swung by 110 MB on one CI run.
// Holding the rows would add well over 100 MB between the 10 % and 90 % samples, against a 20 MB bound.
// Takes ≈ 5–8 s on 2 cores; the rate is printed for the record.
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { tempFiles } from './helpers.js';

const ROWS = 1_000_000;
const root = join(import.meta.dirname, '../..');
const probe = join(import.meta.dirname, 'fixtures/stream-heap-probe.mjs');
const files = tempFiles('trace-memory');
afterAll(() => files.cleanup());

async function writeLargeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('job_id,submit_ms,gpus,runtime_s,user,queue\n');
  const block = 10_000;
  for (let start = 0; start < ROWS; start += block) {
    let text = '';
    for (let i = start; i < start + block; i++) text += `j${i},${i * 1500},${1 + (i % 8)},${60 + (i % 7200)},u${i % 977},q${i % 5}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface ProbeResult {
  rows: number;
  devices: number;
  lastSubmit: number;
  seconds: number;
  summary: { rowsRead: number; rowsKept: number; issues: unknown[] };
  samples: number[];
}

it(`reads ${ROWS.toLocaleString('en-US')} CSV rows with flat heap use`, async () => {
  expect(existsSync(join(root, 'dist/traces/index.js')), 'dist/ is built by npm test before vitest').toBe(true);
  const path = join(files.dir, 'large.csv');
  await writeLargeCsv(path);
  const out = execFileSync(process.execPath, ['--expose-gc', probe, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const result = JSON.parse(out) as ProbeResult;
  expect(result.rows).toBe(ROWS);
  expect(result.summary).toMatchObject({ rowsRead: ROWS, rowsKept: ROWS, issues: [] });
  expect(result.lastSubmit).toBe((ROWS - 1) * 1.5);
  expect(result.devices).toBe(ROWS * 4.5); // 1..8 evenly
  const { samples } = result;
  expect(samples).toHaveLength(ROWS / 50_000);
  const early = samples[Math.floor(samples.length * 0.1)] ?? Number.NaN;
  const late = samples[Math.floor(samples.length * 0.9)] ?? Number.NaN;
  const growthMb = (late - early) / 2 ** 20;
  console.info(
    `streaming-memory: ${ROWS} rows in ${result.seconds.toFixed(2)} s = ${Math.round(ROWS / result.seconds)} rows/s; live heap ${(early / 2 ** 20).toFixed(1)} MB at 10 %, ${(late / 2 ** 20).toFixed(1)} MB at 90 % (growth ${growthMb.toFixed(1)} MB)`,
  );
  expect(growthMb).toBeLessThan(20);
});
