import type { ComputeDeviceProfile, RunInputs, WorkSpec } from './types.js';

/**
 * How long a job runs: the only place hardware turns work into time. Pure function of the profiles.
 *
 * - `reference-time` work is device-seconds on the reference device; on another device it scales by
 *   the ratio of dense peaks at the job's precision (an H100 at 989 TFLOPS bf16 does 312-TFLOPS
 *   A100 work 3.17× faster), then divides over the job's devices.
 * - `flops` work runs at `efficiency` × peak on each device (model FLOPs utilisation).
 * Scaling over devices is linear here; communication and data loading are not modelled in this
 * first model, so multi-device times are a lower bound.
 */
export interface DurationFactors {
  /** FLOP/s of one device at the job's precision */
  readonly devicePeak: number;
  /** device peak / reference peak at the job's precision (reference-time work only; 1 for flops work) */
  readonly speedVsReference: number;
  /** fraction of peak achieved (flops work; 1 for reference-time work, whose efficiency is the reference's) */
  readonly efficiency: number;
}

export function durationFactors(work: WorkSpec, device: ComputeDeviceProfile, reference: RunInputs['reference']): DurationFactors {
  const devicePeak = device.peak[work.precision];
  if (devicePeak === undefined) throw new RangeError(`device ${device.id} has no ${work.precision} peak`);
  if (work.unit === 'flops') return { devicePeak, speedVsReference: 1, efficiency: work.efficiency };
  const referencePeak = reference.device.peak[work.precision];
  if (referencePeak === undefined) throw new RangeError(`reference device ${reference.device.id} has no ${work.precision} peak`);
  return { devicePeak, speedVsReference: devicePeak / referencePeak, efficiency: 1 };
}

/** Seconds a job of `amount` (seconds of reference-device time, or FLOP) takes on `devices` devices. */
export function jobDuration(work: WorkSpec, amount: number, devices: number, f: DurationFactors): number {
  if (work.unit === 'flops') return amount / (devices * f.devicePeak * f.efficiency);
  return amount / (devices * f.speedVsReference);
}
