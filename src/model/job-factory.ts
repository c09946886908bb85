import { distributionMean, makeSampler, type RandomStream } from '../engine/index.js';
import { sliceDevices, slicedDevice, sliceInstances, slicedNode } from './device-slice.js';
import { durationFactors, jobDuration, type DurationFactors } from './job-duration.js';
import { dataJobEstimate, trainingEstimate, type TrainingEstimate } from './performance/index.js';
import type { BatchWorkload, DataWorkload, DistributionSpec, PoolSpec, RunInputs, TrainingWorkload } from './types.js';

/** What a synthetic job needs to be submitted: its size and how long it runs once started. */
export interface JobDraw {
  readonly devices: number;
  /** s */
  readonly duration: number;
  /** a training job's model size and tokens: what the training model needs to time it on other hardware */
  readonly training?: { readonly params: number; readonly tokens: number };
  /** a data job's bytes read and written: what the data-job model needs to time it on other nodes */
  readonly data?: { readonly read: number; readonly write: number };
}

/** The synthetic jobs of one workload: how to draw the next, and what the model fixed once for all of them. */
export interface JobSource {
  readonly draw: () => JobDraw;
  /** a data workload: a job reading exactly `read` bytes (a pipeline stage reading a stream's window); its write is drawn as usual */
  readonly drawReading?: (read: number) => JobDraw;
  /** a batch workload's factors from work to time on its pool (undefined for training and data jobs) */
  readonly factors: DurationFactors | undefined;
}

/**
 * Draws synthetic jobs of one workload from its named random streams. Each purpose has its own stream
 * (`devices`, `work`, `params`, `tokens`), so changing one distribution never shifts another's draws.
 */
export function jobFactory(workload: BatchWorkload | TrainingWorkload | DataWorkload, pool: PoolSpec, reference: RunInputs['reference'], stream: (purpose: string) => RandomStream): JobSource {
  if (workload.kind === 'data') {
    const nextRead = makeSampler(workload.read, stream('read'));
    const nextWrite = workload.write ? makeSampler(workload.write, stream('write')) : () => 0;
    const devices = workload.nodes * pool.devicesPerNode;
    const reading = (read: number) => {
      const write = Math.max(0, nextWrite());
      return { devices, duration: dataJob(workload, pool, read, write).time, data: { read, write } };
    };
    const draw = () => reading(Math.max(0, nextRead()));
    return { draw, drawReading: (read) => reading(Math.max(0, read)), factors: undefined };
  }
  const nextDevices = makeSampler(workload.devices, stream('devices'));
  if (workload.kind === 'batch') {
    const nextWork = makeSampler(workload.work.amount, stream('work'));
    const slice = workload.slice;
    // A job on a slice runs on its instances of the sliced device; it holds their device-equivalents.
    const factors = durationFactors(workload.work, slice ? slicedDevice(pool.device, slice) : pool.device, reference);
    const draw = slice
      ? () => ({ devices: sliceDevices(slice), duration: jobDuration(workload.work, Math.max(0, nextWork()), sliceInstances(slice), factors) })
      : () => {
          const devices = nextDevices();
          // Negative draws (a normal distribution's tail) mean "no work", not negative time.
          const amount = Math.max(0, nextWork());
          return { devices, duration: jobDuration(workload.work, amount, devices, factors) };
        };
    return { draw, factors };
  }
  const nextParams = makeSampler(workload.params, stream('params'));
  const nextTokens = makeSampler(workload.tokens, stream('tokens'));
  const draw = () => {
    const devices = nextDevices();
    const params = Math.max(1, nextParams());
    const tokens = Math.max(1, nextTokens());
    return { devices, duration: training(workload, pool, devices, params, tokens).totalTime, training: { params, tokens } };
  };
  return { draw, factors: undefined };
}

/** A training job's estimate; a job on a slice runs as one device of the sliced node and reports its device-equivalents. */
export function training(workload: TrainingWorkload, pool: PoolSpec, devices: number, params: number, tokens: number, scaleOutBandwidth?: number): TrainingEstimate {
  const slice = workload.slice;
  if (slice) return { ...trainingOn(workload, slicedNode(pool.node, slice), sliceInstances(slice), params, tokens), devices: sliceDevices(slice) };
  return trainingOn(workload, pool.node, devices, params, tokens, scaleOutBandwidth);
}

/** `scaleOutBandwidth`: the NICs' bandwidth per device overridden (a job's share of shared leaf uplinks, fabric-sharing.ts). */
function trainingOn(workload: TrainingWorkload, node: PoolSpec['node'], devices: number, params: number, tokens: number, scaleOutBandwidth?: number): TrainingEstimate {
  return trainingEstimate({
    ...(scaleOutBandwidth !== undefined && { fabric: { scaleOut: { bandwidth: scaleOutBandwidth } } }),
    params,
    ...(workload.activeParams !== undefined && { activeParams: workload.activeParams }),
    ...(workload.expertParallel && { expertParallel: workload.expertParallel }),
    ...(workload.fineTune && { fineTune: workload.fineTune }),
    tokens,
    precision: workload.precision,
    batch: workload.batch,
    devices,
    node,
    modelParallel: workload.modelParallel,
    ...(workload.data && { data: { data: { tokens: workload.batch.tokens, bytesPerToken: workload.data.bytesPerToken }, storage: workload.data.storage } }),
    ...(workload.mfu !== undefined && { mfu: workload.mfu }),
    ...(workload.overlap !== undefined && { overlap: workload.overlap }),
  });
}

/** The training model's breakdown for a typical job (mean size) at each device count the workload can ask for. */
export function trainingExamples(workload: TrainingWorkload, pool: PoolSpec): TrainingEstimate[] {
  const counts = candidateValues(workload.devices);
  const params = distributionMean(workload.params);
  const tokens = distributionMean(workload.tokens);
  return counts.map((n) => training(workload, pool, n, params, tokens));
}

function candidateValues(d: DistributionSpec): number[] {
  if (d.kind === 'constant') return [d.value];
  if (d.kind === 'empirical') return [...new Set(d.values)].sort((a, b) => a - b);
  return [Math.max(1, Math.round(distributionMean(d)))];
}

export function dataJob(workload: DataWorkload, pool: PoolSpec, readBytes: number, writeBytes: number) {
  return dataJobEstimate({
    readBytes,
    writeBytes,
    source: workload.storage,
    node: pool.node,
    nodes: workload.nodes,
    ...(workload.processingRatePerNode !== undefined && { processingRatePerNode: workload.processingRatePerNode }),
  });
}
