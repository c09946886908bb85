import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { TraceIssue } from '../../src/traces/index.js';

/** The real traces shipped in the repository: data/traces/ (provenance in its README.md). */
export const REAL_TRACES = fileURLToPath(new URL('../../data/traces/', import.meta.url));
/** Hand-written fixtures (see test/fixtures/traces/README.md). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** A temp directory for one test file; `write` puts text (or gzip of it) in a file and returns its path. */
export function tempFiles(prefix: string): { write(name: string, text: string | Buffer, gzip?: boolean): string; cleanup(): void; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    dir,
    write(name, text, gzip = false) {
      const path = join(dir, name);
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads everything and returns the records plus every issue reported. */
export async function readAll<T>(make: (onIssue: (issue: TraceIssue) => void) => AsyncIterable<T>): Promise<{ records: T[]; issues: TraceIssue[] }> {
  const issues: TraceIssue[] = [];
  const records = await collect(make((i) => issues.push(i)));
  return { records, issues };
}

/** `line reason` pairs, compact for expectations. */
export function brief(issues: readonly TraceIssue[]): string[] {
  return issues.map((i) => `${i.line} ${i.reason}`);
}
