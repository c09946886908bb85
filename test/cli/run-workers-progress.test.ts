// `simulate run --workers N` runs replications on worker threads and writes the same bytes as one thread; a run
// shows a live progress line on stderr only when stderr is a terminal (here a pseudo-terminal made by util-linux's
// `script`), and one line per replication otherwise.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli-in-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'simulate.js');
const scratch = mkdtempSync(join(tmpdir(), 'run-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// three replications of a small chat service: long enough for several slices, short enough for a test
const scenario = join(scratch, 'chat.yaml');
writeFileSync(
  scenario,
  `name: chat-3
seed: 7
horizon: 6 min
warmup: 1 min
replications: 3
sites:
  dc:
    nodes: { type: dgx-h100, count: 1 }
workloads:
  - name: chat
    kind: inference
    model: { params: 8.0e9, precision: fp8, hidden_size: 4096, kv_cache: { layers: 32, kv_heads: 8, head_dim: 128, precision: fp8 } }
    arrivals: { rate: 40 /s }
    tokens:
      input: { kind: lognormal, mean: 800, sd: 600 }
      output: { kind: lognormal, mean: 200, sd: 150 }
    replicas: 4
    tensor_parallel: 1
`,
);

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [bin, 'run', scenario, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
const threaded = join(scratch, 'threads.json');
const inOneThread = join(scratch, 'one-thread.json');

describe('simulate run --workers, and progress on stderr', () => {
  it('not a terminal (a pipe, a CI log): threads lowered to what can run, one plain line per replication, no control characters', () => {
    const r = run(['-o', threaded, '--workers', '64'], { CI: '' });
    expect(r.status, r.stderr).toBe(0);
    // a 2-core machine runs 2 threads; a larger one all 3 replications at once
    expect(r.stderr).toMatch(/^note: --workers 64 lowered to (2: 2 cores|3: 3 replications to run)$/m);
    expect(r.stderr.match(/^replication \d\/3 done$/gm)).toEqual(['replication 1/3 done', 'replication 2/3 done', 'replication 3/3 done']);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain(String.fromCharCode(0x1b));
  });

  const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!haveScript)('a terminal: a live line with the replication, simulated time and events per second, cleared at the end', () => {
    const env = { ...process.env };
    delete env['CI'];
    const command = [process.execPath, bin, 'run', scenario, '-o', inOneThread].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status, r.stdout).toBe(0);
    // the pseudo-terminal merges stdout and stderr: the line is redrawn in place with carriage returns or cursor moves
    expect(r.stdout).toMatch(/chat-3 \[[^\]]*\] \d+% \| replication [1-3]\/3 at [\d.]+ (s|min) of 6 min \| [\d.]+ (k |M )?events\/s/);
    expect(r.stdout).not.toMatch(/^replication \d\/3 done$/m);
    // the summary follows the cleared line
    expect(r.stdout).toContain('chat: time to first token');
  });

  it.skipIf(!haveScript)('worker threads wrote the same result, byte for byte, as one thread', () => {
    const one = readFileSync(inOneThread, 'utf8');
    expect((JSON.parse(one) as { replications: unknown[] }).replications).toHaveLength(3);
    expect(readFileSync(threaded, 'utf8')).toBe(one);
  });

  it('refuses --jobs-csv and --timeline, which are written from the main thread', async () => {
    const r = await runCliCaptured(['run', scenario, '--workers', '2', '--jobs-csv', join(scratch, 'jobs.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs-csv and --timeline are written from this one: leave out --workers');
  });
});
