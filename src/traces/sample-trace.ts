import { RandomStreams, type RandomStream } from '../engine/index.js';

/** Where the sampler's random numbers come from: a stream of the run, or a seed (stream 'trace-sample'). */
export type SampleRandom = RandomStream | { readonly seed: number; readonly replication?: number; readonly stream?: string };

/**
 * Keeps each record independently with probability p (Bernoulli thinning), using exactly one
 * uniform draw per record: the same seed keeps the same records, and for one seed the records kept
 * at p are a subset of those kept at any larger p. Throws RangeError unless 0 ≤ p ≤ 1.
 */
export async function* sampleTrace<T>(source: AsyncIterable<T>, probability: number, random: SampleRandom): AsyncGenerator<T> {
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`sample probability must be in [0, 1], got ${probability}`);
  const stream = 'uniform' in random ? random : new RandomStreams(random.seed, random.replication ?? 0).stream(random.stream ?? 'trace-sample');
  for await (const record of source) {
    if (stream.uniform() < probability) yield record;
  }
}
