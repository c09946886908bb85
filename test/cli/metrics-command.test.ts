import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/simulate/simulate.js';
import { BUNDLED_SCENARIOS } from '../support/bundled-files.js';
import { runCliCaptured } from '../support/cli-in-process.js';

/** `simulate run --metrics FILE`: the OpenMetrics export wired into the run command. */
const root = fileURLToPath(new URL('../../', import.meta.url));
// the example comes from the fixed list of bundled files (test/repo/bundled-files.test.ts)
const bundled = BUNDLED_SCENARIOS.find((b) => b.file.endsWith('/h100-training-fcfs.yaml'));
if (!bundled) throw new Error('h100-training-fcfs.yaml is no longer bundled');
const example = join(root, bundled.file);
const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-metrics-cli-'));

describe('simulate run --metrics', () => {
  it('writes the result’s series at start + t, byte-identical on a second run and on stdout', async () => {
    const dir = tmp();
    const [a, b, out] = [join(dir, 'a.om'), join(dir, 'b.om'), join(dir, 'r.json')];
    const args = ['run', example, '--replications', '1', '-q'];
    const r1 = await runCliCaptured([...args, '-o', out, '--metrics', a]);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    const r2 = await runCliCaptured([...args, '--no-write', '--metrics', b]);
    expect(r2.code).toBe(0);
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(text);
    const r3 = await runCliCaptured([...args, '--no-write', '--metrics', '-']);
    expect(r3.code).toBe(0);
    expect(r3.stdout).toBe(text);
    // the queue length at the 100th sample, from the JSON result, stamped at 2026-01-01T00:00:00Z + t
    const result = JSON.parse(readFileSync(out, 'utf8')) as SimulationResult;
    const series = result.replications[0]!.timeseries['onprem/main']!;
    const t = series.t[100]!;
    expect(text).toContain(`simulate_pool_queue_length{scenario="h100-training-fcfs",replication="1",site="onprem",pool="main"} ${series.queue_length[100]} ${1767225600 + t}\n`);
    expect(text.endsWith('\n# EOF\n')).toBe(true);
  });

  it('--metrics-start moves every timestamp by the same amount', async () => {
    const dir = tmp();
    const [a, b] = [join(dir, 'a.om'), join(dir, 'b.om')];
    const args = ['run', example, '--replications', '1', '--no-write', '-q'];
    expect((await runCliCaptured([...args, '--metrics', a])).code).toBe(0);
    expect((await runCliCaptured([...args, '--metrics', b, '--metrics-start', '2026-01-02T00:00:00+00:00'])).code).toBe(0);
    const stamps = (f: string) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => Number(l.split(' ').at(-1)));
    const [sa, sb] = [stamps(a), stamps(b)];
    expect(sb).toHaveLength(sa.length);
    sb.forEach((s, i) => expect(s - sa[i]!).toBe(86400));
  });

  it('refuses --metrics-start without --metrics, and a start that is no zoned ISO instant, exit 2', async () => {
    const alone = await runCliCaptured(['run', example, '--no-write', '-q', '--metrics-start', '2026-01-01T00:00:00Z']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--metrics-start sets the time stamps of --metrics; give --metrics FILE too/);
    const bad = await runCliCaptured(['run', example, '--no-write', '-q', '--metrics', join(tmp(), 'm.om'), '--metrics-start', '2026-01-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--metrics-start must be an ISO 8601 date-time with its zone/);
  });
});
