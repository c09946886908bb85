import { readFileSync } from 'node:fs';
import { InputError, displayPath } from '../../support/input-error.js';
import { parseDate, type CalendarStart } from '../../support/calendar.js';
import type { CarbonSeries } from '../../cost/hourly-carbon.js';

const HOUR_MS = 3_600_000;
const J_PER_KWH = 3.6e6;
const KG_PER_LB = 0.45359237;

/** The column layouts of the grid-data services a series may come from (docs/cost-model.md, "Carbon by the hour"). */
export type CarbonSeriesFormat = 'eia-930' | 'electricitymaps' | 'watttime' | 'generic';
export type CarbonUnit = 'kg/kWh' | 'g/kWh' | 'kg/MWh' | 'lb/MWh' | 'lb/kWh';

/** kg CO2e per J of one unit. */
export const KG_PER_J_OF: Readonly<Record<CarbonUnit, number>> = {
  'kg/kWh': 1 / J_PER_KWH,
  'g/kWh': 1e-3 / J_PER_KWH,
  'kg/MWh': 1e-3 / J_PER_KWH,
  'lb/MWh': KG_PER_LB / 1000 / J_PER_KWH,
  'lb/kWh': KG_PER_LB / J_PER_KWH,
};

interface Layout {
  /** the column holding the hour's timestamp */
  readonly time: string;
  /** true when the timestamp marks the END of the hour (EIA-930 publishes hour-ending times) */
  readonly hourEnding: boolean;
  /** the intensity column when the service has a standard one */
  readonly value?: string;
  readonly unit?: CarbonUnit;
}

/** Each service's published layout; a scenario's `column`, `time_column` and `unit` override them. */
export const LAYOUTS: Readonly<Record<CarbonSeriesFormat, Layout>> = {
  'eia-930': { time: 'UTC Time at End of Hour', hourEnding: true, unit: 'lb/MWh' },
  electricitymaps: { time: 'Datetime (UTC)', hourEnding: false, value: 'Carbon Intensity gCO₂eq/kWh (direct)', unit: 'g/kWh' },
  watttime: { time: 'point_time', hourEnding: false, value: 'value', unit: 'lb/MWh' },
  generic: { time: 'time', hourEnding: false },
};

export interface CarbonSeriesSpec {
  /** absolute path of the file, and as the scenario names it */
  readonly file: string;
  readonly declared: string;
  readonly format: CarbonSeriesFormat;
  readonly column?: string;
  readonly timeColumn?: string;
  readonly unit?: CarbonUnit;
  /** the site's time zone: timestamps written without a zone are wall-clock times there */
  readonly zone: string;
}

/**
 * Reads an hourly intensity series. Rows must be consecutive hours: a missing hour, a repeated or
 * out-of-order one, or an empty or non-numeric value is an InputError located at the file's line.
 * @throws InputError
 */
export function readCarbonSeries(spec: CarbonSeriesSpec, start: CalendarStart | undefined): CarbonSeries {
  const where = displayPath(spec.file);
  const problem = (line: number, message: string, hint?: string) => InputError.single({ file: where, line, col: line > 0 ? 1 : 0, field: '', message, ...(hint !== undefined && { hint }) });
  const layout = LAYOUTS[spec.format];
  const timeName = spec.timeColumn ?? layout.time;
  const valueName = spec.column ?? layout.value;
  const unit = spec.unit ?? layout.unit;
  if (valueName === undefined) throw problem(0, `format ${spec.format} has no standard intensity column`, "name it with column: in the scenario's carbon_intensity_hourly");
  if (unit === undefined) throw problem(0, `format ${spec.format} has no standard unit`, "give unit: (kg/kWh, g/kWh, kg/MWh, lb/MWh or lb/kWh) in the scenario's carbon_intensity_hourly");
  const lines = readFileSync(spec.file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const timeAt = header.indexOf(timeName);
  const valueAt = header.indexOf(valueName);
  if (timeAt < 0) throw problem(1, `no column '${timeName}' in the header`, `the ${spec.format} layout reads the hour from it; columns are: ${header.join(', ')}`);
  if (valueAt < 0) throw problem(1, `no column '${valueName}' in the header`, `columns are: ${header.join(', ')}`);
  const kgPerJoule: number[] = [];
  let firstMs: number | undefined;
  let previousMs: number | undefined;
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '') continue;
    const cells = splitCsvLine(text);
    const stamp = readTimestamp(cells[timeAt] ?? '', spec.zone);
    if (stamp === undefined)
      throw problem(
        i + 1,
        `'${cells[timeAt] ?? ''}' in column '${timeName}' is not a time`,
        'write an ISO 8601 time (2024-01-01T00:00:00Z, or a local time read in the site zone) or EIA’s MM/DD/YYYY h:mm:ss AM/PM',
      );
    const hourMs = layout.hourEnding ? stamp - HOUR_MS : stamp;
    if (previousMs !== undefined && hourMs !== previousMs + HOUR_MS) {
      if (hourMs > previousMs + HOUR_MS) {
        throw problem(
          i + 1,
          `the series has a gap: hour ${isoHour(previousMs + HOUR_MS)} is missing (the row before is ${isoHour(previousMs)}, this one ${isoHour(hourMs)})`,
          'an hourly series needs every hour: fill the gap in the file',
        );
      }
      throw problem(i + 1, `hour ${isoHour(hourMs)} is not the hour after ${isoHour(previousMs)} (repeated or out of order)`, 'rows must be consecutive hours in time order');
    }
    const raw = (cells[valueAt] ?? '').replace(/,/g, '').trim();
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw problem(
        i + 1,
        raw === '' ? `the series has a gap: no value for hour ${isoHour(hourMs)}` : `'${raw}' in column '${valueName}' is not an intensity ≥ 0`,
        'an hourly series needs a value for every hour',
      );
    }
    kgPerJoule.push(value * KG_PER_J_OF[unit]);
    firstMs ??= hourMs;
    previousMs = hourMs;
  }
  if (firstMs === undefined) throw problem(0, 'has no rows after its header', 'an hourly series needs at least one hour');
  return {
    kgPerJoule,
    firstHour: start ? Math.floor((firstMs - start.startMs) / HOUR_MS) : 0,
    alignedBy: start ? 'calendar' : 'first-hour',
    declared: spec.declared,
  };
}

/** EIA's `1/1/2024 1:00:00 AM` (UTC), an ISO instant with its zone, or an ISO wall-clock time read in `zone`. */
function readTimestamp(text: string, zone: string): number | undefined {
  const t = text.trim();
  const eia = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(t);
  if (eia) {
    const [, mo, d, y, h, mi, s, ampm] = eia;
    const hour = (Number(h) % 12) + (ampm === 'PM' ? 12 : 0);
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s));
  }
  // Electricity Maps writes `2024-01-01 00:00:00` in its UTC column; WattTime `2024-01-01T00:00:00+00:00`
  const iso = t.replace(' ', 'T').replace(/\+00:00$/, 'Z');
  return parseDate(iso, zone);
}

function isoHour(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13)}:00Z`;
}

/** One CSV line split into cells: double-quoted cells may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
