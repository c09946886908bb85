import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { swfReplayYaml } from '../support/scenario-yaml.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';

/**
 * A sweep's hash (what `merge` checks and what resuming trusts) covers the contents of the traces its
 * base scenario replays: shards run against two copies of a trace that differ must not merge. It does
 * not depend on where the files live.
 */
const swf = fileURLToPath(new URL('../fixtures/traces/easy-hand-worked.swf', import.meta.url));

const base = swfReplayYaml('traces/jobs.swf');

const sweep = `
name: replay-sizes
base: base.yaml
parameters:
  nodes: { path: sites.site.nodes.count, values: [6, 8] }
`;

function layOut(): { dir: string; trace: string; sweepFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-trace-hash-'));
  mkdirSync(join(dir, 'traces'));
  const trace = join(dir, 'traces/jobs.swf');
  copyFileSync(swf, trace);
  writeFileSync(join(dir, 'base.yaml'), base);
  const sweepFile = join(dir, 'sweep.yaml');
  writeFileSync(sweepFile, sweep);
  return { dir, trace, sweepFile };
}

describe('the sweep hash and the traces it replays', () => {
  it('changes with the trace contents, and only with them', () => {
    const a = layOut();
    const b = layOut();
    const first = loadSweep(a.sweepFile);
    // Same contents in another folder: the same sweep.
    expect(loadSweep(b.sweepFile).hash).toBe(first.hash);
    // One more job in b's copy: another sweep, whose variant results are not a's.
    const original = readFileSync(b.trace, 'utf8');
    appendFileSync(b.trace, '99 500 -1 10 1 -1 -1 1 10 -1 1 -1 -1 -1 -1 -1 -1 -1\n');
    const changed = loadSweep(b.sweepFile);
    expect(changed.hash).not.toBe(first.hash);
    expect(changed.variantsHash).not.toBe(first.variantsHash);
    // Back to the same bytes: the same sweep again (contents, not file times).
    writeFileSync(b.trace, original);
    expect(loadSweep(b.sweepFile).hash).toBe(first.hash);
  });
});
