import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownsVariant, parseShard, shardFromEnv, shardIndexes, shardSize } from '../../src/sweep/shard.js';

describe('shards', () => {
  it('--shard i/n is 1-based', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '2', '-1/3', '1.5/3']) expect(() => parseShard(bad)).toThrow('--shard must be i/n with 1 ≤ i ≤ n');
  });

  it('reads CI and Kubernetes variables only when unambiguous', () => {
    expect(shardFromEnv({})).toBeUndefined();
    expect(shardFromEnv({ SIMULATE_SHARD: '3/4' })).toEqual({ shard: { index: 3, count: 4 }, source: 'SIMULATE_SHARD=3/4' });
    // Kubernetes Indexed Jobs count from 0 and do not expose the completion count.
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', SIMULATE_SHARD_COUNT: '4' })?.shard).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3', SIMULATE_SHARD_COUNT: '4' })?.shard).toEqual({ index: 4, count: 4 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3' })).toThrow('JOB_COMPLETION_INDEX=3 is set but the number of shards is not');
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '4', SIMULATE_SHARD_COUNT: '4' })).toThrow('JOB_COMPLETION_INDEX/SIMULATE_SHARD_COUNT must be i/n');
    // GitLab counts from 1; CircleCI and Buildkite from 0.
    expect(shardFromEnv({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '5' })?.shard).toEqual({ index: 2, count: 5 });
    expect(shardFromEnv({ CIRCLE_NODE_INDEX: '2', CIRCLE_NODE_TOTAL: '5' })?.shard).toEqual({ index: 3, count: 5 });
    expect(shardFromEnv({ BUILDKITE_PARALLEL_JOB: '0', BUILDKITE_PARALLEL_JOB_COUNT: '2' })?.shard).toEqual({ index: 1, count: 2 });
    // An index without its count from a CI that sets both means it is not a parallel job: ignored.
    expect(shardFromEnv({ CI_NODE_INDEX: '2' })).toBeUndefined();
    expect(() => shardFromEnv({ CIRCLE_NODE_INDEX: 'x', CIRCLE_NODE_TOTAL: '2' })).toThrow("CIRCLE_NODE_INDEX must be a 0-based index, got 'x'");
  });

  it('every variant belongs to exactly one shard, and shards differ in size by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (total, count) => {
        const seen = new Array<number>(total).fill(0);
        const sizes: number[] = [];
        for (let index = 1; index <= count; index++) {
          const mine = [...shardIndexes({ index, count }, total)];
          expect(mine.length).toBe(shardSize({ index, count }, total));
          for (const i of mine) {
            expect(ownsVariant({ index, count }, i)).toBe(true);
            seen[i]!++;
          }
          sizes.push(mine.length);
        }
        expect(seen.every((n) => n === 1)).toBe(true);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
