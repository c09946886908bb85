import { UsageError } from '../support/usage-error.js';

/** Shard `index` of `count`, 1-based like Vitest's and Playwright's `--shard`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Shard counts above this are a typo rather than a plan (GitHub Actions caps a matrix at 256 jobs). */
const MAX_SHARDS = 100_000;

/** Parses `i/n`. @throws UsageError */
export function parseShard(text: string, from = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1 && count <= MAX_SHARDS) || !(index >= 1 && index <= count)) {
    throw new UsageError(`${from} must be i/n with 1 ≤ i ≤ n (1-based, e.g. 2/8), got '${text}'`);
  }
  return { index, count };
}

/**
 * The shard the environment asks for when `--shard` is absent, and where it came from. Read only when
 * unambiguous: an index together with a count.
 * - `SIMULATE_SHARD=i/n` (1-based, like the flag);
 * - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based) with `SIMULATE_SHARD_COUNT` (the Job's
 *   `completions`, which Kubernetes does not expose itself);
 * - GitLab CI `parallel:`: `CI_NODE_INDEX` (1-based) and `CI_NODE_TOTAL`;
 * - CircleCI: `CIRCLE_NODE_INDEX` (0-based) and `CIRCLE_NODE_TOTAL`;
 * - Buildkite: `BUILDKITE_PARALLEL_JOB` (0-based) and `BUILDKITE_PARALLEL_JOB_COUNT`.
 * @throws UsageError for malformed values, or an index without a count.
 */
export function shardFromEnv(env: Readonly<Record<string, string | undefined>>): { shard: Shard; source: string } | undefined {
  const set = (k: string) => env[k] !== undefined && env[k] !== '';
  const explicit = env['SIMULATE_SHARD'];
  if (explicit !== undefined && explicit !== '') return { shard: parseShard(explicit, 'SIMULATE_SHARD'), source: `SIMULATE_SHARD=${explicit}` };
  const pairs: readonly [string, string, 0 | 1][] = [
    ['JOB_COMPLETION_INDEX', 'SIMULATE_SHARD_COUNT', 0],
    ['CI_NODE_INDEX', 'CI_NODE_TOTAL', 1],
    ['CIRCLE_NODE_INDEX', 'CIRCLE_NODE_TOTAL', 0],
    ['BUILDKITE_PARALLEL_JOB', 'BUILDKITE_PARALLEL_JOB_COUNT', 0],
  ];
  for (const [indexVar, countVar, base] of pairs) {
    const raw = env[indexVar];
    if (raw === undefined || raw === '') continue;
    if (!set(countVar)) {
      if (indexVar === 'JOB_COMPLETION_INDEX') {
        throw new UsageError(
          `JOB_COMPLETION_INDEX=${env[indexVar]} is set but the number of shards is not: set SIMULATE_SHARD_COUNT to the Job's completions, or pass --shard i/n (or --shard 1/1 to run every variant)`,
        );
      }
      continue;
    }
    const i = Number(raw);
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${indexVar} must be a ${base === 0 ? '0' : '1'}-based index, got '${raw}'`);
    const shard = parseShard(`${i + (base === 0 ? 1 : 0)}/${env[countVar]}`, `${indexVar}/${countVar}`);
    return { shard, source: `${indexVar}=${raw}, ${countVar}=${env[countVar]}` };
  }
  return undefined;
}

/** Variants are dealt round-robin: shard k of n runs variants k−1, k−1+n, k−1+2n, … (balanced whatever the grid order). */
export function ownsVariant(shard: Shard, index: number): boolean {
  return index % shard.count === shard.index - 1;
}

/** Number of variants of a sweep of `total` that `shard` runs. */
export function shardSize(shard: Shard, total: number): number {
  return total <= shard.index - 1 ? 0 : Math.floor((total - shard.index) / shard.count) + 1;
}

/** The variant indexes of a shard, in order, generated lazily. */
export function* shardIndexes(shard: Shard, total: number): Generator<number> {
  for (let i = shard.index - 1; i < total; i += shard.count) yield i;
}
