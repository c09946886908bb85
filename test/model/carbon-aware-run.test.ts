import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli-in-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'carbon-aware-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// hours 00:00-04:00 UTC: 500, 400, 100, 300 g/kWh
writeFileSync(join(scratch, 'grid.csv'), 'time,g\n2026-01-01T00:00Z,500\n2026-01-01T01:00Z,400\n2026-01-01T02:00Z,100\n2026-01-01T03:00Z,300\n');
const scenario = (carbonAware: string) => `name: carbon-aware-one-job
start: 2026-01-01T00:00:00Z
horizon: 6 h
sites:
  dc:
    pools:
      gpu: { type: dgx-h100, count: 1 }
    costs:
      carbon_intensity_hourly: { file: grid.csv, format: generic, column: g, unit: g/kWh }
workloads:
  - name: flexible
    arrivals: { kind: offline, requests: 1 }
    devices: 8
    work: { reference_time: 30 min }
    ${carbonAware}
reference: { device: h100-sxm-80gb, precision: bf16 }
`;

async function waitOfTheJob(carbonAware: string): Promise<number> {
  const file = join(scratch, 'one-job.yaml');
  const out = join(scratch, 'one-job.json');
  writeFileSync(file, scenario(carbonAware));
  const run = await runCliCaptured(['run', file, '-o', out, '--quiet']);
  expect(run.stderr).toBe('');
  const result = JSON.parse(readFileSync(out, 'utf8')) as { summary: { workloads: Record<string, { wait: { mean: { mean: number } } }> } };
  return result.summary.workloads['flexible']!.wait.mean.mean;
}

describe('carbon-aware deferral in a run (hand-worked)', () => {
  it('the one job, submitted at 00:00 in a 500 g/kWh hour, waits for 02:00 (100 g/kWh, the first ≤ 200) and its wait is those 2 h', async () => {
    expect(await waitOfTheJob('carbon_aware: { deadline: 12 h, threshold: 200 g/kWh }')).toBe(7200);
  });

  it('without carbon_aware it starts at once', async () => {
    expect(await waitOfTheJob('')).toBe(0);
  });
});
