// The real traces shipped in data/traces/ must be exactly the upstream bytes that data/traces/README.md
// describes: every file in the README's table has the sha256, byte size and row count it states, and
// every trace file in the folder is in the table. Rows are counted here independently of the readers:
// CSV lines after the header, SWF lines that are not `;` comments.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REAL_TRACES } from './helpers.js';

interface Row {
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** The provenance table: `| \`file\` | kind | 27,992 jobs | 404,417 | \`sha\` |`. */
function readmeTable(): Row[] {
  const text = readFileSync(join(REAL_TRACES, 'README.md'), 'utf8');
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)` \| [^|]+ \| ([\d,]+) \w+ \| ([\d,]+) \| `([0-9a-f]{64})` \|$/.exec(line);
    if (m) rows.push({ file: m[1]!, rows: Number(m[2]!.replaceAll(',', '')), bytes: Number(m[3]!.replaceAll(',', '')), sha256: m[4]! });
  }
  return rows;
}

function dataRows(bytes: Buffer, file: string): number {
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return file.includes('.swf') ? lines.filter((l) => !l.startsWith(';')).length : lines.length - 1;
}

describe('traces shipped in data/traces/', () => {
  const table = readmeTable();

  it('the README lists every trace file in the folder, and only those', () => {
    const files = readdirSync(REAL_TRACES)
      .filter((f) => f !== 'README.md')
      .sort();
    expect(table.map((r) => r.file).sort()).toEqual(files);
    expect(files).toEqual(['AzureLLMInferenceTrace_conv.csv', 'KTH-SP2-1996-2.1-cln.swf.gz', 'alibaba-gpu-v2023-openb_pod_list_default.csv']);
  });

  it.each(table.map((r) => [r.file, r] as const))('%s has the sha256, size and row count the README states', (file, row) => {
    const path = join(REAL_TRACES, file);
    const bytes = readFileSync(path);
    expect(statSync(path).size).toBe(row.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.sha256);
    expect(dataRows(bytes, file)).toBe(row.rows);
  });
});
