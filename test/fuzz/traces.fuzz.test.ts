/**
 * Fuzzing the trace path (fast-check): CSV and SWF traces mixing good rows with every kind of bad one
 * (wrong field counts, text in number fields, negative, NaN-ish and huge values, 0 devices, more
 * devices than the fleet, unsorted times, blank lines, quotes) and plain random bytes. Reading them,
 * leniently or strictly, never raises anything but a TraceError and always ends; the counts add up;
 * every record handed on is usable; replaying them keeps the model's invariants
 * (test/fuzz/fuzz-support.ts). FC_SEED=random explores new cases; the default seed is fixed.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/support/input-error.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { readJobTrace, TraceDiagnostics, TraceError, TRACE_FORMATS, inspectTrace, type JobTraceSpec } from '../../src/traces/index.js';
import { InvariantWatch, resultProblems } from './fuzz-support.js';
import { propertyRuns } from '../support/property-runs.js';

const dir = mkdtempSync(join(tmpdir(), 'trace-fuzz-'));
let fileNo = 0;
const counts = { read: 0, replayed: 0, replayRejected: 0, bytes: 0 };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `trace fuzz: ${counts.read} traces read (lenient and strict), ${counts.replayed} replayed (${counts.replayRejected} refused as input errors), ${counts.bytes} random byte strings read in every format`,
  );
});

function write(content: string | Uint8Array, gz = false): string {
  const file = join(dir, `t${fileNo++}${gz ? '.gz' : ''}`);
  writeFileSync(file, gz ? gzipSync(content) : content);
  return file;
}

// --- rows ---------------------------------------------------------------------------------------

const good = fc.record({ gap: fc.integer({ min: 0, max: 600 }), devices: fc.constantFrom(1, 2, 4, 8, 0.5), runtime: fc.integer({ min: 1, max: 7200 }) });
const badCell = fc.constantFrom('', 'x', 'NaN', '-1', '-5', '1e400', '-1e400', '0', '1e300', ' 7 ', '0x1f', '"q"', '1,5', 'Infinity', '∞', '\u0000');
type Row =
  | { kind: 'good'; gap: number; devices: number; runtime: number }
  | { kind: 'bad'; cells: string[]; field: number; extra: number }
  | { kind: 'blank' }
  | { kind: 'huge'; devices: number }
  | { kind: 'back'; gap: number };
const rowArb: fc.Arbitrary<Row> = fc.oneof(
  { weight: 6, arbitrary: good.map((g) => ({ kind: 'good' as const, ...g })) },
  {
    weight: 2,
    arbitrary: fc.record({ cells: fc.array(badCell, { minLength: 1, maxLength: 3 }), field: fc.nat(20), extra: fc.integer({ min: -3, max: 3 }) }).map((b) => ({ kind: 'bad' as const, ...b })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 17, max: 10_000 }).map((devices) => ({ kind: 'huge' as const, devices })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((gap) => ({ kind: 'back' as const, gap })) },
);

/** A CSV trace (id,submit,gpus,runtime) from rows; returns the text. */
function csvText(rows: readonly Row[], header: boolean): string {
  let t = 0;
  const lines = header ? ['id,submit,gpus,runtime'] : [];
  rows.forEach((r, i) => {
    switch (r.kind) {
      case 'good':
        t += r.gap;
        lines.push(`j${i},${t},${r.devices},${r.runtime}`);
        break;
      case 'huge':
        lines.push(`j${i},${t},${r.devices},60`);
        break;
      case 'back':
        lines.push(`j${i},${Math.max(0, t - r.gap)},1,60`);
        break;
      case 'blank':
        lines.push('');
        break;
      case 'bad': {
        const cells = [`j${i}`, String(t), '1', '60'];
        for (const c of r.cells) cells[r.field % 4] = c.includes(',') || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c;
        if (r.extra > 0) cells.push(...Array<string>(r.extra).fill('9'));
        if (r.extra < 0) cells.splice(r.extra);
        lines.push(cells.join(','));
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

/** An SWF trace from rows (devices rounded up to whole processors). */
function swfText(rows: readonly Row[], header: boolean): string {
  let t = 0;
  const lines = header ? ['; Version: 2.2', '; MaxProcs: 16'] : [];
  const job = (i: number, submit: number, procs: number, runtime: number) => `${i + 1} ${submit} -1 ${runtime} ${procs} -1 -1 ${procs} ${runtime * 2} -1 1 1 1 -1 1 -1 -1 -1`;
  rows.forEach((r, i) => {
    switch (r.kind) {
      case 'good':
        t += r.gap;
        lines.push(job(i, t, Math.ceil(r.devices), r.runtime));
        break;
      case 'huge':
        lines.push(job(i, t, r.devices, 60));
        break;
      case 'back':
        lines.push(job(i, Math.max(0, t - r.gap), 1, 60));
        break;
      case 'blank':
        lines.push('   ');
        break;
      case 'bad': {
        const cells = job(i, t, 1, 60).split(' ');
        for (const c of r.cells) cells[r.field % 18] = c.replace(/\s/g, '') || '?';
        if (r.extra > 0) cells.push(...Array<string>(r.extra).fill('9'));
        if (r.extra < 0) cells.splice(r.extra);
        lines.push(cells.join(' '));
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

const traceArb = fc.record({
  format: fc.constantFrom('csv', 'swf'),
  rows: fc.array(rowArb, { minLength: 0, maxLength: 60 }),
  header: fc.boolean(),
  gzip: fc.boolean(),
  crlf: fc.boolean(),
});

interface GeneratedTrace {
  readonly format: string;
  readonly rows: readonly Row[];
  readonly header: boolean;
  readonly gzip: boolean;
  readonly crlf: boolean;
}

function traceFile(g: GeneratedTrace): { file: string; spec: JobTraceSpec } {
  let text = g.format === 'csv' ? csvText(g.rows, g.header) : swfText(g.rows, g.header);
  if (g.crlf) text = text.replace(/\n/g, '\r\n');
  const file = write(text, g.gzip);
  const spec: JobTraceSpec =
    g.format === 'csv'
      ? g.header
        ? { format: 'csv', columns: { id: 'id', submit: 'submit', devices: 'gpus', runtime: 'runtime' } }
        : { format: 'csv', header: false, columns: { id: { column: 0 }, submit: { column: 1 }, devices: { column: 2 }, runtime: { column: 3 } } }
      : { format: 'swf' };
  return { file, spec };
}

/** Runs `read`, accepting only a TraceError as a failure. */
async function onlyTraceErrors(read: () => Promise<void>): Promise<TraceError | undefined> {
  try {
    await read();
    return undefined;
  } catch (err) {
    if (err instanceof TraceError) {
      expect(err.message).not.toMatch(/\bundefined\b|\[object /);
      return err;
    }
    throw err;
  }
}

describe('fuzz: reading traces', () => {
  it('ends with records or a TraceError, never anything else; counts add up; records are usable', async () => {
    await fc.assert(
      fc.asyncProperty(traceArb, fc.boolean(), async (g, strict) => {
        counts.read++;
        const { file, spec } = traceFile(g);
        const diagnostics = new TraceDiagnostics();
        let kept = 0;
        const err = await onlyTraceErrors(async () => {
          for await (const job of readJobTrace(file, { ...spec, strict, diagnostics })) {
            kept++;
            expect(Number.isFinite(job.submit)).toBe(true);
            expect(job.devices).toBeGreaterThan(0);
            expect(job.runtime === undefined || (Number.isFinite(job.runtime) && job.runtime >= 0)).toBe(true);
          }
        });
        const s = diagnostics.summary();
        expect(s.rowsKept).toBe(kept);
        if (!err) {
          expect(s.rowsRead).toBe(s.rowsKept + s.rowsSkipped);
          if (strict) expect(diagnostics.countBySeverity('error')).toBe(0); // strict: the first error throws
        } else {
          expect(err.issue.severity).toBe('error');
        }
      }),
      { numRuns: propertyRuns(400) },
    );
  });

  it('reads any bytes in every format to an end: records, or a TraceError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 3000 }), fc.boolean(), async (bytes, gz) => {
        counts.bytes++;
        const file = write(bytes, gz);
        for (const format of TRACE_FORMATS) {
          const spec = format === 'csv' ? { format, columns: { submit: 'a', devices: 'b' } } : { format };
          await onlyTraceErrors(async () => void (await inspectTrace(file, spec)));
          await onlyTraceErrors(async () => void (await inspectTrace(file, spec, { strict: true })));
        }
      }),
      { numRuns: propertyRuns(80) },
    );
  });
});

const scenarioFor = (file: string, format: string, columns: string, strict: boolean, scheduler: string, seed: number) => `name: trace-fuzz
seed: ${seed}
horizon: 12 h
scheduler: ${scheduler}
costs: none
reference: { device: ref-gpu, precision: bf16 }
profiles:
  ref-gpu: { id: ref-gpu, kind: gpu, name: Reference GPU, vendor: test, peak: { bf16: 100 TFLOPS }, memory: { capacity: 80 GB, bandwidth: 2 TB/s } }
  node8: { id: node8, kind: node, name: eight GPUs, vendor: test, accelerators: { profile: ref-gpu, count: 8 } }
sites:
  lab: { nodes: { type: node8, count: 2 } }
workloads:
  - name: replay
    kind: trace
    trace: { file: '${file}', format: ${format}${columns}, strict: ${strict} }
`;

describe('fuzz: replaying traces', () => {
  it('simulates within the invariants, or refuses the trace with an InputError', async () => {
    await fc.assert(
      fc.asyncProperty(traceArb, fc.boolean(), fc.constantFrom('fcfs', 'easy-backfill', 'shortest-job-first', 'priority-preemptive'), fc.nat(), async (g, strict, scheduler, seed) => {
        counts.replayed++;
        const { file, spec } = traceFile(g);
        if (spec.format === 'csv' && !g.header) return; // scenarios map named columns only
        const columns = spec.format === 'csv' ? ', columns: { id: id, submit: submit, devices: gpus, runtime: runtime }' : '';
        const scenario = parseScenario(scenarioFor(file, spec.format, columns, strict, scheduler, seed), 'fuzz.yaml');
        const watch = new InvariantWatch(scenario);
        let result;
        try {
          result = await simulateScenario(scenario, watch.options);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          counts.replayRejected++;
          return;
        }
        expect(watch.problems).toEqual([]);
        expect(resultProblems(result, watch, true)).toEqual([]);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
