/**
 * How outputs are written (src/cli/write-atomic.ts) and when they are refused (src/cli/output-collisions.ts),
 * below the commands the corpus (test/bad-input/cases-safety.yaml) drives: what each kind of path becomes,
 * that `-` prints only what is complete, and that temporary files never outlive a write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { refuseCollisions } from '../../src/cli/output-collisions.js';
import { BufferedFile, outputTarget, writeFileAtomic } from '../../src/support/write-atomic.js';
import { mergeShards } from '../../src/sweep/merge-shards.js';

const scratch = mkdtempSync(join(tmpdir(), 'output-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const folder = () => {
  const d = join(scratch, String(n++));
  mkdirSync(d);
  return d;
};

describe('outputTarget', () => {
  it('a regular or missing file is written atomically; a link is followed to its target', () => {
    const d = folder();
    writeFileSync(join(d, 'real.json'), 'x');
    symlinkSync('real.json', join(d, 'link.json'));
    symlinkSync('sub/none.json', join(d, 'dangling.json'));
    expect(outputTarget(join(d, 'new.json'))).toEqual({ mode: 'atomic', target: join(d, 'new.json') });
    expect(outputTarget(join(d, 'link.json'))).toEqual({ mode: 'atomic', target: join(d, 'real.json') });
    expect(outputTarget(join(d, 'dangling.json'))).toEqual({ mode: 'atomic', target: join(d, 'sub/none.json') });
    expect(outputTarget('-')).toEqual({ mode: 'stdout', target: '-' });
  });

  it('a FIFO is written through; a folder is refused', () => {
    const d = folder();
    const fifo = join(d, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(outputTarget(fifo)).toEqual({ mode: 'through', target: fifo });
    expect(() => outputTarget(d)).toThrow(new UsageError(`cannot write ${d}: it is a folder; name a file`));
  });
});

describe('writing', () => {
  it('through a link: the target is replaced, the link stays, no temporary file remains', () => {
    const d = folder();
    writeFileSync(join(d, 'real.json'), 'old');
    symlinkSync('real.json', join(d, 'link.json'));
    writeFileAtomic(join(d, 'link.json'), 'new');
    expect(lstatSync(join(d, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'real.json'), 'utf8')).toBe('new');
    expect(readdirSync(d).sort()).toEqual(['link.json', 'real.json']);
  });

  it("'-' prints only on commit: an aborted file prints nothing", () => {
    let printed = '';
    const out = (t: string) => void (printed += t);
    const aborted = new BufferedFile('-', out);
    aborted.write('half a result');
    aborted.abort();
    expect(printed).toBe('');
    const done = new BufferedFile('-', out);
    done.write('a whole ');
    done.write('result');
    done.commit();
    expect(printed).toBe('a whole result');
    expect(() => writeFileAtomic('-', 'x')).toThrow(UsageError);
  });

  it('an aborted file leaves neither the target nor a temporary file', () => {
    const d = folder();
    const f = new BufferedFile(join(d, 'jobs.csv'));
    f.write('a,b\n');
    expect(readdirSync(d)).toEqual(['.jobs.csv.' + process.pid + '.tmp']);
    f.abort();
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('refuseCollisions', () => {
  it('sees a hard link and a symbolic link as the file they name', () => {
    const d = folder();
    writeFileSync(join(d, 'scenario.yaml'), 'name: x\n');
    linkSync(join(d, 'scenario.yaml'), join(d, 'hard.json'));
    symlinkSync('scenario.yaml', join(d, 'soft.json'));
    const inputs = [{ label: 'the scenario file', path: join(d, 'scenario.yaml') }];
    expect(() => refuseCollisions([{ label: '-o', path: join(d, 'hard.json') }], inputs)).toThrow(/^refusing to write .*hard\.json \(-o\): it is the scenario file /);
    expect(() => refuseCollisions([{ label: '-o', path: join(d, 'soft.json') }], inputs)).toThrow(/^refusing to write .*soft\.json \(-o\): it is the scenario file /);
    expect(() =>
      refuseCollisions(
        [
          { label: '-o', path: join(d, 'a.json') },
          { label: '--md', path: join(d, '.', 'a.json') },
        ],
        [],
      ),
    ).toThrow(/name the same file/);
    expect(() =>
      refuseCollisions(
        [
          { label: '-o', path: join(d, 'a.json') },
          { label: '--md', path: join(d, 'b.md') },
        ],
        inputs,
      ),
    ).not.toThrow();
  });
});

describe('merge and a stop signal', () => {
  it('an aborted merge writes nothing', async () => {
    const d = folder();
    const shards = ['tiny-shard-1-of-2.json', 'tiny-shard-2-of-2.json'].map((f) => join('test/bad-input/cases/merge', f));
    const out = join(d, 'merged.json');
    await expect(mergeShards(shards, out, [], { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(d)).toEqual([]);
    await mergeShards(shards, out);
    expect(readdirSync(d).sort()).toEqual(['merged.csv', 'merged.html', 'merged.json', 'merged.md']);
  });
});
