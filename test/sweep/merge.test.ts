import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/support/input-error.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { mergeShards } from '../../src/sweep/merge-shards.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { mmcGrid, mmcText, tmp, writeSweep } from './support.js';

/** Runs the fixture (or `text`) as `count` shards in one folder; returns the shard files, in order. */
async function shards(count: number, text?: string): Promise<string[]> {
  const dir = tmp();
  const file = text === undefined ? mmcGrid : writeSweep(dir, 'sweep.yaml', text);
  const plan = loadSweep(file);
  const out: string[] = [];
  for (let index = 1; index <= count; index++) {
    await runSweep(plan, { outDir: dir, workers: 0, shard: { index, count } });
    out.push(join(dir, `shard-${index}-of-${count}.json`));
  }
  return out;
}

async function mergeError(inputs: string[]): Promise<string> {
  const out = join(tmp(), 'sweep.json');
  try {
    await mergeShards(inputs, out);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(existsSync(out)).toBe(false);
    return err.message;
  }
  throw new Error('expected the merge to be refused');
}

describe('simulate merge refuses what it cannot vouch for', () => {
  let three: string[];
  beforeAll(async () => {
    three = await shards(3);
  });

  it('merges a complete set in any order', async () => {
    const out = join(tmp(), 'sweep.json');
    const r = await mergeShards([three[2]!, three[0]!, three[1]!], out);
    expect(r.shards).toBe(3);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { variants: unknown[] }).variants).toHaveLength(12);
  });

  it('a missing shard', async () => {
    expect(await mergeError([three[0]!, three[2]!])).toBe("merge: shard 2 of 3 is missing (hint: run 'simulate sweep <sweep.yaml> --shard 2/3' and pass its shard-2-of-3.json too)");
  });

  it('a shard given twice', async () => {
    const copy = join(tmp(), 'copy.json');
    copyFileSync(three[1]!, copy);
    expect(await mergeError([...three, copy])).toBe(`${copy}: is shard 2/3 again: ${three[1]} is the same shard (hint: pass each shard once)`);
  });

  it('shards of another sweep (a changed parameter list)', async () => {
    const other = await shards(
      3,
      mmcText((t) => t.replace('values: [1, 2, 3]', 'values: [1, 2, 4]')),
    );
    const message = await mergeError([three[0]!, other[1]!, three[2]!]);
    expect(message).toMatch(
      new RegExp(`^${other[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: belongs to another sweep than ${three[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: sweep 'mmc-grid' sha256:`),
    );
    expect(message).toContain('(hint: the sweep file, its base scenario, the hardware catalog or the tool version differ');
  });

  it('a different shard count', async () => {
    const two = await shards(2);
    expect(await mergeError([two[0]!, three[1]!, three[2]!])).toContain(`${three[1]}: is shard 2/3 but ${two[0]} is shard 1/2`);
  });

  it('truncated, corrupted or foreign files', async () => {
    const dir = tmp();
    const text = readFileSync(three[1]!, 'utf8');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    expect(await mergeError([three[0]!, cut, three[2]!])).toMatch(
      new RegExp(
        `^${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: is not valid JSON: the file is truncated \\(.*\\) \\(hint: the shard that wrote it was interrupted or the file was damaged in transfer; run that shard again\\)$`,
      ),
    );
    // cut right after a complete line: V8 names no position ("Unexpected end of JSON input"); the end of the file is where
    const atLine = join(dir, 'cut-at-line.json');
    const lines = text.split('\n');
    const kept = lines.slice(0, Math.floor(lines.length / 2)).join('\n');
    writeFileSync(atLine, kept);
    const lastLine = kept.split('\n');
    expect(await mergeError([three[0]!, atLine, three[2]!])).toContain(`${atLine}:${lastLine.length}:${lastLine.at(-1)!.length + 1}: is not valid JSON: the file is truncated (`);
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, text.replace('"variants": [', '"variants": [}'));
    expect(await mergeError([three[0]!, garbled, three[2]!])).toMatch(/garbled\.json:\d+:\d+: is not valid JSON \(/);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(await mergeError([empty])).toContain('empty.json: is not a sweep results file: the file is empty (0 bytes) (hint: the shard that wrote it was interrupted');
    const scenario = join(dir, 'result.json');
    writeFileSync(scenario, JSON.stringify({ schemaVersion: '1.1.0', scenario: { name: 'x' } }));
    expect(await mergeError([scenario])).toBe(
      `${scenario}: is not a sweep results file: its kind is missing (it looks like a single scenario result) (hint: pass the shard-<i>-of-<n>.json files written by 'simulate sweep --shard i/n')`,
    );
    expect(await mergeError([join(dir, 'nope.json')])).toBe(`${join(dir, 'nope.json')}: cannot read: ENOENT`);
  });

  it('a shard whose variants were tampered with', async () => {
    const dir = tmp();
    const data = JSON.parse(readFileSync(three[1]!, 'utf8')) as { variants: unknown[] };
    data.variants.pop();
    const short = join(dir, 'short.json');
    writeFileSync(short, JSON.stringify(data));
    // the content digests notice first: one digest per variant written, one variant fewer now
    expect(await mergeError([three[0]!, short, three[2]!])).toBe(
      `${short}: has 3 variants but 4 variant digests (hint: the file was edited or damaged after the sweep wrote it: run that shard again)`,
    );
  });
});
