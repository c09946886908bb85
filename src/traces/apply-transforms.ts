import { filterTrace } from './filter-trace.js';
import { allOf, devicesBetween, requestsGpus, statusIn, submittedBetween, type JobPredicate } from './job-predicates.js';
import { limitTrace } from './limit-trace.js';
import { sampleTrace } from './sample-trace.js';
import { scaleTime } from './scale-time.js';
import { shiftTime } from './shift-time.js';
import type { TraceJob } from './trace-record.js';

/**
 * A transformation step as data, for scenario files: steps run in the order given, e.g.
 * `[{ kind: 'filter', gpuOnly: true }, { kind: 'shift', to: 0 }, { kind: 'scale', factor: 0.5 }, { kind: 'limit', count: 1000 }]`.
 */
export type TraceTransform =
  | { readonly kind: 'shift'; readonly to: number }
  | { readonly kind: 'shift'; readonly by: number }
  | { readonly kind: 'scale'; readonly factor: number; readonly origin?: number }
  | { readonly kind: 'sample'; readonly probability: number; readonly seed: number; readonly replication?: number }
  | {
      readonly kind: 'filter';
      readonly minDevices?: number;
      readonly maxDevices?: number;
      /** s, inclusive */
      readonly from?: number;
      /** s, exclusive */
      readonly to?: number;
      readonly status?: readonly string[];
      readonly gpuOnly?: boolean;
    }
  | { readonly kind: 'limit'; readonly count: number };

type TransformOf = { [K in TraceTransform['kind']]: Extract<TraceTransform, { kind: K }> };
type Steps = { [K in TraceTransform['kind']]: (source: AsyncIterable<TraceJob>, step: TransformOf[K]) => AsyncIterable<TraceJob> };

const steps: Steps = {
  shift: (source, step) => shiftTime(source, 'to' in step ? { to: step.to } : { by: step.by }),
  scale: (source, step) => scaleTime(source, step.factor, step.origin),
  sample: (source, step) => sampleTrace(source, step.probability, { seed: step.seed, replication: step.replication ?? 0 }),
  filter: (source, step) => filterTrace(source, filterPredicate(step)),
  limit: (source, step) => limitTrace(source, step.count),
};

/** One step; generic over the kind so the compiler pairs each step with its own implementation. */
function applyStep<K extends TraceTransform['kind']>(kind: K, source: AsyncIterable<TraceJob>, step: TransformOf[K]): AsyncIterable<TraceJob> {
  return steps[kind](source, step);
}

/** Chains the steps over a job stream. Throws RangeError for an invalid step (when iteration starts). */
export function applyTransforms(source: AsyncIterable<TraceJob>, transforms: readonly TraceTransform[]): AsyncIterable<TraceJob> {
  let out = source;
  for (const t of transforms) out = applyStep(t.kind, out, t);
  return out;
}

function filterPredicate(step: Extract<TraceTransform, { kind: 'filter' }>): JobPredicate {
  const tests: JobPredicate[] = [];
  if (step.minDevices !== undefined || step.maxDevices !== undefined) {
    tests.push(devicesBetween({ ...(step.minDevices === undefined ? {} : { min: step.minDevices }), ...(step.maxDevices === undefined ? {} : { max: step.maxDevices }) }));
  }
  if (step.from !== undefined || step.to !== undefined) {
    tests.push(submittedBetween({ ...(step.from === undefined ? {} : { from: step.from }), ...(step.to === undefined ? {} : { to: step.to }) }));
  }
  if (step.status !== undefined) tests.push(statusIn(step.status));
  if (step.gpuOnly === true) tests.push(requestsGpus);
  return allOf(...tests);
}
