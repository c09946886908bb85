import { bytesArrived, rateProfile, streamNamed } from '../../model/data/stream-rate.js';
import type { DataStream, PipelineStage, PipelineTrigger } from '../../model/types.js';
import { closest } from '../../support/closest-name.js';
import type { PipelineStageInput } from '../pipeline-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { MAX_FIRINGS } from './pipeline-schedule.js';

/**
 * Where pipelines meet streams (docs/pipelines.md): a trigger on a volume of data, and a data stage that reads
 * what a stream ingested over a window. Both read the stream's closed-form arrivals (src/model/data/stream-rate.ts).
 */

/** A stream the pipeline names, or a located error naming the streams there are. */
export function namedStream(streams: readonly DataStream[] | undefined, name: string, field: FieldPath, ctx: ResolveContext): DataStream | undefined {
  const stream = streamNamed(streams, name);
  if (stream) return stream;
  const names = (streams ?? []).map((s) => s.name);
  const near = closest(name, names);
  ctx.fail(field, `no stream '${name}'`, near ? `did you mean '${near}'?` : names.length ? `one of: ${names.join(', ')}` : 'declare it under streams:');
  return undefined;
}

/**
 * The instants the stream's cumulative arrivals reach volume, 2 × volume, … within [0, horizon): each by bisection
 * on the closed form A(t), which never decreases (the rate is never negative), to a millisecond.
 * @throws RangeError past MAX_FIRINGS
 */
export function volumeFirings(stream: DataStream, volume: number, horizon: number): number[] {
  const profile = rateProfile(stream);
  const total = bytesArrived(profile, horizon);
  const firings: number[] = [];
  let from = 0;
  for (let k = 1; k * volume <= total; k++) {
    if (firings.length >= MAX_FIRINGS) throw new RangeError(`fires more than ${MAX_FIRINGS} times within the horizon`);
    const target = k * volume;
    let lo = from;
    let hi = horizon;
    while (hi - lo > 1e-3) {
      const mid = (lo + hi) / 2;
      if (bytesArrived(profile, mid) < target) lo = mid;
      else hi = mid;
    }
    if (hi >= horizon) break;
    firings.push(hi);
    from = hi;
  }
  return firings;
}

/** An on-data trigger: the stream must exist; its firings come from its arrivals. */
export function onDataTrigger(
  t: { readonly stream: string; readonly volume: number },
  streams: readonly DataStream[] | undefined,
  horizon: number,
  at: FieldPath,
  ctx: ResolveContext,
): PipelineTrigger | undefined {
  const stream = namedStream(streams, t.stream, [...at, 'stream'], ctx);
  if (!stream) return undefined;
  try {
    return { kind: 'on-data', stream: stream.name, volume: t.volume, firings: volumeFirings(stream, t.volume, horizon) };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    ctx.fail([...at, 'volume'], err.message, 'a run is simulated per firing: give a larger volume or shorten the horizon');
    return undefined;
  }
}

type DataStageInput = Extract<PipelineStageInput, { kind: 'data' }>;

/**
 * A data stage's input window: its stream must exist and keep at least the window (the brokers delete older
 * data), and the stage reads either the window or a fixed `read`, never both.
 */
export function stageInput(s: DataStageInput, streams: readonly DataStream[] | undefined, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): PipelineStage['input'] {
  if (!s.input) {
    if (s.read === undefined) ctx.fail(at('read'), 'is required: the bytes each job reads', 'give read: 2 TB, or input: {stream: <name>, window: 1 day}');
    return undefined;
  }
  if (s.read !== undefined) ctx.fail(at('read'), 'and input both say what the job reads', 'keep input (the window of the stream) and drop read');
  const stream = namedStream(streams, s.input.stream, at('input', 'stream'), ctx);
  if (!stream) return undefined;
  if (s.input.window > stream.retention) {
    ctx.fail(
      at('input', 'window'),
      `reads the last ${days(s.input.window)} of '${stream.name}', but the stream keeps only ${days(stream.retention)} (its retention): older data is gone when the stage runs`,
      `shorten the window to at most ${days(stream.retention)}, or lengthen the stream's retention`,
    );
  }
  return { stream: stream.name, window: s.input.window };
}

/** The bytes a window of the stream holds at its mean rate: what loading times a typical job with (the run reads the actual window). */
export function typicalWindowBytes(streams: readonly DataStream[] | undefined, input: NonNullable<DataStageInput['input']>): number {
  const stream = streamNamed(streams, input.stream);
  return stream ? stream.rate * input.window : 1;
}

function days(seconds: number): string {
  const d = seconds / 86_400;
  if (d === 1) return '1 day';
  return d >= 1 ? `${Number(d.toPrecision(4))} days` : `${Number((seconds / 3600).toPrecision(4))} h`;
}
