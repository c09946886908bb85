import type { ComputeDeviceProfile, Precision } from '../types.js';

/**
 * Bytes one element occupies at each precision (weights, gradients, KV-cache entries).
 * tf32 is stored in a 32-bit container; fp6 packs four values in three bytes, fp4 and int4 two per byte
 * (the per-block scale factors of MXFP4/NVFP4, one byte per 32 or 16 values, are left out).
 */
export const bytesPerElement: Readonly<Record<Precision, number>> = {
  fp64: 8,
  fp32: 4,
  tf32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  fp6: 0.75,
  fp4: 0.5,
  int8: 1,
  int4: 0.5,
};

/**
 * End-to-end speed-up of 8-bit over 16-bit compute that the defaults assume (dimensionless).
 * NVIDIA's Megatron-Bridge Performance Tuning Guide, "Low Precision Training": FP8 applied to the
 * linear layers "typically achiev[es] a speedup of 1.2–1.5X" over BF16; the midpoint 1.35 is used
 * (https://docs.nvidia.com/nemo/megatron-bridge/latest/performance-guide.html). The same derating is
 * applied to 8/4-bit inference compute, where the non-GEMM share of the work is larger still.
 */
export const defaultLowPrecisionSpeedup = 1.35;

const lowPrecisions: ReadonlySet<Precision> = new Set(['fp8', 'fp6', 'fp4', 'int8', 'int4']);

/** FLOP/s; @throws RangeError when the device publishes no dense peak at `precision`. */
export function devicePeak(device: ComputeDeviceProfile, precision: Precision): number {
  const peak = device.peak[precision];
  if (peak === undefined) {
    const have = Object.keys(device.peak).join(', ');
    throw new RangeError(`device ${device.id} has no ${precision} peak (it lists ${have || 'none'})`);
  }
  return peak;
}

export interface ComputeRate {
  /** FLOP/s, the device's dense peak at the precision */
  readonly peak: number;
  /**
   * FLOP/s the efficiency applies to: the peak itself, or for 8/6/4-bit precisions
   * min(peak, speed-up × 16-bit peak) — a datasheet's 2× over 16-bit is not an end-to-end 2×.
   */
  readonly usablePeak: number;
  /** fraction of `usablePeak` achieved (MFU for training, compute efficiency for inference) */
  readonly efficiency: number;
  /** FLOP/s = usablePeak × efficiency */
  readonly rate: number;
}

/**
 * Sustained FLOP/s of one device at `precision`. `efficiency` is read as relative to a 16-bit-like
 * peak: for fp8/fp6/fp4/int8/int4 on a device that also has a bf16/fp16 peak, the usable peak is capped at
 * `lowPrecisionSpeedup` × that 16-bit peak (pass `lowPrecisionSpeedup = Infinity` to apply the
 * efficiency to the raw 8-bit peak, e.g. when reproducing an MFU quoted against it).
 * @throws RangeError for a missing peak or an efficiency outside (0, 1]
 */
export function computeRate(device: ComputeDeviceProfile, precision: Precision, efficiency: number, lowPrecisionSpeedup: number = defaultLowPrecisionSpeedup): ComputeRate {
  if (!(efficiency > 0 && efficiency <= 1)) throw new RangeError(`efficiency must be in (0, 1], got ${efficiency}`);
  if (!(lowPrecisionSpeedup >= 1)) throw new RangeError(`lowPrecisionSpeedup must be ≥ 1, got ${lowPrecisionSpeedup}`);
  const peak = devicePeak(device, precision);
  let usablePeak = peak;
  if (lowPrecisions.has(precision)) {
    const sixteen = Math.max(device.peak.bf16 ?? 0, device.peak.fp16 ?? 0);
    if (sixteen > 0 && sixteen < peak) usablePeak = Math.min(peak, lowPrecisionSpeedup * sixteen);
  }
  return { peak, usablePeak, efficiency, rate: usablePeak * efficiency };
}
