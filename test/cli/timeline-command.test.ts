import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS } from '../support/bundled-files.js';
import { runCliCaptured } from '../support/cli-in-process.js';
import { traceEventProblems } from '../support/trace-event-rules.js';

/** `simulate run --timeline`: the file Perfetto UI opens, checked against the format's rules and the job CSV. */
const root = fileURLToPath(new URL('../../', import.meta.url));
// the example comes from the fixed list of bundled files (test/repo/bundled-files.test.ts)
const bundled = BUNDLED_SCENARIOS.find((b) => b.file.endsWith('/h100-training-fcfs.yaml'));
if (!bundled) throw new Error('h100-training-fcfs.yaml is no longer bundled');
const example = join(root, bundled.file);
const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-timeline-'));

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args: Record<string, unknown>;
}
interface TraceFile {
  traceEvents: TraceEvent[];
  otherData: Record<string, unknown>;
}

describe('simulate run --timeline', () => {
  it('writes a well-formed trace whose job slices are the job CSV’s runs of replication 1, byte-identical on a second run', async () => {
    const dir = tmp();
    const [trace, csv, trace2] = [join(dir, 't.json'), join(dir, 'jobs.csv'), join(dir, 't2.json')];
    const r = await runCliCaptured(['run', example, '--replications', '1', '--no-write', '-q', '--jobs-csv', csv, '--timeline', trace]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(trace, 'utf8');
    expect(traceEventProblems(text)).toEqual([]);
    const doc = JSON.parse(text) as TraceFile;
    // every job run the CSV lists (completed or interrupted) is one slice per node it held, at the same µs
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => f[0] === '0');
    const slices = doc.traceEvents.filter((e) => e.ph === 'X' && e.args['outcome'] !== 'running at the end');
    // a run is (job, start): an interrupted job runs again later
    const runs = new Map<string, TraceEvent>();
    for (const s of slices) runs.set(`${String(s.args['job'])}@${s.ts}`, s);
    expect(runs.size).toBe(rows.length);
    expect([...runs.values()].filter((s) => s.args['outcome'] === 'completed').length).toBe(rows.filter((f) => f[10] === 'completed').length);
    const byJob = new Map<number, TraceEvent[]>();
    for (const s of runs.values()) byJob.set(s.args['job'] as number, [...(byJob.get(s.args['job'] as number) ?? []), s]);
    const runsOf = (job: number) => byJob.get(job) ?? [];
    for (const f of rows) {
      const s = runsOf(Number(f[1])).find((x) => Math.abs(x.ts - Number(f[5]) * 1e6) <= 0.001);
      expect(s, `job ${f[1]} started at ${f[5]} s`).toBeDefined();
      expect(s!.args['workload']).toBe(f[2]);
      expect(s!.args['devices']).toBe(Number(f[7]));
      expect(s!.args['outcome']).toBe(f[10]);
      expect(Math.abs(s!.ts + s!.dur! - Number(f[6]) * 1e6)).toBeLessThanOrEqual(0.002);
    }
    expect(rows.length).toBeGreaterThan(1000);
    expect(doc.otherData['slices_dropped']).toBe(0);
    const again = await runCliCaptured(['run', example, '--replications', '1', '--no-write', '-q', '--timeline', trace2]);
    expect(again.code).toBe(0);
    expect(readFileSync(trace2, 'utf8')).toBe(text);
  });

  it('--timeline-max-events caps the job slices, noted in the file and on stderr', async () => {
    const dir = tmp();
    const trace = join(dir, 't.json');
    const r = await runCliCaptured(['run', example, '--replications', '1', '--no-write', '--timeline', trace, '--timeline-max-events', '50']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*t\.json: the timeline holds the first 50 slices; [\d,]+ ending from [\d.,]+ h of simulated time on were left out/);
    const text = readFileSync(trace, 'utf8');
    expect(traceEventProblems(text)).toEqual([]);
    const doc = JSON.parse(text) as TraceFile;
    expect(doc.traceEvents.filter((e) => e.ph === 'X')).toHaveLength(50);
    expect(doc.otherData['slices_dropped']).toBeGreaterThan(0);
    expect(String(doc.otherData['cap'])).toContain('--timeline-max-events 50');
  });

  it("'-' prints the trace on stdout and the summary on stderr", async () => {
    const r = await runCliCaptured(['run', example, '--replications', '1', '--no-write', '--timeline', '-']);
    expect(r.code).toBe(0);
    expect(traceEventProblems(r.stdout)).toEqual([]);
    expect(r.stderr).toContain('utilisation');
  });

  it('a bad path or cap is exit 2 before the run, with nothing written', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'a-folder'));
    const out = join(dir, 'r.json');
    const folder = await runCliCaptured(['run', example, '--replications', '1', '-o', out, '--timeline', join(dir, 'a-folder')]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/a-folder/);
    const same = await runCliCaptured(['run', example, '--replications', '1', '-o', out, '--timeline', out]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('-o');
    expect(same.stderr).toContain('--timeline');
    const input = await runCliCaptured(['run', example, '--replications', '1', '-o', out, '--timeline', example]);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('refusing to write');
    const cap = await runCliCaptured(['run', example, '--timeline', join(dir, 't.json'), '--timeline-max-events', '0']);
    expect(cap.code).toBe(2);
    expect(cap.stderr).toContain("--timeline-max-events must be a positive integer, got '0'");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['a-folder']);
    expect(readdirSync(join(dir, 'a-folder'))).toEqual([]);
  });
});
