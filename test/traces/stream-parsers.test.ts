// The two hand-written stream scanners under the readers, checked against independent oracles
// (JSON.parse of the whole text; the serialiser's own line count) on random inputs cut into
// random chunks — chunk boundaries fall inside strings, escapes, multi-byte characters and CRLFs.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IssueSink } from '../../src/traces/issue-sink.js';
import { readCsvBatches } from '../../src/traces/read-csv-records.js';
import { readJsonArray } from '../../src/traces/read-json-array.js';
import { readLineBatches } from '../../src/traces/read-lines.js';
import { collect } from './helpers.js';

/** `bytes` cut at the given fractions, as a byte stream. */
function chunked(text: string, cuts: readonly number[]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    if (p > start) parts.push(bytes.subarray(start, p));
    start = Math.max(start, p);
  }
  parts.push(bytes.subarray(start));
  return Readable.from(parts, { objectMode: false });
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe('readJsonArray', () => {
  it('property: yields each element of a top-level array, with the line it starts on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), fc.constantFrom(0, 2, 4), cuts, async (elements, indent, cut) => {
        const texts = elements.map((e) => JSON.stringify(e, null, indent));
        const text = `[\n${texts.join(',\n')}\n]\n`;
        let line = 2;
        const lines = texts.map((t) => {
          const at = line;
          line += t.split('\n').length;
          return at;
        });
        const sink = new IssueSink('x.json', {});
        const out = await collect(readJsonArray(chunked(text, cut), sink, { line: 0 }));
        if (elements.length === 0) {
          expect(out).toEqual([]);
          return;
        }
        expect(out).toEqual(elements.map((e, i) => ({ ok: true, value: JSON.parse(JSON.stringify(e)) as unknown, line: lines[i] })));
      }),
      { numRuns: 300 },
    );
  });

  it('reads scalars, compact arrays and strings with brackets and escapes', async () => {
    const text = '[1,"a]b\\"c",{"k":"}{"},[2,[3]],null,true ,-0.5e3]';
    const out = await collect(readJsonArray(chunked(text, [0.1, 0.3, 0.5]), new IssueSink('x', {}), { line: 0 }));
    expect(out.map((e) => (e.ok ? e.value : e.error))).toEqual(JSON.parse(text));
  });
});

describe('readCsvBatches', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', 'é', '€', '1'), maxLength: 6 });
  const quote = (f: string): string => (/[",\n\r]/.test(f) || f.trim() !== f ? `"${f.replace(/"/g, '""')}"` : f);

  it('property: records and their starting lines survive blank lines, quoted newlines and CRLF', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.array(field, { minLength: 2, maxLength: 4 }), fc.nat(2)), { minLength: 1, maxLength: 20 }), fc.constantFrom('\n', '\r\n'), cuts, async (rows, eol, cut) => {
        let text = '';
        let line = 1;
        const expected: { record: string[]; line: number }[] = [];
        for (const [record, blanks] of rows) {
          for (let b = 0; b < blanks; b++) {
            text += eol;
            line++;
          }
          expected.push({ record, line });
          const serialised = record.map(quote).join(',');
          text += serialised + eol;
          line += 1 + (serialised.match(/\n/g)?.length ?? 0);
        }
        const got: { record: string[]; line: number }[] = [];
        for await (const batch of readCsvBatches(chunked(text, cut), { line: 0 })) {
          for (const row of batch.rows) got.push({ record: row.fields, line: row.line });
        }
        // csv-parse keeps a quoted field's CRLF as written; the serialiser wrote only '\n' inside fields
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readLineBatches', () => {
  it('property: the same lines as split(/\\r\\n|\\r|\\n/), BOM dropped, in any chunking, for LF, CRLF and lone-CR (classic Mac OS) endings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', ' ', ';', '€', '\r'), maxLength: 8 }), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        cuts,
        async (lines, eol, finalEol, cut) => {
          const clean = lines.map((l) => l.replace(/\r/g, ''));
          const text = `\ufeff${clean.join(eol)}${finalEol && clean.length > 0 ? eol : ''}`;
          const got = (await collect(readLineBatches(chunked(text, cut)))).flat();
          // a final newline ends the last line rather than starting an empty one
          const expected = text.slice(1).split(/\r\n|\r|\n/);
          if (expected.at(-1) === '') expected.pop();
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
