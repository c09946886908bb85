import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { readBoundedFile, YAML_FILE_LIMIT } from '../support/read-bounded-file.js';
import type { ResolvedScenario } from '../scenario/scenario.js';

/** Hashes that say what a sweep's variant results depend on: its definition, the catalog's profiles, the traces' contents. */

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A hash of every profile file in the catalog: variant results depend on the profiles a parameter may pick. */
export function catalogFingerprint(dir: string): string {
  const h = createHash('sha256');
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    return 'unreadable';
  }
  for (const n of names) {
    h.update(n);
    h.update('\0');
    h.update(readBoundedFile(join(dir, n), YAML_FILE_LIMIT));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * A hash of the contents of each trace the base scenario replays (by workload), or undefined without
 * traces: shards run against different copies of a trace must not merge, and results computed from
 * an older copy must not be resumed. Read in chunks: a trace may be far larger than memory.
 */
export function traceFingerprints(scenario: ResolvedScenario): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const w of scenario.workloads) {
    if ((w.kind === 'trace' || w.kind === 'inference') && w.trace) out[w.name] = fileDigest(w.trace.file);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function fileDigest(file: string): string {
  const h = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) h.update(buffer.subarray(0, n));
    return h.digest('hex');
  } catch {
    return 'unreadable'; // the scenario loader has reported a missing trace already
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
