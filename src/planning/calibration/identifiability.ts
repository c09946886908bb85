import type { CalibrationPoint } from '../../scenario/calibration/calibration-points.js';
import { predictPoint, type CalibrationSystem, type FactorName, type Factors } from './predict-point.js';

/**
 * A factor moves a prediction by less than this fraction of its own relative change on every fitted row:
 * a 10 % change in it moves no row by more than 0.1 %, so the rows cannot pin it.
 */
export const SENSITIVITY_FLOOR = 0.01;
/** Two factors whose effects on the fitted rows point the same way to within this cosine cannot be told apart. */
export const COLLINEAR_COSINE = 0.999;

/** ∂ ln prediction / ∂ ln factor on each row, by a central difference of ±0.5 % (one-sided at a factor of 1). */
export function sensitivities(points: readonly CalibrationPoint[], system: CalibrationSystem, factors: Factors, name: FactorName): number[] {
  const up = Math.min(1, factors[name] * 1.005);
  const down = factors[name] * 0.995;
  const span = Math.log(up / down);
  return points.map((p) => Math.log(predictPoint(p, system, { ...factors, [name]: up }) / predictPoint(p, system, { ...factors, [name]: down })) / span);
}

/** Why no fitted row moves with `name`: the reason a user can act on. */
function flatReason(name: FactorName, where: string): { message: string; hint: string } {
  switch (name) {
    case 'inference_compute':
      return {
        message: `cannot be fitted: every fitted row is memory-bound ${where} (each iteration waits on the weight and KV-cache reads, not the matrix work), so the compute factor moves no prediction`,
        hint: 'add rows at large batch or long prompts (tokens_per_s at a high batch, ttft_ms), or leave it out of --fit',
      };
    case 'inference_memory':
      return {
        message: `cannot be fitted: every fitted row is compute-bound ${where} with little KV-cache traffic, so the memory factor moves no prediction`,
        hint: 'add decode rows at a small batch (tpot_ms, or tokens_per_s at batch 1), or leave it out of --fit',
      };
    case 'training_mfu':
      return { message: `cannot be fitted: no fitted row measures a training step (step_time_s)`, hint: 'add step_time_s rows, or leave it out of --fit' };
    case 'collective':
      return {
        message: `cannot be fitted: every fitted row hides its collectives ${where} (the gradient all-reduce behind the backward pass, or tensor-parallel all-reduces too small to show), so the collective factor moves no prediction`,
        hint: 'add step times where the all-reduce is exposed (many devices, few sequences per device), or leave it out of --fit',
      };
    case 'storage':
      return {
        message: `cannot be fitted: every fitted row is bound by the network ${where} (nodes × the storage NICs carry less than the storage delivers), so the storage factor moves no prediction: the rows measure the NICs`,
        hint: 'add rows where the storage binds: more client nodes for the same capacity or connections, or node-local drives',
      };
  }
}

/**
 * The first reason the fitted rows cannot determine the factors, or undefined: a factor that moves no row
 * (all rows bound by the other resource), more factors than rows, or two factors that move every row in the
 * same proportion (their Jacobian columns parallel), so only their combination is determined.
 */
export function unidentified(
  points: readonly CalibrationPoint[],
  system: CalibrationSystem,
  factors: Factors,
  fit: readonly FactorName[],
  where: string,
): { field: string; message: string; hint: string } | undefined {
  const columns = new Map<FactorName, number[]>();
  for (const name of fit) {
    const s = sensitivities(points, system, factors, name);
    if (!s.some((v) => Math.abs(v) >= SENSITIVITY_FLOOR)) return { field: `efficiency.${name}`, ...flatReason(name, where) };
    columns.set(name, s);
  }
  if (fit.length > points.length) {
    return { field: 'efficiency', message: `cannot fit ${fit.length} factors (${fit.join(', ')}) on ${points.length} fitted row(s)`, hint: 'add rows, or name fewer factors with --fit' };
  }
  for (let i = 0; i < fit.length; i++) {
    for (let j = i + 1; j < fit.length; j++) {
      const a = columns.get(fit[i]!)!;
      const b = columns.get(fit[j]!)!;
      const dot = a.reduce((s, v, k) => s + v * (b[k] ?? 0), 0);
      const cosine = Math.abs(dot) / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
      if (cosine > COLLINEAR_COSINE) {
        return {
          field: `efficiency.${fit[i]!}`,
          message: `cannot be told apart from efficiency.${fit[j]!}: every fitted row moves with both in the same proportion ${where}, so only their combination is determined`,
          hint: `fit one of them (--fit ${fit[i]!}), or add rows of another shape (batch, prompt or output length)`,
        };
      }
    }
  }
  return undefined;
}
