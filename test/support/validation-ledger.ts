import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';

/**
 * One fidelity check as docs/validation.md lists it: what we compared with what, how the reference was
 * obtained, our figure, the bound and whether we are within it. The validation tests record each check
 * they assert; `npm run validation` runs them with VALIDATION_LEDGER set and renders the ledger
 * (scripts/validation-doc.ts), so the page always shows the figures of a run, never hand-copied ones.
 */
export interface ValidationEntry {
  /** the page's section: 'Queueing closed forms', 'Inference (MLPerf and vendor)', … */
  readonly area: string;
  readonly check: string;
  /** the reference figure, in `unit` */
  readonly reference: number;
  /** where the reference comes from (a closed form, a simulator, a published result and its id) */
  readonly source: string;
  /** how the reference relates to the model: computed independently, or published and fitted on, or published and predicted */
  readonly basis: 'closed form' | 'independent simulator' | 'published, fitted' | 'published, predicted';
  readonly ours: number;
  readonly unit: string;
  /** the pass bound as a reader understands it: '±15 %', 'reference inside our 99 % interval', 'equal to the digits printed' */
  readonly bound: string;
  /** our interval, for checks whose bound is an interval */
  readonly interval?: { readonly low: number; readonly high: number };
  readonly pass: boolean;
  /** why a known miss misses */
  readonly note?: string;
}

/** Records `entry` when the run is collecting the ledger (VALIDATION_LEDGER names its folder); costs nothing otherwise. */
export function recordValidation(entry: ValidationEntry): void {
  const dir = process.env['VALIDATION_LEDGER'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const test = expect.getState().testPath ?? 'unknown';
  appendFileSync(join(dir, `${basename(test)}.jsonl`), `${JSON.stringify({ ...entry, test: basename(test) })}\n`);
}
