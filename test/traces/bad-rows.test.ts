// Every class of bad input, with the exact line and reason reported, and strict mode throwing
// `file:line: field: …`. Inputs are written inline so the line numbers can be read off the test.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { InputError } from '../../src/support/input-error.js';
import { TraceDiagnostics, TraceError, limitTrace, readAlibabaGpu2023, readAzureLlm, readCsvTrace, readHelios, readPhilly, readSwf, type TraceIssue } from '../../src/traces/index.js';
import { REAL_TRACES, brief, collect, readAll, tempFiles } from './helpers.js';

const files = tempFiles('trace-bad-rows');
afterAll(() => files.cleanup());

const ALIBABA_HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
const SWF_OK = '1 0 0 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1';

/** Expect `promise` to reject with a TraceError of `reason` at `line`; returns it. */
async function rejectsWith(promise: Promise<unknown>, reason: TraceIssue['reason'], line: number): Promise<TraceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TraceError);
  const te = err as TraceError;
  expect({ reason: te.issue.reason, line: te.issue.line }).toEqual({ reason, line });
  return te;
}

describe('row errors are skipped with line and reason, and counted per reason', () => {
  it('SWF: wrong field count, non-numeric, negative times, 0 processors', async () => {
    const path = files.write(
      'bad.swf',
      [
        '; MaxProcs: 8', // 1
        SWF_OK, // 2
        '2 5 0 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1', // 3: 17 fields
        '3 6 0 ten 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1', // 4: field 4 not a number
        '4 -7 0 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1', // 5: negative submit (only -1 is allowed)
        '5 8 0 -3 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1', // 6: negative runtime
        '6 9 0 10 0 -1 -1 0 20 -1 1 1 1 -1 -1 -1 -1 -1', // 7: 0 processors
        '', // 8: blank, ignored
        '7 10 0 10 2 -1 -1 2 20 -1 1 1 1 -1 -1 -1 -1 -1', // 9
        '; late comment', // 10: warning, ignored
      ].join('\n'),
    );
    const diagnostics = new TraceDiagnostics();
    const { records, issues } = await readAll((onIssue) => readSwf(path, { onIssue, diagnostics }));
    expect(records.map((j) => j.line)).toEqual([2, 9]);
    expect(brief(issues)).toEqual(['3 wrong-column-count', '4 not-a-number', '5 negative-time', '6 negative-runtime', '7 zero-devices', '10 comment-after-data']);
    expect(issues[1]).toMatchObject({ field: 'field 4 (run time)', severity: 'error', message: "'ten' is not a number" });
    expect(diagnostics.summary()).toMatchObject({ rowsRead: 7, rowsKept: 2, rowsSkipped: 5 });
    expect(diagnostics.count('not-a-number')).toBe(1);
    expect(diagnostics.countBySeverity('error')).toBe(5);
  });

  it('CSV (Alibaba): wrong column count, non-numeric, negative runtime, unsorted submit (kept, warned)', async () => {
    const path = files.write(
      'bad-alibaba.csv',
      [
        ALIBABA_HEADER, // 1
        'p0,1000,1024,1,1000,,LS,Running,100,200,100', // 2
        'p1,1000,1024,1,1000,,LS,Running,110,200', // 3: 10 fields
        'p2,1000,1024,one,1000,,LS,Running,120,200,120', // 4: num_gpu not a number
        'p3,1000,1024,1,1000,,LS,Running,130,125,130', // 5: deleted before scheduled
        'p4,1000,1024,2,1000,,LS,Running,90,200,95', // 6: submitted before p0 → warning, kept
        'p5,1000,1024,1,1000,,LS,Running,140,200,135', // 7: scheduled before created
      ].join('\r\n'),
    );
    const { records, issues } = await readAll((onIssue) => readAlibabaGpu2023(path, { onIssue }));
    expect(records.map((p) => p.id)).toEqual(['p0', 'p4']);
    expect(brief(issues)).toEqual(['3 wrong-column-count', '4 not-a-number', '5 negative-runtime', '6 unsorted-submit', '7 negative-time']);
    expect(issues.map((i) => i.field)).toEqual([undefined, 'num_gpu', 'deletion_time', 'submit', 'scheduled_time']);
  });

  it('CSV: line numbers stay exact across blank lines and quoted fields spanning lines', async () => {
    const path = files.write('multiline.csv', ['id,t,n,note', '', 'a,1,1,"two', 'lines"', '', '', 'b,2,x,plain', 'c,3,1,""""'].join('\n'));
    const { records, issues } = await readAll((onIssue) => readCsvTrace(path, { onIssue, columns: { id: 'id', submit: 't', devices: 'n', status: 'note' } }));
    expect(records.map((j) => [j.id, j.line, j.status])).toEqual([
      ['a', 3, 'two\nlines'],
      ['c', 8, '"'],
    ]);
    expect(brief(issues)).toEqual(['7 not-a-number']);
  });

  it('generic CSV: 0 devices is an error unless kept; negative runtime; missing runtime is an info skip', async () => {
    const path = files.write('zero.csv', ['t,gpus,rt', '0,2,10', '1,0,10', '2,1,-3', '3,1,', '4,1,5'].join('\n'));
    const { records, issues } = await readAll((onIssue) => readCsvTrace(path, { onIssue, columns: { submit: 't', devices: 'gpus', runtime: 'rt' } }));
    expect(records.map((j) => j.line)).toEqual([2, 6]);
    expect(brief(issues)).toEqual(['3 zero-devices', '4 negative-runtime', '5 missing-time']);
    expect(issues.map((i) => i.severity)).toEqual(['error', 'error', 'info']);
  });

  it('Azure: a bad timestamp and negative tokens', async () => {
    const path = files.write(
      'azure.csv',
      [
        'TIMESTAMP,ContextTokens,GeneratedTokens',
        '2023-11-16 18:15:46.6805900,374,44',
        '2023-11-16 25:15:46.6805900,1,1',
        '2023-11-16 18:15:47.0000000,-5,1',
        '2023-11-16 18:15:48.0000000,10,20',
      ].join('\r\n'),
    );
    const { records, issues } = await readAll((onIssue) => readAzureLlm(path, { onIssue }));
    expect(records.map((r) => r.line)).toEqual([2, 5]);
    expect(brief(issues)).toEqual(['3 bad-timestamp', '4 negative-value']);
    expect(records[1]!.submit).toBeCloseTo(1.31941, 9);
  });

  it('Philly: a GPU-less job is zero-devices; an element that is not JSON is skipped', async () => {
    const path = files.write(
      'philly.json',
      [
        '[',
        '  {"jobid": "a", "submitted_time": "2017-10-01 00:00:00", "status": "Pass", "attempts": [{"start_time": "2017-10-01 00:00:05", "end_time": "2017-10-01 00:01:05", "detail": [{"ip": "m1", "gpus": []}]}]},',
        '  {"jobid": "b", "submitted_time": "2017-10-01 00:00:10", "attempts": [{"start_time": "2017-10-01 00:00:20", "end_time": "2017-10-01 00:00:30", "detail": [{"ip": "m1", "gpus": ["gpu0"]}]}], "bad": tru},',
        '  {"jobid": "c", "submitted_time": "2017-10-01 00:00:20", "attempts": [{"start_time": "2017-10-01 00:00:20", "end_time": "2017-10-01 00:00:30", "detail": [{"ip": "m1", "gpus": ["gpu0", "gpu1"]}]}]}',
        ']',
      ].join('\n'),
    );
    const { records, issues } = await readAll((onIssue) => readPhilly(path, { onIssue }));
    expect(records.map((j) => [j.id, j.devices, j.line])).toEqual([['c', 2, 4]]);
    expect(brief(issues)).toEqual(['2 zero-devices', '3 malformed-record']);
  });
});

describe('whole-file problems', () => {
  it('empty files are reported (SWF, CSV, JSON), and throw in strict mode', async () => {
    for (const [name, read] of [
      ['empty.swf', (p: string, o: object) => readSwf(p, o)],
      ['empty.csv', (p: string, o: object) => readAlibabaGpu2023(p, o)],
      ['empty.json', (p: string, o: object) => readPhilly(p, o)],
    ] as const) {
      const path = files.write(name, '');
      const { records, issues } = await readAll((onIssue) => read(path, { onIssue }));
      expect(records).toEqual([]);
      expect(brief(issues)).toEqual(['0 empty-file']);
      const err = await rejectsWith(collect(read(path, { strict: true })), 'empty-file', 0);
      expect(err.message).toBe(`${path}: the file is empty (hint: the trace has no rows; check the path and the export that produced it) [empty-file]`);
    }
  });

  it('header-only files are reported at the header line', async () => {
    const csv = files.write('header-only.csv', `${ALIBABA_HEADER}\n`);
    expect(brief((await readAll((onIssue) => readAlibabaGpu2023(csv, { onIssue }))).issues)).toEqual(['1 header-only']);
    const swf = files.write('header-only.swf', '; Version: 2.2\n; MaxProcs: 4\n');
    expect(brief((await readAll((onIssue) => readSwf(swf, { onIssue }))).issues)).toEqual(['2 header-only']);
    const json = files.write('empty-array.json', '[\n]\n');
    expect(brief((await readAll((onIssue) => readPhilly(json, { onIssue }))).issues)).toEqual(['1 header-only']);
  });

  it('a missing column names what the header has', async () => {
    const path = files.write('missing-col.csv', 'job_id,user,gpu_num\n1,u,1\n');
    const err = await rejectsWith(collect(readHelios(path)), 'missing-column', 1);
    expect(err.message).toBe(
      `${path}:1: submit_time: missing column 'submit_time'; the header has 'job_id', 'user', 'gpu_num' (hint: is the file in the format named? Generic CSV exports name their columns in trace.columns (docs/traces.md)) [missing-column]`,
    );
    const mapped = await rejectsWith(collect(readCsvTrace(path, { columns: { submit: 'submitted', devices: 'gpu_num' } })), 'missing-column', 1);
    expect(mapped.message).toContain("submit → 'submitted'");
  });

  it('a bad mapping is reported before the file is read', async () => {
    const path = files.write('any.csv', 't,n\n1,1\n');
    await rejectsWith(collect(readCsvTrace(path, { columns: { submit: { column: 't', unit: 'GiB' }, devices: 'n' } })), 'bad-mapping', 0);
    await rejectsWith(collect(readCsvTrace(path, { header: false, columns: { submit: 't', devices: 'n' } })), 'bad-mapping', 0);
  });

  it('a file that does not exist is an io-error', async () => {
    await rejectsWith(collect(readSwf(files.dir + '/nope.swf')), 'io-error', 0);
  });

  it('an unclosed quote is a csv-syntax error at the line where parsing gave up', async () => {
    const path = files.write('quote.csv', 't,n\n1,1\n2,"1\n3,1\n');
    const err = await rejectsWith(collect(readCsvTrace(path, { columns: { submit: 't', devices: 'n' } })), 'csv-syntax', 4); // end of input, inside the quote opened on line 3
    expect(err.message).toMatch(/Quote Not Closed/);
  });

  it('a truncated JSON array is a json-syntax error, not a hang', async () => {
    const path = files.write('cut.json', '[\n {"jobid": "a", "submitted_time": "2017-10-01 00:00:00", "attempts": [\n');
    await rejectsWith(collect(readPhilly(path)), 'json-syntax', 3);
    const notArray = files.write('object.json', '{"jobid": "a"}');
    await rejectsWith(collect(readPhilly(notArray)), 'json-syntax', 1);
  });

  it('a truncated gzip file is a clean TraceError with the line reached, not a crash or a hang', async () => {
    const whole = readFileSync(join(REAL_TRACES, 'KTH-SP2-1996-2.1-cln.swf.gz'));
    const path = files.write('cut.swf.gz', whole.subarray(0, 200_000));
    const kept: number[] = [];
    const err = await (async () => {
      try {
        for await (const job of readSwf(path)) kept.push(job.line);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(TraceError);
    const te = err as TraceError;
    expect(te.issue.reason).toBe('truncated-gzip');
    // every job before the cut was delivered; the error names the next line
    expect(te.issue.line).toBe(kept.at(-1)! + 1);
    expect(kept.length).toBeGreaterThan(10_000);
    expect(te.message).toMatch(new RegExp(`cut\\.swf\\.gz:${te.issue.line}: gzip data ends early`));

    const small = files.write('cut.csv.gz', Buffer.from('t,n\n1,1\n2,2\n'), true);
    const bytes = readFileSync(small);
    const cut = files.write('cut2.csv.gz', bytes.subarray(0, bytes.length - 6));
    await expect(collect(readCsvTrace(cut, { columns: { submit: 't', devices: 'n' } }))).rejects.toThrow(TraceError);
  });

  it('damaged gzip data is a TraceError too', async () => {
    const bytes = Buffer.from(readFileSync(join(REAL_TRACES, 'KTH-SP2-1996-2.1-cln.swf.gz')).subarray(0, 50_000));
    for (let i = 20_000; i < 20_100; i++) bytes[i] = 0xff;
    const path = files.write('damaged.swf.gz', bytes);
    const err = await collect(readSwf(path)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TraceError);
    expect(['corrupt-gzip', 'truncated-gzip']).toContain((err as TraceError).issue.reason);
  });
});

describe('strict mode', () => {
  const path = files.write(
    'strict.swf',
    [
      SWF_OK,
      '2 5 0 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1',
      '3 1 0 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1',
      '4 6 0 -1 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1',
      '5 7 0 10 x -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1',
    ].join('\n'),
  );

  it('throws at the first error with file:line and the field; warnings and infos do not throw', async () => {
    const seen: string[] = [];
    const err = await rejectsWith(collect(readSwf(path, { strict: true, onIssue: (i) => seen.push(`${i.line} ${i.reason}`) })), 'not-a-number', 5);
    expect(err.message).toBe(`${path}:5:10: field 5 (allocated processors): 'x' is not a number (hint: fix or delete the row; without strict, bad rows are skipped and counted) [not-a-number]`);
    expect(err.issue.field).toBe('field 5 (allocated processors)');
    expect(seen).toEqual(['3 unsorted-submit', '4 unknown-runtime', '5 not-a-number']);
  });

  it('is an InputError, so the CLI exits with code 2', async () => {
    const err = await collect(readSwf(path, { strict: true })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect(exitCodeFor(err)).toBe(2);
  });

  it('names the file as the caller asked', async () => {
    const err = await collect(readSwf(path, { strict: true, name: 'traces/jobs.swf' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/^traces\/jobs\.swf:5:10: /);
  });
});

describe('stopping early', () => {
  it('closes the file when the consumer stops (no descriptor leak)', async () => {
    if (!existsSync('/proc/self/fd')) return;
    const kth = join(REAL_TRACES, 'KTH-SP2-1996-2.1-cln.swf.gz');
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 10; i++) {
      expect(await collect(limitTrace(readSwf(kth), 3))).toHaveLength(3);
      for await (const _ of readAlibabaGpu2023(join(REAL_TRACES, 'alibaba-gpu-v2023-openb_pod_list_default.csv'))) break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before + 2);
  });
});
