import { bytesPerElement, type InferenceModelSpec } from '../../model/performance/index.js';
import { precisions, type Precision } from '../../model/profile-types.js';
import { closest } from '../../support/closest-name.js';
import { InputError } from '../../support/input-error.js';
import type { ModelCards } from '../model-cards.js';
import { readCalibrationCsv, type CsvCells } from './calibration-csv.js';
import { isStorageMetric, STORAGE_COLUMNS, storageMetrics, storageSetup, type CalibrationTarget, type NodeLookup, type StorageSetup } from './storage-points.js';

export { readCalibrationFile } from './calibration-csv.js';
export type { CalibrationTarget, NodeLookup, StorageSetup } from './storage-points.js';

/** What a row measured, in the unit its name says. */
export const calibrationMetrics = ['tokens_per_s', 'ttft_ms', 'tpot_ms', 'step_time_s', ...storageMetrics] as const;
export type CalibrationMetric = (typeof calibrationMetrics)[number];

/** An inference measurement: `replicas` engines of `tensorParallel` devices, each holding `batch` sequences. */
export interface InferenceSetup {
  readonly kind: 'inference';
  readonly model: InferenceModelSpec;
  readonly tensorParallel: number;
  readonly replicas: number;
  /** concurrent sequences per replica (the engine's batch, or the benchmark's concurrency per replica) */
  readonly batch: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** A training measurement: one optimizer step of a dense (or MoE) model over `devices` devices. */
export interface TrainingSetup {
  readonly kind: 'training';
  readonly params: number;
  readonly activeParams?: number;
  readonly precision: Precision;
  readonly devices: number;
  readonly sequences: number;
  readonly sequenceLength: number;
  readonly modelParallel: number;
}

export interface CalibrationPoint {
  /** 1-based data row (header excluded): what `--holdout-rows` names */
  readonly row: number;
  readonly line: number;
  /** the row's `id` column, else `row <n>` */
  readonly label: string;
  readonly metric: CalibrationMetric;
  /** the measured figure, in the metric's unit */
  readonly measured: number;
  /** `role` column: a row the user keeps out of the fit, or puts in it */
  readonly role?: 'fit' | 'holdout';
  readonly setup: InferenceSetup | TrainingSetup | StorageSetup;
}

/** Where the rows' names resolve, and what they are fitted to (so a row of the wrong kind is refused where it stands). */
export interface CalibrationContext {
  /** node profiles a storage row's `node` column names */
  readonly nodes?: NodeLookup;
  /** the profile `--profile` names: a storage row needs a storage profile, a device row a device */
  readonly target?: CalibrationTarget;
}

/** The CSV columns (docs/calibration.md); any other column is refused, so a misspelt one is never ignored. */
const KNOWN = [
  'id',
  'role',
  'metric',
  'value',
  'model',
  'params',
  'active_params',
  'layers',
  'kv_heads',
  'head_dim',
  'hidden_size',
  'precision',
  'kv_precision',
  'tensor_parallel',
  'replicas',
  'batch',
  'input_tokens',
  'output_tokens',
  'devices',
  'global_batch',
  'seq_length',
  'model_parallel',
  ...STORAGE_COLUMNS,
] as const;
type Column = (typeof KNOWN)[number];
const CARD_GIVES: readonly Column[] = ['params', 'active_params', 'layers', 'kv_heads', 'head_dim', 'hidden_size'];
const INFERENCE_ONLY: readonly Column[] = ['kv_precision', 'tensor_parallel', 'replicas', 'batch', 'input_tokens', 'output_tokens', 'layers', 'kv_heads', 'head_dim', 'hidden_size'];
const TRAINING_ONLY: readonly Column[] = ['devices', 'global_batch', 'seq_length', 'model_parallel'];
/** The columns every kind of row may fill. */
const ANY_ROW: readonly Column[] = ['id', 'role', 'metric', 'value'];

/** Reads and validates the measured points of `file` (its text given). @throws InputError at the first bad field, located */
export function parseCalibrationPoints(file: string, text: string, models: ModelCards, context: CalibrationContext = {}): CalibrationPoint[] {
  const { columns, rows, headerLine, headerCol } = readCalibrationCsv(file, text);
  columns.forEach((c) => {
    if (!(KNOWN as readonly string[]).includes(c)) {
      const near = closest(c, KNOWN);
      throw InputError.single({
        file,
        line: headerLine,
        col: headerCol(c),
        field: c,
        message: 'is not a calibration column',
        hint: near ? `did you mean '${near}'? (docs/calibration.md lists the columns)` : 'docs/calibration.md lists the columns',
      });
    }
  });
  // precision is required of a CSV with device rows only: storage rows have none
  const needs = rows.some((r) => !isStorageMetric(r.get('metric') ?? '')) ? (['metric', 'value', 'precision'] as const) : (['metric', 'value'] as const);
  for (const need of needs) {
    if (!columns.includes(need))
      throw InputError.single({ file, line: headerLine, col: 1, field: need, message: 'is a required column and the header has none', hint: 'docs/calibration.md lists the columns' });
  }
  if (rows.length === 0) throw InputError.single({ file, line: headerLine, col: 1, field: '', message: 'has a header and no measured rows', hint: 'add one row per measurement' });
  return rows.map((cells) => parseRow(file, cells, models, context));
}

function parseRow(file: string, cells: CsvCells, models: ModelCards, context: CalibrationContext): CalibrationPoint {
  const fail = (column: Column, message: string, hint?: string): never => {
    throw InputError.single({ file, line: cells.line, col: cells.colOf(column), field: column, message, ...(hint && { hint }) });
  };
  const text = (c: Column) => cells.get(c);
  const number = (c: Column, opts: { integer?: boolean; fallback?: number } = {}): number => {
    const raw = text(c);
    if (raw === undefined) {
      if (opts.fallback !== undefined) return opts.fallback;
      return fail(c, 'is empty', 'this row needs it');
    }
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) fail(c, `must be a positive number, got '${raw}'`);
    if (opts.integer && !Number.isInteger(v)) fail(c, `must be a whole number, got '${raw}'`);
    return v;
  };
  const choice = <T extends string>(c: Column, options: readonly T[], fallback?: T): T => {
    const raw = text(c);
    if (raw === undefined) return fallback ?? fail(c, 'is empty', `one of ${options.join(', ')}`);
    if (!(options as readonly string[]).includes(raw)) {
      const near = closest(raw, options);
      fail(c, `'${raw}' is not one of ${options.join(', ')}`, near ? `did you mean '${near}'?` : undefined);
    }
    return raw as T;
  };
  const metric = choice('metric', calibrationMetrics);
  const measured = number('value');
  const role = text('role') === undefined ? undefined : choice('role', ['fit', 'holdout'] as const);
  const target = context.target;
  if (isStorageMetric(metric)) {
    if (target && target.storageClass === undefined)
      fail(
        'metric',
        `${metric} measures storage, and the profile fitted (${target.id}) is a compute device`,
        'fit storage rows with --profile a storage profile (an NVMe drive, a parallel file system, an object store)',
      );
    for (const c of KNOWN)
      if (!ANY_ROW.includes(c) && !(STORAGE_COLUMNS as readonly string[]).includes(c) && text(c) !== undefined)
        fail(c, `is not a storage column, and this row measures ${metric}`, 'leave it empty on this row');
    const setup = storageSetup(metric, { text, number, choice, fail }, context.nodes, target);
    return { row: cells.row, line: cells.line, label: text('id') ?? `row ${cells.row}`, metric, measured, ...(role && { role }), setup };
  }
  if (target?.storageClass !== undefined)
    fail(
      'metric',
      `${metric} measures a compute device, and the profile fitted (${target.id}) is a storage profile`,
      'its rows are read_gbps or write_gbps; give --profile a device or node for this row',
    );
  for (const c of STORAGE_COLUMNS) if (text(c) !== undefined) fail(c, `is a storage column, and this row measures ${metric}`, 'leave it empty on this row');
  const precision = choice('precision', precisions);
  const training = metric === 'step_time_s';
  for (const c of training ? INFERENCE_ONLY : TRAINING_ONLY) {
    if (text(c) !== undefined) fail(c, `is ${training ? 'an inference' : 'a training'} column, and this row measures ${metric}`, 'leave it empty on this row');
  }
  const card = text('model');
  // a card gives the architecture: a figure beside it would be silently ignored, so it is refused
  if (card !== undefined) for (const col of CARD_GIVES) if (text(col) !== undefined) fail(col, `is given with a model card (${card}), which gives it`, 'leave it empty, or leave out the model column');
  const loaded = card === undefined ? undefined : models.get(card);
  if (card !== undefined && !loaded) {
    const near = closest(card, models.ids());
    fail('model', `no model card '${card}'`, near ? `did you mean '${near}'? (simulate models lists them)` : 'simulate models lists the cards');
  }
  const c = loaded?.card;
  if (!c && text('params') === undefined) fail('params', 'is empty and no model card is named', 'give model (a card id) or params');
  const params = c ? c.params : number('params');
  const activeParams = c ? c.active_params : text('active_params') === undefined ? undefined : number('active_params');
  if (activeParams !== undefined && activeParams > params) fail('active_params', `is ${activeParams}, more than params (${params})`);
  const base = { row: cells.row, line: cells.line, label: text('id') ?? `row ${cells.row}`, metric, measured, ...(role && { role }) };

  if (training) {
    const devices = number('devices', { integer: true });
    const modelParallel = number('model_parallel', { integer: true, fallback: 1 });
    if (devices % modelParallel !== 0) fail('model_parallel', `is ${modelParallel}, which does not divide devices (${devices})`);
    const setup: TrainingSetup = {
      kind: 'training',
      params,
      ...(activeParams !== undefined && { activeParams }),
      precision,
      devices,
      sequences: number('global_batch', { integer: true }),
      sequenceLength: number('seq_length', { integer: true }),
      modelParallel,
    };
    return { ...base, setup };
  }
  const kvPrecision = choice('kv_precision', precisions, 'bf16');
  const kvCache = c
    ? c.kv_cache_bytes_per_token_bf16 !== undefined
      ? { bytesPerToken: (c.kv_cache_bytes_per_token_bf16 * bytesPerElement[kvPrecision]) / 2 }
      : { layers: c.layers, kvHeads: c.kv_heads, headDim: c.head_dim, precision: kvPrecision }
    : { layers: number('layers', { integer: true }), kvHeads: number('kv_heads', { integer: true }), headDim: number('head_dim', { integer: true }), precision: kvPrecision };
  const hiddenSize = c ? c.hidden_size : text('hidden_size') === undefined ? undefined : number('hidden_size', { integer: true });
  const moe = c?.active_params !== undefined && c.experts ? { activeParams: c.active_params, experts: { routed: c.experts.routed, active: c.experts.active } } : undefined;
  if (!c && activeParams !== undefined) fail('active_params', 'needs the experts of a model card', 'name the model card (model column) for a mixture of experts');
  const model: InferenceModelSpec = {
    params,
    weightPrecision: precision,
    kvCache,
    ...(hiddenSize !== undefined && { hiddenSize }),
    ...(c && { layers: c.layers }),
    ...(moe && { moe }),
  };
  const setup: InferenceSetup = {
    kind: 'inference',
    model,
    tensorParallel: number('tensor_parallel', { integer: true, fallback: 1 }),
    replicas: number('replicas', { integer: true, fallback: 1 }),
    batch: number('batch', { integer: true, fallback: 1 }),
    inputTokens: number('input_tokens', { integer: true }),
    outputTokens: number('output_tokens', { integer: true }),
  };
  return { ...base, setup };
}
