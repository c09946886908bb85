import { statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { assertCsvMapping, CSV_FIELDS, TraceError } from '../../traces/index.js';
import type { PoolSpec, TraceOptions, TraceSource, TraceTransformSpec, TraceWorkload, WorkloadPlacement } from '../../model/types.js';
import { displayPath } from '../../support/input-error.js';
import type { WorkloadInput } from '../scenario-schema.js';
import { closest } from '../../support/closest-name.js';
import type { Fail, FieldPath, ResolveContext } from './resolve-context.js';

type TraceWorkloadInput = Extract<WorkloadInput, { kind: 'trace' }>;
type RequestTraceInput = NonNullable<Extract<WorkloadInput, { kind: 'inference' }>['trace']>;
type Labels = WorkloadPlacement & { readonly team?: string; readonly tags: readonly string[] };

/** A workload replayed from a job trace: the file found, its columns checked, its options typed. */
export function resolveTraceWorkload(w: TraceWorkloadInput, pool: PoolSpec, labels: Labels, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext): TraceWorkload {
  const { src, resolver, guard, fail } = ctx;
  const hardwareId = w.hardware;
  const hardware = hardwareId === undefined ? undefined : guard(() => resolver.get(hardwareId, 'device', { src, path: at('hardware') }));
  if (hardware && hardware.peak[w.precision] === undefined) fail(at('hardware'), `'${hardware.id}' has no ${w.precision} peak`);
  const t = w.trace;
  const transforms: TraceTransformSpec[] = [...timeTransforms(t)];
  if (t.min_devices !== undefined || t.max_devices !== undefined || t.gpu_only) {
    transforms.push({
      kind: 'filter',
      ...(t.min_devices !== undefined && { minDevices: t.min_devices }),
      ...(t.max_devices !== undefined && { maxDevices: t.max_devices }),
      ...(t.gpu_only && { gpuOnly: true }),
    });
  }
  const options: TraceOptions = {
    strict: t.strict,
    matchGpuModels: t.match_gpu_models,
    transforms,
    ...(t.columns !== undefined && { columns: t.columns }),
    ...(t.sample !== undefined && { sample: t.sample }),
    ...(t.limit !== undefined && { limit: t.limit }),
  };
  const file = resolvePath(dirname(src.file), t.file);
  checkTraceFile(file, at('trace', 'file'), fail);
  if (t.format === 'csv') {
    if (t.columns === undefined) fail(at('trace', 'columns'), 'is required for format csv', "map the file's columns, e.g. columns: { submit: t, devices: gpus, runtime: rt }");
    else checkColumns(t.columns, at('trace', 'columns'), fail);
  } else if (t.columns !== undefined) fail(at('trace', 'columns'), `applies to format csv only (${t.format} has fixed columns)`, 'remove it');
  return {
    ...labels,
    name: w.name,
    kind: 'trace',
    pool: pool.id,
    trace: { file, declared: t.file, format: t.format, options },
    ...(hardware && { hardware }),
    precision: w.precision,
    priority: w.priority,
    estimates: w.estimates,
  };
}

/** An inference service's request trace: the file found, its options typed. */
export function resolveRequestTrace(t: RequestTraceInput, path: FieldPath, ctx: ResolveContext): TraceSource {
  const file = resolvePath(dirname(ctx.src.file), t.file);
  checkTraceFile(file, path, ctx.fail);
  return {
    file,
    declared: t.file,
    format: t.format,
    options: { strict: t.strict, transforms: timeTransforms(t), ...(t.limit !== undefined && { limit: t.limit }) },
  };
}

/** Shift to zero, then scale: the order the rows' times are changed in. */
function timeTransforms(t: { readonly start_at_zero: boolean; readonly time_scale: number }): TraceTransformSpec[] {
  return [...(t.start_at_zero ? [{ kind: 'shift', to: 0 } as const] : []), ...(t.time_scale !== 1 ? [{ kind: 'scale', factor: t.time_scale } as const] : [])];
}

/** A trace file that cannot be opened is reported where the scenario names it (validate catches it too). */
function checkTraceFile(file: string, path: FieldPath, fail: Fail): void {
  try {
    if (statSync(file).isDirectory()) fail(path, `${displayPath(file)} is a folder, not a trace file`);
  } catch (err) {
    const code = errorCode(err);
    fail(
      path,
      code === 'ENOENT' ? `no such file: ${displayPath(file)}` : `cannot read ${displayPath(file)}: ${code ?? (err instanceof Error ? err.message : String(err))}`,
      'a trace path is relative to the scenario file',
    );
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** A CSV column mapping is checked before any file is read, and reported at its place in the scenario. */
function checkColumns(columns: Readonly<Record<string, unknown>>, path: FieldPath, fail: Fail): void {
  const unknown = Object.keys(columns).filter((k) => !CSV_FIELDS.includes(k));
  for (const key of unknown) {
    const near = closest(key, CSV_FIELDS);
    fail([...path, key], 'unknown field', near ? `did you mean '${near}'?` : `expected one of: ${CSV_FIELDS.join(', ')}`);
  }
  if (unknown.length > 0) return;
  try {
    assertCsvMapping(columns);
  } catch (err) {
    if (!(err instanceof TraceError)) throw err;
    const field = err.issue.field?.replace(/^columns\.?/, '');
    fail(field ? [...path, field] : path, err.issue.message, 'see docs/traces.md for the column mapping');
  }
}
