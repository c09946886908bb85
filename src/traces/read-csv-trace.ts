/**
 * Reader for any CSV export of a scheduler (Slurm sacct, LSF, Kubernetes, an in-house database)
 * described by a column mapping, so a scenario file can say which column means what:
 *
 * ```yaml
 * trace: { file: traces/jobs.csv, format: csv,
 *          columns: { submit: { column: t, unit: ms }, devices: n_gpu, work: { column: gpu_hours, unit: h } } }
 * ```
 *
 * Each TraceJob field maps from one column, named by its header text (or `{ column: 3 }`, 0-based,
 * for files without a header). A bare string is a column name with the defaults. Field kinds:
 *
 * | kind     | fields                                              | cell                          | options                                  |
 * |----------|-----------------------------------------------------|-------------------------------|------------------------------------------|
 * | time     | submit (required), start, end                       | number, or a timestamp        | unit (TimeUnit, default s), format: 'number' or 'datetime', scale |
 * | duration | runtime, requestedTime, work, wait (→ recordedWait) | number                        | unit (TimeUnit, default s), scale        |
 * | count    | devices (required; or a constant number), requestedDevices, cpus, nodes, instances | number | scale (e.g. 0.01 for percent) |
 * | memory   | memory                                              | number                        | unit (MemoryUnit, default B), scale      |
 * | text     | id, user, group, queue, partition, priority, qos, status | text                     | –                                        |
 * | list     | gpuModel                                            | text split on `separator`     | separator (default '|')                  |
 *
 * Values are `number × unit × scale`. Timestamps (`format: 'datetime'`) are `YYYY-MM-DD[ T]HH:MM[:SS[.f]]`
 * with an optional `Z`/`±HH:MM`; without one they are read as UTC.
 * runtime = the runtime column, else end − start; recordedWait = the wait column, else start − submit.
 * work is device-seconds on the reference device (GPU-hours: `unit: h`).
 *
 * Origin (time 0): `origin: 'first'` = the first kept row's submit; `'none'` = times as given (Unix
 * seconds for timestamps); a number = seconds on the same scale (Unix seconds for timestamps, else
 * the file's numbers after `unit`); a string = a timestamp (timestamp columns only).
 * Default: 'first' for timestamps, 'none' for numbers.
 *
 * Rows: a row whose mapping has runtime/start+end/work but whose cells give neither runtime nor work
 * is skipped (`missing-time`, info). 0 devices is an error (`zero-devices`) unless
 * `zeroDevices: 'keep'`, which keeps it with cpuOnly true.
 */
import { MEMORY_UNITS, TIME_UNITS, parseInstant } from './field-values.js';
import { instantIn, listIn, numberIn, textIn, type CellValue } from './csv-cell-values.js';
import { toInstant, unitFactorOf } from './csv-field-scale.js';
import { IssueSink, sourceName } from './issue-sink.js';
import { checkDuplicateColumns, listNames, readCsvRows } from './read-csv-rows.js';
import { checkColumnCount, numberCell, textCell, type NumberKind } from './row-cells.js';
import { TraceOrigin } from './trace-origin.js';
import type { CsvColumn, CsvColumnMapping, CsvColumnRef } from './csv-column-mapping.js';
import type { DeviceKind, TraceJob } from './trace-record.js';
import type { TraceReadOptions, TraceSource } from './trace-read-options.js';

export type { MemoryUnit, TimeUnit } from './field-values.js';

export type { CsvColumn, CsvColumnRef, CsvColumnMapping } from './csv-column-mapping.js';

export interface CsvTraceOptions extends TraceReadOptions {
  readonly columns: CsvColumnMapping;
  /** Does the first line name the columns? Default true. */
  readonly header?: boolean;
  /** Default ','. */
  readonly delimiter?: string;
  /** What devices counts. Default 'gpu'. */
  readonly deviceKind?: DeviceKind;
  /** Rows with 0 devices: 'skip' (default, error `zero-devices`) or 'keep' (cpuOnly). */
  readonly zeroDevices?: 'skip' | 'keep';
  /** Time 0; see the file header. */
  readonly origin?: 'first' | 'none' | number | (string & {});
  /** Called once with the origin used, in Unix seconds (or the file's seconds for numeric times). */
  readonly onOrigin?: (seconds: number) => void;
}

type FieldKind = 'time' | 'duration' | 'count' | 'memory' | 'text' | 'list';

const FIELD_KINDS = {
  submit: 'time',
  start: 'time',
  end: 'time',
  runtime: 'duration',
  requestedTime: 'duration',
  work: 'duration',
  wait: 'duration',
  devices: 'count',
  requestedDevices: 'count',
  cpus: 'count',
  nodes: 'count',
  instances: 'count',
  memory: 'memory',
  gpuModel: 'list',
  id: 'text',
  user: 'text',
  group: 'text',
  queue: 'text',
  partition: 'text',
  priority: 'text',
  qos: 'text',
  status: 'text',
} as const satisfies Record<keyof CsvColumnMapping, FieldKind>;

type MappedField = keyof typeof FIELD_KINDS;

function isMappedField(name: string): name is MappedField {
  return name in FIELD_KINDS;
}

/** The fields a column mapping may name. */
export const CSV_FIELDS: readonly string[] = Object.keys(FIELD_KINDS);

/** Slot of each field in the per-row value array (an array beats a keyed object on the hot path). */
const SLOT = Object.fromEntries(Object.keys(FIELD_KINDS).map((k, i) => [k, i])) as Record<MappedField, number>;
const SLOTS = Object.keys(FIELD_KINDS).length;

/** A mapping entry resolved against the header. */
interface Resolved {
  readonly field: MappedField;
  readonly slot: number;
  readonly kind: FieldKind;
  readonly index: number;
  /** header name, for messages */
  readonly label: string;
  readonly factor: number;
  readonly datetime: boolean;
  readonly separator: string;
}

/** Streams the jobs of a CSV file (plain or gzip) through a column mapping, in file order. */
export async function* readCsvTrace(source: TraceSource, options: CsvTraceOptions): AsyncGenerator<TraceJob> {
  const sink = new IssueSink(sourceName(source, options), options);
  const mapping = options.columns;
  const hasHeader = options.header !== false;
  checkMapping(mapping, hasHeader, sink);
  const submitDatetime = typeof mapping.submit !== 'string' && mapping.submit.format === 'datetime';
  const originOption = options.origin ?? (submitDatetime ? 'first' : 'none');
  if (typeof originOption === 'string' && originOption !== 'first' && originOption !== 'none' && !submitDatetime) {
    sink.fatal(0, 'bad-mapping', `origin '${originOption}' is a timestamp but submit is numeric; give a number of seconds`, 'origin');
  }
  // 'none' has no meaningful origin to report (times are used as given)
  const origin = originOption === 'none' ? new TraceOrigin(0, sink) : new TraceOrigin(originOption === 'first' ? undefined : originOption, sink, options.onOrigin);
  let resolved: Resolved[] = [];
  let width = -1;
  const rows = readCsvRows(source, sink, {
    header: hasHeader,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    onHeader: (names, line) => {
      width = names.length;
      const used = Object.values(mapping).flatMap((ref: CsvColumnRef | number | undefined) =>
        typeof ref === 'string' ? [ref] : typeof ref === 'object' && typeof ref.column === 'string' ? [ref.column] : [],
      );
      checkDuplicateColumns(names, used, sink, line);
      resolved = resolveMapping(mapping, names, sink, line);
    },
  });
  const constantDevices = typeof mapping.devices === 'number' ? mapping.devices : undefined;
  const wantsTime = mapping.runtime !== undefined || mapping.work !== undefined || (mapping.start !== undefined && mapping.end !== undefined);
  const deviceKind = options.deviceKind ?? 'gpu';
  const values = new Array<CellValue>(SLOTS);
  const numberOf = (field: MappedField) => numberIn(values[SLOT[field]]);
  const textOf = (field: MappedField) => textIn(values[SLOT[field]]);
  const instantOf = (field: MappedField) => instantIn(values[SLOT[field]]);
  const listOf = (field: MappedField) => listIn(values[SLOT[field]]);
  // labels for messages; wantsTime means one of runtime, work and end is mapped
  const devicesLabel = typeof mapping.devices === 'number' ? 'devices' : labelOf(mapping.devices);
  const endLabel = mapping.end === undefined ? 'end' : labelOf(mapping.end);
  const timeRef = mapping.runtime ?? mapping.work ?? mapping.end;
  const timeLabel = timeRef === undefined ? 'runtime' : labelOf(timeRef);
  for await (const batch of rows) {
    for (const { fields: f, line } of batch.rows) {
      sink.row(f);
      if (width === -1) {
        width = f.length;
        resolved = resolveMapping(mapping, undefined, sink, line, width);
      }
      if (!checkColumnCount(f, width, line, sink)) continue;
      values.fill(undefined);
      let skipped = false;
      for (const r of resolved) {
        const text = f[r.index];
        switch (r.kind) {
          case 'text': {
            const t = textCell(text);
            if (t !== undefined) values[r.slot] = t;
            break;
          }
          case 'list': {
            const t = textCell(text);
            if (t !== undefined)
              values[r.slot] = t
                .split(r.separator)
                .map((s) => s.trim())
                .filter((s) => s !== '');
            break;
          }
          case 'time': {
            if (r.datetime) {
              const t = textCell(text);
              if (t === undefined) break;
              const at = parseInstant(t);
              if (at === undefined) {
                sink.skip(line, 'bad-timestamp', 'error', `'${t}' is not a timestamp like 2024-05-01T12:00:00Z`, r.label);
                skipped = true;
              } else values[r.slot] = at;
              break;
            }
            const n = numberCell(text, r.label, line, sink, 'time');
            if (n === null) skipped = true;
            else if (n !== undefined) values[r.slot] = toInstant(n, r.factor);
            break;
          }
          default: {
            const kind: NumberKind = r.field === 'runtime' ? 'runtime' : r.kind === 'duration' ? 'time' : 'value';
            const n = numberCell(text, r.label, line, sink, kind);
            if (n === null) skipped = true;
            else if (n !== undefined) values[r.slot] = n * r.factor;
          }
        }
        if (skipped) break;
      }
      if (skipped) continue;
      const submitAt = instantOf('submit');
      if (submitAt === undefined) {
        sink.skip(line, 'missing-field', 'error', 'submit time is empty', labelOf(mapping.submit));
        continue;
      }
      const asked = constantDevices ?? numberOf('devices');
      if (asked === undefined) {
        sink.skip(line, 'missing-field', 'error', 'device count is empty', devicesLabel);
        continue;
      }
      const devices = sink.wholeDevices(line, asked, devicesLabel);
      if (devices === 0 && options.zeroDevices !== 'keep') {
        sink.skip(line, 'zero-devices', 'error', '0 devices', devicesLabel);
        continue;
      }
      const startAt = instantOf('start');
      const endAt = instantOf('end');
      let runtime = numberOf('runtime');
      if (runtime === undefined && startAt !== undefined && endAt !== undefined) {
        runtime = endAt.seconds - startAt.seconds + (endAt.fraction - startAt.fraction);
        if (runtime < 0) {
          sink.skip(line, 'negative-runtime', 'error', `end is ${-runtime} s before start`, endLabel);
          continue;
        }
      }
      const work = numberOf('work');
      if (wantsTime && runtime === undefined && work === undefined) {
        sink.skip(line, 'missing-time', 'info', 'no runtime (nor start and end, nor work) for this row', timeLabel);
        continue;
      }
      const submit = origin.relative(submitAt);
      const idText = textOf('id');
      const job: TraceJob = { id: idText ?? String(line), submit, devices, deviceKind, cpuOnly: devices === 0 && deviceKind === 'gpu', line };
      if (runtime !== undefined) job.runtime = runtime;
      if (work !== undefined) job.work = work;
      const wait = numberOf('wait') ?? (startAt === undefined ? undefined : startAt.seconds - submitAt.seconds + (startAt.fraction - submitAt.fraction));
      if (wait !== undefined && wait >= 0) job.recordedWait = wait;
      for (const key of ['requestedTime', 'requestedDevices', 'cpus', 'nodes', 'instances', 'memory'] as const) {
        const v = numberOf(key);
        if (v !== undefined) job[key] = v;
      }
      for (const key of ['user', 'group', 'queue', 'partition', 'priority', 'qos', 'status'] as const) {
        const v = textOf(key);
        if (v !== undefined) job[key] = v;
      }
      const models = listOf('gpuModel');
      if (models !== undefined && models.length > 0) job.gpuModel = models;
      sink.keep(line, submit);
      yield job;
    }
  }
}

function labelOf(ref: CsvColumnRef): string {
  return typeof ref === 'string' ? ref : String(ref.column);
}

/**
 * Checks a column mapping without reading any file (the scenario loader reports it at its YAML
 * location). @throws TraceError (`bad-mapping`), whose `issue.field` is `columns` or `columns.<field>`
 */
export function checkCsvMapping(mapping: CsvColumnMapping, hasHeader = true): void {
  checkMapping(mapping, hasHeader, new IssueSink('<mapping>', {}));
}

/**
 * Checks a column mapping that comes from outside the program (a scenario file, a command line): once
 * it returns, the mapping is a `CsvColumnMapping`. @throws TraceError naming the first bad field
 */
export function assertCsvMapping(mapping: object, hasHeader = true): asserts mapping is CsvColumnMapping {
  // checkMapping reads each field as untrusted data (it is how it finds the bad ones)
  checkMapping(mapping as CsvColumnMapping, hasHeader, new IssueSink('<mapping>', {}));
}

/** Checks the mapping before the file is opened: required fields, unit families, options per kind. */
function checkMapping(mapping: CsvColumnMapping, hasHeader: boolean, sink: IssueSink): void {
  const bad = (field: string, message: string): never => sink.fatal(0, 'bad-mapping', message, field === '' ? 'columns' : `columns.${field}`);
  if (typeof mapping !== 'object' || mapping === null) bad('', 'a column mapping is required');
  if (mapping.submit === undefined) bad('submit', 'the mapping needs a submit column');
  if (mapping.devices === undefined) bad('devices', 'the mapping needs a devices column (or a constant number)');
  if (typeof mapping.devices === 'number' && !(mapping.devices >= 0 && Number.isFinite(mapping.devices))) {
    bad('devices', `constant devices must be a non-negative number, got ${mapping.devices}`);
  }
  for (const field of Object.keys(mapping)) {
    if (!isMappedField(field)) return bad(field, `unknown field '${field}'; known: ${Object.keys(FIELD_KINDS).join(', ')}`);
    const ref = mapping[field];
    if (ref === undefined || typeof ref === 'number') continue;
    const kind = FIELD_KINDS[field];
    if (typeof ref === 'string') {
      if (ref === '') bad(field, 'empty column name');
      if (!hasHeader) bad(field, `column '${ref}' is a name but the file has no header; use { column: <0-based position> }`);
      continue;
    }
    if (typeof ref.column === 'number' && !(Number.isInteger(ref.column) && ref.column >= 0)) bad(field, `column position must be a non-negative integer, got ${ref.column}`);
    if (typeof ref.column === 'string' && !hasHeader) bad(field, `column '${ref.column}' is a name but the file has no header; use a 0-based position`);
    if (ref.unit !== undefined) {
      const timeLike = kind === 'time' || kind === 'duration';
      if (timeLike && !(ref.unit in TIME_UNITS)) bad(field, `unit '${ref.unit}' is not a time unit (${Object.keys(TIME_UNITS).join(', ')})`);
      if (kind === 'memory' && !(ref.unit in MEMORY_UNITS)) bad(field, `unit '${ref.unit}' is not a memory unit (${Object.keys(MEMORY_UNITS).join(', ')})`);
      if (!timeLike && kind !== 'memory') bad(field, `${field} takes no unit (use scale)`);
    }
    if (ref.scale !== undefined && !(Number.isFinite(ref.scale) && ref.scale > 0)) bad(field, `scale must be a positive number, got ${ref.scale}`);
    if (ref.format !== undefined && kind !== 'time') bad(field, `format applies to time fields (submit, start, end) only`);
    if (ref.format === 'datetime' && (ref.unit !== undefined || ref.scale !== undefined)) bad(field, 'a datetime column takes no unit or scale');
    if (ref.separator !== undefined && kind !== 'list') bad(field, 'separator applies to gpuModel only');
  }
}

/** Resolves the mapping to column positions: by header names, or (no header) by position within `width`. */
function resolveMapping(mapping: CsvColumnMapping, names: readonly string[] | undefined, sink: IssueSink, line: number, width = names?.length ?? 0): Resolved[] {
  const out: Resolved[] = [];
  const missing: string[] = [];
  for (const field of Object.keys(mapping)) {
    // checkMapping has refused unknown fields
    if (!isMappedField(field)) continue;
    const ref = mapping[field];
    if (ref === undefined || typeof ref === 'number') continue;
    const spec: CsvColumn = typeof ref === 'string' ? { column: ref } : ref;
    let index: number;
    if (typeof spec.column === 'number') {
      index = spec.column;
      if (index >= width) {
        missing.push(`${field} → position ${index} (rows have ${width} fields)`);
        continue;
      }
    } else {
      index = names?.indexOf(spec.column) ?? -1;
      if (index === -1) {
        missing.push(`${field} → '${spec.column}'`);
        continue;
      }
    }
    const kind = FIELD_KINDS[field];
    const unitFactor = spec.unit === undefined ? 1 : unitFactorOf(spec.unit, kind === 'memory');
    out.push({
      field,
      slot: SLOT[field],
      kind,
      index,
      label: names?.[index] ?? `column ${index}`,
      factor: unitFactor * (spec.scale ?? 1),
      datetime: spec.format === 'datetime',
      separator: spec.separator ?? '|',
    });
  }
  const [firstMissing] = missing;
  if (firstMissing !== undefined) {
    const have = names === undefined ? '' : `; the header has ${listNames(names)}`;
    sink.fatal(line, 'missing-column', `mapped column not found: ${missing.join(', ')}${have}`, `columns.${firstMissing.replace(/ .*$/s, '')}`);
  }
  return out;
}
