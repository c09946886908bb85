/**
 * SIGTERM and SIGHUP stop a command like Ctrl-C (Kubernetes and CI runners cancel with SIGTERM): the
 * built CLI is spawned and sent the real signal mid-run. It must stop, remove every temporary file
 * (once a 40 MB `.jobs.csv.<pid>.tmp` was left behind), keep what was complete (finished sweep
 * variants, an earlier result), print one line and exit 128 + the signal's number. The time from the
 * signal to the exit is reported, not gated tightly: the machine running the tests may be busy.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../sweep/support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const long = join(root, 'test/limits/fixtures-long.yaml');
const sweepFile = join(root, 'test/sweep/fixtures/mmc-grid.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'stop-signals-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Spawns the built CLI, sends `signal` once `ready(stderr)` holds, and resolves with its exit and the ms from signal to exit. */
function stop(argv: string[], signal: NodeJS.Signals, ready: (stderr: string) => boolean): Promise<{ code: number | null; stderr: string; latencyMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/simulate.js'), ...argv], { cwd: root, env: { ...cleanEnv(), NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt = 0;
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const deadline = Date.now() + 60_000;
    const poll = setInterval(() => {
      if (sentAt === 0 && ready(stderr)) {
        sentAt = Date.now();
        child.kill(signal);
      } else if (sentAt === 0 && Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`never ready: ${stderr}`));
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, latencyMs: Date.now() - sentAt });
    });
  });
}

/** The per-job CSV's temporary file exists: the run is under way and has something to lose. */
const csvTemporaryIn = (dir: string) => () => readdirSync(dir).some((f) => f.endsWith('.tmp'));

describe('SIGTERM and SIGHUP stop a run like Ctrl-C', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} during run --jobs-csv: exit ${code}, one line, the temporary CSV removed, the earlier result kept`, async () => {
      const dir = join(scratch, `run-${signal}`);
      mkdirSync(dir);
      const out = join(dir, 'out.json');
      writeFileSync(out, 'an earlier result\n');
      const r = await stop(['run', long, '-o', out, '--jobs-csv', join(dir, 'jobs.csv'), '-q'], signal, csvTemporaryIn(dir));
      console.info(`run stopped by ${signal} in ${r.latencyMs} ms`);
      const words = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: `${words} during replication 1 of 3: nothing written (${out} left as it was)\n` });
      expect(readdirSync(dir)).toEqual(['out.json']);
      expect(readFileSync(out, 'utf8')).toBe('an earlier result\n');
      expect(r.latencyMs).toBeLessThan(10_000);
    }, 90_000);
  }

  it('SIGTERM twice quits at once, still removing the temporary file', async () => {
    const dir = join(scratch, 'run-twice');
    mkdirSync(dir);
    const child = spawn(process.execPath, [join(root, 'bin/simulate.js'), 'run', long, '-o', join(dir, 'out.json'), '--jobs-csv', join(dir, 'jobs.csv'), '-q'], { cwd: root, stdio: 'ignore' });
    const ready = csvTemporaryIn(dir);
    while (!ready()) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(143);
    expect(readdirSync(dir)).toEqual([]);
  }, 90_000);
});

describe('SIGTERM stops compare', () => {
  it('exit 143, one line, no report written', async () => {
    const dir = join(scratch, 'compare');
    mkdirSync(dir);
    const r = await stop(['compare', long, long, '-o', join(dir, 'c.html'), '--md', join(dir, 'c.md')], 'SIGTERM', (stderr) => stderr.includes('common random numbers'));
    console.info(`compare stopped by SIGTERM in ${r.latencyMs} ms`);
    expect({ code: r.code, last: r.stderr.trimEnd().split('\n').at(-1) }).toEqual({ code: 143, last: 'stopped by SIGTERM after 0 of 2 scenarios: nothing written' });
    expect(readdirSync(dir)).toEqual([]);
    expect(r.latencyMs).toBeLessThan(10_000);
  }, 90_000);
});

describe('SIGTERM stops a sweep and its worker threads', () => {
  it('exit 143, one line, finished variants kept, no temporary file', async () => {
    const out = join(scratch, 'sweep');
    const r = await stop(['sweep', sweepFile, '-o', out, '--workers', '2', '--replications', '20', '--fresh'], 'SIGTERM', (stderr) => /[1-9]\d*\/12 variants/.test(stderr));
    console.info(`sweep stopped by SIGTERM in ${r.latencyMs} ms`);
    expect(r.code).toBe(143);
    const last = r.stderr.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^stopped by SIGTERM: \d+ of 12 variants are done and kept in .*variants; run the same command again to finish$/);
    const kept = Number(/: (\d+) of 12/.exec(last)![1]);
    expect(kept).toBeGreaterThan(0);
    const files = readdirSync(join(out, 'variants', '000'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.length).toBe(kept);
    expect(r.latencyMs).toBeLessThan(15_000);
  }, 120_000);
});

describe('a stop signal while a trace is being read', () => {
  it('SIGTERM while the SWF reader skips megabytes of comment lines: exit 143 within the grace period, not the read’s own end', async () => {
    const { gzipSync } = await import('node:zlib');
    const dir = join(scratch, 'reading');
    mkdirSync(dir);
    // 15 M comment lines (several seconds to read): the reader finds no job and checks for no stop
    // meanwhile. Written as 150 copies of one gzip member (gzip readers read concatenated members on).
    const member = gzipSync(`;${'x'.repeat(60)}\n`.repeat(100_000));
    writeFileSync(join(dir, 'comments.swf.gz'), Buffer.concat(Array.from({ length: 150 }, () => member)));
    const scenario = join(dir, 'replay.yaml');
    writeFileSync(
      scenario,
      `name: replay\nhorizon: 10 h\ncosts: none\nreference: { device: g, precision: bf16 }\nprofiles:\n  g: { id: g, kind: gpu, name: g, vendor: t, peak: { bf16: 100 TFLOPS } }\n  n: { id: n, kind: node, name: n, vendor: t, accelerators: { profile: g, count: 4 } }\nsites:\n  lab: { nodes: { type: n, count: 2 } }\nworkloads:\n  - name: replay\n    kind: trace\n    trace: { file: comments.swf.gz, format: swf }\n`,
    );
    const r = await stop(['run', scenario, '-o', join(dir, 'out.json'), '--jobs-csv', join(dir, 'jobs.csv'), '-q'], 'SIGTERM', csvTemporaryIn(dir));
    console.info(`trace read stopped by SIGTERM in ${r.latencyMs} ms`);
    expect(r.code).toBe(143);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^stopped by SIGTERM/);
    expect(readdirSync(dir).sort()).toEqual(['comments.swf.gz', 'replay.yaml']);
  });
});
