// Readers stream: heap use must not grow with the number of rows read. A 1,000,000-row CSV
// (≈ 30 MB) is generated on the fly in a temp dir and read with the generic CSV reader; heap use
// (process.memoryUsage().heapUsed; global.gc is not available) is sampled every 10,000 rows and the
// lowest sample around 90 % of the read is compared with the lowest around 10 % (lowest: the one
// nearest to live memory, whatever the GC was doing). Holding the rows would add well over 100 MB
// between the two windows (80 % of the rows), against a 50 MB bound.
// Takes ≈ 4–6 s on 2 cores; the rate is printed for the record.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, expect, it } from 'vitest';
import { TraceDiagnostics, readCsvTrace } from '../../src/traces/index.js';
import { tempFiles } from './helpers.js';

const ROWS = 1_000_000;
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

it(`reads ${ROWS.toLocaleString('en-US')} CSV rows with flat heap use`, async () => {
  const path = join(files.dir, 'large.csv');
  await writeLargeCsv(path);
  const diagnostics = new TraceDiagnostics();
  const samples: number[] = [];
  let n = 0;
  let devices = 0;
  let lastSubmit = 0;
  const t0 = performance.now();
  for await (const job of readCsvTrace(path, {
    diagnostics,
    columns: { id: 'job_id', submit: { column: 'submit_ms', unit: 'ms' }, devices: 'gpus', runtime: 'runtime_s', user: 'user', queue: 'queue' },
  })) {
    n++;
    devices += job.devices;
    lastSubmit = job.submit;
    if (n % 10_000 === 0) samples.push(process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - t0) / 1000;
  expect(n).toBe(ROWS);
  expect(diagnostics.summary()).toMatchObject({ rowsRead: ROWS, rowsKept: ROWS, issues: [] });
  expect(lastSubmit).toBe((ROWS - 1) * 1.5);
  expect(devices).toBe(ROWS * 4.5); // 1..8 evenly
  const window = (from: number, to: number): number => Math.min(...samples.slice(Math.floor(samples.length * from), Math.ceil(samples.length * to)));
  const early = window(0.05, 0.15);
  const late = window(0.85, 0.95);
  const growthMb = (late - early) / 2 ** 20;
  console.info(
    `streaming-memory: ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds)} rows/s; heap ${(early / 2 ** 20).toFixed(1)} MB at 10 %, ${(late / 2 ** 20).toFixed(1)} MB at 90 % (growth ${growthMb.toFixed(1)} MB)`,
  );
  expect(growthMb).toBeLessThan(50);
});
