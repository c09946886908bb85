import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root and fixtures. Worker-thread tests run the built dist/ (npm test builds first). */
export const root = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = join(root, 'test/sweep/fixtures');
export const mmcGrid = join(fixtures, 'mmc-grid.yaml');
export const workerFile = join(root, 'dist/sweep/variant-worker.js');
export const built = existsSync(workerFile);

export const tmp = (prefix = 'simulate-sweep-'): string => mkdtempSync(join(tmpdir(), prefix));

/** The real command over dist/, like a user runs it. */
export function simulate(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { ...cleanEnv(), NO_COLOR: '1', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process (test/support/cli-in-process.ts). */
export { runCliCaptured as simulateInProcess } from '../support/cli-in-process.js';

/** The same, in the background (for interrupting it). */
export function simulateAsync(args: readonly string[], options: { cwd?: string } = {}) {
  return spawn(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd: options.cwd ?? root, env: { ...cleanEnv(), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The environment without shard variables a CI runner might set. */
export function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(SIMULATE_SHARD|SIMULATE_SHARD_COUNT|JOB_COMPLETION_INDEX|CI_NODE_INDEX|CI_NODE_TOTAL|CIRCLE_NODE_INDEX|CIRCLE_NODE_TOTAL|BUILDKITE_PARALLEL_JOB|BUILDKITE_PARALLEL_JOB_COUNT)$/.test(k))
      continue;
    out[k] = v;
  }
  return out;
}

/** A sweep file written into `dir` from `text` (fixtures' relative paths are resolved from there). */
export function writeSweep(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The fixture sweep's text with `replace` applied (e.g. to change its parameters). */
export function mmcText(replace: (text: string) => string = (t) => t): string {
  return replace(readFileSync(mmcGrid, 'utf8'));
}

/**
 * Every file under `dir`, relative, sorted. The entries' own types, not a stat of each path: tests list folders a
 * running sweep is writing into, where a temporary file can be renamed away between the listing and a stat.
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

export const read = (file: string): string => readFileSync(file, 'utf8');
