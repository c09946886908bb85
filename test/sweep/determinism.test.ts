import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { mergeShards } from '../../src/sweep/merge-shards.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { ThreadExecutor } from '../../src/sweep/variant-executor.js';
import { built, mmcGrid, read, tmp, workerFile } from './support.js';

/**
 * The proof of determinism: the merged result of any shard layout and any worker count is
 * byte-identical to the single-process run of the same sweep (JSON, CSV, Markdown and the HTML report).
 */
describe('sweep determinism across worker counts and shard layouts', () => {
  const plan = loadSweep(mmcGrid, { asserts: ['mean_wait < 1 h'] });
  const pools = new Map<number, ThreadExecutor>();
  const pool = (threads: number) => {
    if (!pools.has(threads)) pools.set(threads, new ThreadExecutor(threads, workerFile));
    return pools.get(threads)!;
  };
  afterAll(async () => {
    for (const p of pools.values()) await p.close();
  });

  const outputs = (dir: string, stem = 'sweep') => ['json', 'csv', 'md', 'html'].map((ext) => read(join(dir, `${stem}.${ext}`)));
  let reference: string[];

  it('single process (no worker threads) is the reference', async () => {
    const dir = tmp();
    const r = await runSweep(plan, { outDir: dir, workers: 0 });
    expect(r.ran).toBe(12);
    reference = outputs(dir);
    const json = JSON.parse(reference[0]!) as { variants: { index: number }[]; analysis: { assertions: { failed_variants: number } } };
    expect(json.variants.map((v) => v.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // The file is the JSON it claims to be, and the assertion really bites some variants.
    expect(json.analysis.assertions.failed_variants).toBeGreaterThan(0);
  });

  it.skipIf(!built)('1 and 2 worker threads give the same bytes', async () => {
    for (const threads of [1, 2]) {
      const dir = tmp();
      await runSweep(plan, { outDir: dir, workers: threads, executor: pool(threads) });
      expect(outputs(dir)).toEqual(reference);
    }
  });

  it.skipIf(!built)('merged shards of several layouts give the same bytes', async () => {
    const threads = pool(2);
    for (const count of [2, 3, 5, 13]) {
      const dirs: string[] = [];
      for (let index = 1; index <= count; index++) {
        const dir = tmp();
        // Mix executors: some shards on threads, others in this thread, in shuffled order.
        await runSweep(plan, { outDir: dir, workers: index % 2, shard: { index, count }, ...(index % 2 === 1 && { executor: threads }) });
        dirs.push(join(dir, `shard-${index}-of-${count}.json`));
      }
      const out = join(tmp(), 'merged', 'sweep.json');
      await mergeShards(dirs.reverse(), out, ['mean_wait < 1 h']);
      expect(outputs(join(out, '..'))).toEqual(reference);
    }
  });

  it('shards written into one folder share it, and a re-run there only reassembles', async () => {
    const dir = tmp();
    for (let index = 1; index <= 3; index++) await runSweep(plan, { outDir: dir, workers: 0, shard: { index, count: 3 } });
    const again = await runSweep(plan, { outDir: dir, workers: 0 });
    expect(again.ran).toBe(0);
    expect(again.resumed).toBe(12);
    expect(outputs(dir)).toEqual(reference);
  });
});
