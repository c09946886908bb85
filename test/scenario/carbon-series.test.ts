import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCarbonSeries, splitCsvLine } from '../../src/scenario/resolve/read-carbon-series.js';
import { InputError } from '../../src/support/input-error.js';

const fixture = fileURLToPath(new URL('../../data/grid/SYNTHETIC-eia-930-layout-fixture.csv', import.meta.url));
const LB = 0.45359237;
const KWH = 3.6e6;
const scratch = mkdtempSync(join(tmpdir(), 'carbon-series-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
};

describe('hourly carbon series reader', () => {
  const spec = { file: fixture, declared: 'fixture.csv', format: 'eia-930' as const, column: 'CO2 Emissions Intensity (lbs/MWh)', zone: 'UTC' };

  it('reads the EIA-930 layout: hour-ending UTC times, lb/MWh with thousands separators', () => {
    const s = readCarbonSeries(spec, undefined);
    // 1,000 lb/MWh = 0.45359237 kg/kWh
    [1000, 500, 250, 0].forEach((lb, h) => expect((s.kgPerJoule[h] ?? NaN) * KWH).toBeCloseTo((lb * LB) / 1000, 12));
    expect(s.firstHour).toBe(0);
    expect(s.alignedBy).toBe('first-hour');
  });

  it("aligns to the scenario's start: the first row ends at 01:00 UTC, so its hour begins at 00:00, 5 h after a start at 2023-12-31T19:00Z", () => {
    const s = readCarbonSeries(spec, { startMs: Date.UTC(2023, 11, 31, 19) });
    expect(s.firstHour).toBe(5);
    expect(s.alignedBy).toBe('calendar');
  });

  it("reads a generic file's local times in the site's zone", () => {
    const file = write('generic.csv', 'time,kg\n2024-07-01T00:00,0.2\n2024-07-01T01:00,0.3\n');
    // midnight in Berlin in July is 22:00 UTC the day before; the start is 2024-06-30T22:00Z
    const s = readCarbonSeries({ file, declared: 'g.csv', format: 'generic', column: 'kg', unit: 'kg/kWh', zone: 'Europe/Berlin' }, { startMs: Date.UTC(2024, 5, 30, 22) });
    expect(s.firstHour).toBe(0);
    expect(s.kgPerJoule[1]! * KWH).toBeCloseTo(0.3, 12);
  });

  it('reads the Electricity Maps layout with its default column and unit (g/kWh)', () => {
    const file = write('em.csv', 'Datetime (UTC),Zone id,Carbon Intensity gCO₂eq/kWh (direct)\n2024-01-01 00:00:00,DE,400\n2024-01-01 01:00:00,DE,380\n');
    expect(readCarbonSeries({ file, declared: 'em.csv', format: 'electricitymaps', zone: 'UTC' }, undefined).kgPerJoule.map((x) => x * KWH)).toEqual([
      expect.closeTo(0.4, 12),
      expect.closeTo(0.38, 12),
    ]);
  });

  it('a missing hour or an empty value is a located error at the line after the gap', () => {
    const gap = write('gap.csv', 'time,kg\n2024-01-01T00:00Z,0.2\n2024-01-01T02:00Z,0.3\n');
    const empty = write('empty.csv', 'time,kg\n2024-01-01T00:00Z,0.2\n2024-01-01T01:00Z,\n');
    const read = (file: string) => () => readCarbonSeries({ file, declared: 'x', format: 'generic', column: 'kg', unit: 'kg/kWh', zone: 'UTC' }, undefined);
    expect(read(gap)).toThrow(InputError);
    expect(read(gap)).toThrow(/gap\.csv:3:1: the series has a gap: hour 2024-01-01T01:00Z is missing/);
    expect(read(empty)).toThrow(/empty\.csv:3:1: the series has a gap: no value for hour 2024-01-01T01:00Z/);
  });

  it('splits quoted CSV cells with commas and doubled quotes', () => {
    expect(splitCsvLine('"a,b",c,"d ""e"""')).toEqual(['a,b', 'c', 'd "e"']);
  });
});

describe('the bundled CISO series (data/grid/README.md)', () => {
  const file = fileURLToPath(new URL('../../data/grid/CISO-2022-06-14-to-07-04.csv', import.meta.url));
  const text = readFileSync(file, 'utf8');

  it('is the bytes the README lists', () => {
    expect(createHash('sha256').update(text).digest('hex')).toBe('794e2a66ddc007b7f550962be1dbebffd33a97b33169a36a2280f62f3b3a4623');
  });

  it('its intensity column is Σ MW × IPCC AR5 lifecycle factor / Σ MW, hour by hour, as the README says', () => {
    const factor: Record<string, number> = { WND: 11, SUN: 48, WAT: 24, OIL: 650, NG: 490, COL: 820, NUC: 12, OTH: 230 };
    const [head, ...rows] = text.trim().split('\n');
    const names = (head ?? '').split(',');
    expect(rows).toHaveLength(504);
    for (const row of rows) {
      const cells = row.split(',');
      let mw = 0;
      let g = 0;
      names.forEach((n, i) => {
        if (factor[n] === undefined) return;
        mw += Number(cells[i]);
        g += Number(cells[i]) * factor[n];
      });
      expect(Number(cells[names.indexOf('co2e_g_per_kwh')])).toBeCloseTo(g / mw, 3);
    }
  });

  it('reads as 504 consecutive hours from 2022-06-14 00:00 UTC', () => {
    const s = readCarbonSeries(
      { file, declared: 'x', format: 'generic', timeColumn: 'timestamp', column: 'co2e_g_per_kwh', unit: 'g/kWh', zone: 'America/Los_Angeles' },
      { startMs: Date.UTC(2022, 5, 14, 7) },
    );
    expect(s.kgPerJoule).toHaveLength(504);
    expect(s.firstHour).toBe(-7); // the series starts 7 h before a start at local midnight (PDT = UTC−7)
    expect((s.kgPerJoule[0] ?? 0) * KWH).toBeCloseTo(0.159943, 9);
  });
});
