import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli-in-process.js';

/**
 * `--jobs-csv` names each replayed job's row in its source (`trace_job`, `trace_submit`), so a replay can be
 * joined with the log. The expectations come from the trace files read here line by line, not through the
 * product's readers: the first rows of the bundled KTH SP2 log (SWF: job number in field 1, submit in field 2)
 * and of the bundled Alibaba GPU 2023 pod list (`name`, `creation_time`), and the Helios fixture, whose
 * timestamps must come back as Unix seconds.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

type Row = Record<string, string>;

/** Runs `scenario` (YAML, in a fresh folder) with --jobs-csv and returns the CSV's rows by column name. */
async function jobsCsv(scenario: string): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-csv-source-'));
  const file = join(dir, 'replay.yaml');
  writeFileSync(file, scenario);
  const csv = join(dir, 'jobs.csv');
  const r = await runCliCaptured(['run', file, '--no-write', '-q', '--jobs-csv', csv]);
  expect(r.code, r.stderr).toBe(0);
  const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

const profiles = `
profiles:
  gpu: { id: gpu, kind: gpu, name: test GPU, vendor: test, peak: { bf16: 100 TFLOPS } }
  cpu1: { id: cpu1, kind: cpu, name: one processor, vendor: test, peak: { fp64: 1 GFLOPS } }
  node1: { id: node1, kind: node, name: one-processor node, vendor: test, cpus: { profile: cpu1, count: 1 } }
  gpu8: { id: gpu8, kind: node, name: eight GPUs, vendor: test, accelerators: { profile: gpu, count: 8 }, cpus: { profile: cpu1, count: 1 } }
`;

function replay(trace: string, nodes: string, horizon: string, reference: string): string {
  return `name: replay
horizon: ${horizon}
replications: 1
costs: none
${profiles}
reference: ${reference}
sites:
  site: { nodes: ${nodes} }
workloads:
  - name: trace
    kind: trace
    trace: ${trace}
`;
}

describe('--jobs-csv names the source row of each replayed job', () => {
  it('KTH SP2 (SWF): the first 25 jobs carry their job numbers and submit times as written, and start at 0 in the run', async () => {
    const path = join(root, 'data/traces/KTH-SP2-1996-2.1-cln.swf.gz');
    const first = gunzipSync(readFileSync(path))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith(';'))
      .slice(0, 25)
      .map((l) => l.trim().split(/\s+/));
    const submitOf = new Map(first.map((f) => [f[0]!, Number(f[1])]));
    expect(first[0]!.slice(0, 2)).toEqual(['15', '599850']); // the cleaned log does not start at job 1 or time 0
    const rows = await jobsCsv(replay(`{ file: ${path}, format: swf, limit: 25 }\n    precision: fp64`, '{ type: node1, count: 100 }', '60 days', '{ device: cpu1, precision: fp64 }'));
    expect(new Set(rows.map((r) => r['trace_job']))).toEqual(new Set(submitOf.keys()));
    for (const r of rows) {
      expect(Number(r['trace_submit']), r['trace_job']).toBe(submitOf.get(r['trace_job']!));
      // start_at_zero moves the run's clock, not the source's: run submit = trace submit − the first row's
      expect(Number(r['submit'])).toBe(Number(r['trace_submit']) - 599_850);
    }
  });

  it('Alibaba GPU 2023: each pod carries its name and creation_time', async () => {
    const path = join(root, 'data/traces/alibaba-gpu-v2023-openb_pod_list_default.csv');
    const [header, ...lines] = readFileSync(path, 'utf8').split('\n').slice(0, 41);
    const col = header!.split(',');
    const [name, created] = [col.indexOf('name'), col.indexOf('creation_time')];
    const createdOf = new Map(lines.map((l) => l.split(',')).map((f) => [f[name]!, Number(f[created])]));
    const rows = await jobsCsv(replay(`{ file: ${path}, format: alibaba-gpu-2023, limit: 40 }`, '{ type: gpu8, count: 8 }', '200 days', '{ device: gpu, precision: bf16 }'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => r['trace_job'])).toContain('openb-pod-0000');
    for (const r of rows) expect(Number(r['trace_submit']), r['trace_job']).toBe(createdOf.get(r['trace_job']!));
  });

  it('Helios: job_id, and submit_time as Unix seconds (the origin the reader counted from is added back)', async () => {
    const path = join(root, 'test/fixtures/traces/helios_cluster_log.csv');
    const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const col = header!.split(',');
    const [id, submitted] = [col.indexOf('job_id'), col.indexOf('submit_time')];
    const unixOf = new Map(lines.map((l) => l.split(',')).map((f) => [f[id]!, Date.parse(`${f[submitted]!.replace(' ', 'T')}Z`) / 1000]));
    const rows = await jobsCsv(replay(`{ file: ${path}, format: helios }`, '{ type: gpu8, count: 2 }', '30 days', '{ device: gpu, precision: bf16 }'));
    // four rows replay: one asks for no GPU and one has no run time
    expect(rows.map((r) => r['trace_job']).sort()).toEqual(['1425511', '1425512', '1425513', '1425515']);
    for (const r of rows) expect(Number(r['trace_submit']), r['trace_job']).toBe(unixOf.get(r['trace_job']!));
    expect(unixOf.get('1425511')).toBe(1_591_728_061); // 2020-06-09 18:41:01 UTC
  });

  it('synthetic jobs keep their generated id and leave the trace columns empty', async () => {
    const rows = await jobsCsv(`name: synthetic
horizon: 20 h
replications: 1
costs: none
${profiles}
reference: { device: gpu, precision: bf16 }
sites:
  site: { nodes: { type: gpu8, count: 1 } }
workloads:
  - name: jobs
    arrivals: { rate: 2 /h }
    devices: 1
    work: { reference_time: { kind: exponential, mean: 1 h } }
`);
    expect(rows.length).toBeGreaterThan(10);
    const ids = rows.map((r) => Number(r['job']));
    for (const n of ids) expect(Number.isInteger(n) && n >= 0).toBe(true);
    expect(new Set(ids).size).toBe(ids.length); // nothing fails or is preempted here: one run per job
    for (const r of rows) expect([r['trace_job'], r['trace_submit']]).toEqual(['', '']);
  });
});
