import { defaultComputeEfficiency, defaultMemoryEfficiency, defaultMfu } from '../../model/performance/index.js';
import type { CalibrationPoint } from '../../scenario/calibration/calibration-points.js';
import { InputError } from '../../support/input-error.js';
import { holdoutRows, type HoldoutChoice } from './holdout-split.js';
import { unidentified } from './identifiability.js';
import { nelderMead } from './nelder-mead.js';
import { storageOnlyBandwidth } from './predict-storage.js';
import { factorNames, factorsOf, predictPoint, primaryFactorOf, targetId, type CalibrationSystem, type FactorName, type Factors } from './predict-point.js';

export interface CalibrationRequest {
  /** the CSV the points came from, for located messages */
  readonly file: string;
  readonly points: readonly CalibrationPoint[];
  readonly system: CalibrationSystem;
  /** factors to fit; default the catalog's own: inference_compute for inference rows, training_mfu for training rows */
  readonly fit?: readonly FactorName[];
  readonly holdout: HoldoutChoice;
}

export interface CalibratedRow {
  readonly point: CalibrationPoint;
  readonly role: 'fit' | 'holdout';
  /** predictions in the row's unit with the profile's factors and with the fitted ones */
  readonly before: number;
  readonly after: number;
}

export interface CalibratedFactor {
  readonly name: FactorName;
  readonly before: number;
  /** where `before` came from: the profile's fitted figure, or the device kind's default (for `collective` and `storage`: as published, 1) */
  readonly beforeFrom: 'profile' | 'default';
  readonly after: number;
}

export interface CalibrationOutcome {
  readonly factors: readonly CalibratedFactor[];
  readonly rows: readonly CalibratedRow[];
  /** mean absolute percentage error, % */
  readonly mapeFitted: { readonly before: number; readonly after: number };
  readonly mapeHeldOut?: { readonly before: number; readonly after: number };
  readonly iterations: number;
}

/**
 * The factors the model uses for the system today: the device's fitted figures, else its kind's defaults; the
 * storage profile's, else 1. A factor of a profile the system lacks is never used (no row depends on it): 1.
 */
export function currentFactors(system: CalibrationSystem): { readonly factors: Factors; readonly from: Readonly<Record<FactorName, 'profile' | 'default'>> } {
  const { device, storage } = system;
  const e = device?.efficiency;
  const pick = (fitted: number | undefined, fallback: number) => ({ value: fitted ?? fallback, from: fitted === undefined ? ('default' as const) : ('profile' as const) });
  const c = pick(e?.inferenceCompute, device ? defaultComputeEfficiency[device.kind].value : 1);
  const m = pick(e?.inferenceMemory, device ? defaultMemoryEfficiency[device.kind].value : 1);
  const t = pick(e?.trainingMfu, device ? defaultMfu[device.kind].value : 1);
  // without a fitted collective (storage) efficiency the model charges the links (drives) at their published bandwidth: a factor of 1
  const k = pick(e?.collective, 1);
  const s = pick(storage?.efficiency?.storage, 1);
  return {
    factors: { inference_compute: c.value, inference_memory: m.value, training_mfu: t.value, collective: k.value, storage: s.value },
    from: { inference_compute: c.from, inference_memory: m.from, training_mfu: t.from, collective: k.from, storage: s.from },
  };
}

/** Where a factor's `before` came from, in words (the report and the override profile's note say it). */
export function startingPointLabel(f: Pick<CalibratedFactor, 'name' | 'beforeFrom'>, profile = 'profile'): string {
  if (f.beforeFrom === 'profile') return profile;
  if (f.name === 'collective') return 'links as published';
  return f.name === 'storage' ? 'bandwidth as published' : 'device kind default';
}

/** Four significant digits: what the override profile stores, so the errors reported are those of the written file. */
export const roundFactor = (v: number): number => Number(v.toPrecision(4));

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (f: number) => Math.log(f / (1 - f));
/** What rows a factor needs, for the refusal when none is fitted. */
const ROWS_FOR: Readonly<Record<FactorName, string>> = {
  inference_compute: 'add inference rows (tokens_per_s, ttft_ms, tpot_ms)',
  inference_memory: 'add inference rows (tokens_per_s, ttft_ms, tpot_ms)',
  training_mfu: 'add step_time_s rows',
  collective: 'add step_time_s rows over several devices, or inference rows with tensor_parallel > 1',
  storage: 'add read_gbps or write_gbps rows, with --profile a storage profile',
};
/** What a factor is a fraction of, for the refusals of implausible fits. */
const PEAK_OF = (n: FactorName) => (n === 'storage' ? "the storage's published bandwidth" : "the device's usable peak");
/** Fitted factors outside this band are not efficiencies the points support: the setup is more likely wrong. */
const PLAUSIBLE = { low: 0.01, high: 0.999 };

export function mape(rows: readonly CalibratedRow[], which: 'before' | 'after'): number {
  return (100 * rows.reduce((s, r) => s + Math.abs(r[which] / r.point.measured - 1), 0)) / rows.length;
}

/**
 * Fits the factors to the fitted rows: minimises the mean absolute log error of prediction over measurement
 * (≈ MAPE for errors of a few per cent, symmetric in over- and under-prediction, scale-free across tokens/s and
 * seconds, and robust: one badly modelled row pulls the fit less than a squared error lets it) with
 * Nelder–Mead over the logits of the factors (so each stays in (0, 1)), from the profile's factors. Refuses,
 * as a one-line input error, rows that cannot run, factors the rows cannot determine (`unidentified`) and fits
 * that land outside any plausible efficiency. The held-out rows are predicted with the fitted factors, never fitted.
 * @throws InputError
 */
export function fitFactors(request: CalibrationRequest): CalibrationOutcome {
  const { file, points, system } = request;
  const refuse = (field: string, message: string, hint?: string, line = 0): never => {
    throw InputError.single({ file, line, col: line > 0 ? 1 : 0, field, message, ...(hint && { hint }) });
  };
  const { factors: profileFactors, from } = currentFactors(system);
  for (const p of points) {
    if (p.setup.kind === 'training' && !system.node)
      refuse('metric', `${p.label} measures a training step, which needs the node the devices sit in`, 'give --profile a node id (e.g. dgx-h100) or --node', p.line);
    try {
      predictPoint(p, system, profileFactors);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      refuse('', `${p.label} cannot run on ${targetId(system)}: ${err.message}`, 'check the row: a larger tensor_parallel or a smaller precision makes the weights fit', p.line);
    }
  }
  let held: ReadonlySet<number>;
  try {
    held = holdoutRows(points, request.holdout);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return refuse('', err.message);
  }
  const fitRows = points.filter((p) => !held.has(p.row));
  const informed = factorNames.filter((n) => fitRows.some((p) => factorsOf(p).includes(n)));
  const fit = request.fit ?? factorNames.filter((n) => fitRows.some((p) => primaryFactorOf(p) === n));
  for (const n of fit) if (!informed.includes(n)) refuse(`efficiency.${n}`, `cannot be fitted: no fitted row depends on it`, ROWS_FOR[n]);
  // a storage row whose NICs cannot carry what the storage publishes measures the network: it cannot be told from a NIC shortfall
  const problem = unidentified(fitRows, system, profileFactors, fit, fit.includes('storage') && from.storage === 'default' ? 'at the published bandwidth' : "at the profile's factors");
  if (problem) refuse(problem.field, problem.message, problem.hint);
  const start = fit.includes('storage') ? { ...profileFactors, storage: storageFirstGuess(fitRows, system) } : profileFactors;

  const withZ = (z: readonly number[]): Factors => {
    const f: Record<FactorName, number> = { ...start };
    fit.forEach((n, i) => (f[n] = logistic(z[i] ?? 0)));
    return f;
  };
  const objective = (z: readonly number[]) => {
    const f = withZ(z);
    return fitRows.reduce((s, p) => s + Math.abs(Math.log(predictPoint(p, system, f) / p.measured)), 0) / fitRows.length;
  };
  // restarted once from its own result: a simplex can stall on a kink of the L1 objective or of the roofline
  const first = nelderMead(
    objective,
    fit.map((n) => logit(Math.min(start[n], PLAUSIBLE.high))),
  );
  const second = nelderMead(objective, first.x);
  const result = { x: second.x, iterations: first.iterations + second.iterations };
  const fitted = withZ(result.x);
  const rounded: Record<FactorName, number> = { ...start };
  for (const n of fit) {
    const v = fitted[n];
    if (v > PLAUSIBLE.high)
      refuse(
        `efficiency.${n}`,
        `the fitted rows need more than ${PLAUSIBLE.high * 100} % of ${PEAK_OF(n)}`,
        n === 'storage'
          ? 'check each row against its setup (nodes, capacity_tib, connections; GB/s, not Gb/s): a burst or a cached read is faster than the sustained bandwidth the profile publishes'
          : 'check each row against its setup (precision, tensor_parallel, replicas, batch): the model cannot be that fast',
      );
    if (v < PLAUSIBLE.low)
      refuse(
        `efficiency.${n}`,
        `the fitted rows need less than ${PLAUSIBLE.low * 100} % of ${PEAK_OF(n)}`,
        n === 'storage'
          ? 'check each row against its setup (units: GB/s, not MB/s; nodes): the measurements are 100× slower than the model'
          : 'check each row against its setup (units: tokens/s, ms, s; replicas): the measurements are 100× slower than the model',
      );
    rounded[n] = roundFactor(v);
  }
  const after = unidentified(fitRows, system, rounded, fit, 'at the fitted factors');
  if (after) refuse(after.field, after.message, after.hint);

  const rows = points.map((p): CalibratedRow => ({ point: p, role: held.has(p.row) ? 'holdout' : 'fit', before: predictPoint(p, system, profileFactors), after: predictPoint(p, system, rounded) }));
  const fitted_ = rows.filter((r) => r.role === 'fit');
  const heldOut = rows.filter((r) => r.role === 'holdout');
  return {
    factors: fit.map((name) => ({ name, before: profileFactors[name], beforeFrom: from[name], after: rounded[name] })),
    rows,
    mapeFitted: { before: mape(fitted_, 'before'), after: mape(fitted_, 'after') },
    ...(heldOut.length > 0 && { mapeHeldOut: { before: mape(heldOut, 'before'), after: mape(heldOut, 'after') } }),
    iterations: result.iterations,
  };
}

/**
 * Where the storage fit starts: the geometric mean over the rows of measured ÷ the storage's published bandwidth
 * (before the NIC bound), in the plausible band — near the answer for storage-bound rows, so the simplex does not
 * start on the plateau of rows that are NIC-bound at the profile's factor and storage-bound at the fitted one.
 */
function storageFirstGuess(rows: readonly CalibrationPoint[], system: CalibrationSystem): number {
  const storage = system.storage;
  const storageRows = rows.filter((p) => p.setup.kind === 'storage');
  if (!storage || storageRows.length === 0) return 1;
  const logRatio = storageRows.reduce((s, p) => s + (p.setup.kind === 'storage' ? Math.log(p.measured / storageOnlyBandwidth(p.setup, storage, 1)) : 0), 0) / storageRows.length;
  return Math.min(PLAUSIBLE.high, Math.max(PLAUSIBLE.low, Math.exp(logRatio)));
}
