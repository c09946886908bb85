/**
 * Limits and interruptions on the real command: --max-wall-time stops a run cleanly with a result marked
 * incomplete; Ctrl-C (SIGINT) stops it at the next slice, writes nothing (an existing result and the
 * per-job CSV are left as they were, no temporary file remains) and exits with 130. Slicing a run so the
 * event loop can breathe changes nothing in its result.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli-in-process.js';
import { resultToJson } from '../../src/report/json-result.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate, simulateScenario } from '../../src/simulate/simulate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const long = join(root, 'test/limits/fixtures-long.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'limits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SENTINEL = 'an earlier result\n';

const cli = (...argv: string[]) => runCliCaptured(argv);

/** Spawns the built CLI, sends SIGINT once `ready()` holds, and resolves with its exit. */
function interrupt(argv: string[], ready: () => boolean): Promise<{ code: number | null; signal: string | null; stderr: string; afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/simulate.js'), ...argv], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt = 0;
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const deadline = Date.now() + 30_000;
    const poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        sentAt = Date.now();
        child.kill('SIGINT');
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error('the run never started'));
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr, afterSignalMs: Date.now() - sentAt });
    });
  });
}

describe('--max-wall-time', () => {
  it('stops the run cleanly, writes the result marked incomplete, and says why', async () => {
    const out = join(scratch, 'wall.json');
    writeFileSync(out, SENTINEL);
    const started = Date.now();
    const r = await cli('run', long, '-o', out, '-q', '--max-wall-time', '1 s');
    const elapsed = Date.now() - started;
    expect(r.code).toBe(0);
    expect(elapsed).toBeLessThan(25_000); // a 30-s run stopped after about 1 s (a sanity bound, loose for shared CI machines)
    expect(r.stderr).toBe('warning: stopped by --max-wall-time 1 s: 0 of 3 replication(s) ran to the horizon; the result is incomplete ("complete": false)\n');
    const result = JSON.parse(readFileSync(out, 'utf8')) as { complete: boolean; stopped_by?: string; replications: { complete: boolean; events: number }[] };
    expect(result.complete).toBe(false);
    expect(result.stopped_by).toBe('max-wall-time');
    expect(result.replications).toHaveLength(1);
    expect(result.replications[0]!.complete).toBe(false);
    expect(result.replications[0]!.events).toBeGreaterThan(0);
    expect(readdirSync(scratch).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('--max-events says so too, on stderr and in the result', async () => {
    const out = join(scratch, 'events.json');
    const r = await cli('run', long, '-o', out, '-q', '--max-events', '5000', '--replications', '2');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: stopped by --max-events 5000: 0 of 2 replication(s) ran to the horizon; the result is incomplete ("complete": false)\n');
    const result = JSON.parse(readFileSync(out, 'utf8')) as { complete: boolean; stopped_by?: string };
    expect(result).toMatchObject({ complete: false, stopped_by: 'max-events' });
  });

  it('accepts a bare number of seconds and refuses a non-positive one', async () => {
    expect((await cli('run', long, '--no-write', '-q', '--max-wall-time', '0.3')).code).toBe(0);
    const bad = await cli('run', long, '--no-write', '-q', '--max-wall-time', '-1 s');
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: "error: --max-wall-time must be a positive duration such as '30 s' or '10 min', got '-1 s'\n" });
  });
});

describe('Ctrl-C (SIGINT) during a run', () => {
  it('stops within a slice, writes nothing, leaves the existing result untouched, exits 130', async () => {
    const dir = mkdtempSync(join(scratch, 'sigint-'));
    const out = join(dir, 'result.json');
    writeFileSync(out, SENTINEL);
    const csv = join(dir, 'jobs.csv');
    // The per-job CSV's temporary file appears just before the run starts (and the handler is set).
    const started = () => readdirSync(dir).some((f) => f.startsWith('.jobs.csv.'));
    const r = await interrupt(['run', long, '-o', out, '--jobs-csv', csv, '-q'], started);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stderr).toBe(`interrupted during replication 1 of 3: nothing written (${out} left as it was)\n`);
    expect(r.afterSignalMs).toBeLessThan(15_000); // stops within a slice (sanity bound, loose for shared CI machines)
    expect(readFileSync(out, 'utf8')).toBe(SENTINEL);
    expect(existsSync(csv)).toBe(false);
    expect(readdirSync(dir)).toEqual(['result.json']); // no temporary file left behind
  });

  it('stops a trace replay too (between trace batches and slices)', async () => {
    const dir = mkdtempSync(join(scratch, 'sigint-trace-'));
    const rows = Array.from({ length: 300_000 }, (_, i) => `${i},${i * 120},${1 + (i % 8)},${600 + (i % 7) * 60}`).join('\n');
    writeFileSync(join(dir, 'jobs.csv'), `id,submit,gpus,runtime\n${rows}\n`);
    const scenario = join(dir, 'replay.yaml');
    writeFileSync(
      scenario,
      `name: replay\nhorizon: 500 days\nscheduler: easy-backfill\nsites:\n  dc: { nodes: { type: dgx-h100, count: 4 } }\nworkloads:\n  - name: jobs\n    kind: trace\n    trace: { file: jobs.csv, format: csv, columns: { id: id, submit: submit, devices: gpus, runtime: runtime } }\n`,
    );
    const out = join(dir, 'out', 'result.json');
    const started = () => existsSync(join(dir, 'out')) && readdirSync(join(dir, 'out')).some((f) => f.startsWith('.jobs-out.csv.'));
    const r = await interrupt(['run', scenario, '-o', out, '--jobs-csv', join(dir, 'out', 'jobs-out.csv'), '-q'], started);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stderr).toBe('interrupted during replication 1 of 1: nothing written\n');
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });
});

describe('a sliced run is the run', () => {
  it('gives byte-identical JSON with shouldStop polled between slices as in one synchronous go', async () => {
    const text = readFileSync(long, 'utf8').replace('horizon: 20000 h', 'horizon: 300 h').replace('replications: 3', 'replications: 2');
    const scenario = parseScenario(text, 'sliced.yaml');
    let polls = 0;
    // 1 ms slices instead of the default 50 ms: a short run is still cut many times
    const sliced = await simulateScenario(scenario, { shouldStop: () => (polls++, false), sliceMs: 1 });
    const whole = simulate(scenario);
    expect(polls).toBeGreaterThan(20); // it really was cut into slices
    expect(resultToJson(sliced)).toBe(resultToJson(whole));
  });

  it('shouldStop before a later replication ends the run there, marked incomplete', async () => {
    const text = readFileSync(long, 'utf8').replace('horizon: 20000 h', 'horizon: 20 h');
    let done = 0;
    const r = await simulateScenario(parseScenario(text, 'few.yaml'), { shouldStop: () => done >= 1, onProgress: (d) => (done = d) });
    expect(r.replications).toHaveLength(1);
    expect(r.replications[0]!.complete).toBe(true);
    expect(r.complete).toBe(false);
  });
});
