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
const subEightBitPrecisions: ReadonlySet<Precision> = new Set(['fp6', 'fp4', 'int4']);

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
   * FLOP/s the efficiency applies to: the peak itself; for 8-bit precisions min(peak, speed-up × 16-bit
   * peak) — a datasheet's 2× over 16-bit is not an end-to-end 2×; for 6/4-bit, the usable 8-bit peak
   * scaled by the datasheet's ratio over 8-bit (`usableLowPrecisionPeak`).
   */
  readonly usablePeak: number;
  /** fraction of `usablePeak` achieved (MFU for training, compute efficiency for inference) */
  readonly efficiency: number;
  /** FLOP/s = usablePeak × efficiency */
  readonly rate: number;
}

/**
 * Sustained FLOP/s of one device at `precision`. `efficiency` is read as relative to a 16-bit-like
 * peak: for fp8/int8 on a device that also has a bf16/fp16 peak, the usable peak is capped at
 * `lowPrecisionSpeedup` × that 16-bit peak, and fp6/fp4/int4 scale that cap by their datasheet ratio
 * over 8-bit (pass `lowPrecisionSpeedup = Infinity` to apply the
 * efficiency to the raw 8-bit peak, e.g. when reproducing an MFU quoted against it).
 * @throws RangeError for a missing peak or an efficiency outside (0, 1]
 */
export function computeRate(
  device: ComputeDeviceProfile,
  precision: Precision,
  efficiency: number,
  lowPrecisionSpeedup: number = defaultLowPrecisionSpeedup,
  subEightBit: SubEightBitPeak = 'scaled-from-8-bit',
): ComputeRate {
  if (!(efficiency > 0 && efficiency <= 1)) throw new RangeError(`efficiency must be in (0, 1], got ${efficiency}`);
  if (!(lowPrecisionSpeedup >= 1)) throw new RangeError(`lowPrecisionSpeedup must be ≥ 1, got ${lowPrecisionSpeedup}`);
  const peak = devicePeak(device, precision);
  const usablePeak = usableLowPrecisionPeak(device, precision, peak, lowPrecisionSpeedup, subEightBit);
  return { peak, usablePeak, efficiency, rate: usablePeak * efficiency };
}

/**
 * 8-bit: min(peak, speed-up × 16-bit peak). Sub-8-bit (fp6, fp4, int4) on a device with an 8-bit peak:
 * the usable 8-bit peak × (datasheet peak ÷ 8-bit peak), i.e. the 4-bit tensor cores' factor over 8-bit
 * is kept whole. A choice made on evidence, not derived: MLPerf Inference v5.1 DGX B200, Llama 2 70B
 * Offline in FP4, 101,527 tokens/s on 8 GPUs, is ≈ 3.6 PFLOP/s per GPU (2·N FLOP per processed
 * token), 1.6 × the bf16 peak — above the 1.35 × cap of 8-bit, and at 0.87 of a cap compounding 1.35 ×
 * per halving of the width (1.82 × bf16), which leaves no room for attention and scheduling time.
 */
/**
 * How fp6/fp4/int4 relate to 8-bit: `scaled-from-8-bit` (inference, validated on the MLPerf FP4 results) or
 * `capped-like-8-bit` (the 1.35 × 16-bit cap of 8-bit, used by training: no published FP4 training result
 * has been checked against the model yet).
 */
export type SubEightBitPeak = 'scaled-from-8-bit' | 'capped-like-8-bit';

function usableLowPrecisionPeak(device: ComputeDeviceProfile, precision: Precision, peak: number, speedup: number, subEightBit: SubEightBitPeak): number {
  if (!lowPrecisions.has(precision)) return peak;
  const sixteen = Math.max(device.peak.bf16 ?? 0, device.peak.fp16 ?? 0);
  if (!(sixteen > 0 && sixteen < peak)) return peak;
  const eightBit = device.peak.fp8 ?? device.peak.int8;
  if (subEightBit === 'scaled-from-8-bit' && subEightBitPrecisions.has(precision) && eightBit !== undefined && eightBit < peak)
    return Math.min(peak, Math.min(eightBit, speedup * sixteen) * (peak / eightBit));
  return Math.min(peak, speedup * sixteen);
}
